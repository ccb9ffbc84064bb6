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
      log_(std::move(log)),
      observe_(std::move(observe)),
      worker_(poll, [this](bool at_start, const PeriodicWorker::KeepGoing& keep_going) {
        RunPass(keep_going);
        // Told once: by now the runner has taken over what a dead process left (operators see
        // the server is fully up; tests wait for it).
        if (at_start) {
          log_(codec::Serialize(boost::json::object{{"event", "migration"}, {"atStart", true}}));
        }
      }) {}

MigrationRunner::~MigrationRunner() = default;

void MigrationRunner::RunPass(const PeriodicWorker::KeepGoing& keep_going) {
  MigrationEngine engine(deps_);
  try {
    while (keep_going()) {
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
        if (!keep_going()) return;
        auto status = engine.Run(
            RunnerContext(), id, owner_,
            [this, &id](const MigrationProgress& p) {
              if (observe_) observe_(id, p);
            },
            keep_going);
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
