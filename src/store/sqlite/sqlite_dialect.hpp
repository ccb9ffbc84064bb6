#pragma once

#include "store/sql/dialect.hpp"

namespace seatshift::store::sqlite {

//! SQLite's spelling of the portable SQL: one writer holds the database, so no row locks; key
//! lists travel as JSON arrays read by json_each.
class SqliteDialect final : public sql::Dialect {
 public:
  static const SqliteDialect& Get();
  bool row_locks() const override { return false; }
  //! One prepared insert per record measured faster than any set-based form (a JSON array
  //! through json_each costs a parse per extracted field).
  bool batches_audit() const override { return false; }

 protected:
  std::string Expand(std::string_view name, const std::vector<std::string_view>& args,
                     std::string_view sql) const override;
  std::string Parameter(int n) const override;
};

}  // namespace seatshift::store::sqlite
