// Webhook delivery by real `seatshift serve` processes to a real receiver on 127.0.0.1: a server
// SIGKILLed in the middle of its deliveries loses none (another server, or itself restarted,
// sends what it had claimed once its lease runs out), and two servers on one PostgreSQL
// database share the work without sending an event twice.
#include <fmt/format.h>

#include <map>
#include <set>

#include "server_process.hpp"
#include "service/customer_service.hpp"
#include "service/subscription_service.hpp"
#include "service/webhook_service.hpp"
#include "testing/test_env.hpp"
#include "testing/webhook_receiver.hpp"

namespace seatshift::testing {
namespace {

class WebhookProcessTest : public ::testing::Test {
 protected:
  //! The database's location as `--db` takes it.
  std::string Location() {
    return env_.backend() == "postgresql" ? env_.postgres_url() : env_.dir().File("seatshift.db");
  }
  //! An endpoint receiving subscription-updated events at the receiver.
  void AddWebhook() {
    auto made =
        service::WebhookService(env_.deps())
            .Create(TestEnv::admin(), {.url = receiver_.Url(), .events = {"subscription-updated"}});
    ASSERT_TRUE(made.ok()) << made.error().message;
    secret_ = made->secret;
  }
  //! `renames` changes to each of `subs`, each its own committed transaction (and event).
  void Rename(const std::vector<Subscription>& subs, int renames) {
    service::SubscriptionService service(env_.deps());
    for (int i = 0; i < renames; ++i) {
      for (const Subscription& s : subs) {
        auto done = service.Update(TestEnv::admin(), s.customer_id, s.id,
                                   {.friendly_name = fmt::format("name {}", i)});
        ASSERT_TRUE(done.ok()) << done.error().message;
      }
    }
  }
  //! Every subscription-updated event committed, by id, once the stream shows `expected` of
  //! them (on PostgreSQL it shows a commit once every older transaction of the cluster ended).
  std::set<std::int64_t> Committed(std::size_t expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::set<std::int64_t> out;
    while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
      out = CommittedNow();
    }
    return out;
  }
  std::set<std::int64_t> CommittedNow() {
    std::set<std::int64_t> out;
    auto tx = env_.store().Read();
    for (std::int64_t after = 0;;) {
      auto page = tx->EventsAfter(after, {.names = {"subscription-updated"}}, 1000);
      EXPECT_TRUE(page.ok());
      if (!page.ok() || page->empty()) break;
      for (const Event& e : *page) out.insert(e.id);
      after = page->back().id;
    }
    return out;
  }
  //! Waits until the receiver holds every one of `ids`; false after 120 s.
  bool ReceivedAll(const std::set<std::int64_t>& ids) {
    return receiver_.WaitUntil(
        [&](const std::vector<WebhookReceiver::Received>& received) {
          std::set<std::int64_t> got;
          for (const auto& r : received) got.insert(std::stoll(r.event_id));
          return std::includes(got.begin(), got.end(), ids.begin(), ids.end());
        },
        std::chrono::seconds(120));
  }
  //! Each resource's events arrived in order (a repeat of the last one aside: at least once).
  void ExpectOrderPerResource() {
    std::map<std::string, std::int64_t> last;
    for (const auto& r : receiver_.received()) {
      const std::string uri(r.envelope.at("ResourceUri").as_string());
      const std::int64_t id = std::stoll(r.event_id);
      EXPECT_GE(id, last[uri]) << "out of order for " << uri;
      last[uri] = std::max(last[uri], id);
      EXPECT_TRUE(service::VerifySignature(r.signature, secret_, r.body,
                                           SystemClock::Instance().Now().time_since_epoch().count(),
                                           webhooks::kSignatureTolerance));
    }
  }

  TestEnv env_;
  WebhookReceiver receiver_;
  std::string secret_;
};

TEST_F(WebhookProcessTest, AServerKilledMidDeliveryLosesNoEventAfterItsRestart) {
  const Customer c = env_.NewCustomer("contoso.test");
  std::vector<Subscription> subs;
  for (const char* sku : {"SPE_E3", "SPE_E5", "O365_BUSINESS_PREMIUM"}) {
    subs.push_back(env_.Buy(c, sku, 2));
  }
  AddWebhook();
  Rename(subs, 60);
  const std::set<std::int64_t> committed = Committed(180);
  ASSERT_EQ(committed.size(), 180u);
  const std::vector<std::string> args{"--webhook-timeout", "1", "--webhook-batch", "2",
                                      "--webhook-poll-ms", "10"};
  {
    ServerProcess first(Location(), args);
    ASSERT_NE(first.port(), 0) << first.Output();
    ASSERT_TRUE(receiver_.WaitUntil([](const auto& received) { return received.size() >= 20; },
                                    std::chrono::seconds(60)))
        << first.Output();
    first.Kill();
  }
  const std::size_t before_restart = receiver_.received().size();
  EXPECT_LT(before_restart, committed.size()) << "all delivered before the kill: nothing tested";
  ServerProcess second(Location(), args);
  ASSERT_NE(second.port(), 0) << second.Output();
  EXPECT_TRUE(ReceivedAll(committed)) << second.Output();
  // Nothing but committed events arrived, and each resource's in order.
  for (const auto& r : receiver_.received()) {
    EXPECT_TRUE(committed.contains(std::stoll(r.event_id))) << r.body;
  }
  ExpectOrderPerResource();
}

TEST_F(WebhookProcessTest, TwoServersOnPostgresqlDeliverEachEventOnce) {
  if (env_.backend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
  const Customer c = env_.NewCustomer("contoso.test");
  std::vector<Subscription> subs;
  for (const char* sku :
       {"SPE_E3", "SPE_E5", "O365_BUSINESS_PREMIUM", "O365_BUSINESS_ESSENTIALS"}) {
    subs.push_back(env_.Buy(c, sku, 2));
  }
  AddWebhook();
  const std::vector<std::string> args{"--webhook-poll-ms", "10"};
  ServerProcess one(Location(), args);
  ServerProcess two(Location(), args);
  ASSERT_NE(one.port(), 0) << one.Output();
  ASSERT_NE(two.port(), 0) << two.Output();
  Rename(subs, 50);
  const std::set<std::int64_t> committed = Committed(200);
  ASSERT_EQ(committed.size(), 200u);
  ASSERT_TRUE(ReceivedAll(committed));
  std::map<std::int64_t, int> times;
  for (const auto& r : receiver_.received()) ++times[std::stoll(r.event_id)];
  for (const auto& [id, n] : times)
    EXPECT_EQ(n, 1) << "event " << id << " delivered " << n << " times";
  ExpectOrderPerResource();
  // Both servers took part (each attempt names its server).
  std::set<std::string> servers;
  auto tx = env_.store().Read();
  const auto endpoints = tx->ListWebhooks();
  ASSERT_EQ(endpoints.size(), 1u);
  auto page = tx->ListDeliveries({.endpoint = endpoints[0].id}, {.limit = 1000});
  ASSERT_TRUE(page.ok());
  for (const WebhookDelivery& d : page->items) {
    for (const DeliveryAttempt& a : tx->ListAttempts(d.id)) servers.insert(a.server);
  }
  EXPECT_EQ(servers.size(), 2u);
}

}  // namespace
}  // namespace seatshift::testing
