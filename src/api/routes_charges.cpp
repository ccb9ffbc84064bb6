// GET /v1/customers/{customerId}/charges (JSON or CSV)
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/csv.hpp"
#include "codec/json.hpp"
#include "service/charge_service.hpp"

namespace seatshift::api {
namespace {

Result<store::ChargeFilter> ChargeFilterOf(const Call& call) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer,
                             ParseGuid<CustomerId>(call.Path("customerId"), "customerId"));
  store::ChargeFilter filter{.customer_id = customer};
  if (const std::string& sub = call.Query("subscriptionId"); !sub.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(filter.subscription_id,
                               ParseGuid<SubscriptionId>(sub, "subscriptionId"));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(filter.from, DateQuery(call, "from"));
  SEATSHIFT_ASSIGN_OR_RETURN(filter.to, DateQuery(call, "to"));
  return filter;
}

Response ListCharges(service::ChargeService charges, Call& call) {
  auto filter = ChargeFilterOf(call);
  if (!filter) return ErrorResponse(std::move(filter).error());
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  auto result = charges.List(call.ctx, *filter, *page);
  if (!result) return ErrorResponse(std::move(result).error());
  if (WantsCsv(call)) {
    return CsvResponse(codec::ChargesCsv(result->page.items), result->page.next);
  }
  boost::json::array items;
  for (const Charge& c : result->page.items) items.push_back(codec::ToJson(c));
  boost::json::object json =
      Collection(std::move(items), result->page.total, result->page.next, call);
  json["totalAmount"] = result->total_amount;  // every page's charges, not only this one's
  json["currency"] = result->currency;
  return JsonResponse(http::status::ok, std::move(json));
}

}  // namespace

void AddChargeRoutes(Router& router, service::Dependencies deps) {
  const service::ChargeService charges(deps);
  router.Add(http::verb::get, "/v1/customers/{customerId}/charges",
             [charges](Call& c) { return ListCharges(charges, c); },
             {.query = PagedQuery({"subscriptionId", "from", "to"})});
}

}  // namespace seatshift::api
