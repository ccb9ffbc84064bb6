// The audit log: append-only, written inside the transaction of the change it records.
#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "store/sql/dialect.hpp"
#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kAppendAudit =
    "INSERT INTO audit_records (time, agent_id, role, operation, resource_type, resource_id, "
    "customer, before, after, correlation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
// Where the dialect batches audit records (PostgreSQL: a statement is a round trip), the
// transaction's pending records in one statement: each parameter is an array holding one column
// of every record, in order (ORDER BY n keeps the ids in the order they were appended).
constexpr const char* kAppendAudits =
    "INSERT INTO audit_records (time, agent_id, role, operation, resource_type, resource_id, "
    "customer, before, after, correlation_id) "
    "SELECT t, a, r, o, rt, ri, c, b, af, co FROM unnest(?1::bigint[], ?2::text[], ?3::text[], "
    "?4::text[], ?5::text[], ?6::text[], ?7::bigint[], ?8::text[], ?9::text[], ?10::text[]) "
    "WITH ORDINALITY AS x(t, a, r, o, rt, ri, c, b, af, co, n) ORDER BY n";

// A bulk change's records (SqlTransaction::AppendAudit): what they share once, then a row per
// resource naming it (schema 24), in the order given.
constexpr const char* kAppendAuditDetail =
    "INSERT INTO audit_details (agent_id, role, operation, resource_type, before, after, "
    "correlation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kAppendAuditOfResources =
    "INSERT INTO audit_records (time, agent_id, role, operation, resource_type, resource_id, "
    "customer, before, after, correlation_id, detail) "
    "SELECT ?1, '', '', '', '', r.value, ?2, '', '', '', {{last_insert_id:audit_details}} "
    "FROM {{text_rows:?3:r}} ORDER BY r.key";

//! Records held back before one INSERT writes them (bounds the statement and the memory).
constexpr std::size_t kMaxPendingAudit = 1000;

//! Appends `text` to a PostgreSQL array literal as one quoted element ('"' and '\' escaped).
void AppendElement(std::string& array, std::string_view text) {
  if (array.size() > 1) array.push_back(',');
  array.push_back('"');
  for (const char c : text) {
    if (c == '"' || c == '\\') array.push_back('\\');
    array.push_back(c);
  }
  array.push_back('"');
}

//! What the records of a bulk change have alike: every column but the resource (the time and
//! customer as their row holds them).
using BulkAuditKey = std::tuple<std::int64_t, std::optional<CustomerId>, std::string_view,
                                std::string_view, std::string_view, std::string_view,
                                std::string_view, std::string_view, std::string_view>;

BulkAuditKey BulkKeyOf(const AuditRecord& r) {
  return {Seconds(r.time), r.customer_id, r.agent_id, ToString(r.role), r.operation,
          r.resource_type, r.before,      r.after,    r.correlation_id};
}

// Parameters: ?1 after id, ?2 customer key, ?3 resource id, ?4/?5 time range, ?6 limit. The
// customer filter has a statement of its own: `(customer = ?2 OR ?2 IS NULL)` would keep SQLite
// from using the index.
// Records read whole through audit_entries (a bulk change's share their detail row, schema 24).
#define SEATSHIFT_AUDIT_SELECT                                                             \
  "SELECT a.id, a.time, a.agent_id, a.role, a.operation, a.resource_type, a.resource_id, " \
  "c.guid, a.before, a.after, a.correlation_id "                                           \
  "FROM audit_entries a LEFT JOIN customers c ON c.id = a.customer "
#define SEATSHIFT_AUDIT_FILTER                                           \
  "(a.resource_id = ?3 OR ?3 IS NULL) AND (a.time >= ?4 OR ?4 IS NULL) " \
  "AND (a.time < ?5 OR ?5 IS NULL) "
// Without a customer the whole log is scanned: every resource but a SKU has a customer.
constexpr const char* kListAuditOfAnyone =
    SEATSHIFT_AUDIT_SELECT "WHERE a.id > ?1 AND " SEATSHIFT_AUDIT_FILTER "ORDER BY a.id LIMIT ?6";
constexpr const char* kCountAuditOfAnyone =
    "SELECT count(*) FROM audit_records a WHERE " SEATSHIFT_AUDIT_FILTER;
constexpr const char* kListAuditOfCustomer = SEATSHIFT_AUDIT_SELECT
    "WHERE a.customer = ?2 AND a.id > ?1 AND " SEATSHIFT_AUDIT_FILTER "ORDER BY a.id LIMIT ?6";
// Newest first: keys descend, so the page continues below the last key (0: from the top).
constexpr const char* kListAuditOfAnyoneNewestFirst = SEATSHIFT_AUDIT_SELECT
    "WHERE (?1 = 0 OR a.id < ?1) AND " SEATSHIFT_AUDIT_FILTER "ORDER BY a.id DESC LIMIT ?6";
constexpr const char* kListAuditOfCustomerNewestFirst = SEATSHIFT_AUDIT_SELECT
    "WHERE a.customer = ?2 AND (?1 = 0 OR a.id < ?1) AND " SEATSHIFT_AUDIT_FILTER
    "ORDER BY a.id DESC LIMIT ?6";
constexpr const char* kCountAuditOfCustomer =
    "SELECT count(*) FROM audit_records a WHERE a.customer = ?2 AND " SEATSHIFT_AUDIT_FILTER;
#undef SEATSHIFT_AUDIT_SELECT
#undef SEATSHIFT_AUDIT_FILTER

}  // namespace

