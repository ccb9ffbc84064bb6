#include "store/sqlite/group_commit.hpp"

#include <chrono>
#include <cstdio>

namespace seatshift::store::sqlite {

GroupCommit::Slot GroupCommit::Join() {
  ++waiting_;
  std::unique_lock lock(writer_mutex_);
  --waiting_;
  if (!open_) {
    writer_.Exec("BEGIN IMMEDIATE");
    open_ = true;
    ++batch_;
    batch_size_ = 0;
  }
  ++batch_size_;
  return {std::move(lock), batch_};
}

bool GroupCommit::CommitBatch(Slot& slot, const Store::CommitObserver& observer) noexcept {
  const auto started = std::chrono::steady_clock::now();
  bool ok = true;
  try {
    writer_.Exec("COMMIT");
  } catch (const StorageError& e) {
    std::fprintf(stderr, "seatshift: group commit failed: %s\n", e.what());
    ok = false;
    try {
      writer_.Exec("ROLLBACK");
    } catch (const StorageError&) {
      // The transaction is already gone with the failed COMMIT.
    }
  }
  open_ = false;
  if (ok && observer) observer(std::chrono::steady_clock::now() - started);
  {
    std::lock_guard done(done_mutex_);
    finished_through_ = slot.batch;
    if (!ok) failed_.insert(slot.batch);
  }
  done_.notify_all();
  slot.lock.unlock();
  return ok;
}

void GroupCommit::Leave(Slot slot, const Store::CommitObserver& observer) {
  if (ShouldCommit()) {
    if (!CommitBatch(slot, observer)) throw StorageError("SQLite: the commit failed");
    return;
  }
  const std::uint64_t batch = slot.batch;
  slot.lock.unlock();  // the next writer continues the same physical transaction
  std::unique_lock done(done_mutex_);
  done_.wait(done, [&] { return finished_through_ >= batch; });
  if (failed_.contains(batch)) throw StorageError("SQLite: the group commit failed");
}

void GroupCommit::Abandon(Slot slot, const Store::CommitObserver& observer) noexcept {
  if (ShouldCommit()) {
    CommitBatch(slot, observer);  // others of the batch may be waiting for it
  } else {
    slot.lock.unlock();
  }
}

}  // namespace seatshift::store::sqlite
