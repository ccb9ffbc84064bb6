// The migration engine over a real database: a fleet moved off Kaizala Pro, a customer that
// fails while the others complete, pause and resume, two engines racing on one migration, and
// rollbacks (whole, per customer, refused once the sources are deprovisioned).
#include "service/migration_engine.hpp"

#include <fmt/format.h>

#include <thread>

#include "service/lifecycle_service.hpp"
#include "testing/fault_injecting_store.hpp"
#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using service::MigrationEngine;
using service::MigrationService;
using testing::TestEnv;

constexpr int kFleet = 20;

class MigrationEngineTest : public ::testing::Test {
 protected:
  MigrationEngineTest() {
    for (int i = 0; i < kFleet; ++i) {
      Customer c = env_.NewCustomer(fmt::format("c{}.test", i));
      env_.Existing(c, "KAIZALA_PRO", 2 + i % 4, "2027-03-31");
      for (int u = 0; u < 2 + i % 4; ++u) {
        const User user = env_.NewUser(c, fmt::format("u{}", u));
        EXPECT_TRUE(env_.Assign(c, user, "KAIZALA_PRO").ok());
        movers_[c.id].push_back(user.id);
      }
      fleet_.push_back(c);
    }
  }

  MigrationId PlanAndStart() {
    auto planned = MigrationService(env_.deps())
                       .Plan(TestEnv::admin(), {.source = SkuId("KAIZALA_PRO"),
                                                .customers = std::nullopt,
                                                .target = std::nullopt});
    EXPECT_TRUE(planned.ok()) << planned.error().message;
    auto started = engine().Start(TestEnv::admin(), planned->migration.id);
    EXPECT_TRUE(started.ok()) << started.error().message;
    return planned->migration.id;
  }

  MigrationEngine engine() { return MigrationEngine(env_.deps()); }

  void Sql(const std::string& sql) { env_.Sql(sql); }

  std::vector<Subscription> SubscriptionsOf(const CustomerId& customer, const SkuId& sku) {
    auto page = env_.store().Read()->ListSubscriptions({.customer_id = customer, .sku_id = sku},
                                                       {.after = "", .limit = 100});
    EXPECT_TRUE(page.ok());
    return page->items;
  }

  std::int64_t Orders() {
    std::int64_t n = 0;
    for (const Customer& c : fleet_) n += std::ssize(env_.store().Read()->ListOrders(c.id));
    return n;
  }

  //! Every invariant of a migrated customer (see the crash-harness list).
  void ExpectMigrated(const MigrationCustomer& mc) {
    const CustomerId& id = mc.plan.customer_id;
    ASSERT_EQ(mc.step, MigrationStep::kDone) << mc.error_description;
    const SkuId& target = mc.plan.target_sku_id;
    auto tx = env_.store().Read();
    for (const UserId& user : movers_[id]) {
      const auto licenses = tx->LicensesOfUser(user);
      ASSERT_EQ(licenses.size(), 1u);
      EXPECT_EQ(licenses[0].sku_id, target);
    }
    const auto bought = SubscriptionsOf(id, target);
    ASSERT_EQ(bought.size(), 1u);
    EXPECT_EQ(mc.plan.target_subscription_id, bought[0].id);
    const SeatCount seats = tx->CountSeats(id, target);
    EXPECT_LE(seats.assigned, seats.seats);
    for (const Subscription& old : SubscriptionsOf(id, SkuId("KAIZALA_PRO"))) {
      EXPECT_EQ(old.status, SubscriptionStatus::kSuspended);
      EXPECT_TRUE(old.DeprovisionAt());
    }
    EXPECT_EQ(mc.users_moved, std::ssize(movers_[id]));
  }

  //! Every mover's licenses (SKU and excluded plans).
  std::map<UserId, std::vector<License>> Snapshot() {
    auto tx = env_.store().Read();
    std::map<UserId, std::vector<License>> out;
    for (const auto& [customer, users] : movers_) {
      for (const UserId& user : users) out[user] = tx->LicensesOfUser(user);
    }
    return out;
  }

