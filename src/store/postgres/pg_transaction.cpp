#include "store/postgres/pg_transaction.hpp"

#include <fmt/format.h>

#include <chrono>

namespace seatshift::store::postgres {
namespace {

constexpr const char* kSelectSkuKey = "SELECT id FROM skus WHERE sku_id = $1";
constexpr const char* kSelectCustomerKey = "SELECT id FROM customers WHERE guid = $1";
// NO KEY UPDATE: other transactions may still insert rows referencing the customer (their
// foreign-key checks take KEY SHARE), but no two writers act on its seats at once.
constexpr const char* kLockCustomer = "SELECT id FROM customers WHERE guid = $1 FOR NO KEY UPDATE";

}  // namespace

PgTransaction::PgTransaction(Connection conn, Release release, bool write,
                             const Store::CommitObserver* on_commit, CatalogCache& catalog)
    : conn_(std::move(conn)),
      release_(std::move(release)),
      write_(write),
      on_commit_(on_commit),
      catalog_(&catalog) {
  conn_.Exec(write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                   : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

PgTransaction::~PgTransaction() {
  if (!finished_) {
    try {
      conn_.Exec("ROLLBACK");
    } catch (const StorageError&) {
      // The connection is broken; the server rolls the transaction back when it notices.
    }
  }
  if (release_) release_(std::move(conn_));
}

void PgTransaction::Commit() {
  FlushLicenseCounts();
  FlushAudit();
  const auto start = std::chrono::steady_clock::now();
  finished_ = true;  // whatever COMMIT answers, the transaction is over
  conn_.Exec("COMMIT");
  if (on_commit_ && *on_commit_) (*on_commit_)(std::chrono::steady_clock::now() - start);
}

void PgTransaction::Savepoint() {
  // Pending count changes and audit records were made before the savepoint: they must survive a
  // rollback to it.
  FlushLicenseCounts();
  FlushAudit();
  conn_.Exec("SAVEPOINT step");
}

void PgTransaction::ReleaseSavepoint() { conn_.Exec("RELEASE SAVEPOINT step"); }

void PgTransaction::RollBackToSavepoint() {
  conn_.Exec("ROLLBACK TO SAVEPOINT step; RELEASE SAVEPOINT step");
  count_deltas_.clear();
  pending_audit_.clear();
  sku_keys_.clear();
  customer_keys_.clear();
  user_keys_.clear();
  catalog_version_.reset();
}

void PgTransaction::LockCustomer(const CustomerId& customer) {
  auto stmt = conn_.Prepare(kLockCustomer);
  stmt.Bind(1, customer.value());
  if (stmt.Step()) customer_keys_.emplace(customer, stmt.Int(0));
}

std::optional<std::int64_t> PgTransaction::SkuKey(const SkuId& sku) {
  if (auto it = sku_keys_.find(sku); it != sku_keys_.end()) return it->second;
  auto stmt = conn_.Prepare(kSelectSkuKey);
  stmt.Bind(1, sku.value());
  if (!stmt.Step()) return std::nullopt;
  const std::int64_t key = stmt.Int(0);
  sku_keys_.emplace(sku, key);
  return key;
}

std::optional<std::int64_t> PgTransaction::CustomerKey(const CustomerId& customer) {
  if (auto it = customer_keys_.find(customer); it != customer_keys_.end()) return it->second;
  auto stmt = conn_.Prepare(kSelectCustomerKey);
  stmt.Bind(1, customer.value());
  if (!stmt.Step()) return std::nullopt;
  const std::int64_t key = stmt.Int(0);
  customer_keys_.emplace(customer, key);
  return key;
}

}  // namespace seatshift::store::postgres
