#include "store/sqlite/sqlite_dialect.hpp"

#include <array>

namespace seatshift::store::sqlite {
namespace {

constexpr std::array<sql::Spelling, 17> kSpellings{{
    {"for_update", 0, ""},
    {"for_no_key_update", 0, ""},
    {"for_update_of", 1, ""},
    {"skip_locked", 0, ""},
    {"in_keys", 2, "{0} IN (SELECT value FROM json_each({1}))"},
    // unhex: SQLite 3.41's, registered by Connection::Open where the library predates it.
    {"in_guids", 2, "{0} IN (SELECT unhex(value) FROM json_each({1}))"},
    {"in_texts", 2, "{0} IN (SELECT value FROM json_each({1}))"},
    {"key_table", 2, "json_each({0}) AS {1}"},
    {"text_rows", 2, "json_each({0}) AS {1}"},
    {"typed", 2, "{0}"},
    // One writer at a time, and a new row's key is one above the largest: the last insert's is
    // the largest (last_insert_rowid() would change while an INSERT ... SELECT inserts).
    {"last_insert_id", 1, "(SELECT max(id) FROM {0})"},
    {"indexed_by", 1, "INDEXED BY {0}"},
    {"ilike", 0, "LIKE"},  // SQLite's LIKE ignores ASCII case already
    // One writer at a time: transactions commit in the order they write, so every event's
    // transaction is 0 and the stream is ordered by id alone.
    {"current_transaction", 0, "0"},
    {"oldest_open_transaction", 0, "9223372036854775807"},
    {"stream_order", 1, "{0}.id"},
    {"stream_after", 3, "{0}.id > {2}"},
}};

}  // namespace

const sql::Dialect& SqliteDialect() {
  static const sql::Dialect dialect({.parameter_prefix = "?",
                                     .row_locks = false,
                                     .batches_audit = false,
                                     .spellings = kSpellings});
  return dialect;
}

}  // namespace seatshift::store::sqlite
