// The outbox and its deliveries: events appended in the transaction of their change, fanned out
// to the endpoints that receive them in the same statement's transaction, and claimed by the
// delivery workers of any number of processes.
//
// Commit order. On SQLite one writer at a time commits in the order it writes, so ids order the
// stream. On PostgreSQL two writers may commit out of id order, so a reader continuing "after id
// N" could miss a smaller id that commits later. Each event therefore carries its transaction's
// id (`txn`, the dialect's {{current_transaction}}); the stream is ordered by (txn, id) and shows
// only events of transactions older than every transaction still open
// ({{oldest_open_transaction}}): whatever commits later sorts after what was shown.
#include <fmt/format.h>

#include <limits>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kAppendEvent =
    "INSERT INTO events (txn, name, resource_name, resource_uri, audit_uri, customer, time, "
    "correlation_id, data) VALUES ({{current_transaction}}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kLastEvent = "SELECT {{last_insert_id:events}}";
// One pending delivery of the event just appended per endpoint that receives its name
// (test-created never fans out: it is sent to one registration by AddDelivery).
constexpr const char* kFanOut =
    "INSERT INTO webhook_deliveries (endpoint, event, resource_uri, state, attempts, "
    "next_attempt_at, last_error) "
    "SELECT w.id, {{last_insert_id:events}}, ?2, 'pending', 0, ?3, '' FROM webhook_endpoints w "
    "WHERE EXISTS (SELECT 1 FROM webhook_endpoint_events f "
    "WHERE f.endpoint = w.id AND (f.name = ?4 OR f.name = '*'))";

#define SEATSHIFT_EVENT_COLUMNS                                                  \
  "e.id, e.name, e.resource_name, e.resource_uri, e.audit_uri, c.guid, e.time, " \
  "e.correlation_id, e.data "
#define SEATSHIFT_EVENT_FROM "events e LEFT JOIN customers c ON c.id = e.customer "

constexpr const char* kEventTxn = "SELECT txn FROM events WHERE id = ?1";
// ?1 txn and ?2 id of the event to continue after; ?3 customer key; ?4 ",name,name," or NULL.
constexpr const char* kEventsAfter =
    "SELECT " SEATSHIFT_EVENT_COLUMNS "FROM " SEATSHIFT_EVENT_FROM
    "WHERE {{stream_after:e:?1:?2}} AND e.txn < {{oldest_open_transaction}} "
    "AND (e.customer = {{typed:?3:bigint}} OR {{typed:?3:bigint}} IS NULL) "
    "AND ({{typed:?4:text}} IS NULL OR ?4 LIKE '%,' || e.name || ',%') "
    "ORDER BY {{stream_order:e}} LIMIT ?5";
constexpr const char* kFindEvent =
    "SELECT " SEATSHIFT_EVENT_COLUMNS "FROM " SEATSHIFT_EVENT_FROM "WHERE e.id = ?1";

// A claim reads what the attempt needs. Deliveries of one endpoint and resource go one at a
// time, in order: a pending one waits while an earlier one of its resource is pending (being
// tried, or waiting for its retry).
#define SEATSHIFT_CLAIM_COLUMNS                                              \
  "d.id, d.attempts, w.guid, w.url, w.secret, " SEATSHIFT_EVENT_COLUMNS      \
  "FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint " \
  "JOIN events e ON e.id = d.event LEFT JOIN customers c ON c.id = e.customer "
constexpr const char* kClaimable =
    "SELECT " SEATSHIFT_CLAIM_COLUMNS
    "WHERE d.state = 'pending' AND d.next_attempt_at <= ?1 "
    "AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= ?2) AND w.paused = 0 "
    "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint = d.endpoint "
    "AND p.resource_uri = d.resource_uri AND p.state = 'pending' AND p.id < d.id) "
    "ORDER BY d.id LIMIT ?3 {{for_update_of:d}} {{skip_locked}}";
constexpr const char* kLease =
    "UPDATE webhook_deliveries SET lease_owner = ?2, lease_expires_at = ?3 "
    "WHERE {{in_keys:id:?1}}";
