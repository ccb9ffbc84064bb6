#include "store/open/db_copy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/schema.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"

namespace seatshift::store {
namespace {

// Tables in creation order, which is an order their foreign keys allow. The schema's own
// bookkeeping is not data: PostgreSQL's schema_version, and catalog_version (the copy's catalog
// writes bump the target's own counter, which only has to change).
constexpr const char* kTables =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name <> 'catalog_version' ORDER BY rowid";

std::vector<std::string> Columns(sqlite::Connection& conn, const std::string& table) {
  const std::string sql =
      fmt::format("SELECT name FROM pragma_table_info('{}') ORDER BY cid", table);
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(conn.handle(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    conn.Fail(sql);
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  return out;
}

//! One value in COPY's text format: \N for NULL, bytea as \\x hex, text with its backslashes,
//! tabs and line breaks escaped.
void AppendValue(std::string& line, sqlite3_stmt* row, int column) {
  switch (sqlite3_column_type(row, column)) {
    case SQLITE_NULL:
      line += "\\N";
      return;
    case SQLITE_INTEGER:
      line += std::to_string(sqlite3_column_int64(row, column));
      return;
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(row, column));
      line += "\\\\x";
      for (int i = 0; i < sqlite3_column_bytes(row, column); ++i) {
        line += fmt::format("{:02x}", bytes[i]);
      }
      return;
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
      const int size = sqlite3_column_bytes(row, column);
      for (int i = 0; i < size; ++i) {
        switch (text[i]) {
          case '\\':
            line += "\\\\";
            break;
          case '\t':
            line += "\\t";
            break;
          case '\n':
            line += "\\n";
            break;
          case '\r':
            line += "\\r";
            break;
          default:
            line += text[i];
        }
      }
    }
  }
}

std::int64_t CopyTable(sqlite::Connection& from, postgres::Connection& to, const std::string& table,
                       const std::vector<std::string>& columns) {
  std::vector<std::string> quoted;
  for (const auto& c : columns) quoted.push_back("\"" + c + "\"");
  const std::string copy =
      fmt::format("COPY \"{}\" ({}) FROM STDIN", table, fmt::join(quoted, ", "));
  postgres::PgResult started(PQexec(to.handle(), copy.c_str()), &PQclear);
  if (PQresultStatus(started.get()) != PGRES_COPY_IN) to.Fail(started.get(), copy);

  const std::string select = fmt::format("SELECT {} FROM \"{}\"", fmt::join(quoted, ", "), table);
  sqlite3_stmt* row = nullptr;
  if (sqlite3_prepare_v2(from.handle(), select.c_str(), -1, &row, nullptr) != SQLITE_OK) {
    from.Fail(select);
  }
  std::int64_t rows = 0;
  std::string buffer;
  const auto flush = [&] {
    if (PQputCopyData(to.handle(), buffer.data(), static_cast<int>(buffer.size())) != 1) {
      to.Fail("COPY data for " + table);
    }
    buffer.clear();
  };
  while (sqlite3_step(row) == SQLITE_ROW) {
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      if (i > 0) buffer += '\t';
      AppendValue(buffer, row, i);
    }
    buffer += '\n';
    ++rows;
    if (buffer.size() > (1 << 20)) flush();
  }
  sqlite3_finalize(row);
  flush();
  if (PQputCopyEnd(to.handle(), nullptr) != 1) to.Fail("end of COPY for " + table);
  for (postgres::PgResult done(PQgetResult(to.handle()), &PQclear); done;
       done.reset(PQgetResult(to.handle()))) {
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) to.Fail(done.get(), copy);
  }
  // Identity columns continue after the copied keys.
  if (std::find(columns.begin(), columns.end(), "id") != columns.end() && rows > 0) {
    const std::string find = fmt::format("SELECT pg_get_serial_sequence('\"{}\"', 'id')", table);
    postgres::PgResult sequence(PQexec(to.handle(), find.c_str()), &PQclear);
    if (PQresultStatus(sequence.get()) != PGRES_TUPLES_OK) to.Fail(sequence.get(), find);
    if (!PQgetisnull(sequence.get(), 0, 0)) {
      const std::string advance = fmt::format("SELECT setval('{}', (SELECT max(id) FROM \"{}\"))",
                                              PQgetvalue(sequence.get(), 0, 0), table);
      to.Exec(advance.c_str());
    }
  }
  return rows;
}

}  // namespace

CopyReport CopySqliteToPostgres(
    const std::string& sqlite_path, const std::string& postgres_url,
    const std::function<void(const std::string& table, std::int64_t rows)>& progress) {
  const auto source = sqlite::Connection::Open(sqlite_path, {});
  sqlite::Connection& from = *source;
  sqlite::Migrate(from);
  const auto target = postgres::Connection::Open(postgres_url);
  postgres::Connection& to = *target;
  postgres::Migrate(to);

  // One snapshot of the source, one transaction on the target.
  from.Exec("BEGIN");
  to.Exec("BEGIN");
  CopyReport report;
  std::vector<std::string> tables;
  {
    auto list = from.Prepare(kTables);
    while (list.Step()) tables.push_back(list.Text(0));
  }
  for (const std::string& table : tables) {
    const std::string probe = fmt::format("SELECT 1 FROM \"{}\" LIMIT 1", table);
    postgres::PgResult held(PQexec(to.handle(), probe.c_str()), &PQclear);
    if (PQresultStatus(held.get()) != PGRES_TUPLES_OK) to.Fail(held.get(), probe);
    // Rows would clash with, or silently join, what is there: only an empty target will do.
    if (PQntuples(held.get()) > 0) {
      throw StorageError(fmt::format(
          "the target database already holds data (table {}): copy into an empty database", table));
    }
    const std::int64_t rows = CopyTable(from, to, table, Columns(from, table));
    ++report.tables;
    report.rows += rows;
    if (progress) progress(table, rows);
  }
  to.Exec("COMMIT");
  from.Exec("ROLLBACK");
  // Statistics and the visibility map now, not when autovacuum gets to the tables: until then
  // the planner guesses a million-row table holds a handful, and every index-only scan (the
  // expiring report's count) reads the heap as well.
  for (const std::string& table : tables) {
    to.Exec(fmt::format("VACUUM (ANALYZE) \"{}\"", table).c_str());
  }
  return report;
}

}  // namespace seatshift::store
