// The audit log: append-only, written inside the transaction of the change it records.
#include "store/sqlite/sqlite_transaction.hpp"

namespace seatshift::store::sqlite {
namespace {

constexpr const char* kAppendAudit =
    "INSERT INTO audit_records (time, agent_id, role, operation, resource_type, resource_id, "
    "customer_guid, before, after, correlation_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kListAudit =
    "SELECT id, time, agent_id, role, operation, resource_type, resource_id, customer_guid, "
    "before, after, correlation_id FROM audit_records "
    "WHERE id > ?1 AND (?2 IS NULL OR customer_guid = ?2) AND (?3 = '' OR resource_id = ?3) "
    "AND (?4 IS NULL OR time >= ?4) AND (?5 IS NULL OR time < ?5) ORDER BY id LIMIT ?6";
constexpr const char* kCountAudit =
    "SELECT count(*) FROM audit_records "
    "WHERE (?1 IS NULL OR customer_guid = ?1) AND (?2 = '' OR resource_id = ?2) "
    "AND (?3 IS NULL OR time >= ?3) AND (?4 IS NULL OR time < ?4)";

AuditRecord ReadAudit(const Statement& row) {
  AuditRecord r;
  r.id = row.Int(0);
  r.time = FromSeconds(row.Int(1));
  r.agent_id = row.Text(2);
  r.role = ParseRole(row.Text(3)).value_or(Role::kSystem);
  r.operation = row.Text(4);
  r.resource_type = row.Text(5);
  r.resource_id = row.Text(6);
  if (!row.IsNull(7)) r.customer_id = CustomerId(row.Guid(7));
  r.before = row.Text(8);
  r.after = row.Text(9);
  r.correlation_id = row.Text(10);
  return r;
}

}  // namespace

void SqliteTransaction::AppendAudit(const AuditRecord& record) {
  auto stmt = conn().Prepare(kAppendAudit);
  stmt.Bind(1, Seconds(record.time)).Bind(2, record.agent_id).Bind(3, ToString(record.role));
  stmt.Bind(4, record.operation).Bind(5, record.resource_type).Bind(6, record.resource_id);
  if (record.customer_id) stmt.Bind(7, record.customer_id->value());
  stmt.Bind(8, record.before).Bind(9, record.after).Bind(10, record.correlation_id);
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("append audit record");
}

Result<Page<AuditRecord>> SqliteTransaction::ListAudit(const AuditFilter& filter,
                                                       const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  const auto bind_filter = [&](Statement& stmt, int first) {
    if (filter.customer_id) stmt.Bind(first, filter.customer_id->value());
    stmt.Bind(first + 1, filter.resource_id);
    if (filter.from) stmt.Bind(first + 2, Seconds(*filter.from));
    if (filter.to) stmt.Bind(first + 3, Seconds(*filter.to));
  };
  auto stmt = conn().Prepare(kListAudit);
  stmt.Bind(1, after).Bind(6, page.limit + 1);
  bind_filter(stmt, 2);
  Page<AuditRecord> out = ReadPage<AuditRecord>(stmt, page.limit, ReadAudit);
  auto count = conn().Prepare(kCountAudit);
  bind_filter(count, 1);
  count.Step();
  out.total = count.Int(0);
  return out;
}

}  // namespace seatshift::store::sqlite
