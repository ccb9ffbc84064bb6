#include "store/open/open.hpp"

#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace seatshift::store {

std::unique_ptr<Store> Open(const std::string& location) {
  if (postgres::IsPostgresUrl(location)) return postgres::PgStore::Open(location);
  return sqlite::SqliteStore::Open(location);
}

bool IsPostgresUrl(std::string_view location) { return postgres::IsPostgresUrl(location); }

}  // namespace seatshift::store
