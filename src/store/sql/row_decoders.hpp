#pragma once

// How a result row becomes a domain value: each decoder reads a row (a sql::Statement, or
// anything with Int, Text, Guid, IsNull, OptionalInt, OptionalText), and its comment is the
// column-order contract that the SELECTs of store/sql/ follow. A new column is decoded here once.
// Decoders that read child rows too (line items, service plans, ...) take the connection
// (Prepare, Bind, Step) and the SQL of those reads, bound to the parent's key (?1).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "store/sql/stored_values.hpp"

namespace seatshift::store {

//! Instants are stored as Unix seconds; NULL is nullopt.
template <typename Row>
std::optional<Instant> OptionalInstant(const Row& row, int column) {
  const auto value = row.OptionalInt(column);
  return value ? std::optional<Instant>(FromSeconds(*value)) : std::nullopt;
}

//! customers: 0 key, 1 guid, 2 company_name, 3 domain, 4 segment, 5 country, 6 currency,
//! 7 created_at.
template <typename Row>
Customer ReadCustomer(const Row& row) {
  const std::int64_t key = row.Int(0);
  Customer c;
  c.id = CustomerId(row.Guid(1));
  c.company_name = row.Text(2);
  c.domain = row.Text(3);
  c.segment = Decode(row, 4, ParseSegment, "customers.segment", key);
  c.country = row.Text(5);
  c.currency = row.Text(6);
  c.created_at = FromSeconds(row.Int(7));
  return c;
}

//! users: 0 key, 1 guid, 2 customer guid, 3 user_principal_name, 4 display_name,
//! 5 usage_location, 6 created_at, 7 version, 8 first_name, 9 last_name, 10 immutable_id.
template <typename Row>
User ReadUser(const Row& row) {
  User u;
  u.id = UserId(row.Guid(1));
  u.customer_id = CustomerId(row.Guid(2));
  u.user_principal_name = row.Text(3);
  u.display_name = row.Text(4);
  u.usage_location = row.Text(5);
  u.created_at = FromSeconds(row.Int(6));
  u.version = row.Int(7);
  u.first_name = row.Text(8);
  u.last_name = row.Text(9);
  u.immutable_id = row.Text(10);
  return u;
}

//! agents: 0 guid, 1 email, 2 role, 3 disabled, 4 created_at, 5 token_expires_at (NULL: none).
template <typename Row>
Agent ReadAgent(const Row& row) {
  Agent agent;
  agent.id = AgentId(row.Guid(0));
  agent.email = row.Text(1);
  // The CHECK constraint admits only the four agent roles; anything else is a damaged file,
  // and guessing a role for a credential is not an option.
  agent.role = Decode(row, 2, ParseRole, "agents.role", agent.email);
  agent.disabled = row.Int(3) != 0;
  agent.created_at = FromSeconds(row.Int(4));
  if (!row.IsNull(5)) agent.token_expires_at = FromSeconds(row.Int(5));
  return agent;
}

//! request_keys: 0 agent_id, 1 request_id, 2 operation, 3 resource_id, 4 response_status,
//! 5 response_body, 6 created_at, 7 target.
template <typename Row>
RequestRecord ReadRequest(const Row& row) {
  RequestRecord record;
  record.agent_id = row.Text(0);
  record.request_id = row.Text(1);
  record.operation = row.Text(2);
  record.resource_id = row.Text(3);
  record.response_status = static_cast<int>(row.Int(4));
  record.response_body = row.Text(5);
  record.created_at = FromSeconds(row.Int(6));
  record.target = row.Text(7);
  return record;
}

//! subscriptions: 0 key, 1 guid, 2 customer guid, 3 sku_id, 4 friendly_name, 5 quantity,
//! 6 status, 7 term_start, 8 term_end, 9 term, 10 billing_cycle, 11 auto_renew,
//! 12 suspension_reasons, 13 suspended_at, 14 status_changed_at, 15 order guid, 16 created_at,
//! 17 version, 18 next_charge_on, 19 (the customer's currency: see ReadCandidate),
//! 20 term_anchor, 21 (the customer's country: see ReadCandidate), 22 price_cost,
//! 23 price_resale, 24 (the customer's segment: see ReadCandidate), 25 purchase_lots,
//! 26 scheduled_sku_id, 27 scheduled_term, 28 scheduled_billing_cycle, 29 scheduled_quantity,
//! 30 scheduled_term_end.
template <typename Row>
Subscription ReadSubscription(const Row& row) {
  const std::int64_t key = row.Int(0);
  Subscription s;
  s.id = SubscriptionId(row.Guid(1));
  s.customer_id = CustomerId(row.Guid(2));
  s.sku_id = SkuId(row.Text(3));
  s.friendly_name = row.Text(4);
  s.quantity = row.Int(5);
  s.status = Decode(row, 6, ParseSubscriptionStatus, "subscriptions.status", key);
  s.term_start = Decode(row, 7, ParseDate, "subscriptions.term_start", key);
  s.term_end = Decode(row, 8, ParseDate, "subscriptions.term_end", key);
  s.term = Decode(row, 9, ParseTermDuration, "subscriptions.term", key);
  s.billing_cycle = Decode(row, 10, ParseBillingCycle, "subscriptions.billing_cycle", key);
  s.auto_renew = row.Int(11) != 0;
  s.suspension_reasons = SplitReasons(row.Text(12));
  s.suspended_at = OptionalInstant(row, 13);
  s.status_changed_at = OptionalInstant(row, 14);
  if (!row.IsNull(15)) s.order_id = OrderId(row.Guid(15));
  s.created_at = FromSeconds(row.Int(16));
  s.version = row.Int(17);
  s.next_charge_on = DecodeOptional(row, 18, ParseDate, "subscriptions.next_charge_on", key);
  s.term_anchor = DecodeOptional(row, 20, ParseDate, "subscriptions.term_anchor", key);
  if (!row.IsNull(22)) s.price = TermPrice{.cost = row.Int(22), .resale = row.Int(23)};
  s.lots = Decode(row, 25, DecodeLots, "subscriptions.purchase_lots", key);
  if (!row.IsNull(26)) {
    s.scheduled = ScheduledChange{
        .sku_id = SkuId(row.Text(26)),
        .term = Decode(row, 27, ParseTermDuration, "subscriptions.scheduled_term", key),
        .billing_cycle =
            Decode(row, 28, ParseBillingCycle, "subscriptions.scheduled_billing_cycle", key),
        .quantity = row.Int(29),
        .custom_term_end =
            DecodeOptional(row, 30, ParseDate, "subscriptions.scheduled_term_end", key)};
  }
  return s;
}

//! A subscription row (ReadSubscription) with its customer's currency in column 19, country in
//! column 21 and segment in column 24.
template <typename Row>
LifecycleCandidate ReadCandidate(const Row& row) {
  return {.subscription = ReadSubscription(row),
          .currency = row.Text(19),
          .country = row.Text(21),
          .segment = Decode(row, 24, ParseSegment, "customers.segment", row.Int(0))};
}

//! audit_records: 0 id, 1 time, 2 agent_id, 3 role, 4 operation, 5 resource_type,
//! 6 resource_id, 7 customer guid (NULL: none), 8 before, 9 after, 10 correlation_id.
template <typename Row>
AuditRecord ReadAudit(const Row& row) {
  AuditRecord r;
  r.id = row.Int(0);
  r.time = FromSeconds(row.Int(1));
  r.agent_id = row.Text(2);
  r.role = Decode(row, 3, ParseRole, "audit_records.role", r.id);
  r.operation = row.Text(4);
  r.resource_type = row.Text(5);
  r.resource_id = row.Text(6);
  if (!row.IsNull(7)) r.customer_id = CustomerId(row.Guid(7));
  r.before = row.Text(8);
  r.after = row.Text(9);
  r.correlation_id = row.Text(10);
  return r;
}

//! charges of `customer`: 0 key, 1 subscription guid, 2 sku_id, 3 kind, 4 period_start,
//! 5 period_end, 6 quantity, 7 unit_price, 8 amount, 9 currency, 10 charged_at, 11 unit_cost.
template <typename Row>
Charge ReadCharge(const Row& row, const CustomerId& customer) {
  const std::int64_t key = row.Int(0);
  return Charge{.customer_id = customer,
                .subscription_id = SubscriptionId(row.Guid(1)),
                .sku_id = SkuId(row.Text(2)),
                .kind = Decode(row, 3, ParseChargeKind, "charges.kind", key),
                .period = {Decode(row, 4, ParseDate, "charges.period_start", key),
                           Decode(row, 5, ParseDate, "charges.period_end", key)},
                .quantity = row.Int(6),
                .unit_price = row.Int(7),
                .unit_cost = row.Int(11),
                .amount = row.Int(8),
                .currency = row.Text(9),
                .charged_at = FromSeconds(row.Int(10))};
}

//! orders: 0 key, 1 guid, 2 customer guid, 3 created_at. `select_line_items` reads its line
//! items in order: 0 line_item_number, 1 sku_id, 2 quantity, 3 friendly_name, 4 term,
//! 5 billing_cycle, 6 subscription guid (NULL: none).
template <typename Connection, typename Row>
Order ReadOrder(Connection& conn, const Row& row, const char* select_line_items) {
  Order order;
  order.id = OrderId(row.Guid(1));
  order.customer_id = CustomerId(row.Guid(2));
  order.created_at = FromSeconds(row.Int(3));
  order.currency = row.Text(4);
  const std::int64_t key = row.Int(0);
  auto items = conn.Prepare(select_line_items);
  items.Bind(1, key);
  while (items.Step()) {
    OrderLineItem item;
    item.line_item_number = static_cast<int>(items.Int(0));
    const std::string item_key = fmt::format("{}/{}", key, item.line_item_number);
    item.offer_id = SkuId(items.Text(1));
    item.quantity = items.Int(2);
    item.friendly_name = items.Text(3);
    item.term = Decode(items, 4, ParseTermDuration, "order_line_items.term", item_key);
    item.billing_cycle =
        Decode(items, 5, ParseBillingCycle, "order_line_items.billing_cycle", item_key);
    if (!items.IsNull(6)) item.subscription_id = SubscriptionId(items.Guid(6));
    order.line_items.push_back(std::move(item));
  }
  return order;
}

//! price_list: 0 offer_id, 1 market, 2 currency, 3 term, 4 billing_plan ('' for none),
//! 5 tier_min, 6 tier_max, 7 effective_start, 8 effective_end, 9 unit_price, 10 erp_price,
//! 11 product_title, 12 sku_title, 13 key, 14 segment.
template <typename Row>
ListPrice ReadListPrice(const Row& row) {
  const std::int64_t key = row.Int(13);
  ListPrice p;
  p.offer_id = row.Text(0);
  p.market = row.Text(1);
  p.currency = row.Text(2);
  p.term = Decode(row, 3, ParseTermDuration, "price_list.term", key);
  if (!row.Text(4).empty()) {
    p.billing = Decode(row, 4, ParseBillingCycle, "price_list.billing_plan", key);
  }
  p.tier_min = row.Int(5);
  p.tier_max = row.OptionalInt(6);
  p.effective_start = Decode(row, 7, ParseDate, "price_list.effective_start", key);
  p.effective_end = DecodeOptional(row, 8, ParseDate, "price_list.effective_end", key);
  p.unit_price = row.Int(9);
  p.erp_price = row.OptionalInt(10);
  p.product_title = row.Text(11);
  p.sku_title = row.Text(12);
  p.segment = row.Text(14);
  return p;
}

//! The reads of a SKU's child rows, each bound to the SKU's key.
struct SkuChildQueries {
  //! 0 guid, 1 name, 2 friendly name; in order.
  const char* plans;
  //! 0 currency, 1 term, 2 billing_cycle, 3 price in minor units.
  const char* prices;
  //! 0 the replacement's sku_id.
  const char* replacements;
  //! The price list's rows of the SKU's offer, as ReadListPrice reads them.
  const char* list_prices;
  //! 0 market, in order.
  const char* markets;
  //! 0 offer id, in order.
  const char* prerequisites;
  //! 0 the target's sku_id, in order.
  const char* conversions;
};

//! skus: 0 key, 1 sku_id, 2 guid, 3 product_id, 4 title, 5 segment, 6 minimum_quantity,
//! 7 maximum_quantity, 8 end_of_sale, 9 retirement, 10 offer_id.
template <typename Connection, typename Row>
Sku ReadSku(Connection& conn, const Row& row, const SkuChildQueries& children) {
  const std::int64_t key = row.Int(0);
  Sku sku;
  sku.id = SkuId(row.Text(1));
  sku.guid = row.Guid(2);
  sku.product_id = ProductId(row.Text(3));
  sku.title = row.Text(4);
  sku.segment = Decode(row, 5, ParseSegment, "skus.segment", key);
  sku.minimum_quantity = static_cast<int>(row.Int(6));
  sku.maximum_quantity = static_cast<int>(row.Int(7));
  sku.end_of_sale = DecodeOptional(row, 8, ParseDate, "skus.end_of_sale", key);
  sku.retirement = DecodeOptional(row, 9, ParseDate, "skus.retirement", key);
  sku.commerce = Decode(row, 11, ParseCommerce, "skus.commerce", key);
  auto plans = conn.Prepare(children.plans);
  plans.Bind(1, key);
  while (plans.Step()) {
    sku.service_plans.push_back({ServicePlanId(plans.Guid(0)), plans.Text(1), plans.Text(2)});
  }
  auto prices = conn.Prepare(children.prices);
  prices.Bind(1, key);
  while (prices.Step()) {
    sku.prices.push_back(
        {prices.Text(0), Decode(prices, 1, ParseTermDuration, "sku_prices.term", key),
         Decode(prices, 2, ParseBillingCycle, "sku_prices.billing_cycle", key), prices.Int(3)});
  }
  auto replacements = conn.Prepare(children.replacements);
  replacements.Bind(1, key);
  while (replacements.Step()) sku.replacements.emplace_back(replacements.Text(0));
  auto markets = conn.Prepare(children.markets);
  markets.Bind(1, key);
  while (markets.Step()) sku.markets.push_back(markets.Text(0));
  auto prerequisites = conn.Prepare(children.prerequisites);
  prerequisites.Bind(1, key);
  while (prerequisites.Step()) sku.prerequisite_offers.push_back(prerequisites.Text(0));
  auto conversions = conn.Prepare(children.conversions);
  conversions.Bind(1, key);
  while (conversions.Step()) sku.conversions.emplace_back(conversions.Text(0));
  if (!row.IsNull(10)) {
    sku.offer_id = row.Text(10);
    auto list_prices = conn.Prepare(children.list_prices);
    list_prices.Bind(1, sku.offer_id);
    while (list_prices.Step()) sku.list_prices.push_back(ReadListPrice(list_prices));
  }
  return sku;
}

//! migrations: 0 key, 1 guid, 2 source sku_id, 3 target sku_id (or kRecommendedTarget),
//! 4 seat_policy, 5 status, 6 created_by, 7 created_at, 8 updated_at, 9 version,
//! 10 lease_owner, 11 lease_expires_at, 12 source subscription guid (NULL: every one).
//! `select_overrides` reads its target overrides: 0 customer guid, 1 sku_id.
template <typename Connection, typename Row>
Migration ReadMigration(Connection& conn, const Row& row, const char* select_overrides) {
  const std::int64_t key = row.Int(0);
  Migration m;
  m.id = MigrationId(row.Guid(1));
  m.source_sku_id = SkuId(row.Text(2));
  if (std::string target = row.Text(3); target != kRecommendedTarget) {
    m.target_sku_id = SkuId(std::move(target));
  }
  m.seat_policy = Decode(row, 4, ParseSeatPolicy, "migrations.seat_policy", key);
  m.status = Decode(row, 5, ParseMigrationStatus, "migrations.status", key);
  m.created_by = row.Text(6);
  m.created_at = FromSeconds(row.Int(7));
  m.updated_at = FromSeconds(row.Int(8));
  m.version = row.Int(9);
  m.lease_owner = row.OptionalText(10);
  m.lease_expires_at = OptionalInstant(row, 11);
  if (!row.IsNull(12)) m.source_subscription_id = SubscriptionId(row.Guid(12));
  auto overrides = conn.Prepare(select_overrides);
  overrides.Bind(1, key);
  while (overrides.Step()) {
    m.target_overrides.emplace(CustomerId(overrides.Guid(0)), SkuId(overrides.Text(1)));
  }
  return m;
}

//! The reads of a migration customer's child rows, each bound to its row's key.
struct MigrationCustomerChildQueries {
  //! 0 the source subscription's guid; in order.
  const char* sources;
  //! 0 code, 1 message, 2 parameters (EncodeParameters); in order.
  const char* warnings;
};

//! migration_customers: 0 key, 1 position, 2 customer guid, 3 target sku_id, 4 action,
//! 5 target subscription guid (NULL: none yet), 6 term, 7 billing_cycle, 8 seats,
//! 9 users_to_move, 10 monthly_cost_before, 11 monthly_cost_after (minor units, NULL: unknown),
//! 12 currency, 13 recommendation_reason, 14 step, 15 users_moved, 16 error_code,
//! 17 error_description, 18 monthly_resale_before, 19 monthly_resale_after (as 10 and 11),
//! 20 recommendation_code, 21 recommendation_parameters, 22 error_parameters (EncodeParameters).
template <typename Connection, typename Row>
MigrationCustomer ReadMigrationCustomer(Connection& conn, const Row& row,
                                        const MigrationCustomerChildQueries& children) {
  const std::int64_t key = row.Int(0);
  const auto money = [&](int column, const std::string& currency) -> std::optional<Money> {
    const auto minor = row.OptionalInt(column);
    if (!minor) return std::nullopt;
    return Money{.minor_units = *minor, .currency = currency};
  };
  MigrationCustomer mc;
  mc.position = static_cast<int>(row.Int(1));
  CustomerMigrationPlan& plan = mc.plan;
  plan.customer_id = CustomerId(row.Guid(2));
  plan.target_sku_id = SkuId(row.Text(3));
  plan.action = Decode(row, 4, ParseMigrationAction, "migration_customers.action", key);
  if (!row.IsNull(5)) plan.target_subscription_id = SubscriptionId(row.Guid(5));
  plan.term.term = Decode(row, 6, ParseTermDuration, "migration_customers.term", key);
  plan.term.billing_cycle =
      Decode(row, 7, ParseBillingCycle, "migration_customers.billing_cycle", key);
  plan.seats = row.Int(8);
  plan.users_to_move = row.Int(9);
  plan.currency = row.Text(12);
  plan.monthly_cost_before = money(10, plan.currency);
  plan.monthly_cost_after = money(11, plan.currency);
  plan.monthly_resale_before = money(18, plan.currency);
  plan.monthly_resale_after = money(19, plan.currency);
  plan.recommendation_reason = row.Text(13);
  mc.step = Decode(row, 14, ParseMigrationStep, "migration_customers.step", key);
  mc.users_moved = row.Int(15);
  mc.error_code = row.Text(16);
  mc.error_description = row.Text(17);
  plan.recommendation_code = row.Text(20);
  plan.recommendation_parameters =
      Decode(row, 21, DecodeParameters, "migration_customers.recommendation_parameters", key);
  mc.error_parameters =
      Decode(row, 22, DecodeParameters, "migration_customers.error_parameters", key);

  auto sources = conn.Prepare(children.sources);
  sources.Bind(1, key);
  while (sources.Step()) plan.source_subscription_ids.emplace_back(sources.Guid(0));
  auto warnings = conn.Prepare(children.warnings);
  warnings.Bind(1, key);
  while (warnings.Step()) {
    plan.warnings.push_back(
        {.code = Decode(warnings, 0, ParseMigrationWarningCode, "migration_warnings.code", key),
         .message = warnings.Text(1),
         .parameters =
             Decode(warnings, 2, DecodeParameters, "migration_warnings.parameters", key)});
  }
  return mc;
}

}  // namespace seatshift::store
