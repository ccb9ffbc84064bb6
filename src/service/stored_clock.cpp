#include "service/stored_clock.hpp"

#include "service/clock_service.hpp"

namespace seatshift::service {

StoredClock::StoredClock(store::Store& store, Instant stored)
    : SimulatedClock(stored), store_(store), read_at_(std::chrono::steady_clock::now()) {}

Instant StoredClock::Now() const {
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - read_at_ >= kFreshFor) {
      // Another process may have moved it; the stored instant never goes back, so neither
      // does this clock. (The cast is sound: a StoredClock is never created const.)
      if (const auto stored = ClockService::Persisted(store_)) {
        const_cast<StoredClock*>(this)->Set(std::max(*stored, SimulatedClock::Now()));
      }
      read_at_ = now;
    }
  }
  return SimulatedClock::Now();
}

}  // namespace seatshift::service
