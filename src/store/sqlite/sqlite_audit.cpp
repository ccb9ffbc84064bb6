// The audit log: append-only, written inside the transaction of the change it records.
#include "store/row_decoders.hpp"
#include "store/sqlite/sqlite_transaction.hpp"
#include "store/stored_values.hpp"

namespace seatshift::store::sqlite {
namespace {

constexpr const char* kAppendAudit =
    "INSERT INTO audit_records (time, agent_id, role, operation, resource_type, resource_id, "
    "customer, before, after, correlation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

// Parameters: ?1 after id, ?2 customer key, ?3 resource id, ?4/?5 time range, ?6 limit. The
// customer filter has a statement of its own: `(?2 IS NULL OR customer = ?2)` would keep SQLite
// from using the index.
#define SEATSHIFT_AUDIT_SELECT                                                             \
  "SELECT a.id, a.time, a.agent_id, a.role, a.operation, a.resource_type, a.resource_id, " \
  "c.guid, a.before, a.after, a.correlation_id "                                           \
  "FROM audit_records a LEFT JOIN customers c ON c.id = a.customer "
#define SEATSHIFT_AUDIT_FILTER                                           \
  "(?3 IS NULL OR a.resource_id = ?3) AND (?4 IS NULL OR a.time >= ?4) " \
  "AND (?5 IS NULL OR a.time < ?5) "
// Without a customer the whole log is scanned: every resource but a SKU has a customer.
constexpr const char* kListAuditOfAnyone =
    SEATSHIFT_AUDIT_SELECT "WHERE a.id > ?1 AND " SEATSHIFT_AUDIT_FILTER "ORDER BY a.id LIMIT ?6";
constexpr const char* kCountAuditOfAnyone =
    "SELECT count(*) FROM audit_records a WHERE " SEATSHIFT_AUDIT_FILTER;
constexpr const char* kListAuditOfCustomer = SEATSHIFT_AUDIT_SELECT
    "WHERE a.customer = ?2 AND a.id > ?1 AND " SEATSHIFT_AUDIT_FILTER "ORDER BY a.id LIMIT ?6";
constexpr const char* kCountAuditOfCustomer =
    "SELECT count(*) FROM audit_records a WHERE a.customer = ?2 AND " SEATSHIFT_AUDIT_FILTER;
#undef SEATSHIFT_AUDIT_SELECT
#undef SEATSHIFT_AUDIT_FILTER

}  // namespace

void SqliteTransaction::AppendAudit(const AuditRecord& record) {
  auto stmt = conn().Prepare(kAppendAudit);
  // Audit rows are the bulk of a batch's writes: bind the record's own strings without copies.
  stmt.Bind(1, Seconds(record.time)).BindUncopied(2, record.agent_id);
  stmt.BindUncopied(3, ToString(record.role)).BindUncopied(4, record.operation);
  stmt.BindUncopied(5, record.resource_type).BindUncopied(6, record.resource_id);
  if (record.customer_id) stmt.Bind(7, CustomerKey(*record.customer_id));
  stmt.BindUncopied(8, record.before).BindUncopied(9, record.after);
  stmt.BindUncopied(10, record.correlation_id);
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("append audit record");
}

void SqliteTransaction::AppendAudit(const std::vector<AuditRecord>& records) {
  // One prepared insert per record measured faster than any set-based form (a JSON array
  // through json_each costs a parse per extracted field).
  for (const AuditRecord& record : records) AppendAudit(record);
}

Result<Page<AuditRecord>> SqliteTransaction::ListAudit(const AuditFilter& filter,
                                                       const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
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
  auto stmt = conn().Prepare(customer ? kListAuditOfCustomer : kListAuditOfAnyone);
  stmt.Bind(1, after).Bind(6, page.limit + 1);
  bind_filter(stmt);
  Page<AuditRecord> out = ReadPage<AuditRecord>(stmt, page.limit, ReadAudit<Statement>);
  auto count = conn().Prepare(customer ? kCountAuditOfCustomer : kCountAuditOfAnyone);
  bind_filter(count);
  count.Step();
  out.total = count.Int(0);
  return out;
}

}  // namespace seatshift::store::sqlite
