#pragma once

#include "store/postgres/connection.hpp"

namespace seatshift::store::postgres {

//! Brings the database (the connection's search_path schema) to schema version `target` (the
//! newest unless a test asks for an older one), in one transaction under an advisory lock, so
//! that servers starting together apply each migration once. Records the version in
//! schema_version; refuses a database newer than this program.
void Migrate(Connection& conn, int target);
void Migrate(Connection& conn);

}  // namespace seatshift::store::postgres