  //! Switches a Kaizala Pro plan off for the first user of every third customer, so that the
  //! snapshots show excluded plans coming back.
  void ExcludeSomePlans() {
    const auto sku = env_.store().Read()->FindSku(SkuId("KAIZALA_PRO"));
    ASSERT_TRUE(sku && !sku->service_plans.empty());
    for (std::size_t i = 0; i < fleet_.size(); i += 3) {
      const UserId user = movers_[fleet_[i].id].front();
      auto changed = env_.licenses().Update(
          TestEnv::admin(), fleet_[i].id,
          {{.user_id = user,
            .to_assign = {{SkuId("KAIZALA_PRO"), {sku->service_plans.front().id}}},
            .to_remove = {}}});
      ASSERT_TRUE(changed.ok()) << changed.error().message;
      const auto held = env_.store().Read()->LicensesOfUser(user);
      ASSERT_EQ(held.size(), 1u);
      ASSERT_EQ(held[0].excluded_plans.size(), 1u);
    }
  }

  MigrationId RunToCompletion() {
    const MigrationId id = PlanAndStart();
    auto run = engine().Run(TestEnv::admin(), id, "test-executor");
    EXPECT_TRUE(run.ok() && *run == MigrationStatus::kCompleted);
    return id;
  }

  void ExpectRolledBack(const MigrationCustomer& mc,
                        const std::map<UserId, std::vector<License>>& before) {
    const CustomerId& id = mc.plan.customer_id;
    ASSERT_EQ(mc.step, MigrationStep::kRolledBack) << mc.error_description;
    auto tx = env_.store().Read();
    for (const UserId& user : movers_[id]) EXPECT_EQ(tx->LicensesOfUser(user), before.at(user));
    for (const Subscription& old : SubscriptionsOf(id, SkuId("KAIZALA_PRO"))) {
      EXPECT_EQ(old.status, SubscriptionStatus::kActive);
    }
    ASSERT_TRUE(mc.plan.target_subscription_id);
    const auto target = tx->FindSubscription(id, *mc.plan.target_subscription_id);
    ASSERT_TRUE(target);
    // A New Commerce purchase inside its cancellation window is cancelled with its refund.
    EXPECT_EQ(target->status, SubscriptionStatus::kDeleted);
    EXPECT_TRUE(mc.error_code.empty()) << mc.error_description;
  }

  TestEnv env_;
  std::vector<Customer> fleet_;
  std::map<CustomerId, std::vector<UserId>> movers_;
};

TEST_F(MigrationEngineTest, MovesAFleetToItsRecommendedTargets) {
  const MigrationId id = PlanAndStart();
  std::vector<MigrationProgress> seen;
  auto run = engine().Run(TestEnv::admin(), id, "test-executor",
                          [&](const MigrationProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kCompleted);

  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->migration.status, MigrationStatus::kCompleted);
  EXPECT_FALSE(details->migration.lease_owner);
  ASSERT_EQ(details->customers.size(), static_cast<std::size_t>(kFleet));
  for (const MigrationCustomer& mc : details->customers) ExpectMigrated(mc);
  const MigrationProgress& p = details->progress;
  EXPECT_EQ(p.customers_done, kFleet);
  EXPECT_EQ(p.users_moved, p.users_total);
  EXPECT_EQ(p.subscriptions_purchased, kFleet);
  EXPECT_EQ(p.subscriptions_suspended, kFleet);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), p);
  EXPECT_EQ(Orders(), kFleet);

  // Every effect carries the migration in its audit record.
  auto audit = env_.store().Read()->ListAudit({}, {.after = "", .limit = 1000});
  ASSERT_TRUE(audit.ok());
  std::int64_t tagged = 0;
  for (const AuditRecord& r : audit->items)
    tagged += r.correlation_id == "migration:" + ToString(id);
  const std::int64_t users = p.users_total;
  // Per customer: order + subscription created, one suspension; per user one license update;
  // and the completion.
  EXPECT_EQ(tagged, 3 * kFleet + users + 1);

  // Running it again finds nothing to do.
  auto again = engine().Run(TestEnv::admin(), id, "test-executor");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, MigrationStatus::kCompleted);
  EXPECT_EQ(Orders(), kFleet);
}

