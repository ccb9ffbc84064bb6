#include "store/postgres/pg_store.hpp"

#include "store/postgres/pg_transaction.hpp"
#include "store/postgres/schema.hpp"
#include "store/schema_versions.hpp"

namespace seatshift::store::postgres {

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::unique_ptr<PgStore> PgStore::Open(const std::string& url) {
  return Open(url, kLatestSchemaVersion);
}

std::unique_ptr<PgStore> PgStore::Open(const std::string& url, int target) {
  auto store = std::unique_ptr<PgStore>(new PgStore(url));
  std::unique_ptr<Connection> conn = Connection::Open(url);
  Migrate(*conn, target);
  store->Release(std::move(conn));
  return store;
}

std::unique_ptr<Connection> PgStore::Acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  return Connection::Open(url_);
}

void PgStore::Release(std::unique_ptr<Connection> conn) {
  // A broken connection, or one left inside a transaction, is closed rather than reused.
  if (!conn || !conn->Reusable()) return;
  std::lock_guard lock(pool_mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
}

std::unique_ptr<ReadTransaction> PgStore::Read() {
  return std::make_unique<PgTransaction>(
      Acquire(), [this](std::unique_ptr<Connection> c) { Release(std::move(c)); }, false, nullptr,
      catalog_);
}

std::unique_ptr<WriteTransaction> PgStore::Write() {
  return std::make_unique<PgTransaction>(
      Acquire(), [this](std::unique_ptr<Connection> c) { Release(std::move(c)); }, true,
      &commit_observer_, catalog_);
}

}  // namespace seatshift::store::postgres
