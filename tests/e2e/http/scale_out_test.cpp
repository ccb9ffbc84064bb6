// Scale-out: two real `seatshift serve` processes on one PostgreSQL database, driven by
// concurrent clients, as a load balancer would spread them. What one server does, the other
// must see and respect: a seat, an idempotency key, a migration's lease, a lifecycle transition.
#include <fmt/format.h>

#include <array>
#include <latch>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "http_client.hpp"
#include "server_process.hpp"
#include "service/agent_service.hpp"
#include "service/clock_service.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

constexpr const char* kStart = "2026-11-25T09:00:00Z";

class ScaleOutTest : public ::testing::Test {
 protected:
  // The scale-out tests need the PostgreSQL server whatever the pass: they run in the pg pass.
  void SetUp() override {
    if (DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
    env_ = std::make_unique<TestEnv>("postgresql");
    auto created = service::AgentService(env_->deps())
                       .Create(TestEnv::admin(), "ops@partner.test", Role::kAdminAgent);
    ASSERT_TRUE(created.ok());
    token_ = created->token;
  }

  //! Two servers on the test's schema; `args` after `serve --listen 127.0.0.1:0`.
  void StartServers(const std::vector<std::string>& args) {
    for (auto& server : servers_) {
      server = std::make_unique<ServerProcess>(env_->postgres_url(), args);
      ASSERT_NE(server->port(), 0) << "a server did not start";
    }
  }
  HttpClient Client(std::size_t server) { return HttpClient(servers_[server]->port(), token_); }

  //! Runs `request(server)` once through each server at the same instant; the two results.
  template <typename Request>
  std::array<HttpResult, 2> Race(Request request) {
    std::latch start(2);
    std::array<HttpResult, 2> results;
    std::array<std::thread, 2> threads;
    for (std::size_t i = 0; i < 2; ++i) {
      threads[i] = std::thread([&, i] {
        start.arrive_and_wait();
        results[i] = request(i);
      });
    }
    for (auto& t : threads) t.join();
    return results;
  }

  std::unique_ptr<TestEnv> env_;
  std::string token_;
  std::array<std::unique_ptr<ServerProcess>, 2> servers_;
};

TEST_F(ScaleOutTest, TheLastSeatRacedThroughBothServersHasExactlyOneWinner) {
  const Customer c = env_->NewCustomer("race.test");
  env_->Buy(c, "SPE_E3", 1);
  StartServers({"--now", kStart});
  for (int round = 0; round < 8; ++round) {
    const std::array<User, 2> users{env_->NewUser(c, fmt::format("a{}", round)),
                                    env_->NewUser(c, fmt::format("b{}", round))};
    const auto results = Race([&](std::size_t i) {
      return Client(i).Post(fmt::format("/v1/customers/{}/users/{}/licenseupdates",
                                        c.id.value().ToString(), users[i].id.value().ToString()),
                            R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})");
    });
    const int winners = (results[0].status / 100 == 2) + (results[1].status / 100 == 2);
    ASSERT_EQ(winners, 1) << results[0].status << " " << results[0].body << " / "
                          << results[1].status << " " << results[1].body;
    const HttpResult& loser = results[0].status / 100 == 2 ? results[1] : results[0];
    EXPECT_EQ(loser.status, 409) << loser.body;
    EXPECT_EQ(loser.Code(), "60012") << loser.body;
    EXPECT_EQ(env_->store().Read()->CountSeats(c.id, SkuId("SPE_E3")).assigned, 1);
    const User& winner = results[0].status / 100 == 2 ? users[0] : users[1];
    ASSERT_TRUE(env_->licenses()
                    .Update(TestEnv::admin(), c.id,
                            {{.user_id = winner.id, .to_remove = {SkuId("SPE_E3")}}})
                    .ok());
  }
}

TEST_F(ScaleOutTest, OneRequestIdSentToBothServersBuysOnce) {
  const Customer c = env_->NewCustomer("retry.test");
  StartServers({"--now", kStart});
  for (int round = 0; round < 6; ++round) {
    const std::string key = fmt::format("buy-{}", round);
    const auto results = Race([&](std::size_t i) {
      return Client(i).Post(
          fmt::format("/v1/customers/{}/orders", c.id.value().ToString()),
          R"({"lineItems":[{"lineItemNumber":1,"offerId":"SPE_E3","quantity":2}]})",
          {{"MS-RequestId", key}});
    });
    ASSERT_EQ(results[0].status, 201) << results[0].body;
    ASSERT_EQ(results[1].status, 201) << results[1].body;
    EXPECT_EQ(results[0].Json().at("id"), results[1].Json().at("id"))
        << "one order, answered twice";
  }
  EXPECT_EQ(env_->store().Read()->ListOrders(c.id).size(), 6u);
  EXPECT_EQ(env_->store().Read()->CountSeats(c.id, SkuId("SPE_E3")).seats, 12);
}