constexpr const char* kInsertAttempt =
    "INSERT INTO webhook_attempts (delivery, at, status, error, latency_ms, response_excerpt, "
    "server) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kFinishDelivery =
    "UPDATE webhook_deliveries SET state = ?3, attempts = attempts + 1, "
    "next_attempt_at = coalesce(?4, next_attempt_at), last_status = ?5, last_error = ?6, "
    "delivered_at = ?7, lease_owner = NULL, lease_expires_at = NULL "
    "WHERE id = ?1 AND lease_owner = ?2 AND state = 'pending'";
constexpr const char* kAddDelivery =
    "INSERT INTO webhook_deliveries (endpoint, event, resource_uri, state, attempts, "
    "next_attempt_at, last_error) "
    "SELECT w.id, e.id, e.resource_uri, 'pending', 0, ?3, '' FROM webhook_endpoints w, events e "
    "WHERE w.guid = ?1 AND e.id = ?2 RETURNING id";
// ?2/?3 first and last event id, ?5/?6 time range (each NULL: open).
constexpr const char* kReplay =
    "INSERT INTO webhook_deliveries (endpoint, event, resource_uri, state, attempts, "
    "next_attempt_at, last_error) "
    "SELECT w.id, e.id, e.resource_uri, 'pending', 0, ?4, '' FROM webhook_endpoints w, events e "
    "WHERE w.guid = ?1 AND (e.id >= ?2 OR {{typed:?2:bigint}} IS NULL) "
    "AND (e.id <= ?3 OR {{typed:?3:bigint}} IS NULL) "
    "AND (e.time >= ?5 OR {{typed:?5:bigint}} IS NULL) "
    "AND (e.time < ?6 OR {{typed:?6:bigint}} IS NULL) AND e.name <> 'test-created' "
    "AND EXISTS (SELECT 1 FROM webhook_endpoint_events f "
    "WHERE f.endpoint = w.id AND (f.name = e.name OR f.name = '*')) ORDER BY e.id";

#define SEATSHIFT_DELIVERY_COLUMNS                                                      \
  "d.id, w.guid, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, " \
  "d.delivered_at, " SEATSHIFT_EVENT_COLUMNS                                            \
  "FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint "            \
  "JOIN events e ON e.id = d.event LEFT JOIN customers c ON c.id = e.customer "
// Newest first: ?3 the last key of the previous page (0: from the top).
constexpr const char* kListDeliveries =
    "SELECT " SEATSHIFT_DELIVERY_COLUMNS
    "WHERE w.guid = ?1 AND (d.state = ?2 OR {{typed:?2:text}} IS NULL) "
    "AND (?3 = 0 OR d.id < ?3) ORDER BY d.id DESC LIMIT ?4";
constexpr const char* kCountDeliveries =
    "SELECT count(*) FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint "
    "WHERE w.guid = ?1 AND (d.state = ?2 OR {{typed:?2:text}} IS NULL)";
constexpr const char* kFindDelivery = "SELECT " SEATSHIFT_DELIVERY_COLUMNS "WHERE d.id = ?1";
constexpr const char* kListAttempts =
    "SELECT delivery, at, status, error, latency_ms, response_excerpt, server "
    "FROM webhook_attempts WHERE delivery = ?1 ORDER BY id";
constexpr const char* kCountPending =
    "SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'";
#undef SEATSHIFT_DELIVERY_COLUMNS
#undef SEATSHIFT_CLAIM_COLUMNS
#undef SEATSHIFT_EVENT_FROM
#undef SEATSHIFT_EVENT_COLUMNS

//! An event from columns `first` .. `first` + 8 (SEATSHIFT_EVENT_COLUMNS).
template <typename Row>
Event ReadEvent(const Row& row, int first) {
  Event e;
  e.id = row.Int(first);
  e.name = row.Text(first + 1);
  e.resource_name = row.Text(first + 2);
  e.resource_uri = row.Text(first + 3);
  e.audit_uri = row.Text(first + 4);
  if (!row.IsNull(first + 5)) e.customer_id = CustomerId(row.Guid(first + 5));
  e.time = FromSeconds(row.Int(first + 6));
  e.correlation_id = row.Text(first + 7);
  e.data = row.Text(first + 8);
  return e;
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view text) {
  return ValueNamed(kDeliveryStateNames, text);
}

