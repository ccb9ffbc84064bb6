#include "store/postgres/pg_dialect.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace seatshift::store::postgres {

const PgDialect& PgDialect::Get() {
  static const PgDialect dialect;
  return dialect;
}

std::string PgDialect::Expand(std::string_view name, const std::vector<std::string_view>& args,
                              std::string_view sql) const {
  if (name == "for_update") return "FOR UPDATE";
  // NO KEY UPDATE: other transactions may still insert rows referencing the row (their
  // foreign-key checks take KEY SHARE), but no two writers act on it at once.
  if (name == "for_no_key_update") return "FOR NO KEY UPDATE";
  if (name == "for_update_of" && args.size() == 1) return fmt::format("FOR UPDATE OF {}", args[0]);
  if (name == "skip_locked") return "SKIP LOCKED";
  if (name == "in_keys" && args.size() == 2) {
    return fmt::format("{} = ANY({}::bigint[])", args[0], args[1]);
  }
  if (name == "key_table" && args.size() == 2) {
    return fmt::format("unnest({}::bigint[]) AS {}(value)", args[0], args[1]);
  }
  if (name == "typed" && args.size() == 2) return fmt::format("{}::{}", args[0], args[1]);
  if (name == "indexed_by" && args.size() == 1) return "";  // the planner has statistics
  if (name == "ilike") return "ILIKE";
  throw std::invalid_argument(fmt::format("unknown SQL construct {{{{{}}}}} in: {}", name, sql));
}

std::string PgDialect::Parameter(int n) const { return fmt::format("${}", n); }

}  // namespace seatshift::store::postgres
