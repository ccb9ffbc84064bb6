#pragma once

#include <functional>
#include <memory>

#include "store/postgres/connection.hpp"
#include "store/sql/sql_transaction.hpp"

namespace seatshift::store::postgres {

//! One transaction on one pooled connection: read transactions see one snapshot (REPEATABLE
//! READ, READ ONLY); write transactions run at READ COMMITTED and lock what they act on (rows
//! FOR UPDATE, LockCustomer), so concurrent writers of different customers never wait for each
//! other. What they read and write is SQL's (sql::SqlTransaction); this class begins and ends
//! them.
class PgTransaction final : public sql::SqlTransaction {
 public:
  //! Called with the connection when the transaction ends (to hand it back to the pool).
  using Release = std::function<void(std::unique_ptr<Connection>)>;

  //! Begins a transaction on `conn`; `on_commit` (may be null) is told how long COMMIT took.
  PgTransaction(std::unique_ptr<Connection> conn, Release release, bool write,
                const Store::CommitObserver* on_commit, sql::CatalogCache& catalog);
  ~PgTransaction() override;

 private:
  //! COMMIT, timed for the store's commit observer.
  void CommitWrites() override;

  std::unique_ptr<Connection> owned_;
  Release release_;
  const Store::CommitObserver* on_commit_ = nullptr;
  bool finished_ = false;
};

}  // namespace seatshift::store::postgres
