// The upgrade of one subscription over a real database, for a customer holding two Kaizala Pro
// subscriptions (10 and 5 seats) and 12 users: only the users resting on the upgraded one's
// seats move and only it is suspended, also when the run stops between steps and another
// process resumes it; it rolls back like any migration; a retried request id buys once;
// upgrade_only never strands a user; a failing step B answers the users it left behind.
#include "service/upgrade_service.hpp"

#include <fmt/format.h>

#include "service/migration_engine.hpp"
#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using service::MigrationEngine;
using service::MigrationService;
using service::UpgradeRequest;
using testing::TestEnv;

constexpr int kUsers = 12;

class UpgradeServiceTest : public ::testing::Test {
 protected:
  UpgradeServiceTest() {
    for (int i = 0; i < kUsers; ++i) {
      users_.push_back(env_.NewUser(customer_, fmt::format("u{}", i)));
      EXPECT_TRUE(env_.Assign(customer_, users_.back(), "KAIZALA_PRO").ok());
    }
  }

  service::UpgradeService upgrades() { return service::UpgradeService(env_.deps()); }

  static service::RequestContext Sales(std::string request_id = "") {
    service::RequestContext ctx = testing::ContextFor(Role::kSalesAgent, "sales@partner.test");
    if (!request_id.empty()) ctx.idempotency = service::IdempotencyKey{std::move(request_id), ""};
    return ctx;
  }

  static UpgradeRequest To(const char* target,
                           UpgradeType type = UpgradeType::kUpgradeWithLicenseTransfer) {
    return {.target_offer = target, .type = type, .quantity = std::nullopt};
  }

  int HoldersOf(const char* sku) {
    auto tx = env_.store().Read();
    int n = 0;
    for (const User& u : users_) {
      for (const License& l : tx->LicensesOfUser(u.id)) n += l.sku_id == SkuId(sku);
    }
    return n;
  }

  Subscription Reread(const Subscription& sub) {
    return *env_.store().Read()->FindSubscription(customer_.id, sub.id);
  }

  TestEnv env_;
  Customer customer_ = env_.NewCustomer("contoso.test");
  Subscription big_ = env_.Existing(customer_, "KAIZALA_PRO", 10, "2027-03-31");
  Subscription small_ = env_.Existing(customer_, "KAIZALA_PRO", 5, "2027-06-30");
  std::vector<User> users_;
};

TEST_F(UpgradeServiceTest, OnlyTheUsersRestingOnTheSubscriptionMoveAndOnlyItIsSuspended) {
  const auto result = upgrades().Perform(Sales(), customer_.id, small_.id, To("SPE_E3"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->upgrade_errors.empty());
  EXPECT_TRUE(result->license_errors.empty());
  ASSERT_TRUE(result->target_subscription_id && result->migration_id);

  EXPECT_EQ(HoldersOf("SPE_E3"), 2);  // 12 users, 10 of them carried by the big one
  EXPECT_EQ(HoldersOf("KAIZALA_PRO"), 10);
  EXPECT_EQ(Reread(small_).status, SubscriptionStatus::kSuspended);
  const Subscription big = Reread(big_);
  EXPECT_EQ(big.status, SubscriptionStatus::kActive);
  EXPECT_EQ(big.quantity, big_.quantity);
  EXPECT_EQ(big.version, big_.version);
  const auto target =
      env_.store().Read()->FindSubscription(customer_.id, *result->target_subscription_id);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->sku_id, SkuId("SPE_E3"));
  EXPECT_EQ(target->quantity, small_.quantity);  // Partner Center's default: the source's

  const auto migration = env_.store().Read()->FindMigration(*result->migration_id);
  ASSERT_TRUE(migration);
  EXPECT_EQ(migration->status, MigrationStatus::kCompleted);
  EXPECT_EQ(migration->source_subscription_id, small_.id);
  EXPECT_FALSE(migration->lease_owner);
}

