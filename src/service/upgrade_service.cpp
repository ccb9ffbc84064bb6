#include "service/upgrade_service.hpp"

#include <fmt/format.h>

#include "service/idempotency.hpp"
#include "service/lease_owner.hpp"
#include "service/migration_engine.hpp"
#include "service/subscription_service.hpp"

namespace seatshift::service {
namespace {

struct Source {
  Subscription subscription;
  Sku sku;
};

//! The migration of `sub` alone to `target` (nullopt for PlanEach, which names its targets).
MigrationRequest Narrowed(const Subscription& sub, std::optional<SkuId> target,
                          std::optional<std::int64_t> seats) {
  return {.source = sub.sku_id,
          .customers = std::vector<CustomerId>{sub.customer_id},
          .target = std::move(target),
          .overrides = {},
          .seat_policy = SeatPolicy::kSourceQuantity,
          .dry_run = false,
          .source_subscription = sub.id,
          .seats = seats};
}

//! The replacement of `source` that `offer` names by SKU id or GUID.
std::optional<SkuId> FindTarget(store::ReadTransaction& tx, const Sku& source,
                                const std::string& offer) {
  const std::optional<Uuid> guid = Uuid::Parse(offer);
  for (const SkuId& replacement : source.replacements) {
    if (replacement.value() == offer) return replacement;
    if (!guid) continue;
    if (const auto sku = tx.FindSku(replacement); sku && sku->guid == *guid) return replacement;
  }
  return std::nullopt;
}

//! A quantity the caller named that the target cannot take as it is (the planner would raise or
//! cap it): refused, as an order is (2002), never changed silently.
Status CheckNamedQuantity(const TargetPlan& tp, std::optional<std::int64_t> quantity) {
  if (!quantity) return OkStatus();
  for (const MigrationWarning& w : tp.plan.warnings) {
    if (w.code != MigrationWarningCode::kSeatsAboveMaximum &&
        w.code != MigrationWarningCode::kSeatsRaisedToMinimum) {
      continue;
    }
    return Error(ErrorCode::kQuantityOutOfRange,
                 fmt::format("quantity {} cannot be bought: {}", *quantity, w.message),
                 {{"minimumQuantity", tp.target.minimum_quantity},
                  {"maximumQuantity", tp.target.maximum_quantity}});
  }
  return OkStatus();
}

//! The upgrade error for a plan refused because another upgrade of the subscription is in
//! flight; nullopt for any other refusal.
std::optional<UpgradeError> InFlightConflict(const Error& error) {
  for (const ErrorDetail& d : error.details) {
    if (d.key != MigrationService::kInFlightDetail) continue;
    const auto* id = std::get_if<std::string>(&d.value);
    return UpgradeError{.code = UpgradeErrorCode::kConcurrencyConflicts,
                        .description = error.message,
                        .additional_details = id ? *id : ""};
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<Upgrade>> UpgradeService::List(const RequestContext& ctx,
                                                  const CustomerId& customer,
                                                  const SubscriptionId& subscription) {
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription sub,
                             SubscriptionService(deps_).Get(ctx, customer, subscription));
  const auto source = deps_.store.Read()->FindSku(sub.sku_id);
  if (!source || source->replacements.empty()) return std::vector<Upgrade>{NoUpgradePath(sub)};
  SEATSHIFT_ASSIGN_OR_RETURN(
      const std::vector<TargetPlan> plans,
      MigrationService(deps_).PlanEach(ctx, Narrowed(sub, std::nullopt, std::nullopt),
                                       source->replacements));
  if (plans.empty()) return std::vector<Upgrade>{NoUpgradePath(sub)};
  std::vector<Upgrade> out;
  out.reserve(plans.size());
  for (const TargetPlan& tp : plans) {
    const UpgradeType type = OfferedUpgradeType(tp.plan);
    std::vector<UpgradeError> errors = CheckUpgrade(sub, tp.plan, type);
    out.push_back({.target = tp.target,
                   .type = type,
                   .eligible = errors.empty(),
                   .quantity = tp.plan.seats,
                   .errors = std::move(errors)});
  }
  return out;
}

Result<UpgradeResult> UpgradeService::Perform(const RequestContext& ctx, const CustomerId& customer,
                                              const SubscriptionId& subscription,
                                              const UpgradeRequest& request) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageMigrations));
  if (request.type == UpgradeType::kNone) {
    return Error(ErrorCode::kBadRequest,
                 "upgradeType must be upgrade_only or upgrade_with_license_transfer",
                 {{"field", std::string("upgradeType")}});
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto prior, PriorRequest(*deps_.store.Read(), ctx, MigrationService::kPlanOperation));
  if (prior) {
    const auto id = Uuid::Parse(*prior);
    if (!id) throw store::StorageError("corrupt row: request_keys.resource_id holds " + *prior);
    return Run(ctx, MigrationId(*id), subscription, request.type);
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription sub,
                             SubscriptionService(deps_).Get(ctx, customer, subscription));
  UpgradeResult refused{.source_subscription_id = sub.id,
                        .target_subscription_id = std::nullopt,
                        .type = request.type,
                        .upgrade_errors = {},
                        .license_errors = {},
                        .migration_id = std::nullopt};
  std::optional<SkuId> target;
  {
    auto tx = deps_.store.Read();
    const auto source = tx->FindSku(sub.sku_id);
    if (!source || source->replacements.empty()) {
      refused.upgrade_errors = NoUpgradePath(sub).errors;
      return refused;
    }
    target = FindTarget(*tx, *source, request.target_offer);
    if (!target) {
      refused.upgrade_errors = {TargetOfferNotFound(request.target_offer, source->id)};
      return refused;
    }
  }
  MigrationService migrations(deps_);
  SEATSHIFT_ASSIGN_OR_RETURN(
      const std::vector<TargetPlan> plans,
      migrations.PlanEach(ctx, Narrowed(sub, std::nullopt, request.quantity), {*target}));
  if (plans.empty()) {
    refused.upgrade_errors = {TargetOfferNotFound(request.target_offer, sub.sku_id)};
    return refused;
  }
  SEATSHIFT_TRY(CheckNamedQuantity(plans.front(), request.quantity));
  refused.upgrade_errors = CheckUpgrade(sub, plans.front().plan, request.type);
  if (!refused.upgrade_errors.empty()) return refused;
  auto planned = migrations.Plan(ctx, Narrowed(sub, target, request.quantity));
  if (!planned) {
    auto conflict = InFlightConflict(planned.error());
    if (!conflict) return std::move(planned).error();
    refused.upgrade_errors = {std::move(*conflict)};
    return refused;
  }
  return Run(ctx, planned->migration.id, sub.id, request.type);
}

