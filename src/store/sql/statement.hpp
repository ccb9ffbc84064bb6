#pragma once

// The seam between the resource SQL (written once, in store/sql/) and a database backend: a
// prepared statement that binds parameters, steps through rows and reads columns, and the
// connection that prepares it. Each backend implements StatementBackend and Connection; the
// resource code only ever sees Statement and Connection.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/uuid.hpp"

namespace seatshift::store::sql {

class Dialect;

//! Lower-case hexadecimal digits by value, for the JSON the statements bind.
inline constexpr char kHexDigits[] = "0123456789abcdef";

//! One prepared statement of a backend, owned by its connection's statement cache and used by
//! one Statement handle at a time. Parameters are 1-based (?1 is index 1).
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;

  virtual void BindInt(int index, std::int64_t value) = 0;
  //! `copy` false: `text` is read only when the statement runs and outlives that (hot paths).
  virtual void BindText(int index, std::string_view text, bool copy) = 0;
  virtual void BindGuid(int index, const Uuid& uuid) = 0;
  virtual void BindNull(int index) = 0;
  //! A list of row keys, for the dialect's {{in_keys}} and {{key_table}} forms.
  virtual void BindKeys(int index, std::span<const std::int64_t> keys) = 0;

  //! Runs the statement on the first call; then true while there is a row to read.
  //! Throws TransientError when concurrent transactions conflict, StorageError otherwise
  //! (constraint violations included: the resource SQL avoids them with ON CONFLICT).
  virtual bool Step() = 0;
  //! Runs the statement now and has its rows read later (Step): a backend may send it without
  //! waiting for its answer, so that reads sent one after the other share one round trip
  //! (PostgreSQL's pipeline: the first Step of any of them reads every answer). It runs in
  //! order with the statements before and after it, as if stepped at once; its error, if any,
  //! is thrown where an answer is read (as for Execute).
  virtual void Send() = 0;
  //! Runs a statement whose rows, if any, are not read; its count: Connection::Changes. A
  //! backend may send it without waiting for its answer (PostgreSQL's pipeline): its error, if
  //! any, is then thrown by the next call that waits for the server (a Step, Changes, Exec, or
  //! the commit), and the transaction cannot commit.
  virtual void Execute() = 0;
  //! Execute for a statement that must change exactly `rows` rows: any other count throws
  //! StorageError (at once, or where the answer is read, as for Execute's errors).
  virtual void ExecuteExpecting(std::int64_t rows) = 0;

  virtual bool IsNull(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  //! A 16-byte id column; anything else is corruption (CorruptionError).
  virtual Uuid Guid(int column) const = 0;

  //! Forgets bindings and results, ready for the next user.
  virtual void Reset() = 0;
};

//! A handle on a prepared statement for one execution; resets it when destroyed (RAII). Not
//! thread-safe, like the connection it came from.
class Statement {
 public:
  explicit Statement(StatementBackend& backend) : backend_(&backend) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : backend_(other.backend_) { other.backend_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (backend_) backend_->Reset();
  }

