// seatshift subscriptions list|show|suspend|reactivate|set-quantity|set-autorenew, orders create
#include <fmt/format.h>

#include <charconv>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/json.hpp"

namespace seatshift::cli {
namespace {

struct SubscriptionArgs {
  std::string customer;
  std::string subscription;
  std::string offer;
  std::string status;
  std::string reason;
  bool force = false;
  std::int64_t quantity = 0;
  std::string enabled;
  std::int64_t if_match = 0;
  std::vector<std::string> items;
  std::string request_id;
  int size = 100;
  std::string continuation;
  std::string term;     //!< schedule: the next term (default: the current one)
  std::string billing;  //!< schedule: the next billing cycle (default: the current one)
  std::string end;      //!< schedule: a custom end date of the next term
  bool clear = false;   //!< schedule: remove the scheduled change
};

std::vector<std::string> Row(const Subscription& s) {
  return {s.id.value().ToString(),
          s.sku_id.value(),
          s.friendly_name,
          std::to_string(s.quantity),
          std::string(ToString(s.status)),
          FormatDate(s.term_end),
          s.auto_renew ? "on" : "off"};
}

void PrintSubscription(App& app, const Subscription& s) {
  if (app.options().json) {
    const auto sku = app.catalog().GetSku(app.ctx(), s.sku_id);
    PrintJson(codec::ToJson(s, sku ? sku->title : s.sku_id.value(), app.subscriptions().Now()));
    return;
  }
  Table t({"ID", "OFFER", "NAME", "SEATS", "STATUS", "ENDS", "AUTO-RENEW"});
  t.Add(Row(s));
  t.Print();
  if (const auto at = s.DeprovisionAt()) {
    std::cout << fmt::format("suspended; deprovisioned on {} unless reactivated\n",
                             FormatInstant(*at));
  }
}

Result<CustomerId> ResolveCustomer(App& app, const std::string& key) {
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Find(app.ctx(), key));
  return c.id;
}

Result<SubscriptionId> ParseSubscriptionId(const std::string& text) {
  if (const auto id = Uuid::Parse(text)) return SubscriptionId(*id);
  return Error(ErrorCode::kBadRequest, fmt::format("'{}' is not a subscription id (a GUID)", text));
}

Status List(App& app, const SubscriptionArgs& args) {
  if (args.size < 1 || args.size > 1000) return Error(ErrorCode::kBadRequest, "--size: 1..1000");
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer, ResolveCustomer(app, args.customer));
  store::SubscriptionFilter filter{.customer_id = customer};
  if (!args.offer.empty()) filter.sku_id = SkuId(args.offer);
  if (!args.status.empty()) {
    filter.status = ParseSubscriptionStatus(args.status);
    if (!filter.status)
      return Error(ErrorCode::kBadRequest,
                   "--status: expected active, suspended, expired, disabled or deleted");
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page, app.subscriptions().List(app.ctx(), filter,
                                                {.after = args.continuation, .limit = args.size}));
  if (app.options().json) {
    boost::json::array items;
    for (const auto& named : page.items) {
      items.push_back(
          codec::ToJson(named.subscription, named.offer_name, app.subscriptions().Now()));
    }
    PrintJson(Collection(std::move(items), page.total, page.next));
    return OkStatus();
  }
  Table t({"ID", "OFFER", "NAME", "SEATS", "STATUS", "ENDS", "AUTO-RENEW"});
  for (const auto& named : page.items) t.Add(Row(named.subscription));
  t.Print();
  return OkStatus();
}

Status Show(App& app, const SubscriptionArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer, ResolveCustomer(app, args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const SubscriptionId id, ParseSubscriptionId(args.subscription));
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription s,
                             app.subscriptions().Get(app.ctx(), customer, id));
  PrintSubscription(app, s);
  return OkStatus();
}

Status Patch(App& app, const SubscriptionArgs& args, service::SubscriptionPatch patch) {
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer, ResolveCustomer(app, args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const SubscriptionId id, ParseSubscriptionId(args.subscription));
  if (args.if_match > 0) patch.if_match = args.if_match;
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription s,
                             app.subscriptions().Update(app.ctx(), customer, id, patch));
  PrintSubscription(app, s);
  return OkStatus();
}

Status Suspend(App& app, const SubscriptionArgs& args) {
  return Patch(app, args,
               {.status = SubscriptionStatus::kSuspended,
                .suspension_reason = args.reason,
                .force = args.force});
}

Status Reactivate(App& app, const SubscriptionArgs& args) {
  return Patch(app, args, {.status = SubscriptionStatus::kActive});
}

Status SetQuantity(App& app, const SubscriptionArgs& args) {
  return Patch(app, args, {.quantity = args.quantity});
}

