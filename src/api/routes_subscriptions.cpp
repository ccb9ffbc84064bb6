// /v1/customers/{customerId}/subscriptions[/{subscriptionId}] and the partner-wide
// GET /v1/subscriptions search (JSON or CSV).
#include <algorithm>
#include <array>
#include <charconv>

#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/csv.hpp"
#include "codec/json.hpp"
#include "codec/json_reader.hpp"
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
  SEATSHIFT_ASSIGN_OR_RETURN(const auto unused, BoolQuery(call, "unusedSeats"));
  filter.unused_seats = unused.value_or(false);
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
  return PageResponse(*result, call, [&](const SubscriptionAtRisk& row) {
    return codec::ToJson(row, subscriptions.Now());
  });
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
  const Instant now = deps.clock.Now();
  return PageResponse(*result, call, [&](const service::NamedSubscription& named) {
    return codec::ToJson(named.subscription, named.offer_name, now);
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
  return codec::ToJson(sub, sku ? sku->title : sub.sku_id.value(), deps.clock.Now());
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
constexpr std::array<std::string_view, 6> kWritable{
    "status",       "quantity",         "autoRenewEnabled",
    "friendlyName", "suspensionReason", "scheduledNextTermInstructions"};

//! A day as Partner Center writes it: "YYYY-MM-DD", or that day's midnight
//! ("YYYY-MM-DDT00:00:00", with or without "Z").
Result<Date> DayField(ObjectReader& reader, std::string_view key) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string text, reader.String(key, 40));
  const std::string_view day = std::string_view(text).substr(0, 10);
  const std::string_view time = std::string_view(text).substr(day.size());
  const auto parsed = ParseDate(day);
  if (!parsed || (!time.empty() && time != "T00:00:00" && time != "T00:00:00Z")) {
    return reader.Bad(key, "must be a day (YYYY-MM-DD)");
  }
  return *parsed;
}

//! Partner Center's scheduledNextTermInstructions: {product: {skuId, productId?, termDuration,
//! billingCycle}, quantity, customTermEndDate?}. With a productId, the SKU is named by its
//! New Commerce offer ("productId:skuId").
Result<ScheduledChange> ReadScheduled(const boost::json::object& object) {
  ObjectReader reader(object, "scheduledNextTermInstructions");
  SEATSHIFT_ASSIGN_OR_RETURN(const auto* product_object, reader.Object("product"));
  ObjectReader product(*product_object, "scheduledNextTermInstructions.product");
  ScheduledChange change;
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string sku, product.String("skuId", 200));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto product_id, product.OptionalString("productId", 100));
  change.sku_id = SkuId(product_id ? *product_id + ":" + sku : sku);
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string term, product.String("termDuration", 8));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string cycle, product.String("billingCycle", 16));
  const auto parsed_term = ParseTermDuration(term);
  if (!parsed_term) return product.Bad("termDuration", "must be P1M, P1Y or P3Y");
  // Partner Center writes the cycle capitalised here ("Annual"); seatshift's own is lower case.
  const auto parsed_cycle = ParseBillingCycle(codec::FoldAsciiCase(cycle));
  if (!parsed_cycle) return product.Bad("billingCycle", "must be monthly, annual or triennial");
  change.term = *parsed_term;
  change.billing_cycle = *parsed_cycle;
  SEATSHIFT_TRY(product.Finish());
  SEATSHIFT_ASSIGN_OR_RETURN(change.quantity, reader.Integer("quantity", 1, 1'000'000));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto custom, reader.OptionalString("customTermEndDate", 40));
  if (custom) {
    SEATSHIFT_ASSIGN_OR_RETURN(change.custom_term_end, DayField(reader, "customTermEndDate"));
  }
  SEATSHIFT_TRY(reader.Finish());
  return change;
}

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
        patch.status != SubscriptionStatus::kActive &&
        patch.status != SubscriptionStatus::kDeleted) {
      return reader.Bad("status", "must be suspended, active or deleted");
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(patch.quantity, reader.OptionalInteger("quantity", 0, 1'000'000));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.auto_renew, reader.OptionalBool("autoRenewEnabled"));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.friendly_name, reader.OptionalString("friendlyName", 200));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto reason, reader.OptionalString("suspensionReason", 100));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto next,
                             reader.OptionalNullableObject("scheduledNextTermInstructions"));
  if (next && !*next) patch.scheduled = std::optional<ScheduledChange>();
  if (next && *next) {
    SEATSHIFT_ASSIGN_OR_RETURN(ScheduledChange change, ReadScheduled(**next));
    patch.scheduled = std::optional(std::move(change));
  }
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

