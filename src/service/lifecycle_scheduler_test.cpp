#include "service/lifecycle_scheduler.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <mutex>

#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using testing::TestEnv;

// A server started after downtime catches up before anything else: the scheduler's first pass
// applies what came due, and logs one JSON line saying what it did.
TEST(LifecycleSchedulerTest, FirstPassCatchesUpAndLogsWhatItDid) {
  TestEnv env;
  const Customer c = env.NewCustomer("contoso.test");
  const Subscription sub = env.Existing(c, "KAIZALA_PRO", 5, "2026-12-01");  // auto-renew off
  env.clock().Advance(std::chrono::days(40));  // expired 2026-12-02, disabled 2027-01-01
  std::vector<std::string> lines;
  std::mutex mutex;
  {
    service::LifecycleScheduler scheduler(env.deps(), std::chrono::seconds(0),
                                          [&](const std::string& line) {
                                            std::lock_guard lock(mutex);
                                            lines.push_back(line);
                                          });
  }  // interval 0: only the pass at start, which the destructor waits for
  EXPECT_EQ(env.store().Read()->FindSubscription(c.id, sub.id)->status,
            SubscriptionStatus::kDisabled);
  ASSERT_EQ(lines.size(), 1u);
  const auto logged = boost::json::parse(lines[0]);
  EXPECT_EQ(logged.at("event"), "lifecycle");
  EXPECT_EQ(logged.at("atStart"), true);
  EXPECT_EQ(logged.at("expiries"), 1);
  EXPECT_EQ(logged.at("disabled"), 1);
}

// The pass at start is told even when nothing was due: the operator sees the catch-up done.
TEST(LifecycleSchedulerTest, FirstPassIsLoggedEvenWhenNothingWasDue) {
  TestEnv env;
  env.Existing(env.NewCustomer("contoso.test"), "KAIZALA_PRO", 5, "2026-12-01");
  std::vector<std::string> lines;
  std::mutex mutex;
  {
    service::LifecycleScheduler scheduler(env.deps(), std::chrono::seconds(0),
                                          [&](const std::string& line) {
                                            std::lock_guard lock(mutex);
                                            lines.push_back(line);
                                          });
  }
  ASSERT_EQ(lines.size(), 1u);
  const auto logged = boost::json::parse(lines[0]);
  EXPECT_EQ(logged.at("atStart"), true);
  EXPECT_EQ(logged.at("subscriptions"), 0);
}

}  // namespace
}  // namespace seatshift
