#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "service/lifecycle_service.hpp"

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
  void Loop();
  void RunPass(bool at_start);

  Dependencies deps_;
  const std::chrono::seconds interval_;
  Log log_;
  Observer observe_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;               // GUARDED_BY(mutex_)
  std::atomic<bool> stop_pass_{false};  // tells a long pass to end after its current batch
  std::thread thread_;
};

}  // namespace seatshift::service
