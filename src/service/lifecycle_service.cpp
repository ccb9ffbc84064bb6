#include "service/lifecycle_service.hpp"

#include <fmt/format.h>

#include <set>

#include "codec/json.hpp"
#include "service/alert_service.hpp"
#include "service/audit.hpp"
#include "service/outbox.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

//! Audit names of the transitions; charges are their own record (the charges table).
std::string_view AuditOperation(LifecycleEvent event) {
  switch (event) {
    case LifecycleEvent::kEndOfSale:
      return "subscription.autorenew.endofsale";
    case LifecycleEvent::kRenewal:
      return "subscription.renew";
    case LifecycleEvent::kExpiry:
      return "subscription.expire";
    case LifecycleEvent::kDisable:
      return "subscription.disable";
    case LifecycleEvent::kDeprovision:
      return "subscription.deprovision";
    case LifecycleEvent::kCharge:
      break;
  }
  return "";
}

const RequestContext& LifecycleContext() {
  static const RequestContext ctx = SystemContext("lifecycle");
  return ctx;
}

//! At deprovisioning, the licenses of the SKU beyond the seats the customer still has in other
//! subscriptions of it are removed (the newest assignments first), each with its audit record.
std::int64_t RemoveStrandedLicenses(store::WriteTransaction& tx, const Subscription& deleted,
                                    Instant at) {
  // Seats are read here and licenses removed on what they say, as an order or a license change
  // of the same customer may be doing at once.
  tx.LockCustomer(deleted.customer_id);
  std::int64_t seats_left = 0;
  store::PageRequest page{.after = "", .limit = 1000};
  store::SubscriptionFilter filter{.customer_id = deleted.customer_id, .sku_id = deleted.sku_id};
  do {
    auto subs = tx.ListSubscriptions(filter, page);
    if (!subs) break;
    for (const Subscription& s : subs->items) {
      if (s.id != deleted.id && s.status != SubscriptionStatus::kDeleted) seats_left += s.quantity;
    }
    page.after = subs->next;
  } while (!page.after.empty());
  const std::int64_t assigned = tx.CountSeats(deleted.customer_id, deleted.sku_id).assigned;
  if (assigned <= seats_left) return 0;
  std::vector<User> holders = tx.UsersHolding(
      deleted.customer_id, deleted.sku_id,
      static_cast<int>(std::min<std::int64_t>(assigned, std::numeric_limits<int>::max())));
  const auto excess = static_cast<std::size_t>(assigned - seats_left);
  std::vector<AuditRecord> audit;
  const std::string removed_license = codec::Serialize(boost::json::object{
      {"skuId", deleted.sku_id.value()}, {"subscriptionId", deleted.id.value().ToString()}});
  for (std::size_t i = holders.size(); i > 0 && audit.size() < excess; --i) {
    const User& holder = holders[i - 1];
    tx.DeleteLicense(holder.id, deleted.sku_id);
    audit.push_back(MakeAuditRecord(LifecycleContext(), at,
                                    {.operation = "license.remove.deprovisioned",
                                     .resource_type = "User",
                                     .resource_id = holder.id.value().ToString(),
                                     .customer_id = deleted.customer_id,
                                     .before = removed_license,
                                     .after = ""}));
  }
  RecordChanges(tx, audit);
  return static_cast<std::int64_t>(audit.size());
}

}  // namespace

Advanced Advance(Subscription sub, const Sku& sku, const Buyer& buyer, Instant until,
                 LifecycleTally& tally) {
  Advanced out;
  while (auto step = NextStep(sub, sku, buyer, until)) {
    tally.Count(*step);
    if (step->charge) out.charges.push_back(std::move(*step->charge));
    if (step->event != LifecycleEvent::kCharge) {
      out.audit.push_back(MakeAuditRecord(
          LifecycleContext(), step->at,
          {.operation = std::string(AuditOperation(step->event)),
           .resource_type = "Subscription",
           .resource_id = sub.id.value().ToString(),
           .customer_id = sub.customer_id,
           .before = codec::Serialize(codec::ToJson(sub, sku.title, step->at)),
           .after = codec::Serialize(codec::ToJson(step->after, sku.title, step->at))}));
    }
    out.deprovisioned |= step->event == LifecycleEvent::kDeprovision;
    sub = std::move(step->after);
  }
  out.subscription = std::move(sub);
  return out;
}

