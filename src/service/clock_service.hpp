#pragma once

#include <optional>

#include "domain/simulated_clock.hpp"
#include "service/context.hpp"
#include "service/lifecycle_service.hpp"

namespace seatshift::service {

struct ClockReading {
  Instant now{};
  bool simulated = false;
};

struct ClockAdvance {
  ClockReading clock;
  LifecycleTally lifecycle;
};

//! "Now" for a database. A database can run on a simulated clock (demos, "what happens in 120
//! days"): its instant is kept in the database, so a restarted server and every CLI command on
//! that file agree on it, and time never goes back when a process restarts.
class ClockService {
 public:
  //! `simulated` is the clock of `deps` when it is simulated, else null.
  ClockService(Dependencies deps, SimulatedClock* simulated) : deps_(deps), simulated_(simulated) {}

  //! The simulated instant kept in the database, if it runs on a simulated clock.
  static std::optional<Instant> Persisted(store::Store& store);
  //! Keeps `clock`'s instant in the database (which from then on runs on a simulated clock).
  static void Persist(store::Store& store, const SimulatedClock& clock);

  ClockReading Read() const;
  //! The refusal to move a real clock (404, as the API contract says).
  static Error RealClockCannotMove();
  //! Moves the simulated clock forward `days` (1 to 3,650) and applies every lifecycle
  //! transition and charge due by then before returning. kNotFound on a real clock.
  Result<ClockAdvance> Advance(const RequestContext& ctx, std::int64_t days,
                               const LifecycleService::Progress& progress = {});

 private:
  Dependencies deps_;
  SimulatedClock* simulated_;
};

}  // namespace seatshift::service
