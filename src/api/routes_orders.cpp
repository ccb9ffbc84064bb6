// /v1/customers/{customerId}/orders[/{orderId}] (step A of the procedure)
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/order_service.hpp"

namespace seatshift::api {
namespace {

using service::OrderService;

//! An order as Partner Center clients send it: its line items, and the order-level fields of
//! its reference — `referenceCustomerId` (must be the customer of the path), `billingCycle`
//! (for the line items that name none) and `currencyCode` (must be the customer's; checked by
//! the service).
struct OrderInput {
  std::vector<OrderLineItem> lines;
  std::optional<std::string> currency;
};

Result<std::optional<BillingCycle>> ReadBillingCycle(ObjectReader& reader) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto cycle, reader.OptionalString("billingCycle", 16));
  if (!cycle) return std::optional<BillingCycle>();
  const auto parsed = ParseBillingCycle(*cycle);
  if (!parsed) return reader.Bad("billingCycle", "must be monthly or annual");
  return std::optional<BillingCycle>(*parsed);
}

Result<OrderInput> ReadOrder(const boost::json::object& body, const CustomerId& customer) {
  ObjectReader reader(body);
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::array* items,
                             reader.OptionalArray("lineItems", 100));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto reference,
                             reader.OptionalString("referenceCustomerId", 64));
  if (reference) {
    const auto id = Uuid::Parse(*reference);
    if (!id || CustomerId(*id) != customer) {
      return reader.Bad("referenceCustomerId", "must be the customer the order is placed for");
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto order_cycle, ReadBillingCycle(reader));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto currency, reader.OptionalString("currencyCode", 3));
  SEATSHIFT_TRY(reader.Attributes("Order"));
  SEATSHIFT_TRY(reader.Finish());
  if (items->empty()) return reader.Bad("lineItems", "needs at least one line item");
  std::vector<OrderLineItem> out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string path = fmt::format("lineItems[{}]", i);
    if (!(*items)[i].is_object()) {
      return Error(ErrorCode::kBadRequest, path + ": must be an object", {{"field", path}});
    }
    ObjectReader item((*items)[i].get_object(), path);
    OrderLineItem line;
    SEATSHIFT_ASSIGN_OR_RETURN(const auto number, item.Integer("lineItemNumber", 0, 1000));
    line.line_item_number = static_cast<int>(number);
    SEATSHIFT_ASSIGN_OR_RETURN(const std::string offer, item.String("offerId", 100));
    line.offer_id = SkuId(offer);
    SEATSHIFT_ASSIGN_OR_RETURN(line.quantity, item.Integer("quantity", 1, 1'000'000));
    SEATSHIFT_ASSIGN_OR_RETURN(const auto name, item.OptionalString("friendlyName", 200));
    line.friendly_name = name.value_or("");
    SEATSHIFT_ASSIGN_OR_RETURN(const auto term, item.OptionalString("termDuration", 8));
    if (term) {
      const auto parsed = ParseTermDuration(*term);
      if (!parsed) return item.Bad("termDuration", "must be P1M or P1Y");
      line.term = *parsed;
    }
    SEATSHIFT_ASSIGN_OR_RETURN(const auto cycle, ReadBillingCycle(item));
    if (cycle || order_cycle) line.billing_cycle = cycle ? *cycle : *order_cycle;
    SEATSHIFT_TRY(item.Attributes("OrderLineItem"));
    SEATSHIFT_TRY(item.Finish());
    out.push_back(std::move(line));
  }
  return OrderInput{std::move(out), currency};
}

Response Create(OrderService orders, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto order = ReadOrder(*body, *customer);
  if (!order) return ErrorResponse(std::move(order).error());
  return Respond(orders.Create(call.ctx, *customer, std::move(order->lines), order->currency),
                 [](const service::PlacedOrder& placed) {
                   return JsonResponse(http::status::created, codec::ToJson(placed.order));
                 });
}

Response List(OrderService orders, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  return Respond(orders.List(call.ctx, *customer), [&](const std::vector<Order>& list) {
    boost::json::array items;
    for (const Order& o : list) items.push_back(codec::ToJson(o));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response Get(OrderService orders, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto id = ParseGuid<OrderId>(call.Path("orderId"), "orderId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(orders.Get(call.ctx, *customer, *id),
                 [](const Order& o) { return JsonResponse(http::status::ok, codec::ToJson(o)); });
}

Response ProvisioningStatus(OrderService orders, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto id = ParseGuid<OrderId>(call.Path("orderId"), "orderId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(orders.Get(call.ctx, *customer, *id), [](const Order& o) {
    return JsonResponse(http::status::ok, codec::OrderProvisioningStatusJson(o));
  });
}

}  // namespace

void AddOrderRoutes(Router& router, service::Dependencies deps) {
  const OrderService orders(deps);
  router.Add(http::verb::post, "/v1/customers/{customerId}/orders",
             [orders](Call& c) { return Create(orders, c); },
             {.idempotent = {{.name = std::string(OrderService::kCreateOperation)}}});
  router.Add(http::verb::get, "/v1/customers/{customerId}/orders",
             [orders](Call& c) { return List(orders, c); });
  router.Add(http::verb::get, "/v1/customers/{customerId}/orders/{orderId}",
             [orders](Call& c) { return Get(orders, c); });
  router.Add(http::verb::get, "/v1/customers/{customerId}/orders/{orderId}/provisioningstatus",
             [orders](Call& c) { return ProvisioningStatus(orders, c); });
}

}  // namespace seatshift::api
