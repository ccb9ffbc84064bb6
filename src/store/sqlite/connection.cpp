#include "store/sqlite/connection.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstring>
#include <optional>

#include "base/redact.hpp"
#include "store/sql/stored_values.hpp"
#include "store/sqlite/sqlite_dialect.hpp"

namespace seatshift::store::sqlite {

//! A statement prepared once (SQLITE_PREPARE_PERSISTENT) and finalized with its connection.
class Connection::CachedStatement final : public sql::StatementBackend {
 public:
  CachedStatement(const Connection& conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() override { sqlite3_finalize(stmt_); }

  void BindInt(int index, std::int64_t value) override {
    Check(sqlite3_bind_int64(stmt_, index, value));
  }
  void BindText(int index, std::string_view text, bool copy) override {
    Check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
  }
  void BindGuid(int index, const Uuid& uuid) override {
    Check(sqlite3_bind_blob(stmt_, index, uuid.bytes().data(), 16, SQLITE_TRANSIENT));
  }
  void BindNull(int index) override { Check(sqlite3_bind_null(stmt_, index)); }
  //! A JSON array, read by json_each.
  void BindKeys(int index, std::span<const std::int64_t> keys) override {
    BindText(index, fmt::format("[{}]", fmt::join(keys, ",")), true);
  }

  bool Step() override {
    if (sent_row_) {
      const bool row = *sent_row_;
      sent_row_.reset();
      return row;
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    conn_.Fail(sqlite3_sql(stmt_));
  }
  // Nothing to gain from waiting: the first row is read now, in the statements' order.
  void Send() override { sent_row_ = Step(); }
  void Execute() override {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) conn_.Fail(sqlite3_sql(stmt_));
  }
  void ExecuteExpecting(std::int64_t rows) override {
    Execute();
    if (const std::int64_t changed = sqlite3_changes64(sqlite3_db_handle(stmt_)); changed != rows) {
      ThrowUnexpectedChanges(sqlite3_sql(stmt_), rows, changed);
    }
  }

  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string();
  }
  Uuid Guid(int column) const override {
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

  void Reset() override {
    sent_row_.reset();
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void Check(int rc) const {
    if (rc != SQLITE_OK) conn_.Fail("bind");
  }

  const Connection& conn_;
  sqlite3_stmt* stmt_;
  // Send's first step: whether it found a row, until Step returns that.
  std::optional<bool> sent_row_;
};

namespace {

//! unhex(text): the bytes the hex digits spell, NULL when `text` is not whole bytes of hex
//! (SQLite 3.41's function, which Debian 12's 3.40 lacks; `{{in_guids}}` reads GUIDs with it).
void Unhex(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* text = sqlite3_value_text(argv[0]);
  const int size = sqlite3_value_bytes(argv[0]);
  if (!text || size % 2 != 0) return sqlite3_result_null(context);
  std::string bytes(static_cast<std::size_t>(size / 2), '\0');
  for (int i = 0; i < size / 2; ++i) {
    const int hi = HexDigit(static_cast<char>(text[2 * i]));
    const int lo = HexDigit(static_cast<char>(text[2 * i + 1]));
    if (hi < 0 || lo < 0) return sqlite3_result_null(context);
    bytes[static_cast<std::size_t>(i)] = static_cast<char>(hi * 16 + lo);
  }
  sqlite3_result_blob(context, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::unique_ptr<Connection> Connection::Open(const std::string& path,
                                             const ConnectionOptions& options) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 options.vfs.empty() ? nullptr : options.vfs.c_str());
  std::unique_ptr<Connection> conn(new Connection(db));
  if (rc != SQLITE_OK) conn->Fail(fmt::format("cannot open database {}", RedactedLocation(path)));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (sqlite3_create_function_v2(db, "unhex", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 &Unhex, nullptr, nullptr, nullptr) != SQLITE_OK) {
    conn->Fail("register unhex");
  }
  // The store's statements take their filters as parameters (`s.status = ?4 OR ?4 IS NULL`).
  // Otherwise SQLite plans a statement for the values bound to parameters it compares with a
  // partial index's condition or uses as a LIKE pattern, and so prepares it again each time it
  // is bound anew: every execution. Statements meant to walk a partial index spell its
  // condition in literals (SqliteStoreTest checks their plans).
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, nullptr);
  conn->Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
  conn->Exec(options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
  return conn;
}

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  statements_.clear();  // finalized before the connection closes
  if (db_) sqlite3_close(db_);
}

sql::Statement Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    const std::string text = dialect().Render(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, text.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      Fail(text);
    }
    it = statements_.emplace(sql, std::make_unique<CachedStatement>(*this, stmt)).first;
  }
  return sql::Statement(*it->second);
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

const sql::Dialect& Connection::dialect() const { return SqliteDialect(); }

}  // namespace seatshift::store::sqlite
