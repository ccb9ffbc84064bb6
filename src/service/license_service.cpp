#include "service/license_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/catalog_service.hpp"
#include "service/customer_service.hpp"
#include "service/idempotency.hpp"
#include "service/outbox.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {

Result<std::vector<LicenseWithSku>> LicenseService::UserLicenses(const RequestContext& ctx,
                                                                 const CustomerId& customer,
                                                                 const UserId& user) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindUser(customer, user)) {
    return tx->FindCustomer(customer) ? UserNotFound(user) : CustomerNotFound(customer);
  }
  std::vector<LicenseWithSku> out;
  for (License& license : tx->LicensesOfUser(user)) {
    std::optional<Sku> sku = tx->FindSku(license.sku_id);
    out.push_back({.license = std::move(license), .sku = std::move(sku)});
  }
  return out;
}

Result<store::Page<UserWithLicenses>> LicenseService::UsersWithLicenses(
    const RequestContext& ctx, const CustomerId& customer, const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  SEATSHIFT_ASSIGN_OR_RETURN(store::Page<User> users, tx->ListUsers(customer, page));
  std::vector<UserId> ids;
  ids.reserve(users.items.size());
  for (const User& u : users.items) ids.push_back(u.id);
  auto held = tx->LicensesOfUsers(customer, ids);
  store::Page<UserWithLicenses> out{.items = {}, .next = users.next, .total = users.total};
  out.items.reserve(users.items.size());
  for (User& u : users.items) {
    auto it = held.find(u.id);
    out.items.push_back(
        {.user = std::move(u),
         .licenses = it == held.end() ? std::vector<License>{} : std::move(it->second)});
  }
  return out;
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
        it->second.service_plans = sku->service_plans;
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

namespace {

//! Audit snapshots of license lists. A batch moves many users between the same few lists, so
//! each distinct list is serialised once.
class LicenseSnapshots {
 public:
  const std::string& Of(const std::vector<License>& licenses) {
    std::string key;
    for (const License& l : licenses) {
      key += l.sku_id.value();
      for (const ServicePlanId& plan : l.excluded_plans) {
        key += '/';
        key += plan.value().ToString();
      }
      key += ";";
    }
    auto [it, inserted] = cache_.try_emplace(std::move(key));
    if (inserted) it->second = codec::Serialize(codec::ToJson(licenses));
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::string> cache_;
};

//! Locks the customer and reads, in one round trip, what a change to one user's licenses
//! starts from: its licenses into `held`, the seats of `skus` (the SKUs it would take) into
//! `counted`. NotFound when the customer, or the user at that customer, does not exist.
Status ReadOneUser(store::WriteTransaction& tx, const CustomerId& customer, const UserId& user,
                   const std::vector<SkuId>& skus, LicenseService::HeldLicenses& held,
                   std::map<SkuId, SeatCount>& counted) {
  store::UserLicenseBasis basis = tx.LockForLicenseChange(customer, user, skus);
  if (!basis.customer) return CustomerNotFound(customer);
  if (!basis.user_found) return UserNotFound(user);
  held.emplace(user, std::move(basis.licenses));
  counted = std::move(basis.seats);
  return OkStatus();
}

}  // namespace

Result<std::vector<LicenseChange>> LicenseService::Apply(
    store::WriteTransaction& tx, const RequestContext& ctx, const CustomerId& customer,
    const std::vector<LicenseUpdate>& updates, const HeldLicenses& held,
    const std::map<SkuId, SeatCount>& counted) {
  if (updates.empty()) return Error(ErrorCode::kBadRequest, "no license updates given");
  SkuCache skus(tx);
  SeatLedger ledger;
  std::set<UserId> seen;
  std::vector<LicenseChange> changes;
  changes.reserve(updates.size());
  for (const LicenseUpdate& update : updates) {
    if (!seen.insert(update.user_id).second) {
      return Error(ErrorCode::kBadRequest, fmt::format("user {} appears twice in the batch",
                                                       update.user_id.value().ToString()));
    }
    const auto it = held.find(update.user_id);
    SEATSHIFT_ASSIGN_OR_RETURN(
        LicenseChange change,
        PlanLicenseUpdate(update, it == held.end() ? std::vector<License>{} : it->second,
                          skus.AsLookup()));
    ledger.Apply(change);
    changes.push_back(std::move(change));
  }
  SEATSHIFT_TRY(ledger.Check([&](const SkuId& sku) {
    const auto it = counted.find(sku);
    return it != counted.end() ? it->second : tx.CountSeats(customer, sku);
  }));

  // Removals and assignments land in the same transaction: no committed state in between.
  tx.ApplyLicenseChanges(customer, changes);
  const Instant now = deps_.clock.Now();
  LicenseSnapshots snapshots;
  std::vector<AuditRecord> audit;
  audit.reserve(changes.size());
  for (const LicenseChange& change : changes) {
    audit.push_back(MakeAuditRecord(ctx, now,
                                    {.operation = "license.update",
                                     .resource_type = "CustomerUser",
                                     .resource_id = change.user_id.value().ToString(),
                                     .customer_id = customer,
                                     .before = snapshots.Of(change.before),
                                     .after = snapshots.Of(change.after)}));
  }
  RecordChanges(tx, audit);
  return changes;
}

Status LicenseService::CheckUsers(store::WriteTransaction& tx, const CustomerId& customer,
                                  const std::vector<UserId>& users) {
  for (const UserId& user : users) {
    if (!tx.FindUser(customer, user)) return UserNotFound(user);
  }
  return OkStatus();
}

Result<std::vector<LicenseChange>> LicenseService::Update(const RequestContext& ctx,
                                                          const CustomerId& customer,
                                                          std::vector<LicenseUpdate> updates) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageLicenses));
  return Transact(
      deps_, ctx, [&](store::WriteTransaction& tx) -> Result<std::vector<LicenseChange>> {
        std::vector<SkuId> assigned;
        for (LicenseUpdate& update : updates) {
          for (LicenseAssignment& a : update.to_assign) {
            a.sku_id = CanonicalSkuId(tx, a.sku_id);
            assigned.push_back(a.sku_id);
          }
          for (SkuId& sku : update.to_remove) sku = CanonicalSkuId(tx, sku);
        }
        if (updates.size() == 1) {  // one user: the usual call, read in one round trip
          HeldLicenses held;
          std::map<SkuId, SeatCount> counted;
          SEATSHIFT_TRY(
              ReadOneUser(tx, customer, updates.front().user_id, assigned, held, counted));
          return Apply(tx, ctx, customer, updates, held, counted);
        }
        tx.LockCustomer(customer);
        if (!tx.FindCustomer(customer)) return CustomerNotFound(customer);
        std::vector<UserId> users;
        for (const LicenseUpdate& update : updates) users.push_back(update.user_id);
        SEATSHIFT_TRY(CheckUsers(tx, customer, users));
        return Apply(tx, ctx, customer, updates, tx.LicensesOfUsers(customer, users));
      });
}

