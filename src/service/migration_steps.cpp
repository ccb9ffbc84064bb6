// Steps A (buy the target or add seats to it), B (move one batch of users) and C (suspend the
// sources) for one customer, each in the transaction the run gives it.
#include <algorithm>

#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/license_service.hpp"
#include "service/migration_engine_phases.hpp"
#include "service/order_service.hpp"
#include "service/sku_cache.hpp"
#include "service/subscription_service.hpp"

namespace seatshift::service {
namespace {

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

}  // namespace

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
  SEATSHIFT_ASSIGN_OR_RETURN(const bool skipped, SkipIfNothingLeft(tx, job, mc));
  if (skipped) return Failure();
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

Result<bool> MigrationEngine::SkipIfNothingLeft(store::WriteTransaction& tx, const Job& job,
                                                MigrationCustomer& mc) {
  const CustomerId& customer = mc.plan.customer_id;
  tx.LockCustomer(customer);
  std::vector<Subscription> sources;
  for (const SubscriptionId& id : mc.plan.source_subscription_ids) {
    if (auto sub = tx.FindSubscription(customer, id)) sources.push_back(std::move(*sub));
  }
  const SeatCount held = tx.CountSeats(customer, job.source);
  std::int64_t users = held.assigned;
  if (job.only_source) {
    const auto carrier = tx.FindSubscription(customer, *job.only_source);
    users = carrier ? LicensesDependingOn(*carrier, held) : 0;
  }
  if (!NothingToMigrate(users, sources)) return false;
  const MigrationWarning warning{
      .code = MigrationWarningCode::kChangedSincePlanning,
      .message = fmt::format("planned to {} {}, but when the migration ran nobody held {} and no "
                             "source subscription was active: skipped, nothing bought",
                             mc.plan.action == MigrationAction::kPurchase ? "buy" : "add seats to",
                             mc.plan.target_sku_id.value(), job.source.value()),
      .parameters = {{"action", std::string(ToString(mc.plan.action))},
                     {"targetOfferId", mc.plan.target_sku_id.value()},
                     {"sourceOfferId", job.source.value()}}};
  SEATSHIFT_TRY(tx.AddMigrationWarning(job.id, customer, warning));
  RecordAudit(tx, job.ctx, deps_.clock.Now(),
              {.operation = "migration.customerSkipped",
               .resource_type = "Migration",
               .resource_id = ToString(job.id),
               .customer_id = customer,
               .before = fmt::format(R"({{"action":"{}"}})", ToString(mc.plan.action)),
               .after = fmt::format(R"({{"action":"{}","warning":"{}"}})",
                                    ToString(MigrationAction::kSkip), ToString(warning.code))});
  mc.plan.action = MigrationAction::kSkip;
  mc.plan.warnings.push_back(warning);
  mc.step = MigrationStep::kDone;
  return true;
}

Result<MigrationEngine::Failure> MigrationEngine::AddSeats(store::WriteTransaction& tx,
                                                           const Job& job, MigrationCustomer& mc) {
  SEATSHIFT_ASSIGN_OR_RETURN(const bool skipped, SkipIfNothingLeft(tx, job, mc));
  if (skipped) return Failure();
  const CustomerMigrationPlan& plan = mc.plan;
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
  next.error_parameters = error.details;
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

}  // namespace seatshift::service
