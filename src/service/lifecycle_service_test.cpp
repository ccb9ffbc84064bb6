// The lifecycle engine against real SQLite files: several processes at once, and rows written by
// an older schema.
#include "service/lifecycle_service.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using testing::TestEnv;

const service::RequestContext kSystem{Actor{"system", Role::kSystem}, "test"};

// Two processes (two stores on one file) run the engine at the same moment over more
// subscriptions than one batch: each transition and each charge happens exactly once.
TEST(LifecycleServiceTest, TwoProcessesRunningAtOnceApplyEachTransitionOnce) {
  TestEnv env;
  const Customer c = env.NewCustomer("contoso.test");
  constexpr int kSubscriptions = 3 * service::LifecycleService::kBatch;
  for (int i = 0; i < kSubscriptions; ++i) env.Existing(c, "SPE_E3", 1, "2027-01-10", true);
  env.clock().Advance(std::chrono::days(400));  // each renews once and is charged monthly

  auto second_store = env.OpenAgain();
  service::LifecycleService first(env.deps());
  service::LifecycleService second({*second_store, env.clock(), env.deps().ids});
  Result<LifecycleTally> a = LifecycleTally{}, b = LifecycleTally{};
  std::thread ta([&] { a = first.Run(kSystem); });
  std::thread tb([&] { b = second.Run(kSystem); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->renewals + b->renewals, kSubscriptions);
  const auto charges = env.store().Read()->ListCharges({.customer_id = c.id}, {.limit = 1});
  ASSERT_TRUE(charges.ok());
  EXPECT_EQ(charges->total, a->charges + b->charges);
  EXPECT_EQ(charges->total, kSubscriptions * 13) << "periods starting 2026-12-11 .. 2027-12-11";

  const auto again = first.Run(kSystem);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->subscriptions, 0);
  EXPECT_EQ(again->charges, 0);
}

TEST(LifecycleServiceTest, RunningIntoTheFutureIsRefusedAndNeedsTheClockPermission) {
  TestEnv env;
  service::LifecycleService engine(env.deps());
  const auto future = engine.Run(kSystem, env.clock().Now() + std::chrono::seconds(1));
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kBadRequest);
  const auto sales = engine.Run(testing::ContextFor(Role::kSalesAgent));
  ASSERT_FALSE(sales.ok());
  EXPECT_EQ(sales.error().code, ErrorCode::kForbidden);
}

// A row whose due instant is stale (as migration 5 leaves rows written before it: due now) is
// looked at, left as it should be, and its due instant fixed: the next run claims nothing.
TEST(LifecycleServiceTest, StaleDueInstantsAreRepairedWithoutChangingTheSubscription) {
  TestEnv env;
  const Customer c = env.NewCustomer("contoso.test");
  const Subscription sub = env.Buy(c, "SPE_E3", 5);
  {
    auto tx = env.store().Write();
    ASSERT_EQ(tx->ClaimDue(env.clock().Now(), 10).size(), 0u);
    tx->Commit();
  }
  env.Sql("UPDATE subscriptions SET due_at = 0");
  service::LifecycleService engine(env.deps());
  const auto run = engine.Run(kSystem);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->subscriptions, 0);
  const Subscription after = *env.store().Read()->FindSubscription(c.id, sub.id);
  EXPECT_EQ(after.status, sub.status);
  EXPECT_EQ(after.next_charge_on, sub.next_charge_on);
  auto tx = env.store().Write();
  EXPECT_EQ(tx->ClaimDue(env.clock().Now(), 10).size(), 0u) << "the due instant was fixed";
}

}  // namespace
}  // namespace seatshift
