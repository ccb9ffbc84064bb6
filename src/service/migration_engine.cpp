#include "service/migration_engine.hpp"

#include <algorithm>

#include "service/audit.hpp"
#include "service/migration_engine_phases.hpp"

namespace seatshift::service {

Result<MigrationDetails> MigrationEngine::Start(const RequestContext& ctx, const MigrationId& id,
                                                const std::string& owner) {
  return ChangeStatus(ctx, id, {}, owner, "migration.start");
}

Result<MigrationDetails> MigrationEngine::Pause(const RequestContext& ctx, const MigrationId& id) {
  return ChangeStatus(ctx, id, {}, "", "migration.pause");
}

Result<MigrationDetails> MigrationEngine::Resume(const RequestContext& ctx, const MigrationId& id,
                                                 const OwnerGone& gone) {
  return ChangeStatus(ctx, id, gone, "", "migration.resume");
}

Result<MigrationDetails> MigrationEngine::ChangeStatus(const RequestContext& ctx,
                                                       const MigrationId& id, const OwnerGone& gone,
                                                       const std::string& owner,
                                                       const char* operation) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageMigrations));
  const std::string_view op(operation);
  const Status changed = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    const auto m = tx.FindMigration(id);
    if (!m) return MigrationNotFound(id);
    MigrationStatus next = m->status;
    if (op == "migration.start") {
      if (m->status != MigrationStatus::kPlanned) return MigrationRefused(*m, "started");
      next = MigrationStatus::kRunning;
    } else if (op == "migration.pause") {
      if (m->status != MigrationStatus::kRunning) return MigrationRefused(*m, "paused");
      next = MigrationStatus::kPaused;
    } else if (m->status == MigrationStatus::kPaused) {
      next = MigrationStatus::kRunning;
    } else if (m->status != MigrationStatus::kRunning) {
      return MigrationRefused(*m, "resumed");
    } else if (m->lease_owner && gone && gone(*m->lease_owner)) {
      tx.ReleaseMigrationLease(id, *m->lease_owner);
    }
    if (!owner.empty()) {
      const Instant now = deps_.wall.Now();
      SEATSHIFT_TRY(tx.ClaimMigrationLease(id, owner, now, now + kLeaseDuration));
    }
    const auto version = tx.FindMigration(id)->version;
    if (next != m->status) {
      const Instant now = deps_.clock.Now();
      SEATSHIFT_TRY(tx.UpdateMigrationStatus(id, next, version, now));
      RecordAudit(tx, ctx, now,
                  {.operation = std::string(op),
                   .resource_type = "Migration",
                   .resource_id = ToString(id),
                   .customer_id = std::nullopt,
                   .before = StatusJson(m->status),
                   .after = StatusJson(next)});
    }
    tx.Commit();
    return OkStatus();
  });
  SEATSHIFT_TRY(changed);
  return MigrationService(deps_).Get(ctx, id);
}

Result<MigrationEngine::Turn> MigrationEngine::Hold(store::WriteTransaction& tx, const Job& job) {
  const auto m = tx.FindMigration(job.id);
  if (!m) return MigrationNotFound(job.id);
  SEATSHIFT_TRY(tx.RenewMigrationLease(job.id, job.owner, deps_.wall.Now() + kLeaseDuration));
  return (m->status == MigrationStatus::kRunning) != job.rollback ? Turn::kGo : Turn::kStop;
}

void MigrationEngine::Report(const Job& job, const MigrationProgress& progress) const {
  if (job.progress) job.progress(progress);
}

Result<MigrationStatus> MigrationEngine::Run(const RequestContext& ctx, const MigrationId& id,
                                             const std::string& owner, const Progress& progress,
                                             const KeepGoing& keep_going) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageMigrations));
  Job job{.id = id,
          .owner = owner,
          .ctx = SystemContext("migration:" + ToString(id)),
          .source = SkuId(""),
          .progress = progress};
  // The status of a migration found not running (nothing claimed); nullopt once the lease is ours.
  std::optional<MigrationStatus> not_running;
  const Status claimed = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    const auto m = tx.FindMigration(id);
    if (!m) return MigrationNotFound(id);
    if (m->status != MigrationStatus::kRunning) {
      if (m->status == MigrationStatus::kPlanned)
        return MigrationRefused(*m, "run before it is started");
      not_running = m->status;
      return OkStatus();
    }
    not_running.reset();
    const Instant now = deps_.wall.Now();
    SEATSHIFT_TRY(tx.ClaimMigrationLease(id, owner, now, now + kLeaseDuration));
    tx.Commit();
    job.source = m->source_sku_id;
    job.only_source = m->source_subscription_id;
    return OkStatus();
  });
  SEATSHIFT_TRY(claimed);
  if (not_running) return *not_running;
  // Counted once; then each step's change is added to it (ProgressOf): nobody else changes the
  // customers' rows while the lease is ours.
  MigrationProgress tally = deps_.store.Read()->CountMigrationProgress(id);
  Report(job, tally);
  bool failed = false;
  for (int after = -1;;) {
    std::vector<MigrationCustomer> page =
        deps_.store.Read()->MigrationCustomersAfter(id, after, kCustomersPerPage);
    if (page.empty()) break;
    after = page.back().position;
    for (const MigrationCustomer& mc : page) failed = failed || mc.step == MigrationStep::kFailed;
    std::erase_if(page, [](const MigrationCustomer& mc) { return Finished(mc.step); });
    for (std::size_t next = 0; next < page.size();) {
      const std::size_t first = next;
      std::vector<MigrationProgress> steps;
      SEATSHIFT_ASSIGN_OR_RETURN(const Turn turn, RunRound(job, page, next, steps));
      for (std::size_t i = first; i < next; ++i) {
        failed = failed || page[i].step == MigrationStep::kFailed;
      }
      bool stop = false;
      for (const MigrationProgress& step : steps) {
        tally += step;
        Report(job, tally);
        stop = (keep_going && !keep_going()) || stop;
      }
      if (turn == Turn::kStop || stop) {
        ReleaseLease(deps_.store, id, owner);
        return turn == Turn::kStop ? MigrationStatus::kPaused : MigrationStatus::kRunning;
      }
    }
  }
  return Finish(job, failed);
}

