// Group commit when the disk fills: SQLite's word on the physical transaction decides what
// each writer is told, and a writer is told success only for a change that is durable.
#include "store/sqlite/group_commit.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <map>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_store.hpp"
#include "testing/faulty_vfs.hpp"
#include "testing/test_env.hpp"

namespace seatshift::store::sqlite {
namespace {

Customer Row(int i, std::size_t name_size = 1) {
  return Customer{.id = CustomerId(Uuid::V7(1, 0, static_cast<std::uint64_t>(i) + 1)),
                  .company_name = std::string(name_size, 'n'),
                  .domain = fmt::format("c{}.test", i),
                  .country = "US",
                  .currency = "USD"};
}

// Bigger than SQLite's page cache (2 MiB by default): inserting it spills pages to the WAL
// in the middle of the statement, so a full disk fails the statement, not the COMMIT.
constexpr std::size_t kSpillsTheCache = 8 << 20;

bool Present(Store& store, int i) {
  return store.Read()->FindCustomerByDomain(fmt::format("c{}.test", i)).has_value();
}

class GroupCommitTest : public ::testing::Test {
 protected:
  GroupCommitTest() : faults_(testing::FaultyVfs()) { faults_.Clear(); }
  ~GroupCommitTest() override { faults_.Clear(); }

  std::unique_ptr<SqliteStore> OpenFaulty() {
    return SqliteStore::Open(file_, {.vfs = testing::kFaultyVfs});
  }

  testing::Faults& faults_;
  testing::TempDir dir_;
  const std::string file_ = dir_.File("s.db");
};

// A's change is in the batch when SQLite rolls the batch back for B's failed statement: A must
// hear "failed" (its change is gone), and C, who joins after, must run in a new batch and
// hear "ok" only for a change that is durable.
TEST_F(GroupCommitTest, WriterAfterSqliteRolledTheBatchBackStartsANewBatch) {
  SEATSHIFT_SQLITE_ONLY();
  auto store = OpenFaulty();
  std::latch a_inserted(1), a_go(1), b_has_writer(1), b_go(1);
  std::atomic<int> a_ok{-1}, c_ok{-1};
  std::thread a([&] {
    auto tx = store->Write();
    ASSERT_TRUE(tx->InsertCustomer(Row(1)).ok());
    a_inserted.count_down();
    a_go.wait();
    try {
      tx->Commit();
      a_ok = 1;
    } catch (const StorageError&) {
      a_ok = 0;
    }
  });
  a_inserted.wait();
  std::thread b([&] {
    auto tx = store->Write();
    b_has_writer.count_down();
    b_go.wait();
    faults_.disk_full = true;
    EXPECT_THROW((void)tx->InsertCustomer(Row(2, kSpillsTheCache)), StorageError);
    faults_.disk_full = false;  // space is freed before anyone else writes
  });
  while (store->WritersWaiting() < 1) std::this_thread::yield();
  a_go.count_down();  // A waits for its batch in Leave, B continues it
  b_has_writer.wait();
  std::thread c([&] {
    auto tx = store->Write();
    ASSERT_TRUE(tx->InsertCustomer(Row(3)).ok());
    try {
      tx->Commit();
      c_ok = 1;
    } catch (const StorageError&) {
      c_ok = 0;
    }
  });
  while (store->WritersWaiting() < 1) std::this_thread::yield();
  b_go.count_down();
  a.join();
  b.join();
  c.join();
  EXPECT_GT(faults_.refused_writes.load(), 0) << "B's statement met the full disk";
  EXPECT_EQ(a_ok.load(), 0) << "A's change went with the rolled-back batch";
  EXPECT_EQ(c_ok.load(), 1) << "C ran in a batch of its own, which committed";

  store.reset();
  auto reopened = SqliteStore::Open(file_);
  EXPECT_FALSE(Present(*reopened, 1));
  EXPECT_FALSE(Present(*reopened, 2));
  EXPECT_TRUE(Present(*reopened, 3));
}

// Many writers while the disk fills and empties again, statements and COMMITs failing: every
// writer told success is in the file when it is reopened, and no writer told failure is.
TEST_F(GroupCommitTest, WhatWritersAreToldMatchesTheFileWhileTheDiskFills) {
  SEATSHIFT_SQLITE_ONLY();
  auto store = OpenFaulty();
  constexpr int kThreads = 8;
  constexpr int kEach = 12;
  std::mutex told_mutex;
  std::map<int, bool> told;  // GUARDED_BY(told_mutex)
  std::atomic<int> acknowledged{0};
  std::atomic<int> finished{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int k = 0; k < kEach; ++k) {
        const int i = t * kEach + k;
        bool ok = false;
        try {
          auto tx = store->Write();
          // Every fifth writer spills the cache: its statement, not the COMMIT, meets the disk.
          if (tx->InsertCustomer(Row(i, i % 5 == 0 ? kSpillsTheCache : 1)).ok()) {
            tx->Commit();
            ok = true;
          }
        } catch (const StorageError&) {
          ok = false;
        }
        if (ok) ++acknowledged;
        std::lock_guard lock(told_mutex);
        told[i] = ok;
        ++finished;
      }
    });
  }
  // The disk fills after some writes and is freed after SQLite has met it a few times.
  constexpr int kAll = kThreads * kEach;
  while (acknowledged.load() < kThreads && finished.load() < kAll) std::this_thread::yield();
  faults_.disk_full = true;
  while (faults_.refused_writes.load() < 5 && finished.load() < kAll) std::this_thread::yield();
  faults_.disk_full = false;
  for (auto& w : writers) w.join();

  int failures = 0;
  {
    auto tx = store->Write();
    ASSERT_TRUE(tx->InsertCustomer(Row(1000)).ok());
    EXPECT_NO_THROW(tx->Commit()) << "writes work again once space is freed";
  }
  store.reset();
  auto reopened = SqliteStore::Open(file_);
  for (const auto& [i, ok] : told) {
    EXPECT_EQ(Present(*reopened, i), ok)
        << "writer " << i << " was told " << (ok ? "ok" : "failed");
    if (!ok) ++failures;
  }
  EXPECT_GT(failures, 0) << "the full disk failed some writers";
  EXPECT_TRUE(Present(*reopened, 1000));
}

}  // namespace
}  // namespace seatshift::store::sqlite
