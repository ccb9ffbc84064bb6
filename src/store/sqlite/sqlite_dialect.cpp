#include "store/sqlite/sqlite_dialect.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace seatshift::store::sqlite {

const SqliteDialect& SqliteDialect::Get() {
  static const SqliteDialect dialect;
  return dialect;
}

std::string SqliteDialect::Expand(std::string_view name, const std::vector<std::string_view>& args,
                                  std::string_view sql) const {
  if (name == "for_update" || name == "for_no_key_update" || name == "for_update_of" ||
      name == "skip_locked") {
    return "";
  }
  if (name == "in_keys" && args.size() == 2) {
    return fmt::format("{} IN (SELECT value FROM json_each({}))", args[0], args[1]);
  }
  if (name == "key_table" && args.size() == 2) {
    return fmt::format("json_each({}) AS {}", args[0], args[1]);
  }
  if (name == "typed" && args.size() == 2) return std::string(args[0]);
  if (name == "indexed_by" && args.size() == 1) return fmt::format("INDEXED BY {}", args[0]);
  if (name == "ilike") return "LIKE";  // SQLite's LIKE ignores ASCII case already
  throw std::invalid_argument(fmt::format("unknown SQL construct {{{{{}}}}} in: {}", name, sql));
}

std::string SqliteDialect::Parameter(int n) const { return fmt::format("?{}", n); }

}  // namespace seatshift::store::sqlite