//! Partner Center's customTermEndDates: ?term_duration=P1M|P1Y|P3Y (required),
//! target_coterm_subscription_id (only the days that align with it).
Response CustomTermEndDates(service::Dependencies deps, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  const auto term = ParseTermDuration(call.Query("term_duration"));
  if (!term) {
    return ErrorResponse(Error(ErrorCode::kBadRequest, "term_duration must be P1M, P1Y or P3Y",
                               {{"field", std::string("term_duration")}}));
  }
  std::optional<SubscriptionId> coterm;
  if (const std::string& target = call.Query("target_coterm_subscription_id"); !target.empty()) {
    auto id = ParseGuid<SubscriptionId>(target, "target_coterm_subscription_id");
    if (!id) return ErrorResponse(std::move(id).error());
    coterm = *id;
  }
  auto ends = SubscriptionService(deps).CustomTermEndsFor(call.ctx, *customer, *term);
  if (!ends) return ErrorResponse(std::move(ends).error());
  boost::json::array items;
  for (const CustomTermEnd& end : *ends) {
    const std::string day = FormatDate(end.end) + "T00:00:00Z";
    if (end.calendar_month_end && !coterm) {
      items.push_back({{"allowedCustomTermEndDateType", "calendarMonthAligned"},
                       {"allowedCustomTermEndDate", day}});
    }
    if (end.coterm_subscriptions.empty()) continue;
    if (coterm && std::find(end.coterm_subscriptions.begin(), end.coterm_subscriptions.end(),
                            *coterm) == end.coterm_subscriptions.end()) {
      continue;
    }
    boost::json::array ids;
    for (const SubscriptionId& id : end.coterm_subscriptions) ids.emplace_back(ToString(id));
    items.push_back({{"allowedCustomTermEndDateType", "subscriptionAligned"},
                     {"allowedCustomTermEndDate", day},
                     {"cotermSubscriptionIds", std::move(ids)}});
  }
  const auto count = static_cast<std::int64_t>(items.size());
  return JsonResponse(http::status::ok, {{"totalCount", count},
                                         {"items", std::move(items)},
                                         {"attributes", {{"objectType", "Collection"}}}});
}

//! Schedules the customer's renewing New Commerce subscriptions (or the one named by
//! `subscriptionId` in the body) to renew with only the seats assigned.
Response ReduceAtRenewal(service::Dependencies deps, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  std::optional<SubscriptionId> only;
  if (!call.request.body().empty()) {
    auto body = JsonBody(call);
    if (!body) return ErrorResponse(std::move(body).error());
    ObjectReader reader(*body);
    auto named = reader.OptionalString("subscriptionId", 64);
    if (!named) return ErrorResponse(std::move(named).error());
    if (auto finished = reader.Finish(); !finished.ok()) {
      return ErrorResponse(std::move(finished).error());
    }
    if (*named) {
      auto id = ParseGuid<SubscriptionId>(**named, "subscriptionId");
      if (!id) return ErrorResponse(std::move(id).error());
      only = *id;
    }
  }
  auto changed = SubscriptionService(deps).ReduceToAssignedAtRenewal(call.ctx, *customer, only);
  if (!changed) return ErrorResponse(std::move(changed).error());
  boost::json::array items;
  for (const Subscription& sub : *changed) items.push_back(SubscriptionJson(deps, call, sub));
  const auto count = static_cast<std::int64_t>(items.size());
  return JsonResponse(http::status::ok, {{"totalCount", count},
                                         {"items", std::move(items)},
                                         {"attributes", {{"objectType", "Collection"}}}});
}

}  // namespace

void AddSubscriptionRoutes(Router& router, service::Dependencies deps) {
  const SubscriptionService subscriptions(deps);
  router.Add(http::verb::get, "/v1/subscriptions",
             [subscriptions](Call& c) { return Search(subscriptions, c); },
             {.query = PagedQuery({"offerId", "status", "autoRenewEnabled", "endsBefore",
                                   "customerId", "withinDays", "unusedSeats"})});
  router.Add(http::verb::get, "/v1/customers/{customerId}/subscriptions",
             [deps](Call& c) { return ListOfCustomer(deps, c); },
             {.query = PagedQuery({"offerId", "status", "autoRenewEnabled", "endsBefore",
                                   "order_id", "unusedSeats"})});
  // Before .../{subscriptionId}: the first route that matches answers.
  router.Add(http::verb::get, "/v1/customers/{customerId}/subscriptions/customTermEndDates",
             [deps](Call& c) { return CustomTermEndDates(deps, c); },
             {.query = {"term_duration", "target_coterm_subscription_id"}});
  router.Add(http::verb::post, "/v1/customers/{customerId}/renewalreductions",
             [deps](Call& c) { return ReduceAtRenewal(deps, c); });
  router.Add(http::verb::get, "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
             [deps](Call& c) { return Get(deps, c); });
  router.Add(http::verb::get,
             "/v1/customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus",
             [deps](Call& c) { return ProvisioningStatus(deps, c); });
  router.Add(http::verb::patch, "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
             [deps](Call& c) { return Patch(deps, c); }, {.query = {"force"}});
}

}  // namespace seatshift::api
