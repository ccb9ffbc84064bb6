#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql/statement.hpp"
#include "store/store.hpp"

namespace seatshift::store::postgres {

//! Owns a PGresult (PQclear on destruction).
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

//! One libpq connection with its prepared statements (prepared on the server once, on first
//! use, under a name of their own). A statement runs once, on its first Step or Execute, and
//! its rows are read from the result. Ids travel as 16-byte binary bytea; everything else as
//! text (the server casts it to the parameter's type). Not thread-safe: one transaction uses it
//! at a time.
class Connection final : public sql::Connection {
 public:
  //! Connects to `url` (postgresql://...). Throws StorageError with libpq's reason.
  static std::unique_ptr<Connection> Open(const std::string& url);
  ~Connection() override;

  sql::Statement Prepare(const char* sql) override;
  void Exec(const char* sql) override;
  std::int64_t Changes() override;
  void ExecWithoutWaiting(const char* sql) override { Send(sql); }
  [[noreturn]] void Fail(std::string_view what) const override;
  const sql::Dialect& dialect() const override;

  //! Throws the error `result` reports (TransientError for a serialization failure or a
  //! deadlock, StorageError otherwise), naming `what`.
  [[noreturn]] void Fail(const PGresult* result, std::string_view what) const;
  //! Whether the connection is usable and outside any transaction (fit to go back to a pool).
  bool Reusable() const;
  PGconn* handle() { return conn_.get(); }

  //! Sends `sql` (one statement without parameters: BEGIN, COMMIT) without waiting for its
  //! answer; the next Sync reads it.
  void Send(const char* sql);
  //! Waits for the answers of everything sent (a round trip), hands each statement sent for its
  //! rows its answer, and leaves pipeline mode. Throws the first error among them (after
  //! reading them all: the connection stays usable). Nothing sent: does nothing.
  void Sync();
  //! Commits the transaction: the COMMIT travels with the statements still unanswered (one
  //! round trip), unless one of them has rows to check (ExecuteExpecting): those are answered
  //! first, as the server would otherwise commit before the check could refuse.
  void Commit();

 private:
  class PreparedStatement;
  explicit Connection(PGconn* conn);
  //! Sends a prepared statement with its bindings, entering pipeline mode; Sync checks that it
  //! changed `rows` rows when given (Statement::ExecuteExpecting), and hands its answer to
  //! `reader` when given (a statement whose rows are read: Step, Statement::Send).
  void Send(const PreparedStatement& statement, std::optional<std::int64_t> rows,
            PreparedStatement* reader);
  //! Leaves the answer `reader` was sent for unread (the statement was reset before it came).
  void Forget(const PreparedStatement& reader);
  void EnterPipeline();

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::unordered_map<const char*, std::unique_ptr<PreparedStatement>> prepared_;
  std::int64_t changes_ = 0;
  // Statements sent in pipeline mode whose answers are not read yet (their SQL, for errors):
  // a transaction's writes travel with the next statement whose answer it needs, and its
  // BEGIN with its first; each Sync is one round trip for all of them.
  struct Unanswered {
    std::string sql;
    std::optional<std::int64_t> rows;
    PreparedStatement* reader;  // null: nobody reads its rows
  };
  std::vector<Unanswered> unanswered_;
};

}  // namespace seatshift::store::postgres
