#pragma once

#include "store/sql/dialect.hpp"

namespace seatshift::store::postgres {

//! PostgreSQL's spelling of the portable SQL: writers lock the rows they act on; key lists
//! travel as bigint[] array literals; a statement is a round trip, so audit records are written
//! many per INSERT.
const sql::Dialect& PgDialect();

}  // namespace seatshift::store::postgres
