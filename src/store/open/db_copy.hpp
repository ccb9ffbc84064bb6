#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace seatshift::store {

struct CopyReport {
  int tables = 0;
  std::int64_t rows = 0;
};

//! Copies a SQLite database (the file at `sqlite_path`) into an empty PostgreSQL database or
//! schema (`postgres_url`), table by table and row by row as stored: ids, versions, token hashes,
//! the audit log, migrations in progress. Both are first brought to the latest schema version,
//! whose tables and columns the two dialects share by name; the copy is one PostgreSQL
//! transaction (COPY per table), so it lands whole or not at all. `progress` (may be empty) is
//! told each table as it is done. Throws StorageError: unreachable server, a target that already
//! holds data, a table or column one side lacks.
CopyReport CopySqliteToPostgres(
    const std::string& sqlite_path, const std::string& postgres_url,
    const std::function<void(const std::string& table, std::int64_t rows)>& progress = {});

}  // namespace seatshift::store
