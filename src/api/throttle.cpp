#include "api/throttle.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace seatshift::api {
namespace {

constexpr std::int64_t kNanosPerMinute = std::chrono::nanoseconds(std::chrono::minutes(1)).count();

}  // namespace

RateLimiter::RateLimiter(std::int64_t per_minute, std::int64_t burst, const Clock& clock)
    : per_minute_(per_minute),
      interval_(std::max<Nanos>(1, kNanosPerMinute / std::max<std::int64_t>(per_minute, 1))),
      // Capped so that now + tolerance + interval cannot overflow, whatever burst is asked for.
      tolerance_(std::min<Nanos>(std::numeric_limits<Nanos>::max() / 4 / interval_,
                                 std::max<std::int64_t>(burst, 1) - 1) *
                 interval_),
      clock_(clock) {
  assert(per_minute >= 1 && burst >= 1);
}

RateLimiter::Nanos RateLimiter::Now() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.Now().time_since_epoch())
      .count();
}

RateLimiter::Decision RateLimiter::Acquire(std::string_view key) {
  const Nanos now = Now();
  Shard& shard = shards_[KeyHash{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  if (now >= shard.next_sweep) {
    std::erase_if(shard.tat, [now](const auto& entry) { return entry.second <= now; });
    // Every key kept or added from here on has a TAT of at most now + tolerance + interval,
    // so the next sweep finds each of them full unless it sent again.
    shard.next_sweep = now + tolerance_ + interval_;
  }
  auto it = shard.tat.find(key);
  const Nanos tat = it == shard.tat.end() ? now : std::max(it->second, now);
  if (tat - now > tolerance_) {
    return {.allowed = false, .retry_after = std::chrono::nanoseconds(tat - tolerance_ - now)};
  }
  if (it == shard.tat.end()) {
    shard.tat.emplace(std::string(key), tat + interval_);
  } else {
    it->second = tat + interval_;
  }
  return {};
}

std::size_t RateLimiter::KeysHeld() const {
  std::size_t held = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    held += shard.tat.size();
  }
  return held;
}

std::int64_t RetryAfterSeconds(std::chrono::nanoseconds wait) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait).count();
  return std::max<std::int64_t>(seconds, 1);
}

}  // namespace seatshift::api