// Two migrations planned off the same source before either ran: the second, started after the
// first moved everyone and suspended the sources, buys nothing. Each of its customers is judged
// again when its step comes, skipped as the planner would now decide, and says why.
TEST_F(MigrationEngineTest, AStalePlanBuysNothingWhenAnotherMigrationDidTheWork) {
  const auto plan = [&] {
    auto planned = MigrationService(env_.deps())
                       .Plan(TestEnv::admin(), {.source = SkuId("KAIZALA_PRO"),
                                                .customers = std::nullopt,
                                                .target = SkuId("SPE_E3")});
    EXPECT_TRUE(planned.ok()) << planned.error().message;
    return planned->migration.id;
  };
  const MigrationId first = plan();
  const MigrationId second = plan();
  ASSERT_TRUE(engine().Start(TestEnv::admin(), first).ok());
  ASSERT_EQ(engine().Run(TestEnv::admin(), first, "test-executor").value(),
            MigrationStatus::kCompleted);
  ASSERT_EQ(Orders(), kFleet);

  ASSERT_TRUE(engine().Start(TestEnv::admin(), second).ok());
  auto run = engine().Run(TestEnv::admin(), second, "test-executor");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kCompleted);
  EXPECT_EQ(Orders(), kFleet);  // nothing bought twice
  for (const Customer& c : fleet_) EXPECT_EQ(SubscriptionsOf(c.id, SkuId("SPE_E3")).size(), 1u);

  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), second);
  ASSERT_TRUE(details.ok());
  for (const MigrationCustomer& mc : details->customers) {
    EXPECT_EQ(mc.step, MigrationStep::kDone);
    EXPECT_EQ(mc.plan.action, MigrationAction::kSkip);
    EXPECT_TRUE(mc.plan.HasWarning(MigrationWarningCode::kChangedSincePlanning));
    EXPECT_EQ(mc.users_moved, 0);
  }
  EXPECT_EQ(details->totals.warnings[MigrationWarningCode::kChangedSincePlanning], kFleet);
  EXPECT_EQ(details->progress.subscriptions_purchased, 0);
}

TEST_F(MigrationEngineTest, AFailedCustomerIsRecordedAndTheOthersComplete) {
  const MigrationId id = PlanAndStart();
  Sql("UPDATE subscriptions SET status = 'deleted' "
      "WHERE customer = (SELECT id FROM customers WHERE domain = 'c7.test')");
  auto run = engine().Run(TestEnv::admin(), id, "test-executor");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kCompletedWithErrors);
  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->migration.status, MigrationStatus::kCompletedWithErrors);
  EXPECT_EQ(details->progress.customers_with_errors, 1);
  for (const MigrationCustomer& mc : details->customers) {
    if (mc.plan.customer_id != fleet_[7].id) {
      ExpectMigrated(mc);
      continue;
    }
    EXPECT_EQ(mc.step, MigrationStep::kFailed);
    EXPECT_EQ(mc.error_code, "20003");
    EXPECT_NE(mc.error_description.find("not found"), std::string::npos);
    EXPECT_TRUE(SubscriptionsOf(mc.plan.customer_id, mc.plan.target_sku_id).empty());
  }
  EXPECT_EQ(Orders(), kFleet - 1);
}

