#include "service/subscription_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/catalog_service.hpp"
#include "service/lifecycle_service.hpp"
#include "service/migration_service.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

//! Adds the first users still holding the SKU's licenses to a licensesStillAssigned refusal,
//! so the agent knows whom to move first.
Error WithHolders(Error error, store::ReadTransaction& tx, const Subscription& sub) {
  if (error.code != ErrorCode::kLicensesStillAssigned) return error;
  std::vector<std::string> upns;
  for (const User& u : tx.UsersHolding(sub.customer_id, sub.sku_id, 5)) {
    upns.push_back(u.user_principal_name);
  }
  error.details.push_back({"firstUsers", std::move(upns)});
  return error;
}

//! A SKU as a request names it: its id, its GUID, or its New Commerce offer
//! ("ProductId:SkuId"); unknown names are kept (the domain refuses them by name).
SkuId NamedSku(store::ReadTransaction& tx, const SkuId& named) {
  if (named.value().find(':') == std::string::npos) return CanonicalSkuId(tx, named);
  for (const Sku& sku : tx.ListSkus({})) {
    if (sku.offer_id == named.value()) return sku.id;
  }
  return named;
}

//! Every active subscription of the customer, page by page.
Result<std::vector<Subscription>> ActiveSubscriptions(store::ReadTransaction& tx,
                                                      const CustomerId& customer) {
  std::vector<Subscription> all;
  store::PageRequest page{.after = "", .limit = 500};
  do {
    SEATSHIFT_ASSIGN_OR_RETURN(
        auto subs, tx.ListSubscriptions(
                       {.customer_id = customer, .status = SubscriptionStatus::kActive}, page));
    for (Subscription& sub : subs.items) all.push_back(std::move(sub));
    page.after = subs.next;
  } while (!page.after.empty());
  return all;
}

//! The customer's active New Commerce subscriptions (but `except`) a new term may end with.
Result<std::vector<CotermCandidate>> CotermCandidates(store::ReadTransaction& tx,
                                                      const CustomerId& customer,
                                                      const std::optional<SubscriptionId>& except) {
  SkuCache skus(tx);
  std::vector<CotermCandidate> others;
  SEATSHIFT_ASSIGN_OR_RETURN(const auto active, ActiveSubscriptions(tx, customer));
  for (const Subscription& sub : active) {
    const Sku* sku = skus.Find(sub.sku_id);
    if (sub.id == except || !sku || sku->commerce != Commerce::kNewCommerce) continue;
    others.push_back({.id = sub.id, .end = sub.term_end, .term = sub.term});
  }
  return others;
}

}  // namespace

Error SubscriptionNotFound(const SubscriptionId& id) {
  return Error(ErrorCode::kSubscriptionNotFound,
               fmt::format("subscription {} not found", id.value().ToString()),
               {{"subscriptionId", id.value().ToString()}});
}

Result<Subscription> SubscriptionService::Get(const RequestContext& ctx, const CustomerId& customer,
                                              const SubscriptionId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  auto sub = tx->FindSubscription(customer, id);
  if (!sub)
    return tx->FindCustomer(customer) ? SubscriptionNotFound(id) : CustomerNotFound(customer);
  return std::move(*sub);
}

Result<store::Page<NamedSubscription>> SubscriptionService::List(
    const RequestContext& ctx, const store::SubscriptionFilter& filter,
    const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (filter.customer_id && !tx->FindCustomer(*filter.customer_id)) {
    return CustomerNotFound(*filter.customer_id);
  }
  store::SubscriptionFilter canonical = filter;
  if (canonical.sku_id) canonical.sku_id = CanonicalSkuId(*tx, *canonical.sku_id);
  SEATSHIFT_ASSIGN_OR_RETURN(auto subs, tx->ListSubscriptions(canonical, page));
  SkuCache skus(*tx);
  store::Page<NamedSubscription> out{
      .items = {}, .next = std::move(subs.next), .total = subs.total};
  out.items.reserve(subs.items.size());
  for (Subscription& sub : subs.items) {
    const Sku* sku = skus.Find(sub.sku_id);
    std::string name = sku ? sku->title : sub.sku_id.value();
    out.items.push_back({.subscription = std::move(sub), .offer_name = std::move(name)});
  }
  return out;
}

