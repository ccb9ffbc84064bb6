#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/uuid.hpp"
#include "store/store.hpp"

namespace seatshift::store::postgres {

//! Owns a PGresult (PQclear on destruction).
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

class Connection;

//! A prepared statement's execution: binds parameters ($1 is index 1, as in the SQL), runs once
//! on the first Step or Execute, and reads the rows of its result. Parameters not bound are
//! NULL. Ids travel as 16-byte binary bytea; everything else as text (the server casts it to
//! the parameter's type). Not thread-safe, like its Connection.
class Statement {
 public:
  Statement(Connection& conn, const char* sql, std::string name, int params);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&&) = default;

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, value ? 1 : 0); }
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  //! As Bind (SQLite's backend binds without a copy; libpq needs the bytes at execution only).
  Statement& BindUncopied(int index, std::string_view text) { return Bind(index, text); }
  Statement& Bind(int index, const Uuid& uuid);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  //! Advances to the next row of the result (running the statement first); false when done.
  //! Throws TransientError on a serialization failure or deadlock, StorageError otherwise.
  bool Step();
  //! Runs a statement that returns no rows (its count: Connection::Changes).
  void Execute();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  //! A 16-byte bytea column; anything else is corruption.
  Uuid Guid(int column) const;

 private:
  void Run();

  Connection* conn_;
  const char* sql_;
  std::string name_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
  PgResult result_{nullptr, &PQclear};
  int row_ = -1;
};

//! One libpq connection with its prepared statements (prepared on the server once, on first
//! use, under a name of their own). Not thread-safe: one transaction uses it at a time.
class Connection {
 public:
  //! Connects to `url` (postgresql://...). Throws StorageError with libpq's reason.
  static Connection Open(const std::string& url);
  Connection(Connection&& other) noexcept = default;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;

  //! The statement for `sql`, prepared once per connection. `sql` must have static storage
  //! (the named SQL constants): the cache is keyed by its address.
  Statement Prepare(const char* sql);
  //! Runs statements without parameters (schema, BEGIN/COMMIT, SAVEPOINT); several may be
  //! separated by semicolons.
  void Exec(const char* sql);

  //! Throws the error `result` reports (TransientError for a serialization failure or a
  //! deadlock, StorageError otherwise), naming `what`.
  [[noreturn]] void Fail(const PGresult* result, std::string_view what) const;
  //! Throws StorageError naming `what` with the connection's last error.
  [[noreturn]] void Fail(std::string_view what) const;
  //! Rows the last Execute inserted, updated or deleted.
  std::int64_t Changes() const { return changes_; }
  //! Whether the connection is usable and outside any transaction (fit to go back to a pool).
  bool Reusable() const;
  PGconn* handle() { return conn_.get(); }

 private:
  struct Prepared {
    std::string name;
    int params = 0;
  };
  explicit Connection(PGconn* conn) : conn_(conn, &PQfinish) {}

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::unordered_map<const char*, Prepared> prepared_;
  std::int64_t changes_ = 0;
  friend class Statement;
};

}  // namespace seatshift::store::postgres
