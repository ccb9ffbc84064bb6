#include "store/sqlite/group_commit.hpp"

#include <chrono>
#include <cstdio>

namespace seatshift::store::sqlite {

GroupCommit::Slot GroupCommit::Join() {
  ++waiting_;
  std::unique_lock lock(writer_mutex_);
  --waiting_;
  // A batch whose transaction SQLite rolled back while this writer waited is lost; joining it
  // would run this writer outside any batch.
  if (open_ && !PhysicalTransactionAlive()) FailBatch(batch_);
  if (!open_) {
    // Left over when a failed batch's ROLLBACK failed too; BEGIN would fail on it forever.
    if (PhysicalTransactionAlive()) writer_.Exec("ROLLBACK");
    writer_.Run("BEGIN IMMEDIATE");
    open_ = true;
    ++batch_;
    batch_size_ = 0;
  }
  ++batch_size_;
  return {std::move(lock), batch_};
}

void GroupCommit::Finish(std::uint64_t batch, bool ok) noexcept {
  open_ = false;
  {
    std::lock_guard done(done_mutex_);
    finished_through_ = batch;
    if (auto it = waiters_.find(batch); it != waiters_.end()) it->second.failed = !ok;
  }
  done_.notify_all();
}

void GroupCommit::FailBatch(std::uint64_t batch) noexcept {
  std::fprintf(stderr, "seatshift: group commit batch %llu is lost; its writers are told so\n",
               static_cast<unsigned long long>(batch));
  if (PhysicalTransactionAlive()) {
    try {
      writer_.Exec("ROLLBACK");
    } catch (const StorageError&) {
      // Nothing more to undo: the transaction ended with the failure.
    }
  }
  Finish(batch, false);
}

bool GroupCommit::CommitBatch(Slot& slot, const Store::CommitObserver& observer) noexcept {
  const auto started = std::chrono::steady_clock::now();
  bool ok = PhysicalTransactionAlive();
  if (ok) {
    try {
      writer_.Run("COMMIT");
    } catch (const StorageError& e) {
      std::fprintf(stderr, "seatshift: group commit failed: %s\n", e.what());
      ok = false;
    }
  }
  if (ok) {
    Finish(slot.batch, true);
    if (observer) observer(std::chrono::steady_clock::now() - started);
  } else {
    FailBatch(slot.batch);
  }
  slot.lock.unlock();
  return ok;
}

void GroupCommit::Leave(Slot slot, const Store::CommitObserver& observer) {
  const std::uint64_t batch = slot.batch;
  if (!PhysicalTransactionAlive()) {
    FailBatch(batch);
    throw StorageError("SQLite: the transaction was rolled back (group commit batch lost)");
  }
  if (ShouldCommit()) {
    if (!CommitBatch(slot, observer)) throw StorageError("SQLite: the commit failed");
    return;
  }
  std::unique_lock done(done_mutex_);
  // Counted before the writer is handed on: the batch cannot end before this writer is known
  // to wait for it.
  ++waiters_[batch].count;
  slot.lock.unlock();  // the next writer continues the same physical transaction
  done_.wait(done, [&] { return finished_through_ >= batch; });
  auto it = waiters_.find(batch);
  const bool failed = it->second.failed;
  if (--it->second.count == 0) waiters_.erase(it);
  if (failed) throw StorageError("SQLite: the group commit failed");
}

void GroupCommit::Abandon(Slot slot, const Store::CommitObserver& observer) noexcept {
  if (!PhysicalTransactionAlive()) {
    FailBatch(slot.batch);  // what the batch wrote before this writer went with it
    slot.lock.unlock();
  } else if (ShouldCommit()) {
    CommitBatch(slot, observer);  // others of the batch may be waiting for it
  } else {
    slot.lock.unlock();
  }
}

}  // namespace seatshift::store::sqlite
