#pragma once

#include <atomic>
#include <chrono>

namespace seatshift {

//! Elapsed time for caches, leases and timeouts: it never jumps and never stands still, unlike
//! the business Clock (which a simulated database stops). Business rules never read it.
//! Thread-safety: implementations are safe to call from several threads.
class MonotonicClock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~MonotonicClock() = default;
  virtual TimePoint Now() const = 0;
};

//! std::chrono::steady_clock; one process-wide instance is enough, it has no state.
class SteadyClock final : public MonotonicClock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  static const SteadyClock& Instance() {
    static const SteadyClock clock;
    return clock;
  }
};

//! A monotonic clock that moves only when a test advances it (never backwards).
class ManualMonotonicClock final : public MonotonicClock {
 public:
  TimePoint Now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void Advance(std::chrono::nanoseconds by) {
    now_.fetch_add(std::chrono::duration_cast<TimePoint::duration>(by).count());
  }

 private:
  std::atomic<TimePoint::duration::rep> now_{0};
};

}  // namespace seatshift
