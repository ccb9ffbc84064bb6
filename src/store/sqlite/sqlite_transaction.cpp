#include "store/sqlite/sqlite_transaction.hpp"

#include <fmt/format.h>

#include <charconv>

namespace seatshift::store::sqlite {
namespace {

constexpr const char* kSelectSkuKey = "SELECT id FROM skus WHERE sku_id = ?1";
constexpr const char* kSelectCustomerKey = "SELECT id FROM customers WHERE guid = ?1";

}  // namespace

SqliteTransaction::SqliteTransaction(Connection conn, Release release, CatalogCache& catalog)
    : owned_(std::move(conn)), release_(std::move(release)), catalog_(&catalog) {
  owned_->Exec("BEGIN");
}

SqliteTransaction::SqliteTransaction(Connection& writer, GroupCommit& group,
                                     const Store::CommitObserver& on_commit, CatalogCache& catalog)
    : writer_(&writer),
      group_(&group),
      slot_(group.Join()),
      on_commit_(&on_commit),
      catalog_(&catalog) {
  // The batch's physical transaction began with BEGIN IMMEDIATE, so nothing another process
  // writes can invalidate a check made here before it commits.
  try {
    writer_->Exec("SAVEPOINT logical");
  } catch (...) {
    group_->Abandon(std::move(slot_), *on_commit_);
    throw;
  }
}

SqliteTransaction::~SqliteTransaction() {
  if (!finished_) {
    try {
      conn().Exec(group_ ? "ROLLBACK TO logical; RELEASE logical" : "ROLLBACK");
    } catch (const StorageError&) {
      // The connection is unusable or the transaction already ended; nothing more to undo.
    }
    if (group_) group_->Abandon(std::move(slot_), *on_commit_);
  }
  if (owned_ && release_) release_(std::move(*owned_));
}

void SqliteTransaction::Commit() {
  FlushLicenseCounts();
  conn().Exec("RELEASE logical");
  finished_ = true;
  group_->Leave(std::move(slot_), *on_commit_);
}

void SqliteTransaction::Savepoint() {
  // Pending count changes were made before the savepoint: they must survive a rollback to it,
  // and whatever is pending when it rolls back was made after it.
  FlushLicenseCounts();
  conn().Exec("SAVEPOINT step");
}

void SqliteTransaction::ReleaseSavepoint() { conn().Exec("RELEASE step"); }

void SqliteTransaction::RollBackToSavepoint() {
  conn().Exec("ROLLBACK TO step; RELEASE step");
  count_deltas_.clear();
  sku_keys_.clear();
  customer_keys_.clear();
  user_keys_.clear();
  catalog_version_.reset();
}

void SqliteTransaction::LockCustomer(const CustomerId&) {
  // Nothing to do: one logical write transaction at a time holds the writer connection, and
  // BEGIN IMMEDIATE excludes other processes.
}

std::optional<std::int64_t> SqliteTransaction::SkuKey(const SkuId& sku) {
  if (auto it = sku_keys_.find(sku); it != sku_keys_.end()) return it->second;
  auto stmt = conn().Prepare(kSelectSkuKey);
  stmt.Bind(1, sku.value());
  if (!stmt.Step()) return std::nullopt;
  const std::int64_t key = stmt.Int(0);
  sku_keys_.emplace(sku, key);
  return key;
}

std::optional<std::int64_t> SqliteTransaction::CustomerKey(const CustomerId& customer) {
  if (auto it = customer_keys_.find(customer); it != customer_keys_.end()) return it->second;
  auto stmt = conn().Prepare(kSelectCustomerKey);
  stmt.Bind(1, customer.value());
  if (!stmt.Step()) return std::nullopt;
  const std::int64_t key = stmt.Int(0);
  customer_keys_.emplace(customer, key);
  return key;
}

}  // namespace seatshift::store::sqlite
