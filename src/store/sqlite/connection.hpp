#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

namespace seatshift::store::sqlite {

class Connection;

//! A prepared statement owned by its Connection's cache. Statement is a handle that binds,
//! steps and reads; destroying it resets the statement for the next user (RAII).
class Statement {
 public:
  Statement(Connection& conn, sqlite3_stmt* stmt) : conn_(&conn), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : conn_(other.conn_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  ~Statement();

  // Parameters are 1-based as in SQLite; each returns *this for chaining.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, value ? 1 : 0); }
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  //! Binds without copying. REQUIRES: `text` outlives this statement's execution (a field of
  //! an object the caller holds, not a temporary). For hot paths only.
  Statement& BindUncopied(int index, std::string_view text);
  Statement& Bind(int index, const Uuid& uuid);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  //! Advances to the next row; false when done. Throws StorageError on failure.
  bool Step();
  //! Runs a statement that returns no rows; returns SQLite's error code for constraint
  //! violations (SQLITE_CONSTRAINT_*), SQLITE_DONE otherwise; throws on other failures.
  int Execute();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  Uuid Guid(int column) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
};

struct ConnectionOptions {
  //! synchronous=FULL: a commit survives power loss. NORMAL only for throwaway databases.
  bool synchronous_full = true;
  int busy_timeout_ms = 10000;
  //! The SQLite VFS to open files with (fault-injection tests); empty: SQLite's default.
  std::string vfs;
};

//! One SQLite connection with its cache of prepared statements. Not thread-safe.
class Connection {
 public:
  static Connection Open(const std::string& path, const ConnectionOptions& options);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  ~Connection();

  //! The statement for `sql`, prepared once and reused. `sql` must be a string with static
  //! storage (the named SQL constants): the cache is keyed by its address.
  Statement Prepare(const char* sql);
  //! Runs one or more statements without parameters (schema, pragmas, BEGIN/COMMIT).
  void Exec(const char* sql);

  [[noreturn]] void Fail(std::string_view what) const;
  sqlite3* handle() { return db_; }
  std::int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  //! Rows the last INSERT, UPDATE or DELETE changed.
  int Changes() const { return sqlite3_changes(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace seatshift::store::sqlite