Status SetAutoRenew(App& app, const SubscriptionArgs& args) {
  const auto enabled = ParseBool(args.enabled);
  if (!enabled) return Error(ErrorCode::kBadRequest, "enabled: expected true or false");
  return Patch(app, args, {.auto_renew = enabled});
}

Status Cancel(App& app, const SubscriptionArgs& args) {
  return Patch(app, args, {.status = SubscriptionStatus::kDeleted});
}

//! The next term: the current subscription's term, billing and seats unless given.
Status Schedule(App& app, const SubscriptionArgs& args) {
  if (args.clear) return Patch(app, args, {.scheduled = std::optional<ScheduledChange>()});
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer, ResolveCustomer(app, args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const SubscriptionId id, ParseSubscriptionId(args.subscription));
  SEATSHIFT_ASSIGN_OR_RETURN(const Subscription s,
                             app.subscriptions().Get(app.ctx(), customer, id));
  ScheduledChange change{.sku_id = s.sku_id,
                         .term = s.term,
                         .billing_cycle = s.billing_cycle,
                         .quantity = args.quantity > 0 ? args.quantity : s.quantity,
                         .custom_term_end = std::nullopt};
  if (!args.term.empty()) {
    const auto term = ParseTermDuration(args.term);
    if (!term) return Error(ErrorCode::kBadRequest, "--term: expected P1M, P1Y or P3Y");
    change.term = *term;
  }
  if (!args.billing.empty()) {
    const auto cycle = ParseBillingCycle(args.billing);
    if (!cycle)
      return Error(ErrorCode::kBadRequest, "--billing: expected monthly, annual or triennial");
    change.billing_cycle = *cycle;
  }
  if (!args.end.empty()) {
    change.custom_term_end = ParseDate(args.end);
    if (!change.custom_term_end) return Error(ErrorCode::kBadRequest, "--end: expected YYYY-MM-DD");
  }
  return Patch(app, args, {.scheduled = std::optional(change)});
}

Status RenewAtAssigned(App& app, const SubscriptionArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer, ResolveCustomer(app, args.customer));
  std::optional<SubscriptionId> only;
  if (!args.subscription.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(only, ParseSubscriptionId(args.subscription));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto changed, app.subscriptions().ReduceToAssignedAtRenewal(app.ctx(), customer, only));
  if (app.options().json) {
    boost::json::array items;
    for (const Subscription& s : changed) {
      items.push_back(codec::ToJson(s, s.sku_id.value(), app.subscriptions().Now()));
    }
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(changed.size()), ""));
    return OkStatus();
  }
  for (const Subscription& s : changed) {
    std::cout << fmt::format("{} {}: {} seats now, {} at renewal on {}\n", ToString(s.id),
                             s.sku_id.value(), s.quantity, s.scheduled->quantity,
                             FormatDate(s.term_end + std::chrono::days(1)));
  }
  std::cout << fmt::format("{} subscription(s) scheduled down to their assigned seats\n",
                           changed.size());
  return OkStatus();
}

//! "SKU:QTY[:TERM[:CYCLE]]", e.g. "SPE_E3:25" or "SPE_E3:25:P1M:monthly".
Result<OrderLineItem> ParseItem(const std::string& text, int number) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1) {
    parts.push_back(text.substr(start, colon - start));
  }
  parts.push_back(text.substr(start));
  const auto bad = [&] {
    return Error(
        ErrorCode::kBadRequest,
        fmt::format("--item '{}': expected SKU:QUANTITY[:P1M|P1Y[:monthly|annual]]", text));
  };
  if (parts.size() < 2 || parts.size() > 4 || parts[0].empty()) return bad();
  OrderLineItem item{.line_item_number = number, .offer_id = SkuId(parts[0])};
  const auto [ptr, ec] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), item.quantity);
  if (ec != std::errc() || ptr != parts[1].data() + parts[1].size()) return bad();
  if (parts.size() > 2) {
    const auto term = ParseTermDuration(parts[2]);
    if (!term) return bad();
    item.term = *term;
  }
  if (parts.size() > 3) {
    const auto cycle = ParseBillingCycle(parts[3]);
    if (!cycle) return bad();
    item.billing_cycle = *cycle;
  }
  return item;
}

