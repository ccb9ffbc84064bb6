#include "store/sqlite/connection.hpp"
#include "store/stored_values.hpp"

#include <fmt/format.h>

#include <cstring>

namespace seatshift::store::sqlite {

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) conn_->Fail("bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    conn_->Fail("bind");
  }
  return *this;
}

Statement& Statement::BindUncopied(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC) !=
      SQLITE_OK) {
    conn_->Fail("bind");
  }
  return *this;
}

Statement& Statement::Bind(int index, const Uuid& uuid) {
  if (sqlite3_bind_blob(stmt_, index, uuid.bytes().data(), 16, SQLITE_TRANSIENT) != SQLITE_OK) {
    conn_->Fail("bind");
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) conn_->Fail("bind");
  return *this;
}

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  conn_->Fail(sqlite3_sql(stmt_));
}

int Statement::Execute() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return SQLITE_DONE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return sqlite3_extended_errcode(conn_->handle());
  conn_->Fail(sqlite3_sql(stmt_));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
              : std::string();
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

Uuid Statement::Guid(int column) const {
  std::array<std::uint8_t, 16> bytes{};
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (!blob || sqlite3_column_bytes(stmt_, column) != 16) {
    // A null or mis-sized id is no id: the zero UUID would name nothing real.
    Corrupt(sqlite3_column_name(stmt_, column), fmt::format("(in: {})", sqlite3_sql(stmt_)),
            "not a 16-byte id");
  }
  std::memcpy(bytes.data(), blob, 16);
  return Uuid(bytes);
}

Connection Connection::Open(const std::string& path, const ConnectionOptions& options) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 options.vfs.empty() ? nullptr : options.vfs.c_str());
  Connection conn(db);
  if (rc != SQLITE_OK) conn.Fail(fmt::format("cannot open database {}", path));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  conn.Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
  conn.Exec(options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
  return conn;
}

Connection::Connection(Connection&& other) noexcept
    : db_(other.db_), statements_(std::move(other.statements_)) {
  other.db_ = nullptr;
  other.statements_.clear();
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close(db_);
}

Statement Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      Fail(sql);
    }
    it = statements_.emplace(sql, stmt).first;
  }
  return Statement(*this, it->second);
}

void Connection::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw StorageError(fmt::format("SQLite: {} (in: {})", text, sql));
  }
}

void Connection::Fail(std::string_view what) const {
  const char* message = db_ ? sqlite3_errmsg(db_) : "out of memory";
  throw StorageError(fmt::format("SQLite: {} (in: {})", message, what));
}

}  // namespace seatshift::store::sqlite
