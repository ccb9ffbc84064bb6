#include "service/clock_service.hpp"

#include <fmt/format.h>

#include <mutex>

namespace seatshift::service {
namespace {

constexpr const char* kSimulatedNowKey = "clock.simulated_now";
constexpr std::int64_t kMaxAdvanceDays = 3650;

}  // namespace

std::optional<Instant> ClockService::Persisted(store::Store& store) {
  const auto text = store.Read()->FindSetting(kSimulatedNowKey);
  return text ? ParseInstant(*text) : std::nullopt;
}

void ClockService::Persist(store::Store& store, const SimulatedClock& clock) {
  auto tx = store.Write();
  tx->PutSetting(kSimulatedNowKey, FormatInstant(clock.Now()));
  tx->Commit();
}

Error ClockService::RealClockCannotMove() {
  return Error(ErrorCode::kNotFound,
               "this server runs on the real clock; start it with --simulated-clock to move time");
}

ClockReading ClockService::Read() const {
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
  // One advance at a time: the second waits and then moves on from where the first ended.
  static std::mutex advancing;
  std::lock_guard lock(advancing);
  simulated_->Advance(std::chrono::days(days));
  Persist(deps_.store, *simulated_);
  SEATSHIFT_ASSIGN_OR_RETURN(LifecycleTally tally,
                             LifecycleService(deps_).Run(ctx, std::nullopt, progress));
  return ClockAdvance{.clock = Read(), .lifecycle = tally};
}

}  // namespace seatshift::service
