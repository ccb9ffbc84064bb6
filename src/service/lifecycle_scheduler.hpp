#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "service/lifecycle_service.hpp"
#include "service/periodic_worker.hpp"

namespace seatshift::service {

//! Runs the lifecycle engine inside a server: one pass at start (catching up whatever came due
//! while no process ran) and then one every `interval`. With a simulated clock, time only moves
//! when someone advances it, and that advance runs its own pass: `interval` zero means "only the
//! pass at start". Several servers may run one each: every pass claims its rows, so a
//! transition is applied once.
class LifecycleScheduler {
 public:
  //! Told one line (JSON) after the pass at start (with "atStart": true), after each later pass
  //! that changed something, and on failures.
  using Log = std::function<void(const std::string&)>;
  //! Told what every pass did (metrics).
  using Observer = std::function<void(const LifecycleTally&)>;

  LifecycleScheduler(Dependencies deps, std::chrono::seconds interval, Log log,
                     Observer observe = {});
  ~LifecycleScheduler();  //!< stops after the pass in progress, if any
  LifecycleScheduler(const LifecycleScheduler&) = delete;
  LifecycleScheduler& operator=(const LifecycleScheduler&) = delete;

 private:
  //! One pass; a long one ends after its current batch once the worker stops.
  void RunPass(bool at_start, const PeriodicWorker::KeepGoing& keep_going);

  Dependencies deps_;
  Log log_;
  Observer observe_;
  PeriodicWorker worker_;  // last: its thread runs passes over the members above
};

}  // namespace seatshift::service