Status CreateOrder(App& app, const SubscriptionArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer, ResolveCustomer(app, args.customer));
  std::vector<OrderLineItem> items;
  for (const std::string& text : args.items) {
    SEATSHIFT_ASSIGN_OR_RETURN(OrderLineItem item, ParseItem(text, static_cast<int>(items.size())));
    items.push_back(std::move(item));
  }
  service::RequestContext ctx = app.ctx();
  if (!args.request_id.empty()) ctx.idempotency = service::IdempotencyKey{args.request_id, ""};
  SEATSHIFT_ASSIGN_OR_RETURN(const auto placed, app.orders().Create(ctx, customer, items));
  if (app.options().json) {
    boost::json::object out = codec::ToJson(placed.order);
    out["replayed"] = placed.replayed;
    PrintJson(out);
    return OkStatus();
  }
  std::cout << fmt::format(
      "order {}{}\n", placed.order.id.value().ToString(),
      placed.replayed ? " (already placed with this request id; nothing new bought)" : "");
  Table t({"ID", "OFFER", "NAME", "SEATS", "STATUS", "ENDS", "AUTO-RENEW"});
  for (const auto& s : placed.subscriptions) t.Add(Row(s));
  t.Print();
  return OkStatus();
}

}  // namespace

void AddSubscriptionCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<SubscriptionArgs> binder(app, action);
  SubscriptionArgs* args = &binder.args();
  const auto target = [args](CLI::App* cmd) {
    cmd->add_option("--customer", args->customer, "Customer id or domain")->required();
    cmd->add_option("subscription", args->subscription, "Subscription id")->required();
    cmd->add_option("--if-match", args->if_match, "Refuse if the subscription's ETag changed");
  };

  auto* subs = root.add_subcommand("subscriptions", "Subscriptions of a customer");
  subs->require_subcommand(1);
  auto* list = subs->add_subcommand("list", "List a customer's subscriptions");
  list->add_option("--customer", args->customer, "Customer id or domain")->required();
  list->add_option("--offer", args->offer, "Only this SKU");
  list->add_option("--status", args->status, "Only this status");
  list->add_option("--size", args->size, "Items per page (1..1000)");
  list->add_option("--continuation", args->continuation, "Token printed by the previous page");
  binder.Bind(list, List);

  auto* show = subs->add_subcommand("show", "Show one subscription");
  show->add_option("--customer", args->customer, "Customer id or domain")->required();
  show->add_option("subscription", args->subscription, "Subscription id")->required();
  binder.Bind(show, Show);

  auto* suspend = subs->add_subcommand("suspend", "Suspend (deprovisioned 120 days later)");
  target(suspend);
  suspend->add_flag("--force", args->force, "Suspend even though users hold its licenses");
  suspend->add_option("--reason", args->reason, "Suspension reason");
  binder.Bind(suspend, Suspend);

  auto* reactivate = subs->add_subcommand("reactivate", "Reactivate a suspended subscription");
  target(reactivate);
  binder.Bind(reactivate, Reactivate);

  auto* quantity = subs->add_subcommand("set-quantity", "Change the number of seats");
  target(quantity);
  quantity->add_option("quantity", args->quantity, "New seat count")->required();
  binder.Bind(quantity, SetQuantity);

  auto* autorenew = subs->add_subcommand("set-autorenew", "Switch auto-renew on or off");
  target(autorenew);
  autorenew->add_option("enabled", args->enabled, "true or false")->required();
  binder.Bind(autorenew, SetAutoRenew);

  auto* cancel = subs->add_subcommand(
      "cancel", "Cancel a New Commerce subscription inside its 168-hour window (refunded)");
  target(cancel);
  binder.Bind(cancel, Cancel);

  auto* schedule = subs->add_subcommand(
      "schedule", "Schedule the next term (seats, term, billing, end date), applied at renewal");
  target(schedule);
  schedule->add_option("--quantity", args->quantity, "Seats of the next term (default: now)");
  schedule->add_option("--term", args->term, "P1M, P1Y or P3Y (default: the current term)");
  schedule->add_option("--billing", args->billing, "monthly, annual or triennial");
  schedule->add_option("--end", args->end, "Custom end date of the next term (YYYY-MM-DD)");
  schedule->add_flag("--clear", args->clear, "Remove the scheduled change");
  binder.Bind(schedule, Schedule);

  auto* at_assigned = subs->add_subcommand(
      "renew-at-assigned",
      "Schedule renewing New Commerce subscriptions down to the seats licenses use");
  at_assigned->add_option("--customer", args->customer, "Customer id or domain")->required();
  at_assigned->add_option("subscription", args->subscription, "Only this subscription");
  binder.Bind(at_assigned, RenewAtAssigned);

  auto* orders = root.add_subcommand("orders", "Purchases");
  orders->require_subcommand(1);
  auto* create = orders->add_subcommand("create", "Buy subscriptions (all line items or none)");
  create->add_option("--customer", args->customer, "Customer id or domain")->required();
  create->add_option("--item", args->items, "SKU:QUANTITY[:P1M|P1Y[:monthly|annual]], repeatable")
      ->required();
  create->add_option("--request-id", args->request_id,
                     "Idempotency key: a retry buys nothing twice");
  binder.Bind(create, CreateOrder);
}

}  // namespace seatshift::cli
