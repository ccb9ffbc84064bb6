#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "service/migration_engine.hpp"
#include "service/periodic_worker.hpp"

namespace seatshift::service {

//! Runs migrations inside a server: one thread that executes, one at a time, every running
//! migration whose lease is free (MigrationEngine::Run as `owner`). It looks at start, when
//! woken (a start or resume through this server), and every `poll` — so migrations started by
//! other processes are taken over, and those left by a dead executor: at once when it was a
//! process of this host (see lease_owner.hpp), otherwise once its lease expires.
//! Several servers may share a database: the lease lets one apply a migration's steps.
class MigrationRunner {
 public:
  //! Told one line (JSON) when a run ends or fails, and once after the first look at start.
  using Log = std::function<void(const std::string&)>;
  //! Told a migration's progress after every committed step, on the runner's thread.
  using Observer = std::function<void(const MigrationId&, const MigrationProgress&)>;

  MigrationRunner(Dependencies deps, std::string owner, std::chrono::milliseconds poll, Log log,
                  Observer observe = {});
  //! Stops after the step in progress, if any (never inside its transaction), freeing the lease
  //! so that the next executor continues at once.
  ~MigrationRunner();
  MigrationRunner(const MigrationRunner&) = delete;
  MigrationRunner& operator=(const MigrationRunner&) = delete;

  //! Makes the runner look for runnable migrations now. Thread-safe; never blocks on a run.
  void Wake() { worker_.Wake(); }

 private:
  //! Runs whatever is runnable, until nothing is or the runner stops.
  void RunPass(const PeriodicWorker::KeepGoing& keep_going);

  Dependencies deps_;
  const std::string owner_;
  Log log_;
  Observer observe_;
  PeriodicWorker worker_;  // last: its thread runs passes over the members above
};

}  // namespace seatshift::service
