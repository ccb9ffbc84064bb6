#include "service/migration_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/license_service.hpp"
#include "service/order_service.hpp"
#include "service/sku_cache.hpp"
#include "service/subscription_service.hpp"
#include "store/transact.hpp"

namespace seatshift::service {

struct MigrationEngine::Job {
  MigrationId id;
  std::string owner;
  //! The system actor: the purchase's request id is keyed by actor, and whoever resumes, the
  //! replay must find the first purchase.
  RequestContext ctx;
  SkuId source;
  //! Migration::source_subscription_id: the one subscription replaced, if so.
  std::optional<SubscriptionId> only_source;
  Progress progress;
  //! A rollback holds the lease while the migration is not running; a run while it is.
  bool rollback = false;
};

namespace {

bool RollbackAllowed(MigrationStatus status) {
  return status == MigrationStatus::kPaused || status == MigrationStatus::kCompleted ||
         status == MigrationStatus::kCompletedWithErrors || status == MigrationStatus::kFailed ||
         status == MigrationStatus::kRolledBack;
}

std::string SuspensionReason(const MigrationId& id) { return "migration " + ToString(id); }

bool Finished(MigrationStep step) {
  return step == MigrationStep::kDone || step == MigrationStep::kFailed ||
         step == MigrationStep::kRolledBack;
}

std::string StatusJson(MigrationStatus status) {
  return fmt::format(R"({{"status":"{}"}})", ToString(status));
}

Error MigrationNotFound(const MigrationId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("migration {} not found", ToString(id)));
}

Error Refused(const Migration& m, std::string_view what) {
  return Error(
      ErrorCode::kInvalidStatusTransition,
      fmt::format("migration {} is {}: it cannot be {}", ToString(m.id), ToString(m.status), what),
      {{"status", std::string(ToString(m.status))}});
}

//! The source license's excluded plans that the target has too: a plan switched off before
//! stays off where the same plan exists.
std::vector<ServicePlanId> KeptExclusions(const std::vector<License>& held, const SkuId& source,
                                          const Sku& target) {
  std::vector<ServicePlanId> kept;
  for (const License& l : held) {
    if (l.sku_id != source) continue;
    for (const ServicePlanId& plan : l.excluded_plans) {
      const bool in_target = std::any_of(target.service_plans.begin(), target.service_plans.end(),
                                         [&](const ServicePlan& p) { return p.id == plan; });
      if (in_target) kept.push_back(plan);
    }
  }
  return kept;
}

//! Frees the lease if `owner` holds it, in a transaction of its own.
void ReleaseLease(store::Store& store, const MigrationId& id, const std::string& owner) {
  store::Transact(store, [&](store::WriteTransaction& tx) {
    tx.ReleaseMigrationLease(id, owner);
    tx.Commit();
  });
}

}  // namespace

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
      if (m->status != MigrationStatus::kPlanned) return Refused(*m, "started");
      next = MigrationStatus::kRunning;
    } else if (op == "migration.pause") {
      if (m->status != MigrationStatus::kRunning) return Refused(*m, "paused");
      next = MigrationStatus::kPaused;
    } else if (m->status == MigrationStatus::kPaused) {
      next = MigrationStatus::kRunning;
    } else if (m->status != MigrationStatus::kRunning) {
      return Refused(*m, "resumed");
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
      if (m->status == MigrationStatus::kPlanned) return Refused(*m, "run before it is started");
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

Result<MigrationEngine::Failure> MigrationEngine::Step(store::WriteTransaction& tx, const Job& job,
                                                       MigrationCustomer& mc, int max_users) {
  if (mc.step != MigrationStep::kPending) return MoveOrSuspend(tx, job, mc, max_users);
  if (mc.plan.action == MigrationAction::kPurchase) return Buy(tx, job, mc);
  if (mc.plan.action == MigrationAction::kAddSeats) return AddSeats(tx, job, mc);
  if (mc.plan.action == MigrationAction::kSkip) return Skip(tx, job, mc);
  return Failure(Error(ErrorCode::kBadRequest, mc.plan.recommendation_reason.empty()
                                                   ? "the plan has no target for this customer"
                                                   : mc.plan.recommendation_reason));
}

Result<MigrationEngine::Failure> MigrationEngine::Buy(store::WriteTransaction& tx, const Job& job,
                                                      MigrationCustomer& mc) {
  const CustomerMigrationPlan& plan = mc.plan;
  // A source that is gone fails the customer before anything is bought for it.
  for (const SubscriptionId& source : plan.source_subscription_ids) {
    const auto sub = tx.FindSubscription(plan.customer_id, source);
    if (!sub || sub->status == SubscriptionStatus::kDeleted) {
      return Failure(SubscriptionNotFound(source));
    }
  }
  // The purchase commits with step purchased. Its request id still finds a purchase that an
  // earlier version of the engine committed on its own (before recording the step), instead of
  // buying again.
  RequestContext buy = job.ctx;
  buy.idempotency = IdempotencyKey{
      .request_id = fmt::format("migration:{}:{}", ToString(job.id), ToString(plan.customer_id)),
      .target = job.ctx.idempotency ? job.ctx.idempotency->target : ""};
  buy.scope = nullptr;
  auto placed = OrderService(deps_).Place(tx, buy, plan.customer_id,
                                          {{.line_item_number = 1,
                                            .offer_id = plan.target_sku_id,
                                            .quantity = plan.seats,
                                            .friendly_name = "",
                                            .term = plan.term.term,
                                            .billing_cycle = plan.term.billing_cycle,
                                            .subscription_id = std::nullopt}});
  if (!placed) return Failure(std::move(placed).error());
  if (placed->subscriptions.empty()) {
    return Failure(Error(ErrorCode::kInternal, "the migration's purchase holds no subscription"));
  }
  mc.step = MigrationStep::kPurchased;
  mc.plan.target_subscription_id = placed->subscriptions.front().id;
  return Failure();
}

Result<MigrationEngine::Failure> MigrationEngine::Skip(store::WriteTransaction& tx, const Job& job,
                                                       MigrationCustomer& mc) {
  const CustomerId& customer = mc.plan.customer_id;
  tx.LockCustomer(customer);
  // Planned as nothing to do; a source reactivated or assigned since then is not skipped.
  const SeatCount source = tx.CountSeats(customer, job.source);
  if (source.seats > 0 || source.assigned > 0) {
    return Failure(Error(ErrorCode::kInvalidStatusTransition,
                         fmt::format("the customer holds {} again ({} active seats, {} assigned) "
                                     "since the migration was planned with nothing to do: plan "
                                     "it again",
                                     job.source.value(), source.seats, source.assigned)));
  }
  mc.step = MigrationStep::kDone;
  return Failure();
}

Result<MigrationEngine::Failure> MigrationEngine::AddSeats(store::WriteTransaction& tx,
                                                           const Job& job, MigrationCustomer& mc) {
  const CustomerMigrationPlan& plan = mc.plan;
  tx.LockCustomer(plan.customer_id);
  const auto target = plan.target_subscription_id
                          ? tx.FindSubscription(plan.customer_id, *plan.target_subscription_id)
                          : std::nullopt;
  if (!target) {
    return Failure(
        Error(ErrorCode::kSubscriptionNotFound, "the subscription to add seats to is gone"));
  }
  // The quantity grows in the transaction that records step purchased: a retry never adds twice.
  auto grown = SubscriptionService(deps_).Apply(tx, job.ctx, plan.customer_id, target->id,
                                                {.quantity = target->quantity + plan.seats});
  if (!grown) return Failure(std::move(grown).error());
  mc.step = MigrationStep::kPurchased;
  return Failure();
}

Result<MigrationEngine::Failure> MigrationEngine::MoveOrSuspend(store::WriteTransaction& tx,
                                                                const Job& job,
                                                                MigrationCustomer& mc,
                                                                int max_users) {
  const CustomerId& customer = mc.plan.customer_id;
  tx.LockCustomer(customer);
  int batch = max_users;
  if (job.only_source) {
    // Only the licenses resting on this subscription's seats move; the customer's other
    // subscriptions of the source keep carrying the rest.
    const auto carrier = tx.FindSubscription(customer, *job.only_source);
    const std::int64_t resting =
        carrier ? LicensesDependingOn(*carrier, tx.CountSeats(customer, job.source)) : 0;
    batch = static_cast<int>(std::min<std::int64_t>(batch, resting));
  }
  using Holders = decltype(tx.LicensesOfUsersHolding(customer, job.source, batch));
  const Holders holders =
      batch > 0 ? tx.LicensesOfUsersHolding(customer, job.source, batch) : Holders{};
  if (holders.empty()) {
    // C: nobody holds the source any more. Sources already suspended (or no longer active)
    // are left as they are; the lifecycle rules date the deprovisioning.
    SubscriptionService subscriptions(deps_);
    for (const SubscriptionId& source : mc.plan.source_subscription_ids) {
      const auto sub = tx.FindSubscription(customer, source);
      if (!sub || sub->status != SubscriptionStatus::kActive) continue;
      auto suspended = subscriptions.Apply(tx, job.ctx, customer, source,
                                           {.status = SubscriptionStatus::kSuspended,
                                            .suspension_reason = SuspensionReason(job.id)});
      if (!suspended) return Failure(std::move(suspended).error());
    }
    mc.step = MigrationStep::kDone;
  } else {
    // B: one batch; each user's removal and assignment land together, with users_moved.
    SkuCache skus(tx);
    const Sku* target = skus.Find(mc.plan.target_sku_id);
    if (!target) {
      return Failure(Error(ErrorCode::kNotFound, fmt::format("target SKU {} is not in the catalog",
                                                             mc.plan.target_sku_id.value())));
    }
    const LicenseService::HeldLicenses held(holders.begin(), holders.end());
    std::vector<LicenseUpdate> updates;
    updates.reserve(holders.size());
    std::vector<MovedUser> moved_users;
    moved_users.reserve(holders.size());
    for (const auto& [user, licenses] : holders) {
      LicenseUpdate update{.user_id = user, .to_assign = {}, .to_remove = {job.source}};
      const bool has_target = std::any_of(licenses.begin(), licenses.end(),
                                          [&](const License& l) { return l.sku_id == target->id; });
      if (!has_target) {
        update.to_assign.push_back(
            {.sku_id = target->id,
             .excluded_plans = KeptExclusions(licenses, job.source, *target)});
      }
      const auto source = std::find_if(licenses.begin(), licenses.end(),
                                       [&](const License& l) { return l.sku_id == job.source; });
      moved_users.push_back({.user_id = user,
                             .excluded_plans = source == licenses.end()
                                                   ? std::vector<ServicePlanId>{}
                                                   : source->excluded_plans,
                             .target_assigned = !has_target});
      updates.push_back(std::move(update));
    }
    auto moved = LicenseService(deps_).Apply(tx, job.ctx, customer, updates, held);
    if (!moved) return Failure(std::move(moved).error());
    SEATSHIFT_TRY(tx.RecordMovedUsers(job.id, customer, moved_users));
    mc.step = MigrationStep::kMoving;
    mc.users_moved += static_cast<std::int64_t>(holders.size());
  }
  return Failure();
}

Status MigrationEngine::WriteCustomerError(store::WriteTransaction& tx, const Job& job,
                                           MigrationCustomer& mc, const Error& error,
                                           std::optional<MigrationStep> step,
                                           const char* operation) {
  MigrationCustomer next = mc;
  if (step) next.step = *step;
  next.error_code = std::string(Describe(error.code).api_code);
  next.error_description = error.message;
  SEATSHIFT_TRY(tx.UpdateMigrationCustomer(job.id, next));
  RecordAudit(tx, job.ctx, deps_.clock.Now(),
              {.operation = operation,
               .resource_type = "Migration",
               .resource_id = ToString(job.id),
               .customer_id = mc.plan.customer_id,
               .before = "",
               .after = codec::Serialize(boost::json::object{
                   {"code", next.error_code}, {"description", next.error_description}})});
  mc = std::move(next);
  return OkStatus();
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

Result<MigrationDetails> MigrationEngine::Rollback(const RequestContext& ctx, const MigrationId& id,
                                                   const std::optional<CustomerId>& customer) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageMigrations));
  Job job{.id = id,
          .owner = "rollback:" + deps_.ids.Next().ToString(),
          .ctx = SystemContext("migration:" + ToString(id)),
          .source = SkuId(""),
          .progress = {},
          .rollback = true};
  MigrationStatus before = MigrationStatus::kPlanned;
  const Status claimed = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    const auto m = tx.FindMigration(id);
    if (!m) return MigrationNotFound(id);
    if (!RollbackAllowed(m->status)) return Refused(*m, "rolled back");
    const Instant now = deps_.wall.Now();
    SEATSHIFT_TRY(tx.ClaimMigrationLease(id, job.owner, now, now + kLeaseDuration));
    RecordAudit(tx, ctx, deps_.clock.Now(),
                {.operation = "migration.rollback",
                 .resource_type = "Migration",
                 .resource_id = ToString(id),
                 .customer_id = customer,
                 .before = StatusJson(m->status),
                 .after = ""});
    tx.Commit();
    job.source = m->source_sku_id;
    before = m->status;
    return OkStatus();
  });
  SEATSHIFT_TRY(claimed);
  // The lease is ours from here: every exit frees it.
  const auto release = [&] { ReleaseLease(deps_.store, id, job.owner); };
  auto customers = deps_.store.Read()->ListMigrationCustomers(id);
  if (customer && std::none_of(customers.begin(), customers.end(),
                               [&](const auto& mc) { return mc.plan.customer_id == *customer; })) {
    release();
    return Error(ErrorCode::kNotFound, fmt::format("customer {} is not part of migration {}",
                                                   ToString(*customer), ToString(id)));
  }
  for (MigrationCustomer& mc : customers) {
    if (customer && mc.plan.customer_id != *customer) continue;
    while (mc.step != MigrationStep::kPending && mc.step != MigrationStep::kRolledBack) {
      auto outcome = RollBackStep(job, mc);
      if (!outcome) {
        release();
        return std::move(outcome).error();
      }
      if (outcome->turn == Turn::kStop) {
        release();
        return Error(ErrorCode::kInvalidStatusTransition,
                     fmt::format("migration {} was resumed during its rollback", ToString(id)));
      }
      if (outcome->failure) {
        if (auto refused = RefuseRollback(job, mc, *outcome->failure); !refused.ok()) {
          release();
          return std::move(refused).error();
        }
        break;
      }
    }
  }
  const Status ended = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    const auto m = tx.FindMigration(id);
    const auto rows = tx.ListMigrationCustomers(id);
    const bool all = std::all_of(rows.begin(), rows.end(), [](const MigrationCustomer& mc) {
      return mc.step == MigrationStep::kPending || mc.step == MigrationStep::kRolledBack;
    });
    if (m && all && m->status != MigrationStatus::kRolledBack) {
      const Instant now = deps_.clock.Now();
      SEATSHIFT_TRY(tx.UpdateMigrationStatus(id, MigrationStatus::kRolledBack, m->version, now));
      RecordAudit(tx, job.ctx, now,
                  {.operation = "migration.rolledBack",
                   .resource_type = "Migration",
                   .resource_id = ToString(id),
                   .customer_id = std::nullopt,
                   .before = StatusJson(before),
                   .after = StatusJson(MigrationStatus::kRolledBack)});
    }
    tx.ReleaseMigrationLease(id, job.owner);
    tx.Commit();
    return OkStatus();
  });
  SEATSHIFT_TRY(ended);
  return MigrationService(deps_).Get(ctx, id);
}

