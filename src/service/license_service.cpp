#include "service/license_service.hpp"

#include <fmt/format.h>

#include <limits>
#include <set>

#include "codec/json.hpp"
#include "service/customer_service.hpp"

namespace seatshift::service {

Result<std::vector<License>> LicenseService::UserLicenses(const RequestContext& ctx,
                                                          const CustomerId& customer,
                                                          const UserId& user) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindUser(customer, user)) {
    return tx->FindCustomer(customer) ? UserNotFound(user) : CustomerNotFound(customer);
  }
  return tx->LicensesOfUser(user);
}

Result<std::vector<SubscribedSku>> LicenseService::SubscribedSkus(const RequestContext& ctx,
                                                                  const CustomerId& customer) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  std::map<SkuId, SubscribedSku> by_sku;
  SkuCache skus(*tx);
  const auto entry = [&](const SkuId& id) -> SubscribedSku& {
    auto [it, inserted] = by_sku.try_emplace(id);
    if (inserted) {
      it->second.sku_id = id;
      if (const Sku* sku = skus.Find(id)) {
        it->second.title = sku->title;
        it->second.guid = sku->guid;
      }
    }
    return it->second;
  };
  store::SubscriptionFilter filter{.customer_id = customer};
  store::PageRequest page{.after = "", .limit = 1000};
  do {
    SEATSHIFT_ASSIGN_OR_RETURN(auto subs, tx->ListSubscriptions(filter, page));
    for (const Subscription& sub : subs.items) {
      SubscribedSku& e = entry(sub.sku_id);
      switch (sub.status) {
        case SubscriptionStatus::kActive:
          e.active_units += sub.quantity;
          break;
        case SubscriptionStatus::kExpired:
          e.warning_units += sub.quantity;
          break;
        case SubscriptionStatus::kSuspended:
        case SubscriptionStatus::kDisabled:
          e.suspended_units += sub.quantity;
          break;
        case SubscriptionStatus::kDeleted:
          break;
      }
    }
    page.after = subs.next;
  } while (!page.after.empty());
  for (const auto& [sku, count] : tx->CountAllSeats(customer))
    entry(sku).consumed_units = count.assigned;
  std::vector<SubscribedSku> out;
  for (auto& [sku, e] : by_sku) out.push_back(std::move(e));
  return out;
}

Result<std::vector<LicenseChange>> LicenseService::Apply(
    store::WriteTransaction& tx, const RequestContext& ctx, const CustomerId& customer,
    const std::vector<LicenseUpdate>& updates, Users users) {
  if (updates.empty()) return Error(ErrorCode::kBadRequest, "no license updates given");
  SkuCache skus(tx);
  SeatLedger ledger;
  std::set<UserId> seen;
  std::vector<UserId> user_ids;
  user_ids.reserve(updates.size());
  for (const LicenseUpdate& update : updates) {
    if (!seen.insert(update.user_id).second) {
      return Error(ErrorCode::kBadRequest, fmt::format("user {} appears twice in the batch",
                                                       update.user_id.value().ToString()));
    }
    if (users == Users::kUnchecked && !tx.FindUser(customer, update.user_id)) {
      return UserNotFound(update.user_id);
    }
    user_ids.push_back(update.user_id);
  }
  const auto held = tx.LicensesOfUsers(customer, user_ids);
  std::vector<LicenseChange> changes;
  changes.reserve(updates.size());
  for (const LicenseUpdate& update : updates) {
    SEATSHIFT_ASSIGN_OR_RETURN(
        LicenseChange change,
        PlanLicenseUpdate(update, held.at(update.user_id), skus.AsLookup()));
    ledger.Apply(change);
    changes.push_back(std::move(change));
  }
  SEATSHIFT_TRY(ledger.Check([&](const SkuId& sku) { return tx.CountSeats(customer, sku); }));

  const Instant now = deps_.clock.Now();
  for (const LicenseChange& change : changes) {
    // Removals and assignments land in the same transaction: no committed state in between.
    for (const SkuId& sku : change.to_delete) tx.DeleteLicense(change.user_id, sku);
    for (const License& license : change.to_put) tx.PutLicense(customer, license);
    RecordAudit(tx, ctx, now,
                {.operation = "license.update",
                 .resource_type = "CustomerUser",
                 .resource_id = change.user_id.value().ToString(),
                 .customer_id = customer,
                 .before = codec::Serialize(codec::ToJson(change.before)),
                 .after = codec::Serialize(codec::ToJson(change.after))});
  }
  return changes;
}

Result<std::vector<LicenseChange>> LicenseService::Update(
    const RequestContext& ctx, const CustomerId& customer,
    const std::vector<LicenseUpdate>& updates) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageLicenses));
  auto tx = deps_.store.Write();
  tx->LockCustomer(customer);
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  SEATSHIFT_ASSIGN_OR_RETURN(auto changes, Apply(*tx, ctx, customer, updates, Users::kUnchecked));
  tx->Commit();
  return changes;
}

Result<std::vector<LicenseChange>> LicenseService::Swap(const RequestContext& ctx,
                                                        const CustomerId& customer,
                                                        const SwapRequest& swap) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageLicenses));
  if (swap.from == swap.to) {
    return Error(ErrorCode::kBadRequest, "a swap needs two different SKUs");
  }
  auto tx = deps_.store.Write();
  tx->LockCustomer(customer);
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  std::vector<UserId> users;
  Users checked = Users::kKnownToBelong;
  if (swap.user) {
    users.push_back(*swap.user);
    checked = Users::kUnchecked;
  } else {
    for (const User& u : tx->UsersHolding(customer, swap.from, std::numeric_limits<int>::max())) {
      users.push_back(u.id);
    }
    if (users.empty()) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("no user of the customer holds a {} license", swap.from.value()));
    }
  }
  std::vector<LicenseUpdate> updates;
  updates.reserve(users.size());
  for (const UserId& user : users) {
    updates.push_back({.user_id = user, .to_assign = {{swap.to, {}}}, .to_remove = {swap.from}});
  }
  SEATSHIFT_ASSIGN_OR_RETURN(auto changes, Apply(*tx, ctx, customer, updates, checked));
  tx->Commit();
  return changes;
}

}  // namespace seatshift::service
