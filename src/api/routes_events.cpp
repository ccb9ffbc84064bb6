// GET /v1/events (the event stream) and /v1/alerts (alerts raised on the clock).
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/event_json.hpp"
#include "service/alert_service.hpp"
#include "service/event_service.hpp"

namespace seatshift::api {
namespace {

//! A whole-number query parameter; `fallback` when absent.
Result<std::int64_t> CountQuery(const Call& call, const std::string& name, std::int64_t fallback) {
  const std::string& text = call.Query(name);
  if (text.empty()) return fallback;
  return WholeNumber(text, name);
}

//! A comma-separated list parameter, without empty items.
std::vector<std::string> ListQuery(const Call& call, const std::string& name) {
  std::vector<std::string> out;
  std::string_view text = call.Query(name);
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (const std::string_view item = text.substr(0, comma); !item.empty()) {
      out.emplace_back(item);
    }
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
  }
  return out;
}

Response ListEvents(service::EventService events, Call& call) {
  auto after = CountQuery(call, "after", 0);
  if (!after) return ErrorResponse(std::move(after).error());
  auto limit = CountQuery(call, "limit", 100);
  if (!limit) return ErrorResponse(std::move(limit).error());
  store::EventFilter filter{.names = ListQuery(call, "eventName")};
  if (const std::string& customer = call.Query("customerId"); !customer.empty()) {
    auto id = ParseGuid<CustomerId>(customer, "customerId");
    if (!id) return ErrorResponse(std::move(id).error());
    filter.customer_id = *id;
  }
  const int capped = static_cast<int>(std::min<std::int64_t>(*limit, 1'000'000));
  return Respond(
      events.After(call.ctx, *after, filter, capped), [&](const std::vector<Event>& found) {
        boost::json::array items;
        for (const Event& e : found) items.push_back(codec::ToJson(e));
        // Where to continue: the last event returned, else where the read began.
        const std::int64_t last = found.empty() ? *after : found.back().id;
        return JsonResponse(http::status::ok, boost::json::object{{"items", std::move(items)},
                                                                  {"lastEventId", last}});
      });
}

Response ListAlerts(service::AlertService alerts, Call& call) {
  store::AlertFilter filter;
  using Which = store::AlertFilter::Status;
  if (const std::string& status = call.Query("status"); status == "all") {
    filter.status = Which::kAll;
  } else if (status == "dismissed") {
    filter.status = Which::kDismissed;
  } else if (!status.empty() && status != "open") {
    return ErrorResponse(Error(ErrorCode::kBadRequest,
                               fmt::format("status '{}': expected open, dismissed or all", status),
                               {{"field", "status"}}));
  }
  if (const std::string& customer = call.Query("customerId"); !customer.empty()) {
    auto id = ParseGuid<CustomerId>(customer, "customerId");
    if (!id) return ErrorResponse(std::move(id).error());
    filter.customer_id = *id;
  }
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  return Respond(alerts.List(call.ctx, filter, *page), [&](const store::Page<Alert>& found) {
    return PageResponse(found, call, [](const Alert& a) { return codec::ToJson(a); });
  });
}

Response GetAlert(service::AlertService alerts, Call& call) {
  auto id = ParseGuid<AlertId>(call.Path("alertId"), "alertId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(alerts.Get(call.ctx, *id),
                 [](const Alert& a) { return JsonResponse(http::status::ok, codec::ToJson(a)); });
}

Response DismissAlert(service::AlertService alerts, Call& call) {
  auto id = ParseGuid<AlertId>(call.Path("alertId"), "alertId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(alerts.Dismiss(call.ctx, *id),
                 [](const Alert& a) { return JsonResponse(http::status::ok, codec::ToJson(a)); });
}

}  // namespace

void AddEventRoutes(Router& router, service::Dependencies deps) {
  const service::EventService events(deps);
  const service::AlertService alerts(deps);
  router.Add(http::verb::get, "/v1/events", [events](Call& c) { return ListEvents(events, c); },
             {.query = {"after", "limit", "eventName", "customerId"}});
  router.Add(http::verb::get, "/v1/alerts", [alerts](Call& c) { return ListAlerts(alerts, c); },
             {.query = PagedQuery({"status", "customerId"})});
  router.Add(http::verb::get, "/v1/alerts/{alertId}",
             [alerts](Call& c) { return GetAlert(alerts, c); });
  router.Add(http::verb::post, "/v1/alerts/{alertId}/dismiss",
             [alerts](Call& c) { return DismissAlert(alerts, c); });
}

}  // namespace seatshift::api
