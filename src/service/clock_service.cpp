#include "service/clock_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr const char* kSimulatedNowKey = "clock.simulated_now";
constexpr std::int64_t kMaxAdvanceDays = 3650;
//! The last instant that dates in the storage format (YYYY-MM-DD) can hold.
constexpr Instant kLatestInstant =
    std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} + std::chrono::seconds(86399);

}  // namespace

std::optional<Instant> ClockService::Persisted(store::Store& store) {
  return Decoded(store.Read()->FindSetting(kSimulatedNowKey));
}

std::optional<Instant> ClockService::Decoded(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto when = ParseInstant(*text);
  // Never a silent fallback to the real clock: that would move a simulated database's time.
  if (!when) {
    throw store::CorruptionError(
        fmt::format("corrupt database: settings.value of row '{}' is '{}', not an instant",
                    kSimulatedNowKey, *text));
  }
  return when;
}

void ClockService::Persist(store::Store& store, const SimulatedClock& clock) {
  const std::string now = FormatInstant(clock.Now());
  store::Transact(store, [&](store::WriteTransaction& tx) {
    tx.PutSetting(kSimulatedNowKey, now);
    tx.Commit();
  });
}

Error ClockService::RealClockCannotMove() {
  return Error(ErrorCode::kNotFound,
               "this server runs on the real clock; start it with --simulated-clock to move time");
}

ClockReading ClockService::Read() const {
  if (simulated_) {
    // What another process may have moved it to, not this process's copy.
    if (const auto stored = Persisted(deps_.store)) {
      simulated_->Set(std::max(*stored, simulated_->Now()));
    }
  }
  return {.now = deps_.clock.Now(), .simulated = simulated_ != nullptr};
}

Result<ClockAdvance> ClockService::Advance(const RequestContext& ctx, std::int64_t days,
                                           const LifecycleService::Progress& progress) {
  SEATSHIFT_TRY(Require(ctx, Permission::kControlClock));
  if (!simulated_) return RealClockCannotMove();
  if (days < 1 || days > kMaxAdvanceDays) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("days must be between 1 and {}", kMaxAdvanceDays),
                 {{"field", std::string("days")}});
  }
  // One advance (and its lifecycle pass) at a time in this process; across processes the
  // stored instant is read and moved in one write transaction, so a second advance moves on
  // from where the first ended.
  static std::mutex advancing;
  std::lock_guard lock(advancing);
  auto moved = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<Instant> {
    // This process's clock counts too when it is ahead (a clock never stored, as in tests);
    // with a StoredClock it is never ahead of the stored instant.
    const Instant from =
        std::max(Decoded(tx.FindSetting(kSimulatedNowKey)).value_or(Instant{}), simulated_->Now());
    if (from + std::chrono::days(days) > kLatestInstant) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("the simulated clock ({}) cannot pass {}", FormatInstant(from),
                               FormatInstant(kLatestInstant)),
                   {{"field", std::string("days")}});
    }
    const Instant next = from + std::chrono::days(days);
    tx.PutSetting(kSimulatedNowKey, FormatInstant(next));
    tx.Commit();
    return next;
  });
  if (!moved) return std::move(moved).error();
  // Only once stored: a transaction run again must not find this process's clock moved.
  simulated_->Set(*moved);
  SEATSHIFT_ASSIGN_OR_RETURN(LifecycleTally tally,
                             LifecycleService(deps_).Run(ctx, std::nullopt, progress));
  return ClockAdvance{.clock = Read(), .lifecycle = tally};
}

}  // namespace seatshift::service
