#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/statement.hpp"
#include "store/store.hpp"

namespace seatshift::store::sqlite {

struct ConnectionOptions {
  //! synchronous=FULL: a commit survives power loss. NORMAL only for throwaway databases.
  bool synchronous_full = true;
  int busy_timeout_ms = 10000;
  //! The SQLite VFS to open files with (fault-injection tests); empty: SQLite's default.
  std::string vfs;
};

//! One SQLite connection with its cache of prepared statements. Not thread-safe.
class Connection final : public sql::Connection {
 public:
  //! Opens (creating if needed) the database file at `path`. Throws StorageError.
  static std::unique_ptr<Connection> Open(const std::string& path,
                                          const ConnectionOptions& options);
  ~Connection() override;

  sql::Statement Prepare(const char* sql) override;
  void Exec(const char* sql) override;
  std::int64_t Changes() override { return sqlite3_changes64(db_); }
  // A migration opens a savepoint per step: parsing it each time cost more than its batch's
  // audit rows.
  void ExecWithoutWaiting(const char* sql) override { Run(sql); }
  [[noreturn]] void Fail(std::string_view what) const override;
  const sql::Dialect& dialect() const override;

  sqlite3* handle() { return db_; }

 private:
  class CachedStatement;
  explicit Connection(sqlite3* db);

  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<CachedStatement>> statements_;
};

}  // namespace seatshift::store::sqlite
