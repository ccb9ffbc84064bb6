#include "store/postgres/pg_transaction.hpp"

#include <chrono>

namespace seatshift::store::postgres {

PgTransaction::PgTransaction(std::unique_ptr<Connection> conn, Release release, bool write,
                             const Store::CommitObserver* on_commit, sql::CatalogCache& catalog)
    : SqlTransaction(*conn, write, WriterCatalog::kIfUnchanged, catalog),
      owned_(std::move(conn)),
      release_(std::move(release)),
      on_commit_(on_commit) {
  // Sent with the transaction's first statement, not in a round trip of its own.
  owned_->Send(write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                     : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

PgTransaction::~PgTransaction() {
  if (!finished_) {
    try {
      owned_->Sync();
    } catch (const StorageError&) {
      // A write sent without waiting failed: the transaction is rolled back below all the same.
    }
    try {
      owned_->Exec("ROLLBACK");
    } catch (const StorageError&) {
      // The connection is broken; the server rolls the transaction back when it notices.
    }
  }
  if (release_) release_(std::move(owned_));
}

void PgTransaction::CommitWrites() {
  const auto start = std::chrono::steady_clock::now();
  finished_ = true;  // whatever COMMIT answers, the transaction is over
  // Should a write sent without waiting have failed, the server skips the COMMIT, and the
  // transaction ends rolled back (the connection is not reused).
  owned_->Commit();
  if (on_commit_ && *on_commit_) (*on_commit_)(std::chrono::steady_clock::now() - start);
}

}  // namespace seatshift::store::postgres