Result<store::Page<SubscriptionAtRisk>> SubscriptionService::Search(
    const RequestContext& ctx, const store::SubscriptionFilter& filter,
    const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadReports));
  auto tx = deps_.store.Read();
  store::SubscriptionFilter soonest_first = filter;
  soonest_first.by_end_date = true;
  SEATSHIFT_ASSIGN_OR_RETURN(auto subs, tx->ListSubscriptions(soonest_first, page));
  const Date today = deps_.clock.Today();
  SkuCache skus(*tx);
  // The page's customers with their seats and licenses, read at once (a few statements for the
  // page, not a few for each row); a customer with several subscriptions of one SKU on the page
  // is planned once.
  std::vector<CustomerId> ids;
  for (const Subscription& sub : subs.items) {
    if (std::find(ids.begin(), ids.end(), sub.customer_id) == ids.end()) {
      ids.push_back(sub.customer_id);
    }
  }
  std::map<CustomerId, Customer> customers;
  for (Customer& customer : tx->FindCustomers(ids)) {
    const CustomerId id = customer.id;
    customers.emplace(id, std::move(customer));
  }
  // The seats of the page's (customer, SKU) pairs, read in one go: only those pairs' rows.
  std::vector<SkuId> page_skus;
  for (const Subscription& sub : subs.items) {
    if (std::find(page_skus.begin(), page_skus.end(), sub.sku_id) == page_skus.end()) {
      page_skus.push_back(sub.sku_id);
    }
  }
  const auto seats_of = tx->CountSeatsOf(ids, page_skus);
  // Only a customer leaving a SKU that has replacements is planned: its licenses are read.
  std::vector<CustomerId> planned_ids;
  for (const Subscription& sub : subs.items) {
    const Sku* sku = skus.Find(sub.sku_id);
    if (sku && !sku->replacements.empty() &&
        std::find(planned_ids.begin(), planned_ids.end(), sub.customer_id) == planned_ids.end()) {
      planned_ids.push_back(sub.customer_id);
    }
  }
  std::map<CustomerId, store::CustomerHoldings> holdings_of;
  for (store::CustomerHoldings& holdings : tx->HoldingsOf(planned_ids)) {
    const CustomerId id = holdings.customer.id;
    holdings_of.emplace(id, std::move(holdings));
  }
  const std::vector<MarginRule> margins =
      planned_ids.empty() ? std::vector<MarginRule>{} : tx->ListMarginRules();
  std::map<std::pair<CustomerId, SkuId>, std::optional<RecommendedReplacement>> recommended;
  store::Page<SubscriptionAtRisk> out{.items = {}, .next = subs.next, .total = subs.total};
  out.items.reserve(subs.items.size());
  for (Subscription& sub : subs.items) {
    SubscriptionAtRisk row;
    if (const Sku* sku = skus.Find(sub.sku_id)) {
      row.offer_name = sku->title;
      row.replacements = sku->replacements;
    }
    row.days_until_end = (sub.term_end - today).count();
    const auto counted = seats_of.find({sub.customer_id, sub.sku_id});
    const SeatCount seats = counted == seats_of.end() ? SeatCount{} : counted->second;
    row.assigned_licenses = seats.assigned;
    row.unused_seats = std::clamp<std::int64_t>(seats.seats - seats.assigned, 0, sub.quantity);
    if (const auto customer = customers.find(sub.customer_id); customer != customers.end()) {
      row.company_name = customer->second.company_name;
      row.domain = customer->second.domain;
      row.segment = customer->second.segment;
      auto [choice, planned] = recommended.try_emplace({sub.customer_id, sub.sku_id});
      const auto holdings = holdings_of.find(sub.customer_id);
      if (planned && holdings != holdings_of.end()) {
        if (const auto target =
                RecommendTarget(skus, holdings->second, sub.sku_id, today, margins)) {
          choice->second = RecommendedReplacement{.sku_id = target->target->id,
                                                  .title = target->target->title,
                                                  .quantity = target->users};
        }
      }
      row.recommended = choice->second;
    }
    row.subscription = std::move(sub);
    out.items.push_back(std::move(row));
  }
  return out;
}

