#include "store/postgres/pg_dialect.hpp"

#include <array>

namespace seatshift::store::postgres {
namespace {

constexpr std::array<sql::Spelling, 17> kSpellings{{
    {"for_update", 0, "FOR UPDATE"},
    // NO KEY UPDATE: other transactions may still insert rows referencing the row (their
    // foreign-key checks take KEY SHARE), but no two writers act on it at once.
    {"for_no_key_update", 0, "FOR NO KEY UPDATE"},
    {"for_update_of", 1, "FOR UPDATE OF {0}"},
    {"skip_locked", 0, "SKIP LOCKED"},
    {"in_keys", 2, "{0} = ANY({1}::bigint[])"},
    // A list of GUIDs travels as a JSON array of hex text (sql::GuidList) on both backends.
    {"in_guids", 2,
     "{0} IN (SELECT decode(value, 'hex') FROM json_array_elements_text({1}::json))"},
    {"in_texts", 2, "{0} IN (SELECT json_array_elements_text({1}::json))"},
    {"key_table", 2, "unnest({0}::bigint[]) AS {1}(value)"},
    {"text_rows", 2, "json_array_elements_text({0}::json) WITH ORDINALITY AS {1}(value, key)"},
    {"typed", 2, "{0}::{1}"},
    // The key this session's last insert into table {0} drew (currval is per session).
    {"last_insert_id", 1, "currval(pg_get_serial_sequence('{0}', 'id'))"},
    {"indexed_by", 1, ""},  // the planner has statistics
    {"ilike", 0, "ILIKE"},
    // Concurrent writers commit out of id order; the stream is ordered by transaction id, and
    // shows only transactions older than every one still open (pg_snapshot_xmin).
    {"current_transaction", 0, "pg_current_xact_id()::text::bigint"},
    {"oldest_open_transaction", 0, "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"},
    {"stream_order", 1, "{0}.txn, {0}.id"},
    {"stream_after", 3, "({0}.txn > {1} OR ({0}.txn = {1} AND {0}.id > {2}))"},
}};

}  // namespace

const sql::Dialect& PgDialect() {
  static const sql::Dialect dialect({.parameter_prefix = "$",
                                     .row_locks = true,
                                     .batches_audit = true,
                                     .spellings = kSpellings,
                                     .keeps_plans_from_statistics = true});
  return dialect;
}

}  // namespace seatshift::store::postgres