Result<MigrationEngine::StepOutcome> MigrationEngine::RollBackStep(const Job& job,
                                                                   MigrationCustomer& mc) {
  const CustomerId& customer = mc.plan.customer_id;
  const auto refuse = [](Error error) {
    return StepOutcome{.turn = Turn::kGo, .failure = std::move(error)};
  };
  // `mc` changes only once the step committed: a step the database runs again (Transact)
  // starts from the row as it was.
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<StepOutcome> {
    SEATSHIFT_ASSIGN_OR_RETURN(const Turn turn, Hold(tx, job));
    if (turn == Turn::kStop) return StepOutcome{.turn = turn, .failure = std::nullopt};
    tx.LockCustomer(customer);
    SubscriptionService subscriptions(deps_);
    // Only a source still suspended (or active) can take its users back: once deprovisioned
    // it is too late. The ones this migration suspended come back first, in this transaction.
    // A skipped customer's sources were inactive before the migration and stay as they are.
    const bool sources_touched = mc.plan.action != MigrationAction::kSkip;
    for (const SubscriptionId& source : mc.plan.source_subscription_ids) {
      if (!sources_touched) break;
      const auto sub = tx.FindSubscription(customer, source);
      if (!sub || (sub->status != SubscriptionStatus::kActive &&
                   sub->status != SubscriptionStatus::kSuspended)) {
        return refuse(
            Error(ErrorCode::kInvalidStatusTransition,
                  fmt::format("rollback refused: source subscription {} is {}", ToString(source),
                              sub ? ToString(sub->status) : std::string_view("gone"))));
      }
      const bool ours = std::find(sub->suspension_reasons.begin(), sub->suspension_reasons.end(),
                                  SuspensionReason(job.id)) != sub->suspension_reasons.end();
      if (sub->status == SubscriptionStatus::kSuspended && ours) {
        auto reactivated = subscriptions.Apply(tx, job.ctx, customer, source,
                                               {.status = SubscriptionStatus::kActive});
        if (!reactivated) return refuse(std::move(reactivated).error());
      }
    }
    MigrationCustomer next = mc;
    const std::vector<MovedUser> batch =
        tx.MovedUsers(job.id, customer, std::min(users_per_transaction_, kUsersPerBatch));
    if (!batch.empty()) {
      // Each user loses the target B gave (never one held before) and gets the source license
      // back with the excluded plans it had; the rows are forgotten with the change.
      std::vector<UserId> ids;
      ids.reserve(batch.size());
      for (const MovedUser& u : batch) ids.push_back(u.user_id);
      const auto held = tx.LicensesOfUsers(customer, ids);
      std::vector<LicenseUpdate> updates;
      updates.reserve(batch.size());
      for (const MovedUser& u : batch) {
        const auto it = held.find(u.user_id);
        const std::vector<License> none;
        const std::vector<License>& licenses = it == held.end() ? none : it->second;
        const auto holds = [&](const SkuId& sku) {
          return std::any_of(licenses.begin(), licenses.end(),
                             [&](const License& l) { return l.sku_id == sku; });
        };
        LicenseUpdate update{.user_id = u.user_id, .to_assign = {}, .to_remove = {}};
        if (u.target_assigned && holds(mc.plan.target_sku_id)) {
          update.to_remove.push_back(mc.plan.target_sku_id);
        }
        if (!holds(job.source)) {
          update.to_assign.push_back({.sku_id = job.source, .excluded_plans = u.excluded_plans});
        }
        updates.push_back(std::move(update));
      }
      auto moved = LicenseService(deps_).Apply(tx, job.ctx, customer, updates, held);
      if (!moved) return refuse(std::move(moved).error());
      tx.ForgetMovedUsers(job.id, customer, ids);
    } else {
      // Last: the target gives back what A took, in the transaction that records rolled_back.
      const auto& target_id = mc.plan.target_subscription_id;
      const auto target = target_id ? tx.FindSubscription(customer, *target_id) : std::nullopt;
      if (mc.plan.action == MigrationAction::kPurchase && target &&
          target->status == SubscriptionStatus::kActive) {
        auto suspended = subscriptions.Apply(tx, job.ctx, customer, target->id,
                                             {.status = SubscriptionStatus::kSuspended,
                                              .suspension_reason = SuspensionReason(job.id)});
        if (!suspended) return refuse(std::move(suspended).error());
      } else if (mc.plan.action == MigrationAction::kAddSeats && target &&
                 mc.step != MigrationStep::kFailed) {
        auto reduced = subscriptions.Apply(tx, job.ctx, customer, target->id,
                                           {.quantity = target->quantity - mc.plan.seats});
        if (!reduced) return refuse(std::move(reduced).error());
      }
      next.step = MigrationStep::kRolledBack;
      next.error_code.clear();
      next.error_description.clear();
      SEATSHIFT_TRY(tx.UpdateMigrationCustomer(job.id, next));
      RecordAudit(tx, job.ctx, deps_.clock.Now(),
                  {.operation = "migration.customerRolledBack",
                   .resource_type = "Migration",
                   .resource_id = ToString(job.id),
                   .customer_id = customer,
                   .before = fmt::format(R"({{"step":"{}"}})", ToString(mc.step)),
                   .after = fmt::format(R"({{"step":"{}"}})", ToString(next.step))});
    }
    tx.Commit();
    mc = std::move(next);
    return StepOutcome{};
  });
}

Status MigrationEngine::RefuseRollback(const Job& job, MigrationCustomer& mc, const Error& error) {
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    MigrationCustomer refused = mc;
    SEATSHIFT_TRY(Hold(tx, job));
    SEATSHIFT_TRY(WriteCustomerError(tx, job, refused, error, std::nullopt,
                                     "migration.customerRollbackRefused"));
    tx.Commit();
    mc = std::move(refused);
    return OkStatus();
  });
}

}  // namespace seatshift::service
