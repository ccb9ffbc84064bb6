#include "service/order_service.hpp"

#include <fmt/format.h>

#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/catalog_service.hpp"
#include "service/idempotency.hpp"
#include "service/lifecycle_service.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {

namespace {
constexpr std::string_view kCreateOrder = OrderService::kCreateOperation;
}  // namespace

Result<PlacedOrder> OrderService::Replay(store::ReadTransaction& tx, const RequestContext& ctx,
                                         const CustomerId& customer, const std::string& order_id) {
  const auto id = Uuid::Parse(order_id);
  auto first = id ? tx.FindOrder(customer, OrderId(*id)) : std::nullopt;
  if (!first) {
    return Error(ErrorCode::kRequestIdReused,
                 fmt::format("request id '{}' was already used for an order of another customer",
                             ctx.request_id()));
  }
  PlacedOrder placed{.order = std::move(*first), .subscriptions = {}, .replayed = true};
  for (const OrderLineItem& item : placed.order.line_items) {
    if (!item.subscription_id) continue;
    if (auto sub = tx.FindSubscription(customer, *item.subscription_id)) {
      placed.subscriptions.push_back(std::move(*sub));
    }
  }
  return placed;
}

Result<PlacedOrder> OrderService::Create(const RequestContext& ctx, const CustomerId& customer_id,
                                         std::vector<OrderLineItem> line_items,
                                         const std::optional<std::string>& currency) {
  SEATSHIFT_TRY(Require(ctx, Permission::kPlaceOrders));
  return Transact(deps_, ctx, [&](store::WriteTransaction& tx) -> Result<PlacedOrder> {
    if (currency) {
      const auto customer = tx.FindCustomer(customer_id);
      if (customer && customer->currency != *currency) {
        return Error(ErrorCode::kBadRequest,
                     fmt::format("currencyCode: the customer is billed in {}, not {}",
                                 customer->currency, *currency),
                     {{"field", std::string("currencyCode")}});
      }
    }
    return Place(tx, ctx, customer_id, line_items);
  });
}

Result<PlacedOrder> OrderService::Place(store::WriteTransaction& tx, const RequestContext& ctx,
                                        const CustomerId& customer_id,
                                        std::vector<OrderLineItem> line_items) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto prior, PriorRequest(tx, ctx, kCreateOrder));
  if (prior) return Replay(tx, ctx, customer_id, *prior);
  const auto customer = tx.FindCustomer(customer_id);
  if (!customer) return CustomerNotFound(customer_id);
  for (OrderLineItem& line : line_items) line.offer_id = CanonicalSkuId(tx, line.offer_id);
  const Instant now = deps_.clock.Now();
  Order order{.id = OrderId(deps_.ids.Next()),
              .customer_id = customer_id,
              .line_items = std::move(line_items),
              .created_at = now,
              .currency = customer->currency};
  std::vector<SubscriptionId> ids;
  for (std::size_t i = 0; i < order.line_items.size(); ++i) ids.emplace_back(deps_.ids.Next());
  SkuCache skus(tx);
  SEATSHIFT_ASSIGN_OR_RETURN(std::vector<Subscription> subs,
                             PlanOrder(*customer, order, skus.AsLookup(), now, ids));
  LifecycleTally ignored;
  for (Subscription& sub : subs) {
    // Its first billing period starts today: charged as it is bought.
    Advanced started = Advance(sub, *skus.Find(sub.sku_id), skus.BuyerOf(*customer), now, ignored);
    sub = std::move(started.subscription);
    SEATSHIFT_TRY(tx.InsertSubscription(sub));
    tx.InsertCharges(started.charges);
    RecordAudit(tx, ctx, now,
                {.operation = "subscription.create",
                 .resource_type = "Subscription",
                 .resource_id = sub.id.value().ToString(),
                 .customer_id = customer_id,
                 .before = "",
                 .after = codec::Serialize(codec::ToJson(sub, skus.Find(sub.sku_id)->title, now))});
  }
  SEATSHIFT_TRY(tx.InsertOrder(order));
  SEATSHIFT_TRY(RecordRequest(tx, ctx, kCreateOrder, order.id.value().ToString(), now));
  RecordAudit(tx, ctx, now,
              {.operation = "order.create",
               .resource_type = "Order",
               .resource_id = order.id.value().ToString(),
               .customer_id = customer_id,
               .before = "",
               .after = codec::Serialize(codec::ToJson(order))});
  return PlacedOrder{
      .order = std::move(order), .subscriptions = std::move(subs), .replayed = false};
}

Result<Order> OrderService::Get(const RequestContext& ctx, const CustomerId& customer,
                                const OrderId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  auto order = tx->FindOrder(customer, id);
  if (!order) {
    if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
    return Error(ErrorCode::kNotFound, fmt::format("order {} not found", id.value().ToString()));
  }
  return std::move(*order);
}

Result<std::vector<Order>> OrderService::List(const RequestContext& ctx,
                                              const CustomerId& customer) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  return tx->ListOrders(customer);
}

}  // namespace seatshift::service
