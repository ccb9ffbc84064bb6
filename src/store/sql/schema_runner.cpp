#include "store/sql/schema_runner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "store/store.hpp"

namespace seatshift::store::sql {

void Migrate(Connection& conn, const SchemaMigrations& migrations,
             const SchemaVersioning& versioning, int target) {
  versioning.begin(conn);
  try {
    const int current = versioning.read(conn);
    if (current > kLatestSchemaVersion) {
      throw StorageError(fmt::format(
          "the database has schema version {}, newer than this program's {}: upgrade seatshift",
          current, kLatestSchemaVersion));
    }
    for (int v = current; v < std::min(target, kLatestSchemaVersion); ++v) {
      conn.Exec(migrations[static_cast<std::size_t>(v)]);
      versioning.write(conn, v + 1);
    }
    conn.Exec("COMMIT");
  } catch (...) {
    conn.Exec("ROLLBACK");
    throw;
  }
}

}  // namespace seatshift::store::sql
