#pragma once

#include <chrono>
#include <mutex>

#include "domain/simulated_clock.hpp"
#include "store/store.hpp"

namespace seatshift::service {

//! The simulated clock of a database: the instant stored in it is the only truth, so every
//! process on the file (servers, CLI commands) tells the same time. Now() re-reads the stored
//! instant once the copy it holds is older than kFreshFor, measured on the steady clock (never
//! on the simulated one). ClockService::Advance moves the stored instant and then Set()s it here.
//! Thread-safe. Now() throws StorageError (CorruptionError when the stored instant does not
//! parse).
class StoredClock final : public SimulatedClock {
 public:
  //! How long a read of the stored instant is trusted.
  static constexpr std::chrono::milliseconds kFreshFor{200};

  //! `stored` is the instant just read from `store`. REQUIRES: `store` outlives this clock.
  StoredClock(store::Store& store, Instant stored);

  Instant Now() const override;

 private:
  store::Store& store_;
  mutable std::mutex mutex_;
  mutable std::chrono::steady_clock::time_point read_at_;  // GUARDED_BY(mutex_)
};

}  // namespace seatshift::service