// Upgrades of one subscription raced through both servers, each with its own request id: one
// buys, the other is told another upgrade is in flight (or, once it is done, that the source is
// no longer active) and buys nothing.
TEST_F(ScaleOutTest, UpgradesOfOneSubscriptionRacedThroughBothServersBuyOnce) {
  StartServers({"--now", kStart});
  for (int round = 0; round < 4; ++round) {
    const Customer c = env_->NewCustomer(fmt::format("upgrade{}.test", round));
    const Subscription kaizala = env_->Existing(c, "KAIZALA_PRO", 3, "2027-03-31");
    for (int u = 0; u < 3; ++u) {
      ASSERT_TRUE(env_->Assign(c, env_->NewUser(c, fmt::format("u{}", u)), "KAIZALA_PRO").ok());
    }
    const auto results = Race([&](std::size_t i) {
      return Client(i).Post(
          fmt::format("/v1/customers/{}/subscriptions/{}/upgrades", ToString(c.id),
                      ToString(kaizala.id)),
          R"({"targetOffer":{"id":"SPE_E3"},"upgradeType":"upgrade_with_license_transfer"})",
          {{"MS-RequestId", fmt::format("upgrade-{}-{}", round, i)}});
    });
    int upgraded = 0;
    for (const HttpResult& r : results) {
      ASSERT_EQ(r.status, 200) << r.body;
      const auto errors = r.Json().at("upgradeErrors").as_array();
      if (errors.empty()) {
        ++upgraded;
        continue;
      }
      const auto& code = errors.at(0).at("code");
      EXPECT_TRUE(code == "concurrency_conflicts" || code == "subscription_status_not_active")
          << r.body;
    }
    EXPECT_EQ(upgraded, 1) << results[0].body << " / " << results[1].body;
    EXPECT_EQ(env_->store().Read()->ListOrders(c.id).size(), 1u);
  }
}

// Both servers run the lifecycle at once (each clock advance applies it up to the new "now"):
// every renewal and every charge happens once, whichever server got there.
TEST_F(ScaleOutTest, LifecycleRunByBothServersAtOnceAppliesEachTransitionAndChargeOnce) {
  std::vector<std::pair<Customer, Subscription>> subs;
  for (int i = 0; i < 6; ++i) {
    const Customer c = env_->NewCustomer(fmt::format("life{}.test", i));
    subs.emplace_back(c, env_->Buy(c, "SPE_E3", 3 + i));
  }
  service::ClockService::Persist(env_->store(), env_->clock());
  StartServers({});
  for (int round = 0; round < 4; ++round) {
    const auto results =
        Race([&](std::size_t i) { return Client(i).Post("/v1/clock/advance", R"({"days":45})"); });
    ASSERT_EQ(results[0].status, 200) << results[0].body;
    ASSERT_EQ(results[1].status, 200) << results[1].body;
  }
  // 8 × 45 days from 2026-11-25: monthly charges for each month the subscription was active.
  auto tx = env_->store().Read();
  for (const auto& [customer, sub] : subs) {
    auto charges = tx->ListCharges({.customer_id = customer.id}, {.after = "", .limit = 1000});
    ASSERT_TRUE(charges.ok());
    std::set<Date> starts;
    for (const Charge& charge : charges->items) {
      if (charge.kind != ChargeKind::kCycle) continue;
      EXPECT_TRUE(starts.insert(charge.period.first).second)
          << "period " << FormatDate(charge.period.first) << " charged twice";
    }
    // Cycle periods follow one another without a gap: nothing was skipped either.
    Date expected = *starts.begin();
    for (const Charge& charge : charges->items) {
      if (charge.kind != ChargeKind::kCycle) continue;
      EXPECT_EQ(charge.period.first, expected);
      expected = charge.period.last + std::chrono::days(1);
    }
    EXPECT_GE(starts.size(), 11u);
    const Subscription now = *tx->FindSubscription(customer.id, sub.id);
    EXPECT_EQ(now.status, SubscriptionStatus::kActive);
  }
}

