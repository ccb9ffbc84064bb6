#include "service/alert_service.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "codec/event_json.hpp"
#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/forecast_service.hpp"
#include "service/subscription_service.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr int kPage = 500;

struct Pending {
  AlertCandidate candidate;
  std::optional<CustomerId> customer;
  std::string resource_name;
  std::string resource_id;
  std::string resource_uri;
  boost::json::object parameters;
};

std::string SubscriptionUri(const Subscription& sub) {
  return fmt::format("/v1/customers/{}/subscriptions/{}", ToString(sub.customer_id),
                     ToString(sub.id));
}

Pending AboutSubscription(AlertCandidate candidate, const SubscriptionAtRisk& row) {
  const Subscription& sub = row.subscription;
  return {.candidate = std::move(candidate),
          .customer = sub.customer_id,
          .resource_name = "subscription",
          .resource_id = ToString(sub.id),
          .resource_uri = SubscriptionUri(sub),
          .parameters = {{"companyName", row.company_name},
                         {"subscriptionId", ToString(sub.id)},
                         {"offerName", row.offer_name},
                         {"quantity", sub.quantity},
                         {"assignedLicenses", row.assigned_licenses},
                         {"unusedSeats", row.unused_seats},
                         {"termEndDate", FormatDate(sub.term_end)}}};
}

//! Every page of the partner-wide subscription search `filter` selects; false when a read failed.
template <typename Each>
bool ForEachAtRisk(SubscriptionService& subscriptions, const store::SubscriptionFilter& filter,
                   Each&& each) {
  const RequestContext ctx = SystemContext("alerts");
  store::PageRequest page{.limit = kPage};
  do {
    auto found = subscriptions.Search(ctx, filter, page);
    if (!found) return false;
    for (const SubscriptionAtRisk& row : found->items) each(row);
    page.after = found->next;
  } while (!page.after.empty());
  return true;
}

}  // namespace

