#include "service/periodic_worker.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

namespace seatshift::service {
namespace {

//! Records the passes a worker runs, and lets a test wait for the n-th.
class Passes {
 public:
  PeriodicWorker::Pass Recorder() {
    return [this](bool at_start, const PeriodicWorker::KeepGoing&) {
      std::lock_guard lock(mutex_);
      at_start_.push_back(at_start);
      changed_.notify_all();
    };
  }
  //! The passes seen once there are `n` of them (or after 30 s, failing the test).
  std::vector<bool> AwaitCount(std::size_t n) {
    std::unique_lock lock(mutex_);
    EXPECT_TRUE(
        changed_.wait_for(lock, std::chrono::seconds(30), [&] { return at_start_.size() >= n; }));
    return at_start_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bool> at_start_;
};

TEST(PeriodicWorkerTest, RunsAPassAtStartThenOneForEachWake) {
  Passes passes;
  PeriodicWorker worker(std::chrono::milliseconds(0), passes.Recorder());
  EXPECT_EQ(passes.AwaitCount(1), std::vector<bool>{true});
  worker.Wake();
  EXPECT_EQ(passes.AwaitCount(2), (std::vector<bool>{true, false}));
}

TEST(PeriodicWorkerTest, RunsTimedPassesWithoutBeingWoken) {
  Passes passes;
  PeriodicWorker worker(std::chrono::milliseconds(1), passes.Recorder());
  EXPECT_EQ(passes.AwaitCount(3).size(), 3u);
}

// Destroying the worker during a pass tells the pass to end and waits for it: nothing the pass
// uses is destroyed under it.
TEST(PeriodicWorkerTest, DestructionStopsALongPassBetweenItsUnits) {
  std::mutex mutex;
  std::condition_variable started;
  bool running = false;
  bool ended = false;
  {
    PeriodicWorker worker(std::chrono::milliseconds(0),
                          [&](bool, const PeriodicWorker::KeepGoing& keep_going) {
                            {
                              std::lock_guard lock(mutex);
                              running = true;
                            }
                            started.notify_all();
                            while (keep_going()) {
                            }
                            ended = true;
                          });
    std::unique_lock lock(mutex);
    ASSERT_TRUE(started.wait_for(lock, std::chrono::seconds(30), [&] { return running; }));
  }
  // The destructor returned only after the pass saw keep_going say no and ended.
  EXPECT_TRUE(ended);
}

}  // namespace
}  // namespace seatshift::service