// Customers share transactions, each step in a savepoint: one refused after its purchase keeps
// the purchase and fails alone; the others of its transaction are migrated.
TEST_F(MigrationEngineTest, ACustomerFailingAfterItsPurchaseTakesNothingOfTheOthersWithIt) {
  const MigrationId id = PlanAndStart();
  // One more holder of the source than the plan bought seats for: its batch of B is refused.
  const Customer& c = fleet_[1];
  Sql("UPDATE subscriptions SET quantity = quantity + 1 "
      "WHERE customer = (SELECT id FROM customers WHERE domain = 'c1.test')");
  const User extra = env_.NewUser(c, "extra");
  ASSERT_TRUE(env_.Assign(c, extra, "KAIZALA_PRO").ok());
  movers_[c.id].push_back(extra.id);

  auto run = engine().Run(TestEnv::admin(), id, "test-executor");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kCompletedWithErrors);
  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(details.ok());
  for (const MigrationCustomer& mc : details->customers) {
    if (mc.plan.customer_id != c.id) {
      ExpectMigrated(mc);
      continue;
    }
    EXPECT_EQ(mc.step, MigrationStep::kFailed);
    EXPECT_EQ(mc.error_code, "60012") << mc.error_description;
    EXPECT_EQ(mc.users_moved, 0);
    ASSERT_TRUE(mc.plan.target_subscription_id);
    EXPECT_EQ(SubscriptionsOf(c.id, mc.plan.target_sku_id).size(), 1u);
    auto tx = env_.store().Read();
    for (const UserId& user : movers_[c.id]) {
      const auto licenses = tx->LicensesOfUser(user);
      ASSERT_EQ(licenses.size(), 1u);
      EXPECT_EQ(licenses[0].sku_id, SkuId("KAIZALA_PRO"));
    }
    EXPECT_EQ(tx->CountSeats(c.id, mc.plan.target_sku_id).assigned, 0);
    for (const Subscription& old : SubscriptionsOf(c.id, SkuId("KAIZALA_PRO"))) {
      EXPECT_EQ(old.status, SubscriptionStatus::kActive);
    }
  }
  EXPECT_EQ(Orders(), kFleet);
}

// The engine keeps the progress itself (counted once, then step by step): whatever way a run
// ends, its last report is what the rows say, failures included; reports never go back.
TEST_F(MigrationEngineTest, ProgressReportsAgreeWithTheRowsHoweverTheRunEnds) {
  const MigrationId id = PlanAndStart();
  Sql("UPDATE subscriptions SET status = 'deleted' "
      "WHERE customer = (SELECT id FROM customers WHERE domain = 'c2.test')");
  std::vector<MigrationProgress> seen;
  const auto record = [&](const MigrationProgress& p) {
    if (!seen.empty()) {
      EXPECT_GE(p.users_moved, seen.back().users_moved);
      EXPECT_GE(p.customers_done, seen.back().customers_done);
    }
    seen.push_back(p);
  };
  const auto count = [&] { return env_.store().Read()->CountMigrationProgress(id); };
  int rounds = 0;
  auto stopped = engine().Run(TestEnv::admin(), id, "a", record, [&] { return ++rounds < 2; });
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_EQ(*stopped, MigrationStatus::kRunning);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), count());
  EXPECT_LT(seen.back().customers_done, kFleet);

  seen.clear();
  auto rest = engine().Run(TestEnv::admin(), id, "b", record);
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_EQ(*rest, MigrationStatus::kCompletedWithErrors);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), count());
  EXPECT_EQ(seen.back().customers_done, kFleet - 1);
  EXPECT_EQ(seen.back().subscriptions_purchased, kFleet - 1);
}

TEST_F(MigrationEngineTest, PauseStopsBetweenStepsAndResumeFinishes) {
  const MigrationId id = PlanAndStart();
  int steps = 0;
  auto run = engine().Run(TestEnv::admin(), id, "test-executor", [&](const MigrationProgress&) {
    if (++steps == 5) {
      ASSERT_TRUE(engine().Pause(TestEnv::admin(), id).ok());
    }
  });
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kPaused);
  auto paused = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(paused.ok());
  EXPECT_EQ(paused->migration.status, MigrationStatus::kPaused);
  EXPECT_FALSE(paused->migration.lease_owner);
  EXPECT_LT(paused->progress.customers_done, kFleet);
  // A paused migration does not run, and cannot be started again.
  EXPECT_EQ(*engine().Run(TestEnv::admin(), id, "other"), MigrationStatus::kPaused);
  EXPECT_FALSE(engine().Start(TestEnv::admin(), id).ok());
  EXPECT_EQ(engine().Pause(testing::ContextFor(Role::kHelpdeskAgent), id).error().code,
            ErrorCode::kForbidden);

  ASSERT_TRUE(engine().Resume(TestEnv::admin(), id).ok());
  auto rest = engine().Run(TestEnv::admin(), id, "other");
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_EQ(*rest, MigrationStatus::kCompleted);
  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  for (const MigrationCustomer& mc : details->customers) ExpectMigrated(mc);
  EXPECT_EQ(Orders(), kFleet);
}

