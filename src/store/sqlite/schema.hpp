#pragma once

#include "store/sqlite/connection.hpp"

namespace seatshift::store::sqlite {

//! Brings the database to the newest schema version, one migration per transaction, recording
//! the version in `PRAGMA user_version`. Refuses a database newer than this program.
void Migrate(Connection& conn);

//! The schema version this program writes.
int LatestSchemaVersion();

}  // namespace seatshift::store::sqlite