Result<MigrationEngine::Turn> MigrationEngine::RunRound(const Job& job,
                                                        std::vector<MigrationCustomer>& customers,
                                                        std::size_t& next,
                                                        std::vector<MigrationProgress>& steps) {
  // The round works on copies of the customers it may take, and hands them back (with its
  // steps) only once committed: when the database makes it run again (Transact), it starts
  // from the rows as they were, and no step is applied or counted twice.
  struct Round {
    Turn turn = Turn::kGo;
    std::vector<MigrationCustomer> customers;
    std::size_t finished = 0;  // customers of `customers` whose last step it applied
    std::vector<MigrationProgress> steps;
  };
  const auto first = customers.begin() + static_cast<std::ptrdiff_t>(next);
  const auto last = customers.begin() + static_cast<std::ptrdiff_t>(std::min(
                                            customers.size(), next + kCustomersPerTransaction));
  auto round = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<Round> {
    Round r{.turn = Turn::kGo, .customers = {first, last}, .finished = 0, .steps = {}};
    SEATSHIFT_ASSIGN_OR_RETURN(r.turn, Hold(tx, job));
    if (r.turn == Turn::kStop) return r;
    int users_left = users_per_transaction_;
    while (r.finished < r.customers.size() && users_left > 0) {
      MigrationCustomer& mc = r.customers[r.finished];
      bool unsaved = false;  // steps applied since the row was last written
      while (!Finished(mc.step) && users_left > 0) {
        const MigrationProgress before = ProgressOf(mc);
        const std::int64_t moved_before = mc.users_moved;
        // A step that fails takes back what it wrote, not what the others of the transaction did.
        tx.Savepoint();
        SEATSHIFT_ASSIGN_OR_RETURN(const Failure failure,
                                   Step(tx, job, mc, std::min(users_left, kUsersPerBatch)));
        if (failure) {
          tx.RollBackToSavepoint();
          SEATSHIFT_TRY(WriteCustomerError(tx, job, mc, *failure, MigrationStep::kFailed,
                                           "migration.customerFailed"));
          unsaved = false;
        } else {
          tx.ReleaseSavepoint();
          users_left -= static_cast<int>(mc.users_moved - moved_before);
          unsaved = true;
        }
        MigrationProgress change = ProgressOf(mc);
        change -= before;
        r.steps.push_back(change);
      }
      // Its progress commits with the effects of its steps, written once.
      if (unsaved) SEATSHIFT_TRY(tx.UpdateMigrationCustomer(job.id, mc));
      if (!Finished(mc.step)) break;  // its next batch opens the next transaction
      ++r.finished;
    }
    tx.Commit();
    return r;
  });
  if (!round) return std::move(round).error();
  std::move(round->customers.begin(), round->customers.end(), first);
  next += round->finished;
  steps.insert(steps.end(), round->steps.begin(), round->steps.end());
  return round->turn;
}

Result<MigrationStatus> MigrationEngine::Finish(const Job& job, bool failed) {
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<MigrationStatus> {
    SEATSHIFT_ASSIGN_OR_RETURN(const Turn turn, Hold(tx, job));
    if (turn == Turn::kStop) {
      tx.ReleaseMigrationLease(job.id, job.owner);
      tx.Commit();
      return MigrationStatus::kPaused;
    }
    const MigrationStatus status =
        failed ? MigrationStatus::kCompletedWithErrors : MigrationStatus::kCompleted;
    const Instant now = deps_.clock.Now();
    SEATSHIFT_TRY(tx.UpdateMigrationStatus(job.id, status, tx.FindMigration(job.id)->version, now));
    tx.ReleaseMigrationLease(job.id, job.owner);
    RecordAudit(tx, job.ctx, now,
                {.operation = "migration.complete",
                 .resource_type = "Migration",
                 .resource_id = ToString(job.id),
                 .customer_id = std::nullopt,
                 .before = StatusJson(MigrationStatus::kRunning),
                 .after = StatusJson(status)});
    tx.Commit();
    return status;
  });
}

}  // namespace seatshift::service
