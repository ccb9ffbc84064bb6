#include "store/sqlite/sqlite_transaction.hpp"

namespace seatshift::store::sqlite {
namespace {

constexpr const char* kBegin = "BEGIN";
constexpr const char* kRollback = "ROLLBACK";
constexpr const char* kSavepoint = "SAVEPOINT logical";
constexpr const char* kRelease = "RELEASE logical";

}  // namespace

SqliteTransaction::SqliteTransaction(std::unique_ptr<Connection> conn, Release release,
                                     sql::CatalogCache& catalog)
    : SqlTransaction(*conn, /*write=*/false, WriterCatalog::kNever, catalog),
      owned_(std::move(conn)),
      release_(std::move(release)) {
  owned_->Run(kBegin);
}

// A write transaction's commit only ends its savepoint: the group's physical commit may still
// fail and undo it, so it never shares the catalog it read (WriterCatalog::kNever).
SqliteTransaction::SqliteTransaction(Connection& writer, GroupCommit& group,
                                     const Store::CommitObserver& on_commit,
                                     sql::CatalogCache& catalog)
    : SqlTransaction(writer, /*write=*/true, WriterCatalog::kNever, catalog),
      group_(&group),
      slot_(group.Join()),
      on_commit_(&on_commit) {
  // The batch's physical transaction began with BEGIN IMMEDIATE, so nothing another process
  // writes can invalidate a check made here before it commits.
  try {
    conn().Run(kSavepoint);
  } catch (...) {
    group_->Abandon(std::move(slot_), *on_commit_);
    throw;
  }
}

SqliteTransaction::~SqliteTransaction() {
  if (!finished_) {
    try {
      if (group_) {
        conn().Exec("ROLLBACK TO logical; RELEASE logical");
      } else {
        conn().Run(kRollback);
      }
    } catch (const StorageError&) {
      // The connection is unusable or the transaction already ended; nothing more to undo.
    }
    if (group_) group_->Abandon(std::move(slot_), *on_commit_);
  }
  if (owned_ && release_) release_(std::move(owned_));
}

void SqliteTransaction::CommitWrites() {
  conn().Run(kRelease);
  finished_ = true;
  group_->Leave(std::move(slot_), *on_commit_);
}

}  // namespace seatshift::store::sqlite