TEST_F(UpgradeServiceTest, AnUpgradeIsRolledBackLikeAnyMigration) {
  const auto result = upgrades().Perform(Sales(), customer_.id, small_.id, To("SPE_E3"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(result->migration_id && result->target_subscription_id);
  const auto rolled = MigrationEngine(env_.deps()).Rollback(Sales(), *result->migration_id);
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(rolled->migration.status, MigrationStatus::kRolledBack);
  EXPECT_EQ(HoldersOf("KAIZALA_PRO"), kUsers);
  EXPECT_EQ(HoldersOf("SPE_E3"), 0);
  EXPECT_EQ(Reread(small_).status, SubscriptionStatus::kActive);
  EXPECT_EQ(Reread(big_).status, SubscriptionStatus::kActive);
  EXPECT_EQ(
      env_.store().Read()->FindSubscription(customer_.id, *result->target_subscription_id)->status,
      SubscriptionStatus::kDeleted)
      << "cancelled inside its window";
}

TEST_F(UpgradeServiceTest, AStopBetweenStepsIsResumedByAnotherProcessWithTheRestriction) {
  const auto planned = MigrationService(env_.deps())
                           .Plan(Sales(), {.source = SkuId("KAIZALA_PRO"),
                                           .customers = std::vector{customer_.id},
                                           .target = SkuId("SPE_E3"),
                                           .seat_policy = SeatPolicy::kSourceQuantity,
                                           .source_subscription = small_.id});
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  const MigrationId id = planned->migration.id;
  // One user per transaction: the first executor stops after its first transaction (A and the
  // first user's move), as a server does on SIGTERM.
  MigrationEngine first(env_.deps(), /*users_per_transaction=*/1);
  ASSERT_TRUE(first.Start(Sales(), id, "first").ok());
  const auto stopped = first.Run(Sales(), id, "first", {}, [] { return false; });
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_EQ(*stopped, MigrationStatus::kRunning);
  EXPECT_EQ(HoldersOf("KAIZALA_PRO"), kUsers - 1);

  // Another process on the same file takes over; the restriction comes from the database.
  auto other_store = env_.OpenAgain();
  const service::Dependencies base = env_.deps();
  const service::Dependencies other{*other_store, base.clock, base.ids, base.monotonic, base.wall};
  ASSERT_EQ(other_store->Read()->FindMigration(id)->source_subscription_id, small_.id);
  const auto finished = MigrationEngine(other).Run(Sales(), id, "second");
  ASSERT_TRUE(finished.ok()) << finished.error().message;
  EXPECT_EQ(*finished, MigrationStatus::kCompleted);
  EXPECT_EQ(HoldersOf("SPE_E3"), 2);
  EXPECT_EQ(HoldersOf("KAIZALA_PRO"), 10);
  EXPECT_EQ(Reread(small_).status, SubscriptionStatus::kSuspended);
  EXPECT_EQ(Reread(big_).status, SubscriptionStatus::kActive);
}

TEST_F(UpgradeServiceTest, ARetriedRequestIdContinuesTheSameMigrationAndBuysOnce) {
  const auto first = upgrades().Perform(Sales("up-1"), customer_.id, small_.id, To("SPE_E5"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  const auto again = upgrades().Perform(Sales("up-1"), customer_.id, small_.id, To("SPE_E5"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->migration_id, first->migration_id);
  EXPECT_EQ(again->target_subscription_id, first->target_subscription_id);
  EXPECT_EQ(env_.store().Read()->ListOrders(customer_.id).size(), 1u);
  EXPECT_EQ(HoldersOf("SPE_E5"), 2);
}

TEST_F(UpgradeServiceTest, UpgradeOnlyNeverStrandsAUserAndMovesNobody) {
  const auto refused =
      upgrades().Perform(Sales(), customer_.id, small_.id, To("SPE_E3", UpgradeType::kUpgradeOnly));
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  ASSERT_EQ(refused->upgrade_errors.size(), 1u);
  EXPECT_EQ(refused->upgrade_errors[0].code, UpgradeErrorCode::kOther);
  EXPECT_FALSE(refused->migration_id);
  EXPECT_TRUE(env_.store().Read()->ListOrders(customer_.id).empty());
  EXPECT_EQ(Reread(small_).status, SubscriptionStatus::kActive);

  // Two users leave: the big subscription carries all ten left, none rests on the small one.
  for (int i = 0; i < 2; ++i) {
    auto removed = env_.licenses().Update(TestEnv::admin(), customer_.id,
                                          {{.user_id = users_[static_cast<std::size_t>(i)].id,
                                            .to_assign = {},
                                            .to_remove = {SkuId("KAIZALA_PRO")}}});
    ASSERT_TRUE(removed.ok()) << removed.error().message;
  }
  const auto listed = upgrades().List(Sales(), customer_.id, small_.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_FALSE(listed->empty());
  EXPECT_EQ(listed->front().type, UpgradeType::kUpgradeOnly);
  EXPECT_TRUE(listed->front().eligible);

  const auto done =
      upgrades().Perform(Sales(), customer_.id, small_.id, To("SPE_E3", UpgradeType::kUpgradeOnly));
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(done->upgrade_errors.empty());
  EXPECT_TRUE(done->target_subscription_id);
  EXPECT_EQ(HoldersOf("KAIZALA_PRO"), 10);
  EXPECT_EQ(HoldersOf("SPE_E3"), 0);
  EXPECT_EQ(Reread(small_).status, SubscriptionStatus::kSuspended);
  EXPECT_EQ(Reread(big_).status, SubscriptionStatus::kActive);
}

TEST_F(UpgradeServiceTest, ListJudgesEveryReplacementForThisSubscription) {
  const auto listed =
      upgrades().List(testing::ContextFor(Role::kBillingAdmin), customer_.id, small_.id);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  const auto source = env_.store().Read()->FindSku(SkuId("KAIZALA_PRO"));
  ASSERT_EQ(listed->size(), source->replacements.size());
  for (std::size_t i = 0; i < listed->size(); ++i) {
    const Upgrade& u = (*listed)[i];
    ASSERT_TRUE(u.target);
    EXPECT_EQ(u.target->id, source->replacements[i]);
    EXPECT_EQ(u.type, UpgradeType::kUpgradeWithLicenseTransfer);
    EXPECT_TRUE(u.eligible) << u.target->id.value();
    EXPECT_EQ(u.quantity, small_.quantity);
  }
  const auto unknown = upgrades().List(
      Sales(), customer_.id, SubscriptionId(*Uuid::Parse("01a22435-2768-757e-bb68-6f6822eb9250")));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kSubscriptionNotFound);
}

TEST_F(UpgradeServiceTest, AFailingStepBAnswersTheUsersItLeftBehind) {
  // A plan that buys one seat for two users (planned under the key, as a crashed request left
  // it): the retry runs it, A buys, B cannot fit the batch.
  service::RequestContext ctx = Sales("up-short");
  ASSERT_TRUE(MigrationService(env_.deps())
                  .Plan(ctx, {.source = SkuId("KAIZALA_PRO"),
                              .customers = std::vector{customer_.id},
                              .target = SkuId("SPE_E3"),
                              .seat_policy = SeatPolicy::kSourceQuantity,
                              .source_subscription = small_.id,
                              .seats = 1})
                  .ok());
  const auto result = upgrades().Perform(ctx, customer_.id, small_.id, To("SPE_E3"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->upgrade_errors.size(), 1u);
  EXPECT_EQ(result->upgrade_errors[0].code, UpgradeErrorCode::kOther);
  EXPECT_EQ(result->upgrade_errors[0].additional_details, "60012");
  EXPECT_TRUE(result->target_subscription_id);  // A bought it before B failed
  ASSERT_EQ(result->license_errors.size(), 2u);
  for (const UserLicenseError& e : result->license_errors) {
    EXPECT_EQ(e.code, "60012");
    EXPECT_FALSE(e.email.empty());
  }
  EXPECT_EQ(HoldersOf("KAIZALA_PRO"), kUsers);
  EXPECT_EQ(Reread(small_).status, SubscriptionStatus::kActive);
}

}  // namespace
}  // namespace seatshift
