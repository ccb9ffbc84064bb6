#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seatshift::store::sql {

//! What really differs between the SQL databases seatshift runs on. The resource SQL is
//! written once, in a portable form:
//! - parameters are numbered `?1`, `?2`, ... (PostgreSQL's `$1` after Render);
//! - the few constructs the databases spell differently are named, in double braces:
//!   - `{{for_update}}`, `{{for_no_key_update}}`, `{{for_update_of:s}}`, `{{skip_locked}}`: row
//!     locks (nothing where one writer holds the whole database);
//!   - `{{in_keys:column:?N}}`: `column` is one of the row keys bound to ?N (Statement::BindKeys);
//!   - `{{key_table:?N:alias}}`: those keys as a table `alias` with one column, `value`;
//!   - `{{typed:?N:type}}`: a parameter whose type the query alone does not tell;
//!   - `{{indexed_by:index}}`: a planner hint (SQLite's, where it lacks statistics);
//!   - `{{ilike}}`: case-insensitive LIKE.
class Dialect {
 public:
  virtual ~Dialect() = default;

  //! `sql` in this database's SQL. Throws std::invalid_argument for an unknown construct (a
  //! programming error, found by the first test that prepares the statement).
  std::string Render(std::string_view sql) const;

  //! Whether writers lock rows (LockCustomer, FOR UPDATE): false where one writer holds the
  //! whole database until it commits.
  virtual bool row_locks() const = 0;
  //! Whether audit records are held back and written many per statement (where a statement
  //! costs a round trip), rather than one prepared insert each.
  virtual bool batches_audit() const = 0;

 protected:
  //! The text of construct `name` with its arguments.
  virtual std::string Expand(std::string_view name, const std::vector<std::string_view>& args,
                             std::string_view sql) const = 0;
  //! The spelling of parameter number `n`.
  virtual std::string Parameter(int n) const = 0;
};

}  // namespace seatshift::store::sql