TEST_F(MigrationEngineTest, AStoppedRunFreesTheLeaseForTheNextExecutor) {
  const MigrationId id = PlanAndStart();
  int steps = 0;
  auto run = engine().Run(TestEnv::admin(), id, "server-a", {}, [&] { return ++steps < 3; });
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kRunning);
  auto stopped = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->migration.status, MigrationStatus::kRunning);
  EXPECT_FALSE(stopped->migration.lease_owner);
  EXPECT_LT(stopped->progress.customers_done, kFleet);
  // No lease to wait out: another executor finds it runnable and finishes it.
  EXPECT_EQ(env_.store().Write()->RunnableMigrations(env_.wall().Now(), 10),
            std::vector<MigrationId>{id});
  auto rest = engine().Run(TestEnv::admin(), id, "server-b");
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_EQ(*rest, MigrationStatus::kCompleted);
  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  for (const MigrationCustomer& mc : details->customers) ExpectMigrated(mc);
  EXPECT_EQ(Orders(), kFleet);
}

TEST_F(MigrationEngineTest, ALeaseKeepsOthersOutUntilItExpires) {
  const MigrationId id = PlanAndStart();
  {
    auto tx = env_.store().Write();
    const Instant now = env_.wall().Now();
    ASSERT_TRUE(tx->ClaimMigrationLease(id, "dead", now, now + std::chrono::seconds(30)).ok());
    tx->Commit();
  }
  auto refused = engine().Run(TestEnv::admin(), id, "me");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("held by dead"), std::string::npos);
  // Resume frees a lease whose holder is known dead.
  ASSERT_TRUE(
      engine().Resume(TestEnv::admin(), id, [](const std::string& o) { return o == "dead"; }).ok());
  auto run = engine().Run(TestEnv::admin(), id, "me");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kCompleted);
}

TEST_F(MigrationEngineTest, TwoEnginesOnOneMigrationApplyEveryStepOnce) {
  const MigrationId id = PlanAndStart();
  const std::int64_t audit_before = env_.AuditCount();
  // A second process: its own store on the same file.
  auto other_store = env_.OpenAgain();
  const service::Dependencies mine = env_.deps();
  const service::Dependencies other_deps{*other_store, mine.clock, mine.ids, mine.monotonic,
                                         mine.wall};
  Result<MigrationStatus> first = MigrationStatus::kFailed;
  Result<MigrationStatus> second = MigrationStatus::kFailed;
  std::thread a([&] { first = MigrationEngine(env_.deps()).Run(TestEnv::admin(), id, "a"); });
  std::thread b([&] { second = MigrationEngine(other_deps).Run(TestEnv::admin(), id, "b"); });
  a.join();
  b.join();
  // One of them ran it; the other was refused at the lease, or found it completed.
  const bool a_ran = first.ok() && *first == MigrationStatus::kCompleted;
  const bool b_ran = second.ok() && *second == MigrationStatus::kCompleted;
  EXPECT_TRUE(a_ran || b_ran);
  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  for (const MigrationCustomer& mc : details->customers) ExpectMigrated(mc);
  EXPECT_EQ(Orders(), kFleet);
  const std::int64_t users = details->progress.users_total;
  EXPECT_EQ(env_.AuditCount() - audit_before, 3 * kFleet + users + 1);
}

// A customer whose source is suspended and held by nobody is planned as skip: done without a
// purchase (the migration completes without errors), and a rollback leaves its source as it was.
TEST_F(MigrationEngineTest, ACustomerWithNothingToMoveIsDoneWithoutAPurchase) {
  const Customer idle = env_.NewCustomer("idle.test");
  const Subscription old = env_.Existing(idle, "KAIZALA_PRO", 3, "2027-03-31");
  Sql("UPDATE subscriptions SET status = 'suspended' "
      "WHERE customer = (SELECT id FROM customers WHERE domain = 'idle.test')");
  const MigrationId id = RunToCompletion();
  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->progress.customers_done, kFleet + 1);
  EXPECT_EQ(details->progress.subscriptions_purchased, kFleet);
  EXPECT_EQ(details->progress.subscriptions_suspended, kFleet);
  const auto planned =
      std::find_if(details->customers.begin(), details->customers.end(),
                   [&](const MigrationCustomer& mc) { return mc.plan.customer_id == idle.id; });
  ASSERT_NE(planned, details->customers.end());
  EXPECT_EQ(planned->plan.action, MigrationAction::kSkip);
  EXPECT_EQ(planned->step, MigrationStep::kDone);
  EXPECT_TRUE(env_.store().Read()->ListOrders(idle.id).empty()) << "nothing was bought";

  auto rolled = engine().Rollback(TestEnv::admin(), id);
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(rolled->migration.status, MigrationStatus::kRolledBack);
  EXPECT_EQ(env_.store().Read()->FindSubscription(idle.id, old.id)->status,
            SubscriptionStatus::kSuspended);
}

