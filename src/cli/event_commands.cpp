// seatshift events tail, seatshift alerts list|dismiss, seatshift webhooks ...
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/event_json.hpp"
#include "service/alert_service.hpp"
#include "service/event_service.hpp"
#include "service/webhook_service.hpp"

namespace seatshift::cli {
namespace {

struct EventArgs {
  std::string id;
  std::int64_t after = 0;
  int limit = 100;
  bool follow = false;
  std::vector<std::string> events;
  std::string customer;
  std::string url;
  std::string description;
  std::string state;
  bool all = false;
  bool dismissed = false;
  std::optional<std::int64_t> event_id;
  std::optional<std::int64_t> from_event;
  std::optional<std::int64_t> to_event;
  std::string since;
  std::string until;
};

template <typename Id>
Result<Id> ParseGuidArg(const std::string& text, std::string_view what) {
  const auto uuid = Uuid::Parse(text);
  if (!uuid) return Error(ErrorCode::kBadRequest, fmt::format("'{}' is not {}", text, what));
  return Id(*uuid);
}

Result<std::optional<CustomerId>> CustomerOf(const EventArgs& args) {
  if (args.customer.empty()) return std::optional<CustomerId>();
  SEATSHIFT_ASSIGN_OR_RETURN(auto id, ParseGuidArg<CustomerId>(args.customer, "a customer id"));
  return std::optional(id);
}

void PrintEvents(App& app, const std::vector<Event>& events) {
  if (app.options().json) {
    // One JSON object per line: what `tail` readers (jq, scripts) take.
    for (const Event& e : events) std::cout << codec::Serialize(codec::ToJson(e)) << "\n";
  } else {
    for (const Event& e : events) {
      std::cout << fmt::format("{:>8}  {}  {:<24} {}\n", e.id, FormatInstant(e.time), e.name,
                               e.resource_uri);
    }
  }
  std::cout.flush();
}

//! Prints the events after --after; with --follow, keeps reading new ones (twice a second)
//! until interrupted.
Status Tail(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer, CustomerOf(args));
  const store::EventFilter filter{.customer_id = customer, .names = args.events};
  service::EventService events(app.Deps());
  std::int64_t after = args.after;
  for (;;) {
    SEATSHIFT_ASSIGN_OR_RETURN(const auto found,
                               events.After(app.ctx(), after, filter, args.limit));
    PrintEvents(app, found);
    if (!found.empty()) after = found.back().id;
    if (!args.follow) return OkStatus();
    if (static_cast<int>(found.size()) < args.limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

std::string Describe(const Alert& a) {
  const auto params = boost::json::parse(a.parameters.empty() ? "{}" : a.parameters);
  const auto field = [&](const char* key) -> std::string {
    const auto* v = params.as_object().if_contains(key);
    if (!v) return "";
    return v->is_string() ? std::string(v->as_string()) : boost::json::serialize(*v);
  };
  switch (a.rule) {
    case AlertRule::kAutoRenewOffEnding:
      return fmt::format("{}: {} ({} seats) ends {} with auto-renew off", field("companyName"),
                         field("offerName"), field("quantity"), field("termEndDate"));
    case AlertRule::kRenewingWithUnusedSeats:
      return fmt::format("{}: {} renews {} with {} unused seats", field("companyName"),
                         field("offerName"), field("termEndDate"), field("unusedSeats"));
    case AlertRule::kCancellationWindowClosing:
      return fmt::format("{}: {} seats of {} can be cancelled until {}", field("companyName"),
                         field("quantity"), field("offerName"), field("windowClosesAt"));
    case AlertRule::kMigrationNeedsAttention:
      return fmt::format("migration of {} is {}", field("offerName"), field("migrationStatus"));
    case AlertRule::kServiceLoss:
      return fmt::format("{}: {} users lose service", field("companyName"), field("users"));
  }
  return std::string(ToString(a.rule));
}

Status ListAlerts(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer, CustomerOf(args));
  using Which = store::AlertFilter::Status;
  const store::AlertFilter filter{.status = args.all         ? Which::kAll
                                            : args.dismissed ? Which::kDismissed
                                                             : Which::kOpen,
                                  .customer_id = customer};
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page,
      service::AlertService(app.Deps()).List(app.ctx(), filter, {.limit = args.limit}));
  if (app.options().json) {
    boost::json::array items;
    for (const Alert& a : page.items) items.push_back(codec::ToJson(a));
    PrintJson(Collection(std::move(items), page.total, page.next));
    return OkStatus();
  }
  Table t({"ID", "RULE", "DUE", "ALERT"});
  for (const Alert& a : page.items) {
    t.Add({ToString(a.id), std::string(ToString(a.rule)), a.due_at ? FormatInstant(*a.due_at) : "-",
           Describe(a)});
  }
  t.Print();
  if (page.total > static_cast<std::int64_t>(page.items.size())) {
    std::cout << fmt::format("{} of {} shown (--limit)\n", page.items.size(), page.total);
  }
  return OkStatus();
}

Status DismissAlert(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto id, ParseGuidArg<AlertId>(args.id, "an alert id"));
  SEATSHIFT_ASSIGN_OR_RETURN(const Alert alert,
                             service::AlertService(app.Deps()).Dismiss(app.ctx(), id));
  if (app.options().json) {
    PrintJson(codec::ToJson(alert));
  } else {
    std::cout << fmt::format("dismissed: {}\n", Describe(alert));
  }
  return OkStatus();
}

void PrintWebhooks(App& app, const std::vector<WebhookEndpoint>& endpoints) {
  if (app.options().json) {
    boost::json::array items;
    for (const WebhookEndpoint& e : endpoints) items.push_back(codec::ToJson(e));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(endpoints.size()), ""));
    return;
  }
  Table t({"ID", "URL", "EVENTS", "STATE"});
  for (const WebhookEndpoint& e : endpoints) {
    t.Add({ToString(e.id), e.url,
           e.events.empty() ? "all" : fmt::format("{}", fmt::join(e.events, ",")),
           std::string(e.paused ? "paused" : "active") +
               (e.partner_center ? " (Partner Center registration)" : "")});
  }
  t.Print();
}

