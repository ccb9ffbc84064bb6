#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/monotonic_clock.hpp"

namespace seatshift::api {

//! A rate limit per key (an agent, a customer): at most `burst` requests at once, refilled at
//! `per_minute` requests per minute, timed on a monotonic clock.
//!
//! Algorithm: a token bucket kept as GCRA (the "generic cell rate algorithm"): instead of a token
//! count and a refill time, each key holds one instant, the theoretical arrival time (TAT) of its
//! next request, in integer nanoseconds. A request is allowed when TAT − now ≤ (burst − 1) ×
//! interval, and then moves TAT on by one interval. This is exactly a token bucket (bursts up to
//! its capacity, a steady refill, and a Retry-After that is the time until the next token),
//! with one word of state per key and no floating point. A sliding-window log would keep a
//! timestamp per request (6,000 per busy agent); a fixed window lets twice the limit through
//! across a window boundary.
//!
//! Memory: a key whose TAT is past holds a full bucket, which is the same as holding nothing, so
//! it is dropped. Each shard sweeps such keys once per refill period (the time an empty bucket
//! takes to fill), so the keys held are those that sent a request within about two refill
//! periods — bounded by the requests the limits let through, whatever ids clients send.
//!
//! Thread-safety: Acquire may run on many threads. Keys are spread over kShards shards, each with
//! its own mutex, held only for one map lookup and update (or a sweep), never across a request.
class RateLimiter {
 public:
  using Clock = MonotonicClock;

  struct Decision {
    bool allowed = true;
    //! When refused: how long until this key may send one more request (> 0).
    std::chrono::nanoseconds retry_after{0};
  };

  //! REQUIRES: per_minute >= 1, burst >= 1. `clock` outlives the limiter.
  RateLimiter(std::int64_t per_minute, std::int64_t burst, const Clock& clock);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  //! Takes one request's token for `key`; a refused request takes nothing.
  Decision Acquire(std::string_view key);

  //! The keys held now (those not known to have a full bucket), for tests and metrics.
  std::size_t KeysHeld() const;

  std::int64_t per_minute() const { return per_minute_; }

 private:
  static constexpr std::size_t kShards = 16;
  using Nanos = std::int64_t;  //!< since the clock's epoch

  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  struct alignas(64) Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Nanos, KeyHash, std::equal_to<>> tat;  // GUARDED_BY(mutex)
    Nanos next_sweep = 0;                                                  // GUARDED_BY(mutex)
  };

  Nanos Now() const;

  const std::int64_t per_minute_;
  const Nanos interval_;   //!< time to refill one token
  const Nanos tolerance_;  //!< (burst − 1) × interval: how far ahead of now a TAT may run
  const Clock& clock_;
  std::array<Shard, kShards> shards_;
};

//! Whole seconds for a Retry-After header: `wait` rounded up, at least 1.
std::int64_t RetryAfterSeconds(std::chrono::nanoseconds wait);

}  // namespace seatshift::api
