#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

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
  std::int64_t Changes() const override { return changes_; }
  [[noreturn]] void Fail(std::string_view what) const override;
  const sql::Dialect& dialect() const override;

  //! Throws the error `result` reports (TransientError for a serialization failure or a
  //! deadlock, StorageError otherwise), naming `what`.
  [[noreturn]] void Fail(const PGresult* result, std::string_view what) const;
  //! Whether the connection is usable and outside any transaction (fit to go back to a pool).
  bool Reusable() const;
  PGconn* handle() { return conn_.get(); }

 private:
  class PreparedStatement;
  explicit Connection(PGconn* conn);

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::unordered_map<const char*, std::unique_ptr<PreparedStatement>> prepared_;
  std::int64_t changes_ = 0;
};

}  // namespace seatshift::store::postgres