Result<Subscription> SubscriptionService::Update(const RequestContext& ctx,
                                                 const CustomerId& customer,
                                                 const SubscriptionId& id,
                                                 const SubscriptionPatch& patch) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageSubscriptions));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<Subscription> {
    tx.LockCustomer(customer);
    SEATSHIFT_ASSIGN_OR_RETURN(Subscription updated, Apply(tx, ctx, customer, id, patch));
    tx.Commit();
    return updated;
  });
}

Result<Subscription> SubscriptionService::Apply(store::WriteTransaction& tx,
                                                const RequestContext& ctx,
                                                const CustomerId& customer,
                                                const SubscriptionId& id,
                                                const SubscriptionPatch& patch) {
  if (patch.status && *patch.status != SubscriptionStatus::kSuspended &&
      *patch.status != SubscriptionStatus::kActive &&
      *patch.status != SubscriptionStatus::kDeleted) {
    return Error(ErrorCode::kBadRequest, "status can only be set to suspended, active or deleted",
                 {{"field", std::string("status")}});
  }
  const Instant now = deps_.clock.Now();
  const Date today = DayOf(now);
  // Locked: the lifecycle engine may not change it between this read and the write below,
  // which would make a request without If-Match fail on the version it never asked for.
  const auto stored = tx.LockSubscription(customer, id);
  if (!stored)
    return tx.FindCustomer(customer) ? SubscriptionNotFound(id) : CustomerNotFound(customer);
  if (patch.if_match && *patch.if_match != stored->version) {
    return Error(ErrorCode::kEtagMismatch,
                 fmt::format("subscription {} has changed: ETag {} is stale (now {})",
                             id.value().ToString(), *patch.if_match, stored->version),
                 {{"currentEtag", std::to_string(stored->version)}});
  }
  SkuCache skus(tx);
  const Sku* sku = skus.Find(stored->sku_id);
  if (!sku)
    return Error(ErrorCode::kInternal, "the subscription's SKU is missing from the catalog");
  const Buyer buyer = skus.BuyerOf(*tx.FindCustomer(customer));
  // The change applies to the subscription as it is now: anything due (a renewal, the end of
  // sale, a deprovisioning) happens first, even if no scheduler ran since.
  LifecycleTally ignored;
  SEATSHIFT_ASSIGN_OR_RETURN(
      const Subscription current,
      CatchUp(tx, skus, store::LifecycleCandidate::Of(*stored, *tx.FindCustomer(customer)), now,
              ignored));
  const SeatCount seats = tx.CountSeats(customer, stored->sku_id);

  Subscription next = current;
  const auto apply = [&](Result<Subscription> changed) -> Status {
    if (!changed) return WithHolders(std::move(changed).error(), tx, next);
    next = std::move(changed).value();
    return OkStatus();
  };
  if (patch.status == SubscriptionStatus::kActive) SEATSHIFT_TRY(apply(Reactivate(next, now)));
  if (patch.quantity && *patch.quantity != next.quantity) {
    SEATSHIFT_TRY(
        apply(ChangeQuantity(next, *sku, *patch.quantity, LicensesDependingOn(next, seats), now)));
  }
  if (patch.auto_renew && *patch.auto_renew != next.auto_renew) {
    SEATSHIFT_TRY(apply(ChangeAutoRenew(next, *sku, *patch.auto_renew, today)));
  }
  if (patch.friendly_name && *patch.friendly_name != next.friendly_name) {
    SEATSHIFT_TRY(apply(Rename(next, *patch.friendly_name)));
  }
  std::optional<std::optional<ScheduledChange>> scheduled = patch.scheduled;
  if (scheduled && *scheduled) (*scheduled)->sku_id = NamedSku(tx, (*scheduled)->sku_id);
  if (scheduled && *scheduled != current.scheduled) {
    if (*scheduled && (*scheduled)->custom_term_end) {
      const ScheduledChange& change = **scheduled;
      SEATSHIFT_ASSIGN_OR_RETURN(const auto others, CotermCandidates(tx, customer, id));
      SEATSHIFT_TRY(CheckCustomTermEnd(*change.custom_term_end,
                                       next.term_end + std::chrono::days(1), change.term, others));
    }
    SEATSHIFT_TRY(
        apply(ScheduleNextTerm(next, *sku, *scheduled, LicensesDependingOn(next, seats))));
  }
  if (patch.status == SubscriptionStatus::kDeleted) {
    SEATSHIFT_TRY(apply(Cancel(next, *sku, now, LicensesDependingOn(next, seats))));
  }
  if (patch.status == SubscriptionStatus::kSuspended) {
    SEATSHIFT_TRY(apply(Suspend(next, now, LicensesDependingOn(next, seats), patch.force,
                                patch.suspension_reason)));
  }
  if (next == current) {  // nothing to change: no new version, no audit record
    return next;
  }
  if (current.status == SubscriptionStatus::kSuspended &&
      next.status == SubscriptionStatus::kActive) {
    RecordCharge(tx, SettleReactivation(next, current, *sku, buyer, now));
  }
  if (next.status == SubscriptionStatus::kDeleted) {
    // Cancelled: what was charged for the rest of the period comes back, seats and all (a
    // quantity change in the same request is part of what is cancelled).
    RecordCharge(tx, SettleCancellation(current, *sku, buyer, now));
  } else if (next.quantity != current.quantity) {
    RecordCharge(tx, SettleQuantityChange(current, next, *sku, buyer, now));
  }

  SEATSHIFT_ASSIGN_OR_RETURN(next.version, tx.UpdateSubscription(next));
  RecordAudit(tx, ctx, now,
              {.operation = "subscription.update",
               .resource_type = "Subscription",
               .resource_id = id.value().ToString(),
               .customer_id = customer,
               .before = codec::Serialize(codec::ToJson(current, sku->title, now)),
               .after = codec::Serialize(codec::ToJson(next, sku->title, now))});
  return next;
}

