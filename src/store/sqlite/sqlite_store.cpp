#include "store/sqlite/sqlite_store.hpp"

#include <fmt/format.h>

#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_transaction.hpp"

namespace seatshift::store::sqlite {
namespace {

//! Write transactions one commit may carry at most (bounds the latency of the first).
constexpr int kMaxGroupCommit = 256;

}  // namespace

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path,
                                               const ConnectionOptions& options) {
  std::unique_ptr<Connection> writer = Connection::Open(path, options);
  // Every write transaction is a savepoint of a group commit's transaction, so each page it
  // changes is copied to a sub-journal first; past 64 KiB SQLite spills that to a temporary
  // file, and a migration's batch paid more for those writes than for its rows. Only the writer:
  // readers' large sorts keep spilling to disk.
  writer->Exec("PRAGMA temp_store=MEMORY");
  Migrate(*writer);
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, options, std::move(writer)));
}

SqliteStore::SqliteStore(std::string path, ConnectionOptions options,
                         std::unique_ptr<Connection> writer)
    : path_(std::move(path)),
      options_(options),
      writer_(std::move(writer)),
      group_commit_(*writer_, kMaxGroupCommit) {}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<ReadTransaction> SqliteStore::Read() {
  std::unique_ptr<Connection> conn;
  {
    std::lock_guard lock(pool_mutex_);
    if (!readers_.empty()) {
      conn = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!conn) conn = Connection::Open(path_, options_);
  return std::make_unique<SqliteTransaction>(
      std::move(conn), [this](std::unique_ptr<Connection> c) { Release(std::move(c)); }, catalog_);
}

std::unique_ptr<WriteTransaction> SqliteStore::Write() {
  return std::make_unique<SqliteTransaction>(*writer_, group_commit_, commit_observer_, catalog_);
}

void SqliteStore::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(pool_mutex_);
  if (readers_.size() < 16) readers_.push_back(std::move(conn));
}

}  // namespace seatshift::store::sqlite
