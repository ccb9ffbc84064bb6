#pragma once

#include <optional>

#include "domain/simulated_clock.hpp"
#include "service/lifecycle_service.hpp"
#include "service/request_context.hpp"

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
//! days"): its instant is kept in the database and is the only truth (see StoredClock), so
//! servers and CLI commands on that file agree on it, and time never goes back.
class ClockService {
 public:
  //! `simulated` is the clock of `deps` when it is simulated, else null.
  ClockService(Dependencies deps, SimulatedClock* simulated) : deps_(deps), simulated_(simulated) {}

  //! The simulated instant kept in the database, if it runs on a simulated clock. Throws
  //! CorruptionError when the stored instant does not parse.
  static std::optional<Instant> Persisted(store::Store& store);
  //! Keeps `clock`'s instant in the database (which from then on runs on a simulated clock).
  static void Persist(store::Store& store, const SimulatedClock& clock);

  ClockReading Read() const;
  //! The refusal to move a real clock (404, as the API contract says).
  static Error RealClockCannotMove();
  //! Moves the simulated clock forward `days` (1 to 3,650) from the instant stored in the
  //! database (read and written in one write transaction, so advances from several processes
  //! add up and time never goes back) and applies every lifecycle transition and charge due by
  //! then before returning. kNotFound on a real clock; kBadRequest past 9999-12-31.
  Result<ClockAdvance> Advance(const RequestContext& ctx, std::int64_t days,
                               const LifecycleService::Progress& progress = {});

 private:
  static std::optional<Instant> Decoded(const std::optional<std::string>& text);

  Dependencies deps_;
  SimulatedClock* simulated_;
};

}  // namespace seatshift::service