template <typename Row>
WebhookDelivery ReadDelivery(const Row& row) {
  WebhookDelivery d;
  d.id = row.Int(0);
  d.endpoint = WebhookId(row.Guid(1));
  d.state = Decode(row, 2, ParseDeliveryState, "webhook_deliveries.state", d.id);
  d.attempts = static_cast<int>(row.Int(3));
  d.next_attempt_at = FromSeconds(row.Int(4));
  if (!row.IsNull(5)) d.last_status = static_cast<int>(row.Int(5));
  d.last_error = row.Text(6);
  if (!row.IsNull(7)) d.delivered_at = FromSeconds(row.Int(7));
  d.event = ReadEvent(row, 8);
  return d;
}

//! ",a,b," for the LIKE of kEventsAfter; nullopt for any name.
std::optional<std::string> NameList(const std::vector<std::string>& names) {
  if (names.empty()) return std::nullopt;
  std::string out = ",";
  for (const std::string& name : names) out += name + ",";
  return out;
}

}  // namespace

void SqlTransaction::AppendEvents(const std::vector<Event>& events) {
  for (const Event& e : events) {
    auto stmt = conn().Prepare(kAppendEvent);
    stmt.BindUncopied(1, e.name).BindUncopied(2, e.resource_name);
    stmt.BindUncopied(3, e.resource_uri).BindUncopied(4, e.audit_uri);
    if (e.customer_id) stmt.Bind(5, CustomerKey(*e.customer_id));
    stmt.Bind(6, Seconds(e.time)).BindUncopied(7, e.correlation_id).BindUncopied(8, e.data);
    stmt.Execute();
    if (e.name == events::kTestCreated) continue;
    auto fan_out = conn().Prepare(kFanOut);
    fan_out.BindUncopied(2, e.resource_uri).Bind(3, Seconds(e.time));
    fan_out.BindUncopied(4, e.name);
    fan_out.Execute();
  }
}

std::int64_t SqlTransaction::LastAppendedEvent() {
  auto stmt = conn().Prepare(kLastEvent);
  if (!stmt.Step()) conn().Fail("the last event's id");
  return stmt.Int(0);
}

Result<std::vector<Event>> SqlTransaction::EventsAfter(std::int64_t after,
                                                       const EventFilter& filter, int limit) {
  std::int64_t txn = std::numeric_limits<std::int64_t>::min();
  if (after != 0) {
    auto find = conn().Prepare(kEventTxn);
    find.Bind(1, after);
    if (!find.Step()) {
      return Error(ErrorCode::kNotFound, fmt::format("no event has the id {}", after));
    }
    txn = find.Int(0);
  }
  std::vector<Event> out;
  std::optional<std::int64_t> customer;
  if (filter.customer_id) {
    customer = CustomerKey(*filter.customer_id);
    if (!customer) return out;
  }
  auto stmt = conn().Prepare(kEventsAfter);
  stmt.Bind(1, txn).Bind(2, after).Bind(3, customer).Bind(4, NameList(filter.names));
  stmt.Bind(5, limit);
  while (stmt.Step()) out.push_back(ReadEvent(stmt, 0));
  return out;
}

std::optional<Event> SqlTransaction::FindEvent(std::int64_t id) {
  auto stmt = conn().Prepare(kFindEvent);
  stmt.Bind(1, id);
  if (!stmt.Step()) return std::nullopt;
  return ReadEvent(stmt, 0);
}

Result<std::int64_t> SqlTransaction::AddDelivery(const WebhookId& endpoint, std::int64_t event,
                                                 Instant due) {
  auto stmt = conn().Prepare(kAddDelivery);
  stmt.Bind(1, endpoint.value()).Bind(2, event).Bind(3, Seconds(due));
  if (!stmt.Step()) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("no webhook {} or no event {}", ToString(endpoint), event));
  }
  return stmt.Int(0);
}

std::int64_t SqlTransaction::ReplayEvents(const WebhookId& endpoint, const EventRange& range,
                                          Instant due) {
  auto stmt = conn().Prepare(kReplay);
  stmt.Bind(1, endpoint.value()).Bind(2, range.first).Bind(3, range.last).Bind(4, Seconds(due));
  stmt.Bind(5, OptionalSeconds(range.from)).Bind(6, OptionalSeconds(range.to));
  stmt.Execute();
  return conn().Changes();
}