// A conflict with a concurrent transaction (PostgreSQL's serialization failure or deadlock)
// inside a step, or at its commit, runs the transaction again: every step happens once, in the
// database (orders, moved users, audit records) and in what the engine reports.
TEST_F(MigrationEngineTest, AConflictInAStepRunsItsTransactionAgainAndTheStepHappensOnce) {
  const MigrationId id = PlanAndStart();
  const std::int64_t audit_before = env_.AuditCount();
  testing::FaultInjectingStore faulty(env_.store());
  faulty.FailOnce("InsertOrder");          // in step A of the first customer, in its savepoint
  faulty.FailOnce("RecordMovedUsers", 3);  // in a batch of B, after A committed for others
  faulty.FailOnce("Commit", 2);            // the database refuses a round's commit
  faulty.FailOnce("ApplyLicenseChanges", 7);
  const service::Dependencies base = env_.deps();
  const service::Dependencies deps{faulty, base.clock, base.ids, base.monotonic, base.wall};
  std::vector<MigrationProgress> seen;
  auto run = MigrationEngine(deps).Run(TestEnv::admin(), id, "test-executor",
                                       [&](const MigrationProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(*run, MigrationStatus::kCompleted);
  EXPECT_EQ(faulty.fired(), 4);

  auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(details.ok());
  for (const MigrationCustomer& mc : details->customers) ExpectMigrated(mc);
  EXPECT_EQ(Orders(), kFleet);
  const MigrationProgress& p = details->progress;
  EXPECT_EQ(p.users_moved, p.users_total);
  // What the engine reported was counted from committed steps only, never twice.
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), p);
  EXPECT_EQ(seen.back(), env_.store().Read()->CountMigrationProgress(id));
  EXPECT_EQ(env_.AuditCount() - audit_before, 3 * kFleet + p.users_total + 1);

  // The rollback's transactions are retried as well.
  const std::int64_t audit_migrated = env_.AuditCount();
  faulty.FailOnce("ForgetMovedUsers");
  faulty.FailOnce("Commit", 4);
  auto rolled = MigrationEngine(deps).Rollback(TestEnv::admin(), id);
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(faulty.fired(), 6);
  EXPECT_EQ(rolled->migration.status, MigrationStatus::kRolledBack);
  EXPECT_FALSE(rolled->migration.lease_owner);
  for (const MigrationCustomer& mc : rolled->customers) {
    EXPECT_EQ(mc.step, MigrationStep::kRolledBack) << mc.error_description;
  }
  auto tx = env_.store().Read();
  for (const auto& [customer, users] : movers_) {
    for (const UserId& user : users) {
      const auto licenses = tx->LicensesOfUser(user);
      ASSERT_EQ(licenses.size(), 1u);
      EXPECT_EQ(licenses[0].sku_id, SkuId("KAIZALA_PRO"));
    }
    EXPECT_TRUE(tx->MovedUsers(id, customer, 10).empty());
  }
  // Per customer: the source reactivated, one license update per user, the target suspended,
  // the customer rolled back; the rollback asked for and its end.
  EXPECT_EQ(env_.AuditCount() - audit_migrated, 3 * kFleet + p.users_total + 2);
}

