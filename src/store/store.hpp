#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/access/agents.hpp"
#include "store/access/audit.hpp"
#include "store/access/catalog.hpp"
#include "store/access/charges.hpp"
#include "store/access/customers.hpp"
#include "store/access/events.hpp"
#include "store/access/holdings.hpp"
#include "store/access/licenses.hpp"
#include "store/access/migrations.hpp"
#include "store/access/orders.hpp"
#include "store/access/prices.hpp"
#include "store/access/requests.hpp"
#include "store/access/subscriptions.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! The database failed in a way the caller cannot fix (I/O error, disk full,
//! corruption, lock timeout). It ends the operation; the open transaction rolls
//! back. Expected outcomes (not found, duplicate, stale version) are return
//! values, never this exception.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A stored row that does not decode (unknown status, bad date, ...): the
//! backend reports it rather than invent a value. The message names the table,
//! the row's key and the column.
class CorruptionError : public StorageError {
 public:
  using StorageError::StorageError;
};

//! The database gave up on the transaction because of concurrent ones (a
//! serialization failure or a deadlock): it rolled back, and running it again
//! from the start may well succeed. Transact (store/transact.hpp) does so a
//! bounded number of times.
class TransientError : public StorageError {
 public:
  using StorageError::StorageError;
};

//! A consistent snapshot of the database. Not thread-safe: one thread uses a
//! transaction. Rolls back (releasing the snapshot) when destroyed. Its reads
//! are split by aggregate (store/access/): a function that needs only some
//! takes those (e.g. `CatalogReads&`).
class ReadTransaction : public CatalogReads,
                        public CustomerReads,
                        public SubscriptionReads,
                        public LicenseReads,
                        public HoldingReads,
                        public OrderReads,
                        public AgentReads,
                        public RequestReads,
                        public AuditReads,
                        public EventReads,
                        public ChargeReads,
                        public MigrationReads,
                        public PriceReads {
 public:
  ~ReadTransaction() override = default;
};

//! A read transaction that can also change data; nothing is visible to others
//! until Commit. Holding one excludes every other writer of the database
//! (SQLite) or of the rows it locked (PostgreSQL), so a check made inside it
//! (seats left, version unchanged) still holds at commit. Insert* return
//! kAlreadyExists on a unique-key clash and leave the transaction usable
//! (backends where a failed statement aborts the transaction avoid the failure:
//! ON CONFLICT). Any method may throw TransientError when concurrent
//! transactions conflict: run the whole transaction again (Transact).
class WriteTransaction : public ReadTransaction,
                         public CatalogWrites,
                         public CustomerWrites,
                         public SubscriptionWrites,
                         public LicenseWrites,
                         public OrderWrites,
                         public AgentWrites,
                         public RequestWrites,
                         public AuditWrites,
                         public EventWrites,
                         public ChargeWrites,
                         public MigrationWrites,
                         public PriceWrites {
 public:
  //! Serialises writers of one customer's seats, for backends without a
  //! database-wide writer lock. Call before reading seat counts that the
  //! transaction will act on (and then change), wherever that happens: orders,
  //! license changes, subscription changes, the lifecycle's removal of stranded
  //! licenses, the migration engine.
  virtual void LockCustomer(const CustomerId& customer) = 0;

  //! Marks a point inside the transaction: RollBackToSavepoint undoes what was
  //! written after it (and only that) and ReleaseSavepoint keeps it, to commit
  //! or roll back with the rest. Each call ends the latest savepoint still
  //! open; they nest. One transaction can so carry several independent changes,
  //! one of which may fail without the others (the migration engine's steps of
  //! several customers).
  virtual void Savepoint() = 0;
  virtual void ReleaseSavepoint() = 0;
  virtual void RollBackToSavepoint() = 0;

  //! Makes every change durable at once. After Commit the transaction is
  //! finished.
  virtual void Commit() = 0;
};

//! A database. Thread-safe: any thread may open transactions.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<ReadTransaction> Read() = 0;
  //! Waits for the writer lock (bounded by the backend's busy timeout, then
  //! StorageError).
  virtual std::unique_ptr<WriteTransaction> Write() = 0;

  //! Told how long each commit took (metrics). Set before the store is shared
  //! among threads.
  using CommitObserver = std::function<void(std::chrono::nanoseconds)>;
  void ObserveCommits(CommitObserver observer) { commit_observer_ = std::move(observer); }

 protected:
  CommitObserver commit_observer_;
};

}  // namespace seatshift::store