Status ListWebhooks(App& app, const EventArgs&) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto list, service::WebhookService(app.Deps()).List(app.ctx()));
  PrintWebhooks(app, list);
  return OkStatus();
}

Status AddWebhook(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto made,
      service::WebhookService(app.Deps())
          .Create(app.ctx(),
                  {.url = args.url, .description = args.description, .events = args.events}));
  if (app.options().json) {
    boost::json::object json = codec::ToJson(made.endpoint);
    json["secret"] = made.secret;
    PrintJson(json);
  } else {
    PrintWebhooks(app, {made.endpoint});
    std::cout << fmt::format("signing secret: {}\nStore it now: it will not be shown again.\n",
                             made.secret);
  }
  return OkStatus();
}

Status SetPaused(App& app, const EventArgs& args, bool paused) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto id, ParseGuidArg<WebhookId>(args.id, "a webhook id"));
  service::WebhookService webhooks(app.Deps());
  SEATSHIFT_ASSIGN_OR_RETURN(const WebhookEndpoint current, webhooks.Get(app.ctx(), id));
  SEATSHIFT_ASSIGN_OR_RETURN(const WebhookEndpoint changed,
                             webhooks.Update(app.ctx(), id,
                                             {.url = current.url,
                                              .description = current.description,
                                              .events = current.events,
                                              .paused = paused},
                                             current.version));
  PrintWebhooks(app, {changed});
  return OkStatus();
}

Status RemoveWebhook(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto id, ParseGuidArg<WebhookId>(args.id, "a webhook id"));
  SEATSHIFT_TRY(service::WebhookService(app.Deps()).Delete(app.ctx(), id));
  if (!app.options().json) std::cout << fmt::format("removed webhook {}\n", args.id);
  return OkStatus();
}

Status RotateSecret(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto id, ParseGuidArg<WebhookId>(args.id, "a webhook id"));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string secret,
                             service::WebhookService(app.Deps()).RotateSecret(app.ctx(), id));
  if (app.options().json) {
    PrintJson(boost::json::object{{"secret", secret}});
  } else {
    std::cout << fmt::format("signing secret: {}\nStore it now: it will not be shown again.\n",
                             secret);
  }
  return OkStatus();
}

Status ListDeliveries(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto id, ParseGuidArg<WebhookId>(args.id, "a webhook id"));
  store::DeliveryFilter filter{.endpoint = id};
  if (!args.state.empty()) {
    filter.state = ValueNamed(kDeliveryStateNames, args.state);
    if (!filter.state) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("--state '{}': expected pending, delivered or dead", args.state));
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page,
      service::WebhookService(app.Deps()).Deliveries(app.ctx(), filter, {.limit = args.limit}));
  if (app.options().json) {
    boost::json::array items;
    for (const WebhookDelivery& d : page.items) items.push_back(codec::ToJson(d));
    PrintJson(Collection(std::move(items), page.total, page.next));
    return OkStatus();
  }
  Table t({"DELIVERY", "EVENT", "NAME", "STATE", "ATTEMPTS", "LAST"});
  for (const WebhookDelivery& d : page.items) {
    t.Add({std::to_string(d.id), std::to_string(d.event.id), d.event.name,
           std::string(ToString(d.state)), std::to_string(d.attempts), d.last_error});
  }
  t.Print();
  return OkStatus();
}

