#pragma once

#include "service/request_context.hpp"

namespace seatshift::service {

struct PlacedOrder {
  Order order;
  std::vector<Subscription> subscriptions;
  //! True when the request id was seen before: this is the first order, nothing new was bought.
  bool replayed = false;
};

//! Purchases (step A of the procedure).
class OrderService {
 public:
  //! What its idempotency keys are recorded as (service/idempotency.hpp).
  static constexpr std::string_view kCreateOperation = "order.create";
  explicit OrderService(Dependencies deps) : deps_(deps) {}

  //! Creates one subscription per line item, all in one transaction or none. With
  //! an idempotency key in ctx, a retry of the same request returns the first order unchanged.
  //! `currency` (Partner Center's order-level currencyCode), when given, must be the customer's.
  Result<PlacedOrder> Create(const RequestContext& ctx, const CustomerId& customer,
                             std::vector<OrderLineItem> line_items,
                             const std::optional<std::string>& currency = std::nullopt);
  //! Create's work in the caller's transaction (the migration engine records its step in the
  //! same one). Checks no permission: the caller did. When it fails, the caller rolls back what
  //! it may have written (its transaction, or a savepoint).
  Result<PlacedOrder> Place(store::WriteTransaction& tx, const RequestContext& ctx,
                            const CustomerId& customer, std::vector<OrderLineItem> line_items);
  Result<Order> Get(const RequestContext& ctx, const CustomerId& customer, const OrderId& id);
  Result<std::vector<Order>> List(const RequestContext& ctx, const CustomerId& customer);

 private:
  Result<PlacedOrder> Replay(store::ReadTransaction& tx, const RequestContext& ctx,
                             const CustomerId& customer, const std::string& order_id);
  Dependencies deps_;
};

}  // namespace seatshift::service
