#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace seatshift::service {

//! The one background thread behind the server's periodic jobs (the migration runner, the
//! lifecycle scheduler): it runs a pass at start, then whenever woken and every `interval`, one
//! pass at a time, until destroyed. A job owns its worker as its last member, so the thread is
//! joined before anything the pass uses goes away.
class PeriodicWorker {
 public:
  //! Asked by a long pass between its units of work: false once the worker is being destroyed,
  //! so that the pass ends after the unit in progress (never inside a transaction).
  using KeepGoing = std::function<bool()>;
  using Pass = std::function<void(bool at_start, const KeepGoing& keep_going)>;

  //! `interval` zero: no timed passes, only the one at start and those Wake asks for.
  PeriodicWorker(std::chrono::milliseconds interval, Pass pass);
  //! Stops after the pass in progress, if any.
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  //! Asks for a pass now. Thread-safe; never blocks on a pass. A wake during a pass is kept: what
  //! it announced may have become due after the pass looked, so another pass follows.
  void Wake();

 private:
  void Loop();
  bool KeepRunning();

  const std::chrono::milliseconds interval_;
  const Pass pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  bool woken_ = false;     // GUARDED_BY(mutex_)
  std::thread thread_;     // last: started once the members above exist
};

}  // namespace seatshift::service
