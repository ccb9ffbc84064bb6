#include "service/transition_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "service/catalog_service.hpp"
#include "service/subscription_service.hpp"

namespace seatshift::service {
namespace {

Error Refused(std::string message, std::string field) {
  return Error(ErrorCode::kBadRequest, std::move(message), {{"field", std::move(field)}});
}

//! The upgrade errors of an ineligible transition as one refusal, each error's code and
//! sentence kept.
Error Ineligible(const UpgradeResult& result) {
  std::vector<std::string> codes;
  std::string sentences;
  for (const UpgradeError& e : result.upgrade_errors) {
    codes.emplace_back(ToString(e.code));
    sentences += sentences.empty() ? e.description : "; " + e.description;
  }
  return Error(ErrorCode::kBadRequest, fmt::format("the transition is not eligible: {}", sentences),
               {{"field", std::string("toCatalogItemId")}, {"reasons", std::move(codes)}});
}

}  // namespace

Result<Subscription> TransitionService::NewCommerceSource(const RequestContext& ctx,
                                                          const CustomerId& customer,
                                                          const SubscriptionId& subscription) {
  SEATSHIFT_ASSIGN_OR_RETURN(Subscription source,
                             SubscriptionService(deps_).Get(ctx, customer, subscription));
  const auto sku = deps_.store.Read()->FindSku(source.sku_id);
  if (!sku || sku->commerce == Commerce::kLegacy) {
    return Error(ErrorCode::kLegacySubscription,
                 fmt::format("subscription {} is a legacy subscription: transitions are for New "
                             "Commerce; upgrade it instead (.../upgrades)",
                             ToString(subscription)));
  }
  return source;
}

Result<std::vector<Upgrade>> TransitionService::Eligibilities(const RequestContext& ctx,
                                                              const CustomerId& customer,
                                                              const SubscriptionId& subscription) {
  SEATSHIFT_TRY(NewCommerceSource(ctx, customer, subscription));
  return UpgradeService(deps_).List(ctx, customer, subscription);
}

Status TransitionService::CheckTarget(const RequestContext& ctx, const Subscription& source,
                                      const TransitionRequest& request) {
  if (request.term && *request.term != source.term) {
    return Refused(fmt::format("termDuration {}: a transition keeps the source's term ({}); "
                               "change the term at renewal with scheduledNextTermInstructions",
                               ToString(*request.term), ToString(source.term)),
                   "termDuration");
  }
  if (request.billing_cycle && *request.billing_cycle != source.billing_cycle) {
    return Refused(fmt::format("billingCycle {}: a transition keeps the source's billing cycle "
                               "({})",
                               ToString(*request.billing_cycle), ToString(source.billing_cycle)),
                   "billingCycle");
  }
  if (!request.to_subscription) return OkStatus();
  const SubscriptionId& to = *request.to_subscription;
  if (to == source.id) {
    return Refused("toSubscriptionId can't be the source subscription", "toSubscriptionId");
  }
  SubscriptionService subscriptions(deps_);
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription target,
                             subscriptions.Get(ctx, source.customer_id, to));
  auto tx = deps_.store.Read();
  if (target.sku_id != CanonicalSkuId(*tx, SkuId(request.upgrade.target_offer))) {
    return Refused("toSubscriptionId must be a subscription of toCatalogItemId",
                   "toSubscriptionId");
  }
  if (target.status != SubscriptionStatus::kActive) {
    return Refused("toSubscriptionId must be active", "toSubscriptionId");
  }
  if (target.term_end < source.term_end) {
    return Refused(fmt::format("toSubscriptionId's commitment ends {}, before the source's ({})",
                               FormatDate(target.term_end), FormatDate(source.term_end)),
                   "toSubscriptionId");
  }
  // The engine adds seats to the customer's largest active subscription of the target.
  SEATSHIFT_ASSIGN_OR_RETURN(auto held, subscriptions.List(ctx,
                                                           {.customer_id = source.customer_id,
                                                            .sku_id = target.sku_id,
                                                            .status = SubscriptionStatus::kActive},
                                                           {.after = "", .limit = 1000}));
  const auto largest =
      std::max_element(held.items.begin(), held.items.end(),
                       [](const NamedSubscription& a, const NamedSubscription& b) {
                         const Subscription& x = a.subscription;
                         const Subscription& y = b.subscription;
                         return x.quantity != y.quantity ? x.quantity < y.quantity : y.id < x.id;
                       });
  if (largest != held.items.end() && largest->subscription.id != to) {
    return Refused(fmt::format("seats are added to the customer's largest subscription of the "
                               "target, {}: toSubscriptionId must name it",
                               ToString(largest->subscription.id)),
                   "toSubscriptionId");
  }
  return OkStatus();
}

Result<Transition> TransitionService::Perform(const RequestContext& ctx, const CustomerId& customer,
                                              const SubscriptionId& subscription,
                                              const TransitionRequest& request) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageMigrations));
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription source,
                             NewCommerceSource(ctx, customer, subscription));
  SEATSHIFT_TRY(CheckTarget(ctx, source, request));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const UpgradeResult result,
      UpgradeService(deps_).Perform(ctx, customer, subscription, request.upgrade));
  if (!result.migration_id) return Ineligible(result);
  return Load(ctx, *result.migration_id, subscription);
}

Result<Transition> TransitionService::Load(const RequestContext& ctx, const MigrationId& id,
                                           const SubscriptionId& subscription) {
  SEATSHIFT_ASSIGN_OR_RETURN(MigrationDetails details, MigrationService(deps_).Get(ctx, id));
  if (details.migration.source_subscription_id != subscription) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("operation {} is not a transition of subscription {}", ToString(id),
                             ToString(subscription)),
                 {{"operationId", ToString(id)}});
  }
  const bool moves = std::any_of(
      details.customers.begin(), details.customers.end(),
      [](const MigrationCustomer& mc) { return mc.plan.users_to_move > 0 || mc.users_moved > 0; });
  return Transition{.migration = std::move(details),
                    .from_subscription = subscription,
                    .license_transfer = moves};
}

Result<std::vector<Transition>> TransitionService::List(
    const RequestContext& ctx, const CustomerId& customer, const SubscriptionId& subscription,
    const std::optional<MigrationId>& operation) {
  SEATSHIFT_TRY(SubscriptionService(deps_).Get(ctx, customer, subscription));
  std::vector<Transition> out;
  if (operation) {
    SEATSHIFT_ASSIGN_OR_RETURN(Transition one, Load(ctx, *operation, subscription));
    out.push_back(std::move(one));
    return out;
  }
  MigrationService migrations(deps_);
  store::PageRequest page{.after = "", .limit = 500};
  do {
    SEATSHIFT_ASSIGN_OR_RETURN(auto listed, migrations.List(ctx, page));
    for (const MigrationSummary& m : listed.items) {
      if (m.migration.source_subscription_id != subscription) continue;
      SEATSHIFT_ASSIGN_OR_RETURN(Transition one, Load(ctx, m.migration.id, subscription));
      out.push_back(std::move(one));
    }
    page.after = listed.next;
  } while (!page.after.empty());
  std::sort(out.begin(), out.end(), [](const Transition& a, const Transition& b) {
    return a.migration.migration.created_at > b.migration.migration.created_at;
  });
  return out;
}

}  // namespace seatshift::service