TEST_F(MigrationEngineTest, RollbackRestoresTheExactLicensesAndSubscriptions) {
  ExcludeSomePlans();
  const auto before = Snapshot();
  const MigrationId id = RunToCompletion();
  ASSERT_NE(Snapshot(), before);

  auto rolled = engine().Rollback(TestEnv::admin(), id);
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(rolled->migration.status, MigrationStatus::kRolledBack);
  EXPECT_FALSE(rolled->migration.lease_owner);
  EXPECT_EQ(Snapshot(), before);
  for (const MigrationCustomer& mc : rolled->customers) ExpectRolledBack(mc, before);

  // Asked again, it finds nothing left to do and changes nothing.
  auto again = engine().Rollback(TestEnv::admin(), id);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->migration.status, MigrationStatus::kRolledBack);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(MigrationEngineTest, RollbackAfterTheCancellationWindowSaysWhatStaysCommitted) {
  const auto before = Snapshot();
  const MigrationId id = RunToCompletion();
  // The plan says what step A committed each customer to.
  const auto details = MigrationService(env_.deps()).Get(TestEnv::admin(), id);
  ASSERT_TRUE(details.ok());
  ASSERT_EQ(details->names.commitments.size(), static_cast<std::size_t>(kFleet));
  for (const auto& [customer, commitment] : details->names.commitments) {
    EXPECT_EQ(commitment.cancellable_until, env_.clock().Now() + kCancellationWindow);
    EXPECT_EQ(commitment.ends, TermEnd(env_.clock().Today(), commitment.term));
  }
  env_.clock().Advance(std::chrono::days(8));  // step A's purchases are past their 168 hours

  auto rolled = engine().Rollback(TestEnv::admin(), id);
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(rolled->migration.status, MigrationStatus::kRolledBack);
  EXPECT_EQ(Snapshot(), before) << "the users are back on their source";
  auto tx = env_.store().Read();
  for (const MigrationCustomer& mc : rolled->customers) {
    ASSERT_EQ(mc.step, MigrationStep::kRolledBack);
    const auto target = tx->FindSubscription(mc.plan.customer_id, *mc.plan.target_subscription_id);
    ASSERT_TRUE(target);
    EXPECT_EQ(target->status, SubscriptionStatus::kActive) << "no rollback that pretends";
    EXPECT_FALSE(target->auto_renew) << "it ends with its commitment";
    EXPECT_EQ(mc.error_code, "900213");
    EXPECT_NE(mc.error_description.find(FormatDate(target->term_end)), std::string::npos)
        << mc.error_description;
  }
  EXPECT_EQ(rolled->progress.customers_with_errors, kFleet);
}

TEST_F(MigrationEngineTest, RollingBackOneCustomerLeavesTheOthersMigrated) {
  ExcludeSomePlans();
  const auto before = Snapshot();
  const MigrationId id = RunToCompletion();
  const CustomerId chosen = fleet_[3].id;

  auto rolled = engine().Rollback(TestEnv::admin(), id, chosen);
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(rolled->migration.status, MigrationStatus::kCompleted);
  for (const MigrationCustomer& mc : rolled->customers) {
    if (mc.plan.customer_id == chosen) {
      ExpectRolledBack(mc, before);
    } else {
      ExpectMigrated(mc);
    }
  }
  const auto unknown = engine().Rollback(TestEnv::admin(), id, env_.NewCustomer("x.test").id);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(MigrationEngineTest, RollbackIsRefusedWhileRunningAndOnceTheSourcesAreDeprovisioned) {
  const MigrationId running = PlanAndStart();
  const auto early = engine().Rollback(TestEnv::admin(), running);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kInvalidStatusTransition);
  ASSERT_TRUE(engine().Run(TestEnv::admin(), running, "test-executor").ok());
  const auto after_run = Snapshot();

  env_.clock().Advance(std::chrono::days(121));
  const service::RequestContext system{Actor{"system", Role::kSystem}, "test"};
  ASSERT_TRUE(service::LifecycleService(env_.deps()).Run(system).ok());

  auto refused = engine().Rollback(TestEnv::admin(), running);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->migration.status, MigrationStatus::kCompleted);
  for (const MigrationCustomer& mc : refused->customers) {
    EXPECT_EQ(mc.step, MigrationStep::kDone);
    EXPECT_NE(mc.error_description.find("rollback refused"), std::string::npos)
        << mc.error_description;
  }
  EXPECT_EQ(Snapshot(), after_run);
}

}  // namespace
}  // namespace seatshift
