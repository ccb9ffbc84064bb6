#include "service/lifecycle_scheduler.hpp"

#include "codec/json.hpp"

namespace seatshift::service {
namespace {

const RequestContext& SchedulerContext() {
  static const RequestContext ctx = SystemContext("lifecycle-scheduler");
  return ctx;
}

}  // namespace

LifecycleScheduler::LifecycleScheduler(Dependencies deps, std::chrono::seconds interval, Log log,
                                       Observer observe)
    : deps_(deps),
      log_(std::move(log)),
      observe_(std::move(observe)),
      worker_(interval, [this](bool at_start, const PeriodicWorker::KeepGoing& keep_going) {
        RunPass(at_start, keep_going);
      }) {}

LifecycleScheduler::~LifecycleScheduler() = default;

void LifecycleScheduler::RunPass(bool at_start, const PeriodicWorker::KeepGoing& keep_going) {
  const auto started = std::chrono::steady_clock::now();
  try {
    auto tally = LifecycleService(deps_).Run(SchedulerContext(), std::nullopt,
                                             [&](const LifecycleTally&) { return keep_going(); });
    if (!tally) {
      log_(codec::Serialize(
          boost::json::object{{"event", "lifecycle"}, {"error", tally.error().message}}));
      return;
    }
    if (observe_) observe_(*tally);
    // The pass at start is always told: after downtime an operator wants to see the catch-up
    // done, even when there was nothing to catch up.
    if (!at_start && tally->subscriptions == 0 && tally->charges == 0) return;
    boost::json::object line{{"event", "lifecycle"}};
    if (at_start) line["atStart"] = true;
    for (const auto& field : codec::ToJson(*tally)) line.insert(field);
    line["until"] = FormatInstant(deps_.clock.Now());
    line["ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
    log_(codec::Serialize(line));
  } catch (const std::exception& e) {
    // The database is busy or failing; the next pass tries again (nothing was half-applied:
    // each batch is one transaction).
    log_(codec::Serialize(boost::json::object{{"event", "lifecycle"}, {"error", e.what()}}));
  }
}

}  // namespace seatshift::service
