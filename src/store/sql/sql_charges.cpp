// Charges the lifecycle engine and partner changes produce, and the small settings table.
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kInsertCharge =
    "INSERT INTO charges (customer, subscription, sku_id, kind, period_start, period_end, "
    "quantity, unit_price, amount, currency, charged_at, unit_cost) VALUES (?1, (SELECT id FROM "
    "subscriptions WHERE guid = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
// ?1 customer key, ?2 after id, ?3 subscription guid, ?4 from, ?5 to, ?6 limit.
#define SEATSHIFT_CHARGE_FILTER                             \
  "WHERE ch.customer = ?1 AND (s.guid = ?3 OR ?3 IS NULL) " \
  "AND (ch.period_start >= ?4 OR ?4 IS NULL) AND (ch.period_start <= ?5 OR ?5 IS NULL) "
constexpr const char* kListCharges =
    "SELECT ch.id, s.guid, ch.sku_id, ch.kind, ch.period_start, ch.period_end, ch.quantity, "
    "ch.unit_price, ch.amount, ch.currency, ch.charged_at, ch.unit_cost "
    "FROM charges ch JOIN subscriptions s ON s.id = ch.subscription " SEATSHIFT_CHARGE_FILTER
    "AND ch.id > ?2 ORDER BY ch.id LIMIT ?6";
constexpr const char* kCountCharges =
    "SELECT count(*) FROM charges ch JOIN subscriptions s ON s.id = "
    "ch.subscription " SEATSHIFT_CHARGE_FILTER;
constexpr const char* kSumCharges =
    "SELECT coalesce(sum(ch.amount), 0) FROM charges ch JOIN subscriptions s "
    "ON s.id = ch.subscription " SEATSHIFT_CHARGE_FILTER;
#undef SEATSHIFT_CHARGE_FILTER
constexpr const char* kFindSetting = "SELECT value FROM settings WHERE key = ?1";
// A write transaction reads a setting to change it (the simulated clock: read, add days, write):
// the row stays locked until it ends, or two servers advancing at once would both add to the
// same instant and one advance would be lost.
constexpr const char* kFindSettingForUpdate =
    "SELECT value FROM settings WHERE key = ?1 {{for_update}}";
constexpr const char* kPutSetting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

}  // namespace

void SqlTransaction::InsertCharges(const std::vector<Charge>& charges) {
  for (const Charge& charge : charges) {
    const auto customer = CustomerKey(charge.customer_id);
    if (!customer) throw StorageError("charge for an unknown customer");
    auto stmt = conn().Prepare(kInsertCharge);
    stmt.Bind(1, *customer).Bind(2, charge.subscription_id.value()).Bind(3, charge.sku_id.value());
    stmt.Bind(4, ToString(charge.kind)).Bind(5, FormatDate(charge.period.first));
    stmt.Bind(6, FormatDate(charge.period.last)).Bind(7, charge.quantity);
    stmt.Bind(8, charge.unit_price).Bind(9, charge.amount).Bind(10, charge.currency);
    stmt.Bind(11, Seconds(charge.charged_at)).Bind(12, charge.unit_cost);
    // A unique violation here is a second cycle charge for one period: a bug, not input.
    stmt.Execute();
  }
}

namespace {

void BindChargeFilter(Statement& stmt, std::int64_t customer_key, const ChargeFilter& filter) {
  stmt.Bind(1, customer_key);
  if (filter.subscription_id) stmt.Bind(3, filter.subscription_id->value());
  if (filter.from) stmt.Bind(4, FormatDate(*filter.from));
  if (filter.to) stmt.Bind(5, FormatDate(*filter.to));
}

}  // namespace

std::int64_t SqlTransaction::SumCharges(const ChargeFilter& filter) {
  const auto customer = CustomerKey(filter.customer_id);
  if (!customer) return 0;
  auto stmt = conn().Prepare(kSumCharges);
  BindChargeFilter(stmt, *customer, filter);
  stmt.Step();
  return stmt.Int(0);
}

Result<Page<Charge>> SqlTransaction::ListCharges(const ChargeFilter& filter,
                                                 const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  const auto customer = CustomerKey(filter.customer_id);
  if (!customer) return Page<Charge>{};
  const auto bind_filter = [&](Statement& stmt) { BindChargeFilter(stmt, *customer, filter); };
  auto stmt = conn().Prepare(kListCharges);
  bind_filter(stmt);
  stmt.Bind(2, after).Bind(6, page.limit + 1);
  Page<Charge> out = ReadPage<Charge>(
      stmt, page.limit, [&](const Statement& row) { return ReadCharge(row, filter.customer_id); });
  auto count = conn().Prepare(kCountCharges);
  bind_filter(count);
  count.Step();
  out.total = count.Int(0);
  return out;
}

std::optional<std::string> SqlTransaction::FindSetting(const std::string& key) {
  auto stmt = conn().Prepare(write_ ? kFindSettingForUpdate : kFindSetting);
  stmt.Bind(1, key);
  if (!stmt.Step()) return std::nullopt;
  return stmt.Text(0);
}

void SqlTransaction::PutSetting(const std::string& key, const std::string& value) {
  auto stmt = conn().Prepare(kPutSetting);
  stmt.Bind(1, key).Bind(2, value);
  stmt.Execute();
}

}  // namespace seatshift::store::sql
