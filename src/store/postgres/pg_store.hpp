#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/sql/catalog_cache.hpp"
#include "store/store.hpp"

namespace seatshift::store::postgres {

//! Whether `location` names a PostgreSQL database (a postgresql:// or postgres:// URL) rather
//! than a SQLite file.
bool IsPostgresUrl(std::string_view location);

//! The PostgreSQL backend: any number of processes on one database. Each transaction takes a
//! connection from a pool (opened on demand, at most `kMaxIdle` kept idle); statements are
//! prepared once per connection. Writers lock rows, not the database: see PgTransaction.
class PgStore final : public Store {
 public:
  //! Connects to `url` and migrates its schema (the URL's search_path, e.g.
  //! `?options=-csearch_path%3Dname`, picks the schema). Throws StorageError when the server
  //! cannot be reached.
  static std::unique_ptr<PgStore> Open(const std::string& url);
  //! As Open, but migrates to schema version `target` only (tests of upgrades).
  static std::unique_ptr<PgStore> Open(const std::string& url, int target);

  std::unique_ptr<ReadTransaction> Read() override;
  std::unique_ptr<WriteTransaction> Write() override;

 private:
  static constexpr std::size_t kMaxIdle = 16;
  explicit PgStore(std::string url) : url_(std::move(url)) {}
  std::unique_ptr<Connection> Acquire();
  void Release(std::unique_ptr<Connection> conn);

  const std::string url_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(pool_mutex_)
  sql::CatalogCache catalog_;
};

}  // namespace seatshift::store::postgres
