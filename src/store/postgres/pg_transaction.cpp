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

void PgTransaction::CommitWrites() {
  const auto start = std::chrono::steady_clock::now();
  finished_ = true;  // whatever COMMIT answers, the transaction is over
  owned_->Exec("COMMIT");
  if (on_commit_ && *on_commit_) (*on_commit_)(std::chrono::steady_clock::now() - start);
}

}  // namespace seatshift::store::postgres
