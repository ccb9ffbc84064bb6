#pragma once

#include "store/sqlite/connection.hpp"

namespace seatshift::store::sqlite {

//! The schema version this program writes.
int LatestSchemaVersion();

//! Brings the database to schema version `target` (the newest unless a test asks for an older
//! one, to build a database as an earlier release left it), in one transaction, recording the
//! version in `PRAGMA user_version`. Refuses a database newer than this program.
void Migrate(Connection& conn, int target = LatestSchemaVersion());

}  // namespace seatshift::store::sqlite
