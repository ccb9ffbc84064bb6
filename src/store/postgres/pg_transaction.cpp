#include "store/postgres/pg_transaction.hpp"

#include <chrono>

namespace seatshift::store::postgres {

PgTransaction::PgTransaction(std::unique_ptr<Connection> conn, Release release, bool write,
                             const Store::CommitObserver* on_commit, sql::CatalogCache& catalog)
    : SqlTransaction(*conn, write, WriterCatalog::kIfUnchanged, catalog),
      owned_(std::move(conn)),
      release_(std::move(release)),
      on_commit_(on_commit) {
  owned_->Exec(write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                     : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

PgTransaction::~PgTransaction() {
  if (!finished_) {
    try {
      owned_->Exec("ROLLBACK");
    } catch (const StorageError&) {
      // The connection is broken; the server rolls the transaction back when it notices.
    }
  }
  if (release_) release_(std::move(owned_));
}

void PgTransaction::Commit() {
  FlushPending();
  const auto start = std::chrono::steady_clock::now();
  finished_ = true;  // whatever COMMIT answers, the transaction is over
  owned_->Exec("COMMIT");
  if (on_commit_ && *on_commit_) (*on_commit_)(std::chrono::steady_clock::now() - start);
}

void PgTransaction::Savepoint() {
  // What is held back was written before the savepoint: it must survive a rollback to it.
  FlushPending();
  owned_->Exec("SAVEPOINT step");
}

void PgTransaction::ReleaseSavepoint() { owned_->Exec("RELEASE SAVEPOINT step"); }

void PgTransaction::RollBackToSavepoint() {
  owned_->Exec("ROLLBACK TO SAVEPOINT step; RELEASE SAVEPOINT step");
  ForgetSinceSavepoint();
}

}  // namespace seatshift::store::postgres