Result<Subscription> CatchUp(store::WriteTransaction& tx, SkuCache& skus,
                             store::LifecycleCandidate candidate, Instant until,
                             LifecycleTally& tally, bool claimed_as_due) {
  const Subscription& stored = candidate.subscription;
  const Sku* sku = skus.Find(stored.sku_id);
  if (!sku) {
    return Error(ErrorCode::kInternal,
                 fmt::format("subscription {} has SKU {}, which is missing from the catalog",
                             stored.id.value().ToString(), stored.sku_id.value()));
  }
  Advanced advanced = Advance(stored, *sku, skus.BuyerOf(candidate), until, tally);
  Subscription& sub = advanced.subscription;
  const bool changed = sub != stored;
  if (!changed && !claimed_as_due) return sub;
  SEATSHIFT_ASSIGN_OR_RETURN(sub.version, tx.UpdateSubscription(sub));
  if (changed) ++tally.subscriptions;
  tx.InsertCharges(advanced.charges);
  RecordChanges(tx, advanced.audit);
  if (advanced.deprovisioned) {
    tally.licenses_removed += RemoveStrandedLicenses(tx, sub, *sub.status_changed_at);
  }
  return sub;
}

void RecordCharge(store::WriteTransaction& tx, const Result<std::optional<Charge>>& owed) {
  if (owed.ok() && *owed) tx.InsertCharges({**owed});
}

Result<LifecycleTally> LifecycleService::Run(const RequestContext& ctx,
                                             std::optional<Instant> until,
                                             const Progress& progress) {
  SEATSHIFT_TRY(Require(ctx, Permission::kControlClock));
  const Instant now = deps_.clock.Now();
  if (until && *until > now) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("until {} is after now ({}): transitions are applied when they are "
                             "due; advance the simulated clock instead",
                             FormatInstant(*until), FormatInstant(now)),
                 {{"field", std::string("until")}});
  }
  const Instant horizon = until.value_or(now);
  // SKUs whose end of sale has come: their auto-renewing subscriptions are due too.
  std::vector<SkuId> ended;
  for (const Sku& sku : deps_.store.Read()->ListSkus({})) {
    if (sku.end_of_sale && StartOf(*sku.end_of_sale) <= horizon) ended.push_back(sku.id);
  }
  LifecycleTally tally;
  std::set<SubscriptionId> idle;  // claimed by end of sale, yet nothing due by `horizon`
  for (;;) {
    // One batch, run again from its claim when it conflicts with another process's.
    std::size_t claimed_due = 0;
    bool claimed_any = false;
    LifecycleTally done;
    std::set<SubscriptionId> newly_idle;
    const Status batch_done =
        store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
          done = {};
          newly_idle.clear();
          std::vector<store::LifecycleCandidate> batch = tx.ClaimDue(horizon, kBatch);
          // Nothing claimable, yet something due: another process holds it, perhaps only to bring
          // it up to an earlier horizon than this run's. Wait for it rather than leave it behind.
          if (batch.empty() && tx.CountDue(horizon) > 0) {
            batch = tx.ClaimDue(horizon, kBatch, /*wait_for_held=*/true);
          }
          claimed_due = batch.size();
          if (claimed_due < static_cast<std::size_t>(kBatch)) {
            for (auto& c : tx.ClaimAutoRenewing(ended, kBatch)) {
              if (!idle.contains(c.subscription.id)) batch.push_back(std::move(c));
            }
          }
          claimed_any = !batch.empty();
          if (!claimed_any) return OkStatus();
          SkuCache skus(tx);
          for (std::size_t i = 0; i < batch.size(); ++i) {
            const SubscriptionId id = batch[i].subscription.id;
            const std::int64_t before = done.subscriptions;
            SEATSHIFT_TRY(CatchUp(tx, skus, std::move(batch[i]), horizon, done, i < claimed_due));
            if (done.subscriptions == before && i >= claimed_due) newly_idle.insert(id);
          }
          tx.Commit();
          return OkStatus();
        });
    SEATSHIFT_TRY(batch_done);
    if (!claimed_any) break;
    idle.insert(newly_idle.begin(), newly_idle.end());
    tally += done;
    if (progress && !progress(tally)) break;
    // Rows claimed as due always leave the due index (or move past `horizon`); when none were
    // claimed and no end-of-sale row changed, nothing more will.
    if (claimed_due == 0 && done.subscriptions == 0) break;
  }
  // The alert rules look at the clock's now: a run that brought everything up to it raises what
  // is now within their horizons (a run up to an earlier instant is only catching up).
  if (horizon == now) tally.alerts_raised = AlertService(deps_).RunPass();
  return tally;
}

}  // namespace seatshift::service
