// /v1/customers/{customerId}/subscriptions[/{subscriptionId}] and the partner-wide
// GET /v1/subscriptions search (JSON or CSV).
#include <array>
#include <charconv>

#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/csv.hpp"
#include "codec/json.hpp"
#include "service/catalog_service.hpp"
#include "service/subscription_service.hpp"

namespace seatshift::api {
namespace {

using service::SubscriptionService;

Result<store::SubscriptionFilter> FilterOf(const Call& call) {
  store::SubscriptionFilter filter;
  if (const std::string& offer = call.Query("offerId"); !offer.empty())
    filter.sku_id = SkuId(offer);
  if (const std::string& status = call.Query("status"); !status.empty()) {
    filter.status = ParseSubscriptionStatus(status);
    if (!filter.status) {
      return Error(ErrorCode::kBadRequest,
                   "status must be active, suspended, expired, disabled or deleted",
                   {{"field", std::string("status")}});
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(filter.auto_renew, BoolQuery(call, "autoRenewEnabled"));
  SEATSHIFT_ASSIGN_OR_RETURN(filter.ends_before, DateQuery(call, "endsBefore"));
  return filter;
}

//! The partner-wide search also takes `customerId`, and `withinDays=N` (terms whose last day
//! is at most N days from today: the expiring report's question) instead of endsBefore.
Result<store::SubscriptionFilter> SearchFilterOf(const Call& call, Date today) {
  SEATSHIFT_ASSIGN_OR_RETURN(store::SubscriptionFilter filter, FilterOf(call));
  if (const std::string& customer = call.Query("customerId"); !customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(filter.customer_id, ParseGuid<CustomerId>(customer, "customerId"));
  }
  if (const std::string& within = call.Query("withinDays"); !within.empty()) {
    int days = -1;
    const auto [ptr, ec] = std::from_chars(within.data(), within.data() + within.size(), days);
    if (ec != std::errc() || ptr != within.data() + within.size() || days < 0 || days > 3650) {
      return Error(ErrorCode::kBadRequest, "withinDays must be a whole number from 0 to 3650",
                   {{"field", std::string("withinDays")}});
    }
    if (filter.ends_before) {
      return Error(ErrorCode::kBadRequest, "give endsBefore or withinDays, not both",
                   {{"field", std::string("withinDays")}});
    }
    filter.ends_before = today + std::chrono::days(days + 1);
  }
  return filter;
}

Response Search(SubscriptionService subscriptions, Call& call) {
  auto filter = SearchFilterOf(call, subscriptions.Today());
  if (!filter) return ErrorResponse(std::move(filter).error());
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  auto result = subscriptions.Search(call.ctx, *filter, *page);
  if (!result) return ErrorResponse(std::move(result).error());
  if (WantsCsv(call)) {
    return CsvResponse(codec::SubscriptionsAtRiskCsv(result->items), result->next);
  }
  return PageResponse(*result, call,
                      [](const SubscriptionAtRisk& row) { return codec::ToJson(row); });
}

Response ListOfCustomer(service::Dependencies deps, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto filter = FilterOf(call);
  if (!filter) return ErrorResponse(std::move(filter).error());
  filter->customer_id = *customer;
  // Partner Center's "subscriptions by order" (its own snake_case name).
  if (const std::string& order = call.Query("order_id"); !order.empty()) {
    auto id = ParseGuid<OrderId>(order, "order_id");
    if (!id) return ErrorResponse(std::move(id).error());
    filter->order_id = *id;
  }
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  auto result = SubscriptionService(deps).List(call.ctx, *filter, *page);
  if (!result) return ErrorResponse(std::move(result).error());
  service::CatalogService catalog(deps);
  std::map<SkuId, std::string> titles;
  return PageResponse(*result, call, [&](const Subscription& sub) {
    auto [it, inserted] = titles.try_emplace(sub.sku_id, sub.sku_id.value());
    if (inserted) {
      if (auto sku = catalog.GetSku(call.ctx, sub.sku_id)) it->second = sku->title;
    }
    return codec::ToJson(sub, it->second);
  });
}

struct SubscriptionPath {
  CustomerId customer;
  SubscriptionId subscription;
};

Result<SubscriptionPath> ParsePath(const Call& call) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer,
                             ParseGuid<CustomerId>(call.Path("customerId"), "customerId"));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto subscription,
      ParseGuid<SubscriptionId>(call.Path("subscriptionId"), "subscriptionId"));
  return SubscriptionPath{customer, subscription};
}

//! The subscription as GET answers it: with its offer name.
boost::json::object SubscriptionJson(service::Dependencies deps, const Call& call,
                                     const Subscription& sub) {
  auto sku = service::CatalogService(deps).GetSku(call.ctx, sub.sku_id);
  return codec::ToJson(sub, sku ? sku->title : sub.sku_id.value());
}

//! The subscription with its offer name and its version as the ETag header.
Response Render(service::Dependencies deps, const Call& call, const Subscription& sub,
                http::status status) {
  return WithEtag(JsonResponse(status, SubscriptionJson(deps, call, sub)), sub.version);
}

Response Get(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  return Respond(
      SubscriptionService(deps).Get(call.ctx, path->customer, path->subscription),
      [&](const Subscription& sub) { return Render(deps, call, sub, http::status::ok); });
}

//! Partner Center's provisioning status. seatshift provisions a subscription in the transaction
//! that buys it, so every subscription it answers for is provisioned: "success".
Response ProvisioningStatus(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  return Respond(SubscriptionService(deps).Get(call.ctx, path->customer, path->subscription),
                 [&](const Subscription& sub) {
                   return JsonResponse(http::status::ok, codec::ProvisioningStatusJson(sub));
                 });
}

//! What a PATCH may change; the rest of the resource is read-only.
constexpr std::array<std::string_view, 5> kWritable{"status", "quantity", "autoRenewEnabled",
                                                    "friendlyName", "suspensionReason"};

//! `stored`: the subscription as GET answers it, when the body carries read-only fields.
Result<service::SubscriptionPatch> ReadPatch(const Call& call, const boost::json::object& body,
                                             const boost::json::object* stored) {
  ObjectReader reader(body);
  service::SubscriptionPatch patch;
  SEATSHIFT_ASSIGN_OR_RETURN(patch.if_match, IfMatch(call));
  if (stored) {
    SEATSHIFT_TRY(AcceptReadOnly(reader, *stored, "Subscription", kWritable, patch.if_match));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto status, reader.OptionalString("status", 32));
  if (status) {
    patch.status = ParseSubscriptionStatus(*status);
    if (patch.status != SubscriptionStatus::kSuspended &&
        patch.status != SubscriptionStatus::kActive) {
      return reader.Bad("status", "must be suspended or active");
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(patch.quantity, reader.OptionalInteger("quantity", 0, 1'000'000));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.auto_renew, reader.OptionalBool("autoRenewEnabled"));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.friendly_name, reader.OptionalString("friendlyName", 200));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto reason, reader.OptionalString("suspensionReason", 100));
  SEATSHIFT_TRY(reader.Finish());
  patch.suspension_reason = reason.value_or("");
  SEATSHIFT_ASSIGN_OR_RETURN(const auto force, BoolQuery(call, "force"));
  patch.force = force.value_or(false);
  return patch;
}

