// Undoing a migration, customer by customer: sources reactivated, users given their source
// license back in batches, the target's seats given back.
#include <algorithm>

#include "service/audit.hpp"
#include "service/license_service.hpp"
#include "service/migration_engine_phases.hpp"
#include "service/sku_cache.hpp"
#include "service/subscription_service.hpp"

namespace seatshift::service {
namespace {

bool RollbackAllowed(MigrationStatus status) {
  return status == MigrationStatus::kPaused || status == MigrationStatus::kCompleted ||
         status == MigrationStatus::kCompletedWithErrors || status == MigrationStatus::kFailed ||
         status == MigrationStatus::kRolledBack;
}

}  // namespace

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
    if (!RollbackAllowed(m->status)) return MigrationRefused(*m, "rolled back");
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
      // Last: the target gives back what A took, in the transaction that records rolled_back,
      // as far as its commitment allows (GiveBackTarget).
      auto given_back = GiveBackTarget(tx, job, mc, subscriptions);
      if (!given_back) return refuse(std::move(given_back).error());
      const std::optional<Error>& kept = *given_back;
      next.step = MigrationStep::kRolledBack;
      next.error_code.clear();
      next.error_description.clear();
      next.error_parameters.clear();
      if (kept) {
        // Rolled back, and what could not be undone said plainly on the customer's row.
        next.error_code = std::string(Describe(kept->code).api_code);
        next.error_description = kept->message;
        next.error_parameters = kept->details;
      }
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

Result<std::optional<Error>> MigrationEngine::GiveBackTarget(store::WriteTransaction& tx,
                                                             const Job& job,
                                                             const MigrationCustomer& mc,
                                                             SubscriptionService& subscriptions) {
  const CustomerId& customer = mc.plan.customer_id;
  const auto& target_id = mc.plan.target_subscription_id;
  const auto target = target_id ? tx.FindSubscription(customer, *target_id) : std::nullopt;
  const bool bought = mc.plan.action == MigrationAction::kPurchase;
  const bool added =
      mc.plan.action == MigrationAction::kAddSeats && mc.step != MigrationStep::kFailed;
  if (!target || target->status != SubscriptionStatus::kActive || (!bought && !added)) {
    return std::optional<Error>();
  }
  SkuCache skus(tx);
  const Sku* sku = skus.Find(target->sku_id);
  const bool legacy = !sku || sku->commerce == Commerce::kLegacy;
  const Instant now = deps_.clock.Now();
  const auto undo = [&](SubscriptionPatch patch) -> Result<std::optional<Error>> {
    auto changed = subscriptions.Apply(tx, job.ctx, customer, target->id, patch);
    if (!changed) return std::move(changed).error();
    return std::optional<Error>();
  };
  if (bought && legacy) {
    return undo(
        {.status = SubscriptionStatus::kSuspended, .suspension_reason = SuspensionReason(job.id)});
  }
  if (bought && target->CancellationAllowedUntil() && now < *target->CancellationAllowedUntil()) {
    return undo({.status = SubscriptionStatus::kDeleted});  // cancelled, refunded
  }
  if (added && (legacy || RefundableQuantity(target->lots, now) >= mc.plan.seats)) {
    return undo({.quantity = target->quantity - mc.plan.seats});
  }
  // Past the cancellation window the commitment stays until the term ends: the subscription
  // stops renewing (a purchase) or renews without the added seats, and the row says so.
  SubscriptionPatch at_renewal;
  if (bought || target->quantity - mc.plan.seats < sku->minimum_quantity) {
    at_renewal.auto_renew = false;
  } else {
    at_renewal.scheduled = std::optional(
        ScheduledChange{.sku_id = target->sku_id,
                        .term = target->RenewalTerm(),
                        .billing_cycle = target->scheduled ? target->scheduled->billing_cycle
                                                           : target->billing_cycle,
                        .quantity = target->quantity - mc.plan.seats,
                        .custom_term_end = std::nullopt});
  }
  if (target->auto_renew) {
    if (auto scheduled = undo(at_renewal); !scheduled) return std::move(scheduled).error();
  }
  // What the row says is what was done: it renews without the seats only where that was
  // scheduled; otherwise (a purchase, too few seats left, auto-renew already off) it ends.
  const bool renews_without = target->auto_renew && at_renewal.scheduled.has_value();
  return std::optional<Error>(Error(
      ErrorCode::kCancellationWindowClosed,
      fmt::format("the users are back on their source, but {} seat(s) of subscription {} stay "
                  "committed until {}: its cancellation window closed; {}",
                  mc.plan.seats, ToString(target->id), FormatDate(target->term_end),
                  renews_without ? "it renews without them" : "it will not renew"),
      {{"subscriptionId", ToString(target->id)},
       {"seats", mc.plan.seats},
       {"commitmentEndDate", FormatDate(target->term_end)},
       {"renews", std::string(renews_without ? "withoutAddedSeats" : "no")}}));
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
