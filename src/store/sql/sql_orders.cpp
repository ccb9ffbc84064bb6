// Orders and their line items.
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kInsertOrder =
    "INSERT INTO orders (guid, customer, created_at) VALUES (?1, ?2, ?3) RETURNING id";
constexpr const char* kInsertLineItem =
    "INSERT INTO order_line_items (order_id, line_item_number, sku_id, quantity, friendly_name, "
    "term, billing_cycle, subscription_guid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kFindOrder =
    "SELECT o.id, o.guid, c.guid, o.created_at, c.currency FROM orders o "
    "JOIN customers c ON c.id = o.customer WHERE o.guid = ?1 AND c.guid = ?2";
constexpr const char* kListOrders =
    "SELECT o.id, o.guid, c.guid, o.created_at, c.currency FROM orders o "
    "JOIN customers c ON c.id = o.customer WHERE c.guid = ?1 ORDER BY o.id";
constexpr const char* kSelectLineItems =
    "SELECT line_item_number, sku_id, quantity, friendly_name, term, billing_cycle, "
    "subscription_guid FROM order_line_items WHERE order_id = ?1 ORDER BY line_item_number";

}  // namespace

Status SqlTransaction::InsertOrder(const Order& order) {
  const auto customer = CustomerKey(order.customer_id);
  if (!customer) return Error(ErrorCode::kNotFound, "the order's customer does not exist");
  auto stmt = conn().Prepare(kInsertOrder);
  stmt.Bind(1, order.id.value()).Bind(2, *customer).Bind(3, Seconds(order.created_at));
  if (!stmt.Step()) conn().Fail("insert order");
  const std::int64_t key = stmt.Int(0);
  for (const OrderLineItem& item : order.line_items) {
    auto ins = conn().Prepare(kInsertLineItem);
    ins.Bind(1, key).Bind(2, item.line_item_number).Bind(3, item.offer_id.value());
    ins.Bind(4, item.quantity).Bind(5, item.friendly_name).Bind(6, ToString(item.term));
    ins.Bind(7, ToString(item.billing_cycle));
    if (item.subscription_id) ins.Bind(8, item.subscription_id->value());
    ins.Execute();
  }
  return OkStatus();
}

std::optional<Order> SqlTransaction::FindOrder(const CustomerId& customer, const OrderId& id) {
  auto stmt = conn().Prepare(kFindOrder);
  stmt.Bind(1, id.value()).Bind(2, customer.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadOrder(conn(), stmt, kSelectLineItems);
}

std::vector<Order> SqlTransaction::ListOrders(const CustomerId& customer) {
  std::vector<Order> out;
  auto stmt = conn().Prepare(kListOrders);
  stmt.Bind(1, customer.value());
  while (stmt.Step()) out.push_back(ReadOrder(conn(), stmt, kSelectLineItems));
  return out;
}

}  // namespace seatshift::store::sql