Response Patch(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  std::optional<boost::json::object> stored;
  if (CarriesReadOnly(*body, kWritable)) {
    auto sub = SubscriptionService(deps).Get(call.ctx, path->customer, path->subscription);
    if (!sub) return ErrorResponse(std::move(sub).error());
    stored = SubscriptionJson(deps, call, *sub);
  }
  auto patch = ReadPatch(call, *body, stored ? &*stored : nullptr);
  if (!patch) return ErrorResponse(std::move(patch).error());
  return Respond(
      SubscriptionService(deps).Update(call.ctx, path->customer, path->subscription, *patch),
      [&](const Subscription& sub) { return Render(deps, call, sub, http::status::ok); });
}

}  // namespace

void AddSubscriptionRoutes(Router& router, service::Dependencies deps) {
  const SubscriptionService subscriptions(deps);
  router.Add(http::verb::get, "/v1/subscriptions",
             [subscriptions](Call& c) { return Search(subscriptions, c); },
             {.query = PagedQuery({"offerId", "status", "autoRenewEnabled", "endsBefore",
                                   "customerId", "withinDays"})});
  router.Add(
      http::verb::get, "/v1/customers/{customerId}/subscriptions",
      [deps](Call& c) { return ListOfCustomer(deps, c); },
      {.query = PagedQuery({"offerId", "status", "autoRenewEnabled", "endsBefore", "order_id"})});
  router.Add(http::verb::get, "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
             [deps](Call& c) { return Get(deps, c); });
  router.Add(http::verb::get,
             "/v1/customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus",
             [deps](Call& c) { return ProvisioningStatus(deps, c); });
  router.Add(http::verb::patch, "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
             [deps](Call& c) { return Patch(deps, c); }, {.query = {"force"}});
}

}  // namespace seatshift::api