Result<UpgradeResult> UpgradeService::Run(const RequestContext& ctx, const MigrationId& id,
                                          const SubscriptionId& subscription, UpgradeType type) {
  MigrationService migrations(deps_);
  MigrationEngine engine(deps_);
  // Unique per call: two retries of one upgrade in this process never share a lease.
  const std::string owner = ThisProcessLeaseOwner("upgrade:" + deps_.ids.Next().ToString());
  SEATSHIFT_ASSIGN_OR_RETURN(MigrationDetails details, migrations.Get(ctx, id));
  MigrationStatus status = details.migration.status;
  if (status == MigrationStatus::kPlanned) {
    SEATSHIFT_TRY(engine.Start(ctx, id, owner));
    status = MigrationStatus::kRunning;
  }
  if (status == MigrationStatus::kRunning) {
    SEATSHIFT_ASSIGN_OR_RETURN(status, engine.Run(ctx, id, owner));
  }
  if (status == MigrationStatus::kPaused || status == MigrationStatus::kRunning) {
    return Error(ErrorCode::kInvalidStatusTransition,
                 fmt::format("the upgrade's migration {0} is {1}: resume it (POST "
                             "/v1/migrations/{0}/resume), then retry with the same MS-RequestId",
                             ToString(id), ToString(status)),
                 {{"migrationId", ToString(id)}});
  }
  SEATSHIFT_ASSIGN_OR_RETURN(details, migrations.Get(ctx, id));
  if (details.customers.empty()) {
    return Error(ErrorCode::kInternal, fmt::format("migration {} has no customer", ToString(id)));
  }
  const MigrationCustomer& mc = details.customers.front();
  UpgradeResult result{.source_subscription_id = subscription,
                       .target_subscription_id = std::nullopt,
                       .type = type,
                       .upgrade_errors = {},
                       .license_errors = {},
                       .migration_id = id};
  switch (mc.step) {
    case MigrationStep::kDone:
      if (mc.plan.action == MigrationAction::kSkip) {
        // The run found nothing left to replace (another upgrade moved the users and suspended
        // the subscription after this one was planned): nothing was bought.
        result.upgrade_errors.push_back(
            {.code = UpgradeErrorCode::kSubscriptionStatusNotActive,
             .description = fmt::format("subscription {} was no longer active when the upgrade "
                                        "ran: nothing was bought",
                                        ToString(subscription)),
             .additional_details =
                 std::string(ToString(MigrationWarningCode::kChangedSincePlanning))});
        break;
      }
      result.target_subscription_id = mc.plan.target_subscription_id;
      break;
    case MigrationStep::kRolledBack:
      result.upgrade_errors.push_back(
          {.code = UpgradeErrorCode::kOther,
           .description = fmt::format("the upgrade was rolled back (migration {})", ToString(id)),
           .additional_details = std::string(ToString(mc.step))});
      break;
    default:
      // Failed: A bought nothing, or B or C stopped. The purchase's id is recorded only once
      // bought; seats added to a held target count once somebody moved onto them.
      if (mc.plan.action == MigrationAction::kPurchase || mc.users_moved > 0) {
        result.target_subscription_id = mc.plan.target_subscription_id;
      }
      result.upgrade_errors.push_back({.code = UpgradeErrorCode::kOther,
                                       .description = mc.error_description,
                                       .additional_details = mc.error_code});
      result.license_errors = LeftBehind(details.migration, mc, subscription);
      break;
  }
  return result;
}

std::vector<UserLicenseError> UpgradeService::LeftBehind(const Migration& migration,
                                                         const MigrationCustomer& mc,
                                                         const SubscriptionId& subscription) {
  const CustomerId& customer = mc.plan.customer_id;
  auto tx = deps_.store.Read();
  const auto carrier = tx->FindSubscription(customer, subscription);
  const std::int64_t resting =
      carrier ? LicensesDependingOn(*carrier, tx->CountSeats(customer, migration.source_sku_id))
              : 0;
  const int limit = static_cast<int>(std::min<std::int64_t>(resting, kMaxLicenseErrors));
  std::vector<UserLicenseError> out;
  if (limit == 0) return out;
  for (const User& user : tx->UsersHolding(customer, migration.source_sku_id, limit)) {
    out.push_back({.user_id = user.id,
                   .name = user.display_name,
                   .email = user.user_principal_name,
                   .code = mc.error_code,
                   .description = mc.error_description});
  }
  return out;
}

}  // namespace seatshift::service
