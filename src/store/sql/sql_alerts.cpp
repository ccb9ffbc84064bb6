// Alerts: one row per rule and occurrence (the unique key makes a second raise a no-op).
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kRaiseAlert =
    "INSERT INTO alerts (guid, rule, occurrence, customer, resource_name, resource_id, "
    "resource_uri, raised_at, due_at, parameters, dismissed_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '') ON CONFLICT DO NOTHING";
constexpr const char* kDismissAlert =
    "UPDATE alerts SET dismissed_at = ?2, dismissed_by = ?3 "
    "WHERE guid = ?1 AND dismissed_at IS NULL";
constexpr const char* kAlertExists = "SELECT 1 FROM alerts WHERE guid = ?1";
#define SEATSHIFT_ALERT_SELECT                                                           \
  "SELECT a.id, a.guid, a.rule, a.occurrence, c.guid, a.resource_name, a.resource_id, "  \
  "a.resource_uri, a.raised_at, a.due_at, a.parameters, a.dismissed_at, a.dismissed_by " \
  "FROM alerts a LEFT JOIN customers c ON c.id = a.customer "
// ?1 the last key of the previous page (0: from the top), ?2 0 every alert, 1 open ones, 2
// dismissed ones, ?3 customer key.
#define SEATSHIFT_ALERT_FILTER                                                                  \
  "(?2 = 0 OR (?2 = 1 AND a.dismissed_at IS NULL) OR (?2 = 2 AND a.dismissed_at IS NOT NULL)) " \
  "AND (a.customer = ?3 OR {{typed:?3:bigint}} IS NULL) "
constexpr const char* kListAlerts = SEATSHIFT_ALERT_SELECT
    "WHERE (?1 = 0 OR a.id < ?1) AND " SEATSHIFT_ALERT_FILTER "ORDER BY a.id DESC LIMIT ?4";
constexpr const char* kCountAlerts = "SELECT count(*) FROM alerts a WHERE " SEATSHIFT_ALERT_FILTER;
constexpr const char* kFindAlert = SEATSHIFT_ALERT_SELECT "WHERE a.guid = ?1";
#undef SEATSHIFT_ALERT_FILTER
#undef SEATSHIFT_ALERT_SELECT

std::optional<AlertRule> ParseAlertRule(std::string_view text) {
  return ValueNamed(kAlertRuleNames, text);
}

template <typename Row>
Alert ReadAlert(const Row& row) {
  Alert a;
  const std::int64_t key = row.Int(0);
  a.id = AlertId(row.Guid(1));
  a.rule = Decode(row, 2, ParseAlertRule, "alerts.rule", key);
  a.occurrence = row.Text(3);
  if (!row.IsNull(4)) a.customer_id = CustomerId(row.Guid(4));
  a.resource_name = row.Text(5);
  a.resource_id = row.Text(6);
  a.resource_uri = row.Text(7);
  a.raised_at = FromSeconds(row.Int(8));
  if (!row.IsNull(9)) a.due_at = FromSeconds(row.Int(9));
  a.parameters = row.Text(10);
  if (!row.IsNull(11)) a.dismissed_at = FromSeconds(row.Int(11));
  a.dismissed_by = row.Text(12);
  return a;
}

}  // namespace

bool SqlTransaction::RaiseAlert(const Alert& alert) {
  auto stmt = conn().Prepare(kRaiseAlert);
  stmt.Bind(1, alert.id.value()).Bind(2, ToString(alert.rule)).Bind(3, alert.occurrence);
  if (alert.customer_id) stmt.Bind(4, CustomerKey(*alert.customer_id));
  stmt.Bind(5, alert.resource_name).Bind(6, alert.resource_id).Bind(7, alert.resource_uri);
  stmt.Bind(8, Seconds(alert.raised_at)).Bind(9, OptionalSeconds(alert.due_at));
  stmt.Bind(10, alert.parameters);
  stmt.Execute();
  return conn().Changes() == 1;
}

Status SqlTransaction::DismissAlert(const AlertId& id, const std::string& by, Instant at) {
  auto stmt = conn().Prepare(kDismissAlert);
  stmt.Bind(1, id.value()).Bind(2, Seconds(at)).Bind(3, by);
  stmt.Execute();
  if (conn().Changes() == 1) return OkStatus();
  auto exists = conn().Prepare(kAlertExists);
  exists.Bind(1, id.value());
  if (!exists.Step()) return Error(ErrorCode::kNotFound, fmt::format("no alert {}", ToString(id)));
  return Error(ErrorCode::kInvalidStatusTransition,
               fmt::format("alert {} was dismissed already", ToString(id)));
}

Result<Page<Alert>> SqlTransaction::ListAlerts(const AlertFilter& filter, const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  std::optional<std::int64_t> customer;
  if (filter.customer_id) {
    customer = CustomerKey(*filter.customer_id);
    if (!customer) return Page<Alert>{};
  }
  using Which = AlertFilter::Status;
  const int which = filter.status == Which::kAll ? 0 : filter.status == Which::kOpen ? 1 : 2;
  auto stmt = conn().Prepare(kListAlerts);
  stmt.Bind(1, after).Bind(2, which).Bind(3, customer).Bind(4, page.limit + 1);
  Page<Alert> out = ReadPage<Alert>(stmt, page.limit, ReadAlert<Statement>);
  auto count = conn().Prepare(kCountAlerts);
  count.Bind(2, which).Bind(3, customer);
  count.Step();
  out.total = count.Int(0);
  return out;
}

std::optional<Alert> SqlTransaction::FindAlert(const AlertId& id) {
  auto stmt = conn().Prepare(kFindAlert);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadAlert(stmt);
}

}  // namespace seatshift::store::sql
