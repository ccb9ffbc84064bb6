#pragma once

#include "store/sql/dialect.hpp"

namespace seatshift::store::postgres {

//! PostgreSQL's spelling of the portable SQL: writers lock the rows they act on; key lists
//! travel as bigint[] array literals.
class PgDialect final : public sql::Dialect {
 public:
  static const PgDialect& Get();
  bool row_locks() const override { return true; }
  //! A statement is a round trip: audit records are written many per INSERT.
  bool batches_audit() const override { return true; }

 protected:
  std::string Expand(std::string_view name, const std::vector<std::string_view>& args,
                     std::string_view sql) const override;
  std::string Parameter(int n) const override;
};

}  // namespace seatshift::store::postgres
