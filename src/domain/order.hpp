#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/catalog.hpp"
#include "domain/customer.hpp"
#include "domain/ids.hpp"
#include "domain/license.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

struct OrderLineItem {
  int line_item_number = 0;
  SkuId offer_id;
  std::int64_t quantity = 0;
  std::string friendly_name;  //!< defaults to the SKU's title
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  std::optional<SubscriptionId> subscription_id;  //!< set once the order is placed
  bool operator==(const OrderLineItem&) const = default;
};

//! A purchase; placing it creates one subscription per line item, all or none.
struct Order {
  OrderId id;
  CustomerId customer_id;
  std::vector<OrderLineItem> line_items;
  Instant created_at{};
  //! The customer's currency (ISO 4217), which every line is priced in; not stored with the
  //! order but read with it (a customer's currency never changes).
  std::string currency;
  bool operator==(const Order&) const = default;
};

//! Checks every line item (SKU exists and is purchasable today, quantity in range, a price in
//! the customer's currency for the term and cycle, distinct line numbers) and returns the
//! subscriptions the order creates, in line order. `new_ids` supplies one id per line item.
Result<std::vector<Subscription>> PlanOrder(const Customer& customer, Order& order,
                                            const SkuLookup& find_sku, Instant now,
                                            const std::vector<SubscriptionId>& new_ids);

}  // namespace seatshift