Status Replay(App& app, const EventArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto id, ParseGuidArg<WebhookId>(args.id, "a webhook id"));
  store::EventRange range{.first = args.event_id ? args.event_id : args.from_event,
                          .last = args.event_id ? args.event_id : args.to_event};
  for (const auto& [option, text, bound] : {std::tuple{"--since", &args.since, &range.from},
                                            std::tuple{"--until", &args.until, &range.to}}) {
    if (text->empty()) continue;
    *bound = ParseInstant(*text);
    if (!*bound) {
      return Error(
          ErrorCode::kBadRequest,
          fmt::format("{} '{}': expected an instant such as 2027-01-31T00:00:00Z", option, *text));
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t queued,
                             service::WebhookService(app.Deps()).Replay(app.ctx(), id, range));
  if (app.options().json) {
    PrintJson(boost::json::object{{"queued", queued}});
  } else {
    std::cout << fmt::format("{} deliveries queued\n", queued);
  }
  return OkStatus();
}

}  // namespace

void AddEventCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<EventArgs> binder(app, action);
  EventArgs* args = &binder.args();

  auto* events = root.add_subcommand("events", "The event stream (every change, and alerts)");
  events->require_subcommand(1);
  auto* tail = events->add_subcommand("tail", "Print events after --after; --follow keeps going");
  tail->add_option("--after", args->after, "The last event id already seen (0: from the start)")
      ->check(CLI::NonNegativeNumber);
  tail->add_option("--limit", args->limit, "Events per read (1 to 1000)");
  tail->add_flag("--follow,-f", args->follow, "Keep printing new events until interrupted");
  tail->add_option("--event", args->events, "Only this event name (repeatable)");
  tail->add_option("--customer", args->customer, "Only this customer's events (its id)");
  binder.Bind(tail, Tail);

  auto* alerts = root.add_subcommand("alerts", "Alerts raised by the rules on the clock");
  alerts->require_subcommand(1);
  auto* list = alerts->add_subcommand("list", "Open alerts, newest first");
  list->add_flag("--all", args->all, "Dismissed ones too");
  list->add_flag("--dismissed", args->dismissed, "Only dismissed ones");
  list->add_option("--customer", args->customer, "Only this customer's alerts (its id)");
  list->add_option("--limit", args->limit, "Alerts at most (1 to 1000)");
  binder.Bind(list, ListAlerts);
  auto* dismiss = alerts->add_subcommand("dismiss", "Dismiss an alert (it is not raised again)");
  dismiss->add_option("id", args->id, "The alert's id")->required();
  binder.Bind(dismiss, DismissAlert);

  auto* webhooks = root.add_subcommand("webhooks", "Where events are delivered");
  webhooks->require_subcommand(1);
  binder.Bind(webhooks->add_subcommand("list", "List webhook endpoints"), ListWebhooks);
  auto* add = webhooks->add_subcommand("add", "Add an endpoint and print its signing secret once");
  add->add_option("url", args->url, "An absolute http(s) URL")->required();
  add->add_option("--event", args->events, "An event it receives (repeatable; none: every event)");
  add->add_option("--description", args->description, "What it is for");
  binder.Bind(add, AddWebhook);
  auto* pause = webhooks->add_subcommand("pause", "Hold an endpoint's deliveries");
  pause->add_option("id", args->id, "The webhook's id")->required();
  binder.Bind(pause, [](App& a, const EventArgs& x) { return SetPaused(a, x, true); });
  auto* resume = webhooks->add_subcommand("resume", "Send held deliveries, in order");
  resume->add_option("id", args->id, "The webhook's id")->required();
  binder.Bind(resume, [](App& a, const EventArgs& x) { return SetPaused(a, x, false); });
  auto* remove = webhooks->add_subcommand("remove", "Delete an endpoint and its delivery log");
  remove->add_option("id", args->id, "The webhook's id")->required();
  binder.Bind(remove, RemoveWebhook);
  auto* rotate = webhooks->add_subcommand("rotate-secret", "Replace an endpoint's signing secret");
  rotate->add_option("id", args->id, "The webhook's id")->required();
  binder.Bind(rotate, RotateSecret);
  auto* deliveries =
      webhooks->add_subcommand("deliveries", "An endpoint's deliveries, newest first");
  deliveries->add_option("id", args->id, "The webhook's id")->required();
  deliveries->add_option("--state", args->state, "pending, delivered or dead (the dead letters)");
  deliveries->add_option("--limit", args->limit, "Deliveries at most (1 to 1000)");
  binder.Bind(deliveries, ListDeliveries);
  auto* replay = webhooks->add_subcommand("replay", "Send events again to an endpoint");
  replay->add_option("id", args->id, "The webhook's id")->required();
  replay->add_option("--event-id", args->event_id, "One event");
  replay->add_option("--from-event", args->from_event, "The first event of a range");
  replay->add_option("--to-event", args->to_event, "The last event of a range");
  replay->add_option("--since", args->since, "Events from this instant");
  replay->add_option("--until", args->until, "Events before this instant");
  binder.Bind(replay, Replay);
}

}  // namespace seatshift::cli