  // Each returns *this for chaining.
  Statement& Bind(int index, std::int64_t value) {
    backend_->BindInt(index, value);
    return *this;
  }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, std::int64_t{value ? 1 : 0}); }
  Statement& Bind(int index, std::string_view text) {
    backend_->BindText(index, text, true);
    return *this;
  }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  //! Binds without copying. REQUIRES: `text` outlives this statement's execution (a field of
  //! an object the caller holds, not a temporary). For hot paths only.
  Statement& BindUncopied(int index, std::string_view text) {
    backend_->BindText(index, text, false);
    return *this;
  }
  Statement& Bind(int index, const Uuid& uuid) {
    backend_->BindGuid(index, uuid);
    return *this;
  }
  Statement& BindNull(int index) {
    backend_->BindNull(index);
    return *this;
  }
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  Statement& BindKeys(int index, std::span<const std::int64_t> keys) {
    backend_->BindKeys(index, keys);
    return *this;
  }
  //! Binds GUIDs for `{{in_guids:column:?N}}`: a JSON array of their bytes in hex, on both
  //! backends.
  Statement& BindGuids(int index, std::span<const Uuid> guids) {
    std::string json = "[";
    json.reserve(guids.size() * 35 + 2);
    for (const Uuid& guid : guids) {
      if (json.size() > 1) json += ',';
      json += '"';
      for (const std::uint8_t byte : guid.bytes()) {
        json += kHexDigits[byte >> 4];
        json += kHexDigits[byte & 15];
      }
      json += '"';
    }
    json += ']';
    backend_->BindText(index, json, true);
    return *this;
  }

  //! Binds texts for `{{in_texts:column:?N}}` and `{{text_rows:?N:alias}}`: a JSON array of
  //! strings, on both backends.
  Statement& BindTexts(int index, std::span<const std::string_view> texts) {
    std::string json = "[";
    for (const std::string_view text : texts) {
      if (json.size() > 1) json += ',';
      AppendJsonString(json, text);
    }
    json += ']';
    backend_->BindText(index, json, true);
    return *this;
  }

  bool Step() { return backend_->Step(); }
  void Send() { backend_->Send(); }
  void Execute() { backend_->Execute(); }
  void ExecuteExpecting(std::int64_t rows) { backend_->ExecuteExpecting(rows); }

  bool IsNull(int column) const { return backend_->IsNull(column); }
  std::int64_t Int(int column) const { return backend_->Int(column); }
  std::string Text(int column) const { return backend_->Text(column); }
  std::optional<std::string> OptionalText(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::string>(Text(column));
  }
  std::optional<std::int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::int64_t>(Int(column));
  }
  Uuid Guid(int column) const { return backend_->Guid(column); }

 private:
  //! `text` as a JSON string: quoted, with '"', '\\' and control characters escaped (all a JSON
  //! string must escape; the text is UTF-8 already).
  static void AppendJsonString(std::string& json, std::string_view text) {
    json += '"';
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        json += '\\';
        json += c;
      } else if (byte < 0x20) {
        json += "\\u00";
        json += kHexDigits[byte >> 4];
        json += kHexDigits[byte & 15];
      } else {
        json += c;
      }
    }
    json += '"';
  }

  StatementBackend* backend_;
};

//! One database connection of a backend, with its cache of prepared statements. Not
//! thread-safe: one transaction uses it at a time. Not movable: cached statements point at it.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  //! The statement for `sql` (in the portable form Dialect::Render reads), prepared once per
  //! connection and reused. `sql` must have static storage (the named SQL constants): the
  //! cache is keyed by its address.
  virtual Statement Prepare(const char* sql) = 0;
  //! Runs statements without parameters (BEGIN, COMMIT, SAVEPOINT, schema); several may be
  //! separated by semicolons. Written in the backend's own SQL.
  virtual void Exec(const char* sql) = 0;
  //! Exec of one statement whose answer nobody reads (SAVEPOINT, RELEASE): where the backend
  //! can, it is sent without waiting, and its error is thrown as an Execute's would be; where
  //! it cannot, it runs from the statement cache (Run). `sql` has static storage, as for Prepare.
  virtual void ExecWithoutWaiting(const char* sql) = 0;
  //! Runs one statement without parameters that every transaction runs (BEGIN, COMMIT): from
  //! the statement cache, as Prepare, rather than parsed again each time as Exec does. Its
  //! answer is waited for only where Execute waits (SQLite).
  void Run(const char* sql) { Prepare(sql).Execute(); }
  //! Rows the last INSERT, UPDATE or DELETE changed (waits for its answer).
  virtual std::int64_t Changes() = 0;
  //! Throws StorageError naming `what` with the connection's last error.
  [[noreturn]] virtual void Fail(std::string_view what) const = 0;
  virtual const Dialect& dialect() const = 0;
};

}  // namespace seatshift::store::sql
