#pragma once

#include "store/sql/dialect.hpp"

namespace seatshift::store::sqlite {

//! SQLite's spelling of the portable SQL: one writer holds the database, so no row locks; key
//! lists travel as JSON arrays read by json_each; one prepared insert per audit record measured
//! faster than any set-based form (a JSON array through json_each costs a parse per field).
const sql::Dialect& SqliteDialect();

}  // namespace seatshift::store::sqlite
