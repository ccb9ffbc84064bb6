#pragma once

#include <span>
#include <string>
#include <string_view>

namespace seatshift::store::sql {

//! How one database spells a named construct of the portable SQL: `pattern` with the
//! construct's `arity` arguments in place of {0}, {1} (fmt syntax).
struct Spelling {
  std::string_view construct;
  std::size_t arity;
  std::string_view pattern;
};

//! What really differs between the SQL databases seatshift runs on, as data: each backend
//! describes its own (sqlite/sqlite_dialect.cpp, postgres/pg_dialect.cpp). The resource SQL is
//! written once, in a portable form:
//! - parameters are numbered `?1`, `?2`, ... (PostgreSQL's `$1` after Render);
//! - the few constructs the databases spell differently are named, in double braces:
//!   - `{{for_update}}`, `{{for_no_key_update}}`, `{{for_update_of:s}}`, `{{skip_locked}}`: row
//!     locks (nothing where one writer holds the whole database);
//!   - `{{in_keys:column:?N}}`: `column` is one of the row keys bound to ?N (Statement::BindKeys);
//!   - `{{in_guids:column:?N}}`: `column` (a GUID) is one of those bound to ?N
//!     (Statement::BindGuids);
//!   - `{{in_texts:column:?N}}`: `column` (text) is one of those bound to ?N
//!     (Statement::BindTexts);
//!   - `{{key_table:?N:alias}}`: those keys as a table `alias` with one column, `value`;
//!   - `{{text_rows:?N:alias}}`: the texts bound to ?N (Statement::BindTexts) as a table `alias`
//!     of `value` and `key`, their place in the list (ORDER BY alias.key keeps it);
//!   - `{{typed:?N:type}}`: a parameter whose type the query alone does not tell;
//!   - `{{last_insert_id:table}}`: the key the transaction's last insert into `table` drew;
//!   - `{{indexed_by:index}}`: a planner hint (SQLite's, where it lacks statistics);
//!   - `{{ilike}}`: case-insensitive LIKE;
//!   - `{{current_transaction}}`, `{{oldest_open_transaction}}`: the writing transaction's id and
//!     the oldest id still running, as integers (the outbox's commit order, store/sql/sql_events);
//!   - `{{stream_order:alias}}`, `{{stream_after:alias:?T:?N}}`: the events' stream order, and
//!     "after the event at transaction ?T and id ?N" in it (by id alone where transactions commit
//!     in the order they write, so SQLite needs no index on the transaction column).
struct DialectTraits {
  //! What a parameter's number follows: "?" (SQLite) or "$" (PostgreSQL).
  std::string_view parameter_prefix;
  //! Whether writers lock rows (LockCustomer, FOR UPDATE): false where one writer holds the
  //! whole database until it commits.
  bool row_locks;
  //! Whether audit records are held back and written many per statement (where a statement
  //! costs a round trip), rather than one prepared insert each.
  bool batches_audit;
  //! Every construct above, spelled.
  std::span<const Spelling> spellings;
  //! Whether a connection keeps the plans it made (foreign-key checks' too) from the table
  //! statistics of that moment (PostgreSQL): a transaction that grows a table many times over
  //! refreshes them (ANALYZE) before statements that depend on its size.
  bool keeps_plans_from_statistics = false;
};

class Dialect {
 public:
  explicit constexpr Dialect(DialectTraits traits) : traits_(traits) {}

  //! `sql` in this database's SQL. Throws std::invalid_argument for an unknown construct or a
  //! wrong number of arguments (a programming error, found by the first test that prepares the
  //! statement).
  std::string Render(std::string_view sql) const;

  bool row_locks() const { return traits_.row_locks; }
  bool batches_audit() const { return traits_.batches_audit; }
  bool keeps_plans_from_statistics() const { return traits_.keeps_plans_from_statistics; }

 private:
  DialectTraits traits_;
};

}  // namespace seatshift::store::sql
