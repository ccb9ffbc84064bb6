#include "domain/order.hpp"

#include <fmt/format.h>

#include "domain/display_text.hpp"
#include "domain/offer_matrix.hpp"

#include <set>

namespace seatshift {

Result<std::vector<Subscription>> PlanOrder(const Customer& customer, Order& order,
                                            const SkuLookup& find_sku, Instant now,
                                            const std::vector<SubscriptionId>& new_ids) {
  if (order.line_items.empty()) {
    return Error(ErrorCode::kBadRequest, "an order needs at least one line item");
  }
  if (order.line_items.size() > 100) {
    return Error(ErrorCode::kBadRequest, "an order holds at most 100 line items");
  }
  if (new_ids.size() != order.line_items.size()) {
    return Error(ErrorCode::kInternal, "one subscription id per line item is required");
  }
  const Date today = DayOf(now);
  std::set<int> numbers;
  std::vector<Subscription> created;
  for (std::size_t i = 0; i < order.line_items.size(); ++i) {
    OrderLineItem& item = order.line_items[i];
    if (!numbers.insert(item.line_item_number).second) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("line item number {} is used twice", item.line_item_number));
    }
    const Sku* sku = find_sku(item.offer_id);
    if (!sku) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("line item {}: offer {} not found", item.line_item_number,
                               item.offer_id.value()),
                   {{"offerId", item.offer_id.value()}});
    }
    SEATSHIFT_TRY(CheckPurchasable(*sku, today));
    SEATSHIFT_TRY(CheckSoldIn(*sku, customer.country));
    SEATSHIFT_TRY(CheckQuantityRange(*sku, item.quantity));
    SEATSHIFT_TRY(sku->SeatPriceFor({.market = customer.country,
                                     .currency = customer.currency,
                                     .segment = PriceListSegment(customer.segment),
                                     .term = item.term,
                                     .billing = item.billing_cycle,
                                     .quantity = item.quantity,
                                     .on = today}));
    if (item.friendly_name.empty()) {
      item.friendly_name = sku->title;
    } else {
      SEATSHIFT_TRY(CheckDisplayText(fmt::format("lineItems[{}].friendlyName", i),
                                     item.friendly_name, kMaxFriendlyNameBytes));
    }
    item.subscription_id = new_ids[i];
    Subscription sub;
    sub.id = new_ids[i];
    sub.customer_id = customer.id;
    sub.sku_id = sku->id;
    sub.friendly_name = item.friendly_name;
    sub.quantity = item.quantity;
    sub.term_start = today;
    sub.term_anchor = today;
    sub.term_end = TermEnd(today, item.term);
    sub.term = item.term;
    sub.billing_cycle = item.billing_cycle;
    sub.auto_renew = true;
    sub.order_id = order.id;
    sub.created_at = now;
    sub.status_changed_at = now;
    sub.next_charge_on = today;  // the first period is charged as the subscription starts
    if (sku->commerce == Commerce::kNewCommerce)
      sub.lots = {{.quantity = item.quantity, .bought_at = now}};
    created.push_back(std::move(sub));
  }
  return created;
}

}  // namespace seatshift
