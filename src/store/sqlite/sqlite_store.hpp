#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql/catalog_cache.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/group_commit.hpp"
#include "store/store.hpp"

namespace seatshift::store::sqlite {

//! The embedded backend: one SQLite file in WAL mode. One writer at a time (a process-wide
//! mutex plus BEGIN IMMEDIATE across processes), any number of concurrent readers, each on a
//! pooled connection of its own.
class SqliteStore final : public Store {
 public:
  //! Opens (creating if needed) and migrates the database at `path`. Throws StorageError.
  static std::unique_ptr<SqliteStore> Open(const std::string& path,
                                           const ConnectionOptions& options = {});
  ~SqliteStore() override;

  std::unique_ptr<ReadTransaction> Read() override;
  std::unique_ptr<WriteTransaction> Write() override;

  //! Writers waiting for the writer connection now (tests).
  int WritersWaiting() const { return group_commit_.waiting(); }

  //! Returns a reader connection to the pool (called by finished read transactions).
  void Release(std::unique_ptr<Connection> conn);

 private:
  SqliteStore(std::string path, ConnectionOptions options, std::unique_ptr<Connection> writer);

  const std::string path_;
  const ConnectionOptions options_;
  std::unique_ptr<Connection>
      writer_;  // used by one write transaction at a time, as GroupCommit arranges
  GroupCommit group_commit_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;  // GUARDED_BY(pool_mutex_)
  sql::CatalogCache catalog_;
};

}  // namespace seatshift::store::sqlite