// One migration started through one server runs on both (each runs migrations, polling every
// second); the lease lets one apply its steps. That one is SIGKILLed mid-run and the other
// finishes it: every step applied once (one purchase, one move per user, one audit record each).
TEST_F(ScaleOutTest, AMigrationSurvivesTheKillOfItsServerAndEveryStepIsAppliedOnce) {
  RunCli(fmt::format("--db '{}' --now {} demo seed --customers 80 --users-per-customer 6",
                     env_->postgres_url(), kStart));
  const SkuId source("KAIZALA_PRO");
  std::map<CustomerId, std::vector<UserId>> holders;
  {
    auto tx = env_->store().Read();
    for (const CustomerId& c : tx->CustomersHoldingSku(source, std::nullopt, 1000)) {
      for (const User& u : tx->UsersHolding(c, source, 1000)) holders[c].push_back(u.id);
    }
  }
  ASSERT_FALSE(holders.empty());
  StartServers({"--migration-poll", "1", "--now", kStart});
  HttpClient client = Client(0);
  const HttpResult planned = client.Post(
      "/v1/migrations",
      R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"recommended"})");
  ASSERT_EQ(planned.status, 201) << planned.body;
  const std::string id(planned.Json().at("id").as_string());
  const MigrationId migration(*Uuid::Parse(id));
  ASSERT_EQ(client.Post("/v1/migrations/" + id + "/start", "").status, 202);
  for (;;) {
    const boost::json::value seen = client.Get("/v1/migrations/" + id).Json();
    ASSERT_EQ(seen.at("status").as_string(), "running") << "finished before the kill";
    if (seen.at("progress").at("customersDone").as_int64() >= 10) break;
  }
  const std::string owner =
      env_->store().Read()->FindMigration(migration)->lease_owner.value_or("");
  const auto holds = [&](const ServerProcess& server) {
    return owner.find(fmt::format(":{}:", server.pid())) != std::string::npos;
  };
  ASSERT_TRUE(holds(*servers_[0]) || holds(*servers_[1])) << owner;
  const std::size_t killed = holds(*servers_[0]) ? 0 : 1;
  servers_[killed]->Kill();
  ServerProcess& survivor = *servers_[1 - killed];
  const auto finished = survivor.WaitForLine(R"("status":"completed")", std::chrono::seconds(60));
  ASSERT_TRUE(finished.has_value()) << "the surviving server did not finish the migration";

  auto tx = env_->store().Read();
  EXPECT_EQ(tx->FindMigration(migration)->status, MigrationStatus::kCompleted);
  std::map<std::string, int> moves;  // user id → license moves the migration audited
  store::PageRequest page{.after = "", .limit = 1000};
  do {
    auto records = tx->ListAudit({}, page);
    ASSERT_TRUE(records.ok());
    for (const AuditRecord& r : records->items) {
      if (r.correlation_id == "migration:" + id && r.operation == "license.update") {
        ++moves[r.resource_id];
      }
    }
    page.after = records->next;
  } while (!page.after.empty());
  for (const MigrationCustomer& mc : tx->ListMigrationCustomers(migration)) {
    const CustomerId& c = mc.plan.customer_id;
    EXPECT_EQ(mc.step, MigrationStep::kDone);
    EXPECT_EQ(mc.users_moved, mc.plan.users_to_move);
    EXPECT_LE(tx->ListOrders(c).size(), 1u) << "one purchase at most";
    const auto targets =
        tx->ListSubscriptions({.customer_id = c, .sku_id = mc.plan.target_sku_id}, {});
    // A customer with nothing to move (source inactive, nobody holding it) buys nothing.
    EXPECT_EQ(targets->items.size(), mc.plan.action == MigrationAction::kSkip ? 0u : 1u);
    for (const UserId& user : holders[c]) {
      const auto licenses = tx->LicensesOfUser(user);
      ASSERT_EQ(licenses.size(), 1u);
      EXPECT_EQ(licenses[0].sku_id, mc.plan.target_sku_id);
      EXPECT_EQ(moves[user.value().ToString()], 1) << "moved once";
    }
    for (const auto& [sku, count] : tx->CountAllSeats(c)) EXPECT_LE(count.assigned, count.seats);
  }
}

}  // namespace
}  // namespace seatshift::testing
