#pragma once

#include <atomic>

#include "base/time.hpp"

namespace seatshift {

//! A clock that only moves when told to: tests, demos, and "what happens in 120 days".
//! Thread-safety: Now/Set/Advance may be called concurrently. A subclass may keep the instant
//! elsewhere (the database) and only cache it here.
class SimulatedClock : public Clock {
 public:
  explicit SimulatedClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant Now() const override { return Instant(std::chrono::seconds(now_.load())); }
  void Set(Instant when) { now_.store(when.time_since_epoch().count()); }
  void Advance(std::chrono::seconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<std::chrono::seconds::rep> now_;
};

}  // namespace seatshift
