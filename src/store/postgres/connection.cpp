#include "store/postgres/connection.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <tuple>
#include <vector>

#include "store/postgres/pg_dialect.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::postgres {
namespace {

// SQLSTATEs after which the same transaction, run again, may succeed.
constexpr std::string_view kSerializationFailure = "40001";
constexpr std::string_view kDeadlockDetected = "40P01";

//! The rows an INSERT, UPDATE or DELETE changed (0 for other statements).
std::int64_t ChangedRows(const PGresult* result) {
  const char* affected = PQcmdTuples(const_cast<PGresult*>(result));
  std::int64_t rows = 0;
  std::from_chars(affected, affected + std::strlen(affected), rows);
  return rows;
}

//! 0 (inferred) for each parameter $1..$n the statement uses, text for the numbers it skips.
std::vector<Oid> ParameterTypes(std::string_view sql) {
  constexpr Oid kText = 25;
  std::vector<bool> used;
  for (std::size_t i = sql.find('$'); i != std::string_view::npos; i = sql.find('$', i + 1)) {
    std::size_t number = 0;
    std::size_t j = i + 1;
    for (; j < sql.size() && sql[j] >= '0' && sql[j] <= '9'; ++j) {
      number = number * 10 + static_cast<std::size_t>(sql[j] - '0');
    }
    if (j == i + 1 || number == 0) continue;  // a $$ quote or a lone $, not a parameter
    if (used.size() < number) used.resize(number, false);
    used[number - 1] = true;
  }
  std::vector<Oid> types(used.size(), 0);
  for (std::size_t k = 0; k < used.size(); ++k) {
    if (!used[k]) types[k] = kText;
  }
  return types;
}

}  // namespace

//! A statement prepared on the server, with the bindings and the result of one execution.
class Connection::PreparedStatement final : public sql::StatementBackend {
 public:
  PreparedStatement(Connection& conn, std::string sql, std::string name, int params)
      : conn_(conn),
        sql_(std::move(sql)),
        name_(std::move(name)),
        values_(static_cast<std::size_t>(params)),
        formats_(static_cast<std::size_t>(params), 0) {}

  void BindInt(int index, std::int64_t value) override {
    BindText(index, std::to_string(value), true);
  }
  // libpq reads the bytes at execution only, so a copy is always made.
  void BindText(int index, std::string_view text, bool) override {
    const auto i = static_cast<std::size_t>(index - 1);
    values_.at(i) = std::string(text);
    formats_.at(i) = 0;
  }
  void BindGuid(int index, const Uuid& uuid) override {
    const auto i = static_cast<std::size_t>(index - 1);
    values_.at(i) = std::string(reinterpret_cast<const char*>(uuid.bytes().data()), 16);
    formats_.at(i) = 1;
  }
  void BindNull(int index) override { values_.at(static_cast<std::size_t>(index - 1)).reset(); }
  //! A bigint[] array literal.
  void BindKeys(int index, std::span<const std::int64_t> keys) override {
    BindText(index, fmt::format("{{{}}}", fmt::join(keys, ",")), true);
  }

  bool Step() override {
    if (!result_) {
      if (!sent_) Send();
      // The statement goes with whatever waits in the pipeline: one round trip for all.
      conn_.Sync();
    }
    return ++row_ < PQntuples(result_.get());
  }
  void Send() override {
    conn_.Send(*this, std::nullopt, this);
    sent_ = true;
  }
  void Execute() override { conn_.Send(*this, std::nullopt, nullptr); }
  void ExecuteExpecting(std::int64_t rows) override { conn_.Send(*this, rows, nullptr); }
  //! The server's answer to the statement as sent (Connection::Sync).
  void Answer(PgResult result) { result_ = std::move(result); }

  //! Sends the statement with its bindings (libpq copies them into its buffer at once).
  bool SendTo(PGconn* conn) const {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    return PQsendQueryPrepared(conn, name_.c_str(), static_cast<int>(values.size()), values.data(),
                               lengths.data(), formats_.data(), 0) == 1;
  }
  const std::string& sql() const { return sql_; }

