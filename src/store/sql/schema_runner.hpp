#pragma once

#include <functional>

#include "store/schema_versions.hpp"
#include "store/sql/statement.hpp"

namespace seatshift::store::sql {

//! How a backend keeps its schema version and serialises migrating processes.
struct SchemaVersioning {
  //! Begins the migrating transaction, excluding other migrating processes (BEGIN IMMEDIATE,
  //! an advisory lock, ...).
  std::function<void(Connection&)> begin;
  //! The database's schema version (0 for a new database).
  std::function<int(Connection&)> read;
  //! Records that the database is at `version`.
  std::function<void(Connection&, int version)> write;
};

//! Brings the database to schema version `target` (capped at kLatestSchemaVersion) by applying
//! `migrations` in order, in one transaction. Refuses (StorageError) a database newer than this
//! program; on any failure nothing of it stays.
void Migrate(Connection& conn, const SchemaMigrations& migrations,
             const SchemaVersioning& versioning, int target);

}  // namespace seatshift::store::sql
