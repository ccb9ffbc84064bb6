#pragma once

#include <functional>
#include <memory>

#include "store/sql/sql_transaction.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/group_commit.hpp"

namespace seatshift::store::sqlite {

//! One transaction on one connection. Read transactions get a pooled connection; write
//! transactions are savepoints of a group commit's physical transaction on the store's writer
//! connection, holding the writer lock until they end. What they read and write is SQL's
//! (sql::SqlTransaction); this class begins and ends them.
class SqliteTransaction final : public sql::SqlTransaction {
 public:
  //! Called with the connection when the transaction ends (to hand it back to a pool).
  using Release = std::function<void(std::unique_ptr<Connection>)>;

  //! A read transaction that owns its pooled connection.
  SqliteTransaction(std::unique_ptr<Connection> conn, Release release, sql::CatalogCache& catalog);
  //! A write transaction on the store's writer connection, in a batch of `group`;
  //! `on_commit` (may be empty) is told how long each physical commit took.
  SqliteTransaction(Connection& writer, GroupCommit& group, const Store::CommitObserver& on_commit,
                    sql::CatalogCache& catalog);
  ~SqliteTransaction() override;

 private:
  //! Ends the transaction's savepoint in the batch and waits for the batch's durable COMMIT.
  void CommitWrites() override;

  std::unique_ptr<Connection> owned_;
  Release release_;
  GroupCommit* group_ = nullptr;
  GroupCommit::Slot slot_;
  const Store::CommitObserver* on_commit_ = nullptr;
  bool finished_ = false;
};

}  // namespace seatshift::store::sqlite
