#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace seatshift::store::sqlite {

//! Lets concurrent write transactions share one durable commit. Each logical transaction runs
//! alone on the writer connection, inside a SAVEPOINT of a shared physical transaction. When it
//! ends it hands the connection to a writer that is already waiting, or, when none waits (or
//! the batch is full), commits the physical transaction for everyone in it. Nobody returns from
//! Commit before the COMMIT that made its changes durable: an acknowledged change is never
//! lost, and a failed COMMIT fails every transaction of its batch.
//!
//! SQLite may roll the physical transaction back by itself when a statement fails with
//! SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM. GroupCommit never trusts its own bookkeeping for
//! that: it asks SQLite (sqlite3_get_autocommit) whenever a logical transaction ends and before
//! a writer joins an open batch. A batch whose physical transaction is gone is lost as a whole:
//! every writer of it is told StorageError, and the next writer begins a new batch (otherwise
//! its SAVEPOINT would silently start a transaction of its own, outside BEGIN IMMEDIATE).
//! With one writer at a time (the CLI) every commit is immediate, exactly as without batching.
//! Thread-safe.
class GroupCommit {
 public:
  //! A logical transaction's hold on the writer connection.
  struct Slot {
    std::unique_lock<std::mutex> lock;
    std::uint64_t batch = 0;
  };

  GroupCommit(Connection& writer, int max_batch) : writer_(writer), max_batch_(max_batch) {}

  //! Waits for the writer connection; opens a physical transaction (BEGIN IMMEDIATE, so no
  //! other process writes in between) when none is open. Throws StorageError when it cannot.
  Slot Join();
  //! Ends a committed logical transaction (its SAVEPOINT already released); returns once a
  //! COMMIT that included it succeeded. Throws StorageError when its batch was lost.
  void Leave(Slot slot, const Store::CommitObserver& observer);
  //! Ends a rolled-back (or failed) logical transaction: never throws, never waits.
  void Abandon(Slot slot, const Store::CommitObserver& observer) noexcept;
  //! Writers blocked in Join right now (tests use it to line writers up without sleeping).
  int waiting() const { return waiting_.load(); }

 private:
  //! Commits the open physical transaction. REQUIRES: `slot` holds the writer.
  bool CommitBatch(Slot& slot, const Store::CommitObserver& observer) noexcept;
  //! Ends `batch` (the open one) as failed, rolling back what is left of it.
  //! REQUIRES: the caller holds the writer.
  void FailBatch(std::uint64_t batch) noexcept;
  //! Ends `batch`, telling the writers waiting for it in Leave how it went.
  //! REQUIRES: the caller holds the writer.
  void Finish(std::uint64_t batch, bool ok) noexcept;
  //! Whether the open batch's physical transaction still exists (SQLite's word, not ours).
  bool PhysicalTransactionAlive() { return sqlite3_get_autocommit(writer_.handle()) == 0; }
  bool ShouldCommit() const { return waiting_.load() == 0 || batch_size_ >= max_batch_; }

  Connection& writer_;
  const int max_batch_;
  std::mutex writer_mutex_;
  std::atomic<int> waiting_{0};  //!< writers blocked in Join
  bool open_ = false;            // GUARDED_BY(writer_mutex_)
  std::uint64_t batch_ = 0;      // GUARDED_BY(writer_mutex_)
  int batch_size_ = 0;           // GUARDED_BY(writer_mutex_)

  //! Writers waiting in Leave for an unfinished or failed batch, and whether it failed; an
  //! entry lives only while somebody still waits for it.
  struct Waiters {
    int count = 0;
    bool failed = false;
  };
  std::mutex done_mutex_;
  std::condition_variable done_;
  std::uint64_t finished_through_ = 0;        // GUARDED_BY(done_mutex_); batches end in order
  std::map<std::uint64_t, Waiters> waiters_;  // GUARDED_BY(done_mutex_)
};

}  // namespace seatshift::store::sqlite
