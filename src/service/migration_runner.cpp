#include "service/migration_runner.hpp"

#include "codec/json.hpp"
#include "service/lease_owner.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

//! Runnable migrations looked at per pass; a pass repeats while it finds any.
constexpr int kPerPass = 16;

const RequestContext& RunnerContext() {
  static const RequestContext ctx = SystemContext("migration-runner");
  return ctx;
}

//! A lease whose holder is known to be dead (a process of this host that crashed, see
//! lease_owner.hpp) is freed, so that a restarted or neighbouring server continues at its next
//! look instead of after the lease's expiry.
void FreeLeasesOfDeadExecutors(store::WriteTransaction& tx, Instant now) {
  for (const MigrationLease& lease : tx.LeasedMigrations(now, kPerPass)) {
    if (LeaseOwnerGone(lease.owner)) tx.ReleaseMigrationLease(lease.id, lease.owner);
  }
}

}  // namespace

MigrationRunner::MigrationRunner(Dependencies deps, std::string owner,
                                 std::chrono::milliseconds poll, Log log, Observer observe)
    : deps_(deps),
      owner_(std::move(owner)),
      poll_(poll),
      log_(std::move(log)),
      observe_(std::move(observe)),
      thread_([this] { Loop(); }) {}

MigrationRunner::~MigrationRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void MigrationRunner::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

bool MigrationRunner::Stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void MigrationRunner::Loop() {
  // Told once: by now the runner has taken over what a dead process left (operators see the
  // server is fully up; tests wait for it).
  RunPass();
  log_(codec::Serialize(boost::json::object{{"event", "migration"}, {"atStart", true}}));
  while (true) {
    std::unique_lock lock(mutex_);
    // A wake during the pass is kept in woken_: the migration it announced may have become
    // runnable after the pass looked.
    wake_.wait_for(lock, poll_, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
    lock.unlock();
    RunPass();
  }
}

void MigrationRunner::RunPass() {
  MigrationEngine engine(deps_);
  try {
    while (!Stopping()) {
      const std::vector<MigrationId> ids =
          store::Transact(deps_.store, [&](store::WriteTransaction& tx) {
            FreeLeasesOfDeadExecutors(tx, deps_.wall.Now());
            auto runnable = tx.RunnableMigrations(deps_.wall.Now(), kPerPass);
            tx.Commit();
            return runnable;
          });
      if (ids.empty()) return;
      bool failed = false;
      for (const MigrationId& id : ids) {
        if (Stopping()) return;
        auto status = engine.Run(
            RunnerContext(), id, owner_,
            [this, &id](const MigrationProgress& p) {
              if (observe_) observe_(id, p);
            },
            [this] { return !Stopping(); });
        boost::json::object line{{"event", "migration"}, {"id", ToString(id)}};
        if (status) {
          line["status"] = ToString(*status);
        } else {
          // Another executor took the lease, or storage failed: the next pass looks again.
          line["error"] = status.error().message;
          failed = true;
        }
        log_(codec::Serialize(line));
      }
      // A run that failed may fail again at once: it waits for the next wake or poll.
      if (failed) return;
    }
  } catch (const std::exception& e) {
    // The database is busy or failing; the next pass tries again (every step is one
    // transaction, so nothing was half-applied).
    log_(codec::Serialize(boost::json::object{{"event", "migration"}, {"error", e.what()}}));
  }
}

}  // namespace seatshift::service
