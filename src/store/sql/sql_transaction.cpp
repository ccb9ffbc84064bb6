// What every transaction shares: its key caches, row locks and the writes it holds back.
#include "store/sql/sql_transaction.hpp"

#include "store/sql/dialect.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kSelectSkuKey = "SELECT id FROM skus WHERE sku_id = ?1";
constexpr const char* kSelectCustomerKey = "SELECT id FROM customers WHERE guid = ?1";
constexpr const char* kLockCustomer =
    "SELECT id FROM customers WHERE guid = ?1 {{for_no_key_update}}";

}  // namespace

SqlTransaction::SqlTransaction(Connection& conn, bool write, WriterCatalog writer_catalog,
                               CatalogCache& catalog)
    : conn_(&conn), write_(write), writer_catalog_(writer_catalog), catalog_(&catalog) {}

void SqlTransaction::FlushPending() {
  FlushLicenseCounts();
  FlushAudit();
}

void SqlTransaction::ForgetSinceSavepoint() {
  count_deltas_.clear();
  pending_audit_.clear();
  sku_keys_.clear();
  customer_keys_.clear();
  user_keys_.clear();
  catalog_version_.reset();
}

void SqlTransaction::Savepoint() {
  // What is held back was written before the savepoint: it must survive a rollback to it, and
  // whatever is held back when it rolls back was written after it.
  FlushPending();
  conn().ExecWithoutWaiting("SAVEPOINT step");
}

void SqlTransaction::ReleaseSavepoint() { conn().ExecWithoutWaiting("RELEASE SAVEPOINT step"); }

void SqlTransaction::RollBackToSavepoint() {
  conn().ExecWithoutWaiting("ROLLBACK TO SAVEPOINT step");
  conn().ExecWithoutWaiting("RELEASE SAVEPOINT step");
  ForgetSinceSavepoint();
}

void SqlTransaction::Commit() {
  FlushPending();
  CommitWrites();
}

void SqlTransaction::LockCustomer(const CustomerId& customer) {
  // Where one writer holds the whole database, its seats are this transaction's already.
  if (!conn().dialect().row_locks()) return;
  auto stmt = conn().Prepare(kLockCustomer);
  stmt.Bind(1, customer.value());
  if (stmt.Step()) customer_keys_.emplace(customer, stmt.Int(0));
}

void SqlTransaction::RefreshStatistics(const char* analyze) {
  if (conn().dialect().keeps_plans_from_statistics()) conn().Prepare(analyze).Execute();
}

std::optional<std::int64_t> SqlTransaction::SkuKey(const SkuId& sku) {
  if (auto it = sku_keys_.find(sku); it != sku_keys_.end()) return it->second;
  auto stmt = conn().Prepare(kSelectSkuKey);
  stmt.Bind(1, sku.value());
  if (!stmt.Step()) return std::nullopt;
  const std::int64_t key = stmt.Int(0);
  sku_keys_.emplace(sku, key);
  return key;
}

std::optional<std::int64_t> SqlTransaction::CustomerKey(const CustomerId& customer) {
  if (auto it = customer_keys_.find(customer); it != customer_keys_.end()) return it->second;
  auto stmt = conn().Prepare(kSelectCustomerKey);
  stmt.Bind(1, customer.value());
  if (!stmt.Step()) return std::nullopt;
  const std::int64_t key = stmt.Int(0);
  customer_keys_.emplace(customer, key);
  return key;
}

}  // namespace seatshift::store::sql