Result<std::vector<LicenseChange>> LicenseService::Swap(const RequestContext& ctx,
                                                        const CustomerId& customer,
                                                        const SwapRequest& swap) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageLicenses));
  if (swap.from == swap.to) {
    return Error(ErrorCode::kBadRequest, "a swap needs two different SKUs");
  }
  return store::Transact(
      deps_.store, [&](store::WriteTransaction& tx) -> Result<std::vector<LicenseChange>> {
        HeldLicenses held;
        std::map<SkuId, SeatCount> counted;
        if (swap.user) {
          SEATSHIFT_TRY(ReadOneUser(tx, customer, *swap.user, {swap.to}, held, counted));
        } else {
          tx.LockCustomer(customer);
          if (!tx.FindCustomer(customer)) return CustomerNotFound(customer);
          held = tx.LicensesOfCustomer(customer);
          std::erase_if(held, [&](const auto& entry) {
            return std::none_of(entry.second.begin(), entry.second.end(),
                                [&](const License& l) { return l.sku_id == swap.from; });
          });
          if (held.empty()) {
            return Error(
                ErrorCode::kBadRequest,
                fmt::format("no user of the customer holds a {} license", swap.from.value()));
          }
        }
        std::vector<LicenseUpdate> updates;
        updates.reserve(held.size());
        for (const auto& [user, licenses] : held) {
          updates.push_back(
              {.user_id = user, .to_assign = {{swap.to, {}}}, .to_remove = {swap.from}});
        }
        SEATSHIFT_ASSIGN_OR_RETURN(auto changes, Apply(tx, ctx, customer, updates, held, counted));
        tx.Commit();
        return changes;
      });
}

}  // namespace seatshift::service