Result<std::vector<CustomTermEnd>> SubscriptionService::CustomTermEndsFor(
    const RequestContext& ctx, const CustomerId& customer, TermDuration term) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  SEATSHIFT_ASSIGN_OR_RETURN(const auto others, CotermCandidates(*tx, customer, std::nullopt));
  return CustomTermEnds(deps_.clock.Today(), term, others);
}

Result<std::vector<Subscription>> SubscriptionService::ReduceToAssignedAtRenewal(
    const RequestContext& ctx, const CustomerId& customer,
    const std::optional<SubscriptionId>& only) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageSubscriptions));
  return store::Transact(
      deps_.store, [&](store::WriteTransaction& tx) -> Result<std::vector<Subscription>> {
        tx.LockCustomer(customer);
        if (!tx.FindCustomer(customer)) return CustomerNotFound(customer);
        if (only && !tx.FindSubscription(customer, *only)) return SubscriptionNotFound(*only);
        SkuCache skus(tx);
        std::vector<Subscription> changed;
        SEATSHIFT_ASSIGN_OR_RETURN(const auto active, ActiveSubscriptions(tx, customer));
        for (const Subscription& sub : active) {
          if (only && sub.id != *only) continue;
          const Sku* sku = skus.Find(sub.sku_id);
          if (!sku || sku->commerce != Commerce::kNewCommerce || !sub.auto_renew) {
            if (only) {
              return Error(ErrorCode::kBadRequest,
                           fmt::format("subscription {} does not renew as New Commerce: nothing "
                                       "to schedule",
                                       ToString(sub.id)),
                           {{"field", std::string("subscriptionId")}});
            }
            continue;
          }
          const std::int64_t assigned =
              LicensesDependingOn(sub, tx.CountSeats(customer, sub.sku_id));
          const std::int64_t wanted = std::max<std::int64_t>(assigned, sku->minimum_quantity);
          ScheduledChange change =
              sub.scheduled.value_or(ScheduledChange{.sku_id = sub.sku_id,
                                                     .term = sub.term,
                                                     .billing_cycle = sub.billing_cycle,
                                                     .quantity = sub.quantity,
                                                     .custom_term_end = std::nullopt});
          if (change.quantity <= wanted) continue;  // no unused seat will renew
          change.quantity = wanted;
          SEATSHIFT_ASSIGN_OR_RETURN(
              Subscription next,
              Apply(tx, ctx, customer, sub.id, {.scheduled = std::optional(change)}));
          changed.push_back(std::move(next));
        }
        tx.Commit();
        return changed;
      });
}

}  // namespace seatshift::service