std::vector<ClaimedDelivery> SqlTransaction::ClaimDeliveries(const std::string& owner, Instant now,
                                                             Instant wall_now, Instant lease_until,
                                                             int limit) {
  std::vector<ClaimedDelivery> out;
  std::vector<std::int64_t> keys;
  {
    auto stmt = conn().Prepare(kClaimable);
    stmt.Bind(1, Seconds(now)).Bind(2, Seconds(wall_now)).Bind(3, limit);
    while (stmt.Step()) {
      ClaimedDelivery claimed{.id = stmt.Int(0),
                              .attempts = static_cast<int>(stmt.Int(1)),
                              .endpoint = WebhookId(stmt.Guid(2)),
                              .url = stmt.Text(3),
                              .secret = stmt.Text(4),
                              .event = ReadEvent(stmt, 5)};
      keys.push_back(claimed.id);
      out.push_back(std::move(claimed));
    }
  }
  if (keys.empty()) return out;
  auto lease = conn().Prepare(kLease);
  lease.BindKeys(1, keys).Bind(2, owner).Bind(3, Seconds(lease_until));
  lease.Execute();
  return out;
}

bool SqlTransaction::FinishAttempt(const std::string& owner, const DeliveryAttempt& attempt,
                                   DeliveryState state, std::optional<Instant> next) {
  auto log = conn().Prepare(kInsertAttempt);
  log.Bind(1, attempt.delivery).Bind(2, Seconds(attempt.at));
  log.Bind(3, attempt.status ? std::optional<std::int64_t>(*attempt.status) : std::nullopt);
  log.BindUncopied(4, attempt.error).Bind(5, attempt.latency_ms);
  log.BindUncopied(6, attempt.response_excerpt).BindUncopied(7, attempt.server);
  log.Execute();
  auto finish = conn().Prepare(kFinishDelivery);
  finish.Bind(1, attempt.delivery).Bind(2, owner).Bind(3, ToString(state));
  finish.Bind(4, OptionalSeconds(next));
  finish.Bind(5, attempt.status ? std::optional<std::int64_t>(*attempt.status) : std::nullopt);
  finish.BindUncopied(6, attempt.error);
  finish.Bind(
      7, state == DeliveryState::kDelivered ? std::optional(Seconds(attempt.at)) : std::nullopt);
  finish.Execute();
  return conn().Changes() == 1;
}

Result<Page<WebhookDelivery>> SqlTransaction::ListDeliveries(const DeliveryFilter& filter,
                                                             const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  const std::optional<std::string> state =
      filter.state ? std::optional<std::string>(ToString(*filter.state)) : std::nullopt;
  auto stmt = conn().Prepare(kListDeliveries);
  stmt.Bind(1, filter.endpoint.value()).Bind(2, state).Bind(3, after).Bind(4, page.limit + 1);
  Page<WebhookDelivery> out = ReadPage<WebhookDelivery>(stmt, page.limit, ReadDelivery<Statement>);
  auto count = conn().Prepare(kCountDeliveries);
  count.Bind(1, filter.endpoint.value()).Bind(2, state);
  count.Step();
  out.total = count.Int(0);
  return out;
}

std::optional<WebhookDelivery> SqlTransaction::FindDelivery(std::int64_t id) {
  auto stmt = conn().Prepare(kFindDelivery);
  stmt.Bind(1, id);
  if (!stmt.Step()) return std::nullopt;
  return ReadDelivery(stmt);
}

std::vector<DeliveryAttempt> SqlTransaction::ListAttempts(std::int64_t delivery) {
  auto stmt = conn().Prepare(kListAttempts);
  stmt.Bind(1, delivery);
  std::vector<DeliveryAttempt> out;
  while (stmt.Step()) {
    out.push_back(
        {.delivery = stmt.Int(0),
         .at = FromSeconds(stmt.Int(1)),
         .status = stmt.IsNull(2) ? std::nullopt : std::optional(static_cast<int>(stmt.Int(2))),
         .error = stmt.Text(3),
         .latency_ms = stmt.Int(4),
         .response_excerpt = stmt.Text(5),
         .server = stmt.Text(6)});
  }
  return out;
}

std::int64_t SqlTransaction::CountPendingDeliveries() {
  auto stmt = conn().Prepare(kCountPending);
  stmt.Step();
  return stmt.Int(0);
}

}  // namespace seatshift::store::sql