void SqlTransaction::AppendAudit(const AuditRecord& record) {
  if (!conn().dialect().batches_audit()) {
    WriteAudit(record);
    return;
  }
  // Held back until the transaction ends, opens a savepoint or reads the log: one statement then
  // writes them all (a round trip per record would be most of a batch's time).
  pending_audit_.push_back(
      {.record = record,
       .customer = record.customer_id ? CustomerKey(*record.customer_id) : std::nullopt});
  if (pending_audit_.size() >= kMaxPendingAudit) FlushAudit();
}

void SqlTransaction::AppendAudit(const std::vector<AuditRecord>& records) {
  // A change of many resources at once (a migration batch moving a hundred users between the
  // same license lists) gives records alike but for their resource: each such group is written
  // as one detail row and one statement naming its resources, groups in the order of their
  // first record (their records share a time: the order among them says nothing).
  std::vector<std::vector<const AuditRecord*>> groups;
  std::map<BulkAuditKey, std::size_t> group_of;
  for (const AuditRecord& record : records) {
    const auto [it, added] = group_of.try_emplace(BulkKeyOf(record), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(&record);
  }
  for (const std::vector<const AuditRecord*>& group : groups) {
    if (group.size() == 1) {
      AppendAudit(*group.front());
    } else {
      WriteBulkAudit(group);
    }
  }
}

void SqlTransaction::WriteBulkAudit(std::span<const AuditRecord* const> records) {
  FlushAudit();  // the records appended before these keep their places
  const AuditRecord& first = *records.front();
  auto detail = conn().Prepare(kAppendAuditDetail);
  detail.BindUncopied(1, first.agent_id).BindUncopied(2, ToString(first.role));
  detail.BindUncopied(3, first.operation).BindUncopied(4, first.resource_type);
  detail.BindUncopied(5, first.before).BindUncopied(6, first.after);
  detail.BindUncopied(7, first.correlation_id);
  detail.Execute();
  std::vector<std::string_view> resources;
  resources.reserve(records.size());
  for (const AuditRecord* record : records) resources.push_back(record->resource_id);
  auto rows = conn().Prepare(kAppendAuditOfResources);
  rows.Bind(1, Seconds(first.time));
  if (first.customer_id) rows.Bind(2, CustomerKey(*first.customer_id));
  rows.BindTexts(3, resources);
  rows.ExecuteExpecting(std::ssize(resources));
}

void SqlTransaction::WriteAudit(const AuditRecord& record) {
  auto stmt = conn().Prepare(kAppendAudit);
  // Audit rows are the bulk of a batch's writes: bind the record's own strings without copies.
  stmt.Bind(1, Seconds(record.time)).BindUncopied(2, record.agent_id);
  stmt.BindUncopied(3, ToString(record.role)).BindUncopied(4, record.operation);
  stmt.BindUncopied(5, record.resource_type).BindUncopied(6, record.resource_id);
  if (record.customer_id) stmt.Bind(7, CustomerKey(*record.customer_id));
  stmt.BindUncopied(8, record.before).BindUncopied(9, record.after);
  stmt.BindUncopied(10, record.correlation_id);
  stmt.Execute();
}

void SqlTransaction::FlushAudit() {
  if (pending_audit_.empty()) return;
  std::string times = "{";
  std::string customers = "{";
  std::array<std::string, 8> texts;
  texts.fill("{");
  for (const PendingAudit& pending : pending_audit_) {
    const AuditRecord& r = pending.record;
    if (times.size() > 1) {
      times.push_back(',');
      customers.push_back(',');
    }
    times += std::to_string(Seconds(r.time));
    customers += pending.customer ? std::to_string(*pending.customer) : "NULL";
    const std::array<std::string_view, 8> columns{r.agent_id,      ToString(r.role), r.operation,
                                                  r.resource_type, r.resource_id,    r.before,
                                                  r.after,         r.correlation_id};
    for (std::size_t i = 0; i < columns.size(); ++i) AppendElement(texts[i], columns[i]);
  }
  times.push_back('}');
  customers.push_back('}');
  for (std::string& text : texts) text.push_back('}');
  auto stmt = conn().Prepare(kAppendAudits);
  stmt.Bind(1, times).Bind(2, texts[0]).Bind(3, texts[1]).Bind(4, texts[2]).Bind(5, texts[3]);
  stmt.Bind(6, texts[4]).Bind(7, customers).Bind(8, texts[5]).Bind(9, texts[6]);
  stmt.Bind(10, texts[7]);
  stmt.Execute();
  pending_audit_.clear();
}

Result<Page<AuditRecord>> SqlTransaction::ListAudit(const AuditFilter& filter,
                                                    const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  FlushAudit();  // the log as this transaction wrote it
  std::optional<std::int64_t> customer;
  if (filter.customer_id) {
    customer = CustomerKey(*filter.customer_id);
    if (!customer) return Page<AuditRecord>{};
  }
  const auto bind_filter = [&](Statement& stmt) {
    if (customer) stmt.Bind(2, *customer);
    if (!filter.resource_id.empty()) stmt.Bind(3, filter.resource_id);
    if (filter.from) stmt.Bind(4, Seconds(*filter.from));
    if (filter.to) stmt.Bind(5, Seconds(*filter.to));
  };
  auto stmt =
      conn().Prepare(filter.newest_first ? (customer ? kListAuditOfCustomerNewestFirst
                                                     : kListAuditOfAnyoneNewestFirst)
                                         : (customer ? kListAuditOfCustomer : kListAuditOfAnyone));
  stmt.Bind(1, after).Bind(6, page.limit + 1);
  bind_filter(stmt);
  Page<AuditRecord> out = ReadPage<AuditRecord>(stmt, page.limit, ReadAudit<Statement>);
  auto count = conn().Prepare(customer ? kCountAuditOfCustomer : kCountAuditOfAnyone);
  bind_filter(count);
  count.Step();
  out.total = count.Int(0);
  return out;
}

}  // namespace seatshift::store::sql