  bool IsNull(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::int64_t Int(int column) const override {
    const char* text = PQgetvalue(result_.get(), row_, column);
    std::int64_t value = 0;
    const auto length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, column));
    if (std::from_chars(text, text + length, value).ec != std::errc()) {
      // count(*) and the like are never NULL; a NULL read as a number is the caller's bug.
      if (IsNull(column)) return 0;
      Corrupt(PQfname(result_.get(), column), fmt::format("(in: {})", sql_), text);
    }
    return value;
  }
  std::string Text(int column) const override {
    return std::string(PQgetvalue(result_.get(), row_, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }
  Uuid Guid(int column) const override {
    // bytea in text form: \x followed by two hex digits per byte.
    const std::string text = Text(column);
    std::array<std::uint8_t, 16> bytes{};
    bool ok = !IsNull(column) && text.size() == 34 && text[0] == '\\' && text[1] == 'x';
    for (std::size_t i = 0; ok && i < 16; ++i) {
      const int hi = HexDigit(text[2 + 2 * i]);
      const int lo = HexDigit(text[3 + 2 * i]);
      ok = hi >= 0 && lo >= 0;
      bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    if (!ok) {
      Corrupt(PQfname(result_.get(), column), fmt::format("(in: {})", sql_), "not a 16-byte id");
    }
    return Uuid(bytes);
  }

  void Reset() override {
    // Sent and never read: its answer, when it comes, is nobody's.
    if (sent_ && !result_) conn_.Forget(*this);
    sent_ = false;
    for (auto& value : values_) value.reset();
    std::fill(formats_.begin(), formats_.end(), 0);
    result_.reset();
    row_ = -1;
  }

 private:
  Connection& conn_;
  const std::string sql_;
  const std::string name_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
  PgResult result_{nullptr, &PQclear};
  int row_ = -1;
  bool sent_ = false;  // sent for its rows (Send), whose answer result_ holds once read
};

std::unique_ptr<Connection> Connection::Open(const std::string& url) {
  std::unique_ptr<Connection> conn(new Connection(PQconnectdb(url.c_str())));
  if (!conn->conn_ || PQstatus(conn->conn_.get()) != CONNECTION_OK) {
    std::string reason = conn->conn_ ? PQerrorMessage(conn->conn_.get()) : "out of memory";
    // libpq's reasons span lines ("...\n\tIs the server running..."): one line for logs and CLI.
    for (char& c : reason) {
      if (c == '\n' || c == '\t') c = ' ';
    }
    while (!reason.empty() && reason.back() == ' ') reason.pop_back();
    throw StorageError(fmt::format("PostgreSQL: cannot connect: {}", reason));
  }
  // Notices (e.g. "there is no transaction in progress") are not errors; keep stderr quiet.
  PQsetNoticeProcessor(
      conn->conn_.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

Connection::Connection(PGconn* conn) : conn_(conn, &PQfinish) {}

Connection::~Connection() = default;

sql::Statement Connection::Prepare(const char* portable_sql) {
  auto it = prepared_.find(portable_sql);
  if (it == prepared_.end()) {
    Sync();  // PQprepare waits for its answer, which pipeline mode does not allow
    const std::string text = dialect().Render(portable_sql);
    const char* sql = text.c_str();
    const std::string name = fmt::format("s{}", prepared_.size());
    // The server infers each parameter's type from where it is used. A statement may skip
    // numbers (a count sharing its list's filter, without the list's paging parameters): those
    // are declared text, so that binding them (as NULL) is not an error.
    const std::vector<Oid> types = ParameterTypes(sql);
    PgResult made(
        PQprepare(conn_.get(), name.c_str(), sql, static_cast<int>(types.size()), types.data()),
        &PQclear);
    if (PQresultStatus(made.get()) != PGRES_COMMAND_OK) Fail(made.get(), sql);
    PgResult described(PQdescribePrepared(conn_.get(), name.c_str()), &PQclear);
    if (PQresultStatus(described.get()) != PGRES_COMMAND_OK) Fail(described.get(), sql);
    it = prepared_
             .emplace(portable_sql, std::make_unique<PreparedStatement>(*this, text, name,
                                                                        PQnparams(described.get())))
             .first;
  }
  return sql::Statement(*it->second);
}

void Connection::EnterPipeline() {
  if (PQpipelineStatus(conn_.get()) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_.get()) != 1) {
    Fail("enter pipeline mode");
  }
}

void Connection::Send(const char* sql) {
  EnterPipeline();
  if (PQsendQueryParams(conn_.get(), sql, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
    Fail(sql);
  }
  unanswered_.push_back({sql, std::nullopt, nullptr});
}

void Connection::Send(const PreparedStatement& statement, std::optional<std::int64_t> rows,
                      PreparedStatement* reader) {
  EnterPipeline();
  if (!statement.SendTo(conn_.get())) Fail(statement.sql());
  unanswered_.push_back({statement.sql(), rows, reader});
}

void Connection::Forget(const PreparedStatement& reader) {
  for (Unanswered& u : unanswered_) {
    if (u.reader == &reader) u.reader = nullptr;
  }
}

void Connection::Sync() {
  if (unanswered_.empty()) return;
  PGconn* conn = conn_.get();
  if (PQpipelineSync(conn) != 1) Fail("pipeline sync");
  PgResult error(nullptr, &PQclear);
  std::string failed;
  // The first statement that changed other rows than expected: expected, changed, its SQL.
  std::optional<std::tuple<std::int64_t, std::int64_t, std::string>> unexpected;
  // Each statement answers with its result and then NULL; the sync with PGRES_PIPELINE_SYNC.
  // After an error the rest answer PGRES_PIPELINE_ABORTED. A broken connection answers NULL
  // for ever: more NULLs than statements end the wait.
  std::size_t index = 0;
  bool last_answered = false;
  for (std::size_t nulls = 0; nulls <= unanswered_.size();) {
    PgResult result(PQgetResult(conn), &PQclear);
    if (!result) {
      ++nulls;
      ++index;
      continue;
    }
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_PIPELINE_SYNC) break;
    if (status == PGRES_FATAL_ERROR && !error) {
      failed = index < unanswered_.size() ? unanswered_[index].sql : "pipeline";
      error = std::move(result);
      continue;
    }
    if (index >= unanswered_.size()) continue;  // more answers than statements: not ours
    const Unanswered& statement = unanswered_[index];
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      // Skipped after an error (PGRES_PIPELINE_ABORTED), or an answer no statement here asks for.
      if (!error && status != PGRES_PIPELINE_ABORTED) {
        failed = statement.sql;
        error = std::move(result);
      }
      continue;
    }
    if (statement.rows && !unexpected) {
      if (const std::int64_t changed = ChangedRows(result.get()); changed != *statement.rows) {
        unexpected.emplace(*statement.rows, changed, statement.sql);
      }
    }
    if (index + 1 == unanswered_.size()) {
      changes_ = ChangedRows(result.get());
      last_answered = true;
    }
    if (statement.reader) statement.reader->Answer(std::move(result));
  }
  unanswered_.clear();
  PQexitPipelineMode(conn);
  if (error) Fail(error.get(), failed);
  if (unexpected) {
    const auto& [expected, changed, sql] = *unexpected;
    ThrowUnexpectedChanges(sql, expected, changed);
  }
  if (!last_answered) Fail("the server's answers to a pipeline");
}

void Connection::Commit() {
  if (std::any_of(unanswered_.begin(), unanswered_.end(),
                  [](const Unanswered& u) { return u.rows.has_value(); })) {
    Sync();
  }
  Send("COMMIT");
  Sync();
}

std::int64_t Connection::Changes() {
  Sync();
  return changes_;
}

void Connection::Exec(const char* sql) {
  Sync();
  PgResult result(PQexec(conn_.get(), sql), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    Fail(result.get(), sql);
  }
}

void Connection::Fail(const PGresult* result, std::string_view what) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn_.get());
  // The server's message spans lines (LINE 1: …, HINT: …): one line for logs and the CLI.
  for (char& c : message) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  const std::string text = fmt::format("PostgreSQL: {} (in: {})", message, what);
  if (state && (state == kSerializationFailure || state == kDeadlockDetected)) {
    throw TransientError(text);
  }
  throw StorageError(text);
}

void Connection::Fail(std::string_view what) const {
  std::string message = PQerrorMessage(conn_.get());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw StorageError(
      fmt::format("PostgreSQL: {} ({})", message.empty() ? "failed" : message, what));
}

const sql::Dialect& Connection::dialect() const { return PgDialect(); }

bool Connection::Reusable() const {
  return unanswered_.empty() && PQstatus(conn_.get()) == CONNECTION_OK &&
         PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
}

}  // namespace seatshift::store::postgres
