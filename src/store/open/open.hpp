#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace seatshift::store {

//! Opens the store at `location` and migrates it to the latest schema: a PostgreSQL database
//! when `location` is a postgresql:// or postgres:// URL (its search_path, e.g.
//! `?options=-csearch_path%3Dname`, picks the schema), otherwise the SQLite file at that path
//! (created if missing). The one place besides the composition root that names a backend.
//! Throws StorageError when the database cannot be opened or reached.
std::unique_ptr<Store> Open(const std::string& location);

//! Whether `location` names a PostgreSQL database (a postgresql:// or postgres:// URL) rather
//! than a SQLite file.
bool IsPostgresUrl(std::string_view location);

}  // namespace seatshift::store