int AlertService::RunPass() {
  const Instant now = deps_.clock.Now();
  const Date today = DayOf(now);
  std::vector<Pending> found;
  // The rules evaluated in full: their open alerts not found again are resolved.
  std::set<AlertRule> evaluated;
  SubscriptionService subscriptions(deps_);
  if (ForEachAtRisk(subscriptions,
                    {.status = SubscriptionStatus::kActive,
                     .auto_renew = false,
                     .ends_before = today + horizons_.auto_renew_off + std::chrono::days(1)},
                    [&](const SubscriptionAtRisk& row) {
                      if (auto c = AutoRenewOffEnding(row.subscription, now, horizons_)) {
                        found.push_back(AboutSubscription(*std::move(c), row));
                      }
                    })) {
    evaluated.insert(AlertRule::kAutoRenewOffEnding);
  }
  if (ForEachAtRisk(subscriptions,
                    {.status = SubscriptionStatus::kActive,
                     .auto_renew = true,
                     .ends_before = today + horizons_.unused_seats + std::chrono::days(1),
                     .unused_seats = true},
                    [&](const SubscriptionAtRisk& row) {
                      if (auto c = RenewingWithUnusedSeats(row.subscription, row.assigned_licenses,
                                                           now, horizons_)) {
                        found.push_back(AboutSubscription(*std::move(c), row));
                      }
                    })) {
    evaluated.insert(AlertRule::kRenewingWithUnusedSeats);
  }
  {
    auto tx = deps_.store.Read();
    store::PageRequest page{.limit = kPage};
    std::map<CustomerId, std::string> names;
    do {
      auto subs = tx->ListInCancellationWindow(now, page);
      if (!subs) break;
      if (subs->next.empty()) evaluated.insert(AlertRule::kCancellationWindowClosing);
      for (const Subscription& sub : subs->items) {
        for (AlertCandidate& c : CancellationWindowsClosing(sub, now, horizons_)) {
          auto [it, fresh] = names.try_emplace(sub.customer_id);
          if (fresh) {
            const auto customer = tx->FindCustomer(sub.customer_id);
            it->second = customer ? customer->company_name : "";
          }
          const auto sku = tx->FindSku(sub.sku_id);
          const Instant closes = *c.due_at;
          std::int64_t lot_quantity = 0;
          for (const PurchaseLot& lot : sub.lots) {
            if (lot.RefundableUntil() == closes) lot_quantity += lot.quantity;
          }
          found.push_back({.candidate = std::move(c),
                           .customer = sub.customer_id,
                           .resource_name = "subscription",
                           .resource_id = ToString(sub.id),
                           .resource_uri = SubscriptionUri(sub),
                           .parameters = {{"companyName", it->second},
                                          {"subscriptionId", ToString(sub.id)},
                                          {"offerName", sku ? sku->title : sub.sku_id.value()},
                                          {"quantity", lot_quantity},
                                          {"windowClosesAt", FormatInstant(closes)}}});
        }
      }
      page.after = subs->next;
    } while (!page.after.empty());
    page = {.limit = kPage};
    do {
      auto migrations = tx->ListMigrations(page);
      if (!migrations) break;
      if (migrations->next.empty()) evaluated.insert(AlertRule::kMigrationNeedsAttention);
      for (const Migration& m : migrations->items) {
        auto c = MigrationNeedsAttention(m);
        if (!c) continue;
        const auto source = tx->FindSku(m.source_sku_id);
        found.push_back(
            {.candidate = *std::move(c),
             .resource_name = "migration",
             .resource_id = ToString(m.id),
             .resource_uri = fmt::format("/v1/migrations/{}", ToString(m.id)),
             .parameters = {{"migrationStatus", ToString(m.status)},
                            {"offerName", source ? source->title : m.source_sku_id.value()}}});
      }
      page.after = migrations->next;
    } while (!page.after.empty());
  }
  {
    // One alert per customer losing service, about the earliest loss.
    ForecastService forecast(deps_);
    ServiceLossQuery query{.by = today + horizons_.service_loss, .page = {.limit = kPage}};
    struct Loss {
      Instant first{Instant::max()};
      std::set<UserId> users;
      std::set<std::string> plans;
    };
    std::map<CustomerId, Loss> losses;
    do {
      auto page = forecast.ServiceLoss(SystemContext("alerts"), query);
      if (!page) break;
      if (page->next.empty()) evaluated.insert(AlertRule::kServiceLoss);
      for (const ServiceLossRow& row : page->items) {
        Loss& loss = losses[row.customer_id];
        loss.first = std::min(loss.first, row.loses_at);
        loss.users.insert(row.user_id);
        loss.plans.insert(row.service_plan.display_name.empty() ? row.service_plan.name
                                                                : row.service_plan.display_name);
      }
      query.page.after = page->next;
    } while (!query.page.after.empty());
    auto tx = deps_.store.Read();
    for (const auto& [customer, loss] : losses) {
      if (loss.first <= now) continue;
      const auto c = tx->FindCustomer(customer);
      boost::json::array plans;
      for (const std::string& plan : loss.plans) plans.emplace_back(plan);
      found.push_back({.candidate = {.rule = AlertRule::kServiceLoss,
                                     .occurrence = fmt::format("{}@{}", ToString(customer),
                                                               FormatInstant(loss.first)),
                                     .due_at = loss.first},
                       .customer = customer,
                       .resource_name = "customer",
                       .resource_id = ToString(customer),
                       .resource_uri = fmt::format("/v1/customers/{}", ToString(customer)),
                       .parameters = {{"companyName", c ? c->company_name : ""},
                                      {"users", static_cast<std::int64_t>(loss.users.size())},
                                      {"plans", std::move(plans)}}});
    }
  }
  std::set<std::pair<AlertRule, std::string>> holding;
  for (const Pending& p : found) holding.emplace(p.candidate.rule, p.candidate.occurrence);
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) {
    // An open alert whose condition no longer holds (renewal turned back on, the date passed, the
    // migration resumed) is resolved: dismissed by the system.
    std::vector<AlertId> resolved;
    store::PageRequest page{.limit = kPage};
    do {
      auto open = tx.ListAlerts({}, page);
      if (!open) break;
      for (const Alert& a : open->items) {
        if (evaluated.contains(a.rule) && !holding.contains({a.rule, a.occurrence})) {
          resolved.push_back(a.id);
        }
      }
      page.after = open->next;
    } while (!page.after.empty());
    for (const AlertId& id : resolved) (void)tx.DismissAlert(id, "system", now);
    int raised = 0;
    std::vector<Event> told;
    for (const Pending& p : found) {
      const Alert alert{.id = AlertId(deps_.ids.Next()),
                        .rule = p.candidate.rule,
                        .occurrence = p.candidate.occurrence,
                        .customer_id = p.customer,
                        .resource_name = p.resource_name,
                        .resource_id = p.resource_id,
                        .resource_uri = p.resource_uri,
                        .raised_at = now,
                        .due_at = p.candidate.due_at,
                        .parameters = codec::Serialize(p.parameters)};
      if (!tx.RaiseAlert(alert)) continue;
      ++raised;
      boost::json::object data = codec::ToJson(alert);
      told.push_back({.name = std::string(events::kAlertRaised),
                      .resource_name = "alert",
                      .resource_uri = fmt::format("/v1/alerts/{}", ToString(alert.id)),
                      .customer_id = p.customer,
                      .time = now,
                      .correlation_id = "alerts",
                      .data = codec::Serialize(data)});
    }
    if (!told.empty()) tx.AppendEvents(told);
    tx.Commit();
    return raised;
  });
}

Result<store::Page<Alert>> AlertService::List(const RequestContext& ctx,
                                              const store::AlertFilter& filter,
                                              const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadReports));
  auto tx = deps_.store.Read();
  if (filter.customer_id && !tx->FindCustomer(*filter.customer_id)) {
    return CustomerNotFound(*filter.customer_id);
  }
  return tx->ListAlerts(filter, page);
}

Result<Alert> AlertService::Get(const RequestContext& ctx, const AlertId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadReports));
  auto found = deps_.store.Read()->FindAlert(id);
  if (!found) return Error(ErrorCode::kNotFound, fmt::format("alert {} not found", ToString(id)));
  return *std::move(found);
}

Result<Alert> AlertService::Dismiss(const RequestContext& ctx, const AlertId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadReports));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<Alert> {
    const Instant now = deps_.clock.Now();
    SEATSHIFT_TRY(tx.DismissAlert(id, ctx.actor.id, now));
    auto alert = tx.FindAlert(id);
    RecordAudit(tx, ctx, now,
                {.operation = "alert.dismiss",
                 .resource_type = "Alert",
                 .resource_id = ToString(id),
                 .customer_id = alert->customer_id,
                 .before = "",
                 .after = codec::Serialize(codec::ToJson(*alert))});
    tx.Commit();
    return *std::move(alert);
  });
}

}  // namespace seatshift::service
