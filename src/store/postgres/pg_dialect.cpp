#include "store/postgres/pg_dialect.hpp"

#include <array>

namespace seatshift::store::postgres {
namespace {

constexpr std::array<sql::Spelling, 9> kSpellings{{
    {"for_update", 0, "FOR UPDATE"},
    // NO KEY UPDATE: other transactions may still insert rows referencing the row (their
    // foreign-key checks take KEY SHARE), but no two writers act on it at once.
    {"for_no_key_update", 0, "FOR NO KEY UPDATE"},
    {"for_update_of", 1, "FOR UPDATE OF {0}"},
    {"skip_locked", 0, "SKIP LOCKED"},
    {"in_keys", 2, "{0} = ANY({1}::bigint[])"},
    {"key_table", 2, "unnest({0}::bigint[]) AS {1}(value)"},
    {"typed", 2, "{0}::{1}"},
    {"indexed_by", 1, ""},  // the planner has statistics
    {"ilike", 0, "ILIKE"},
}};

}  // namespace

const sql::Dialect& PgDialect() {
  static const sql::Dialect dialect(
      {.parameter_prefix = "$", .row_locks = true, .batches_audit = true, .spellings = kSpellings});
  return dialect;
}

}  // namespace seatshift::store::postgres
