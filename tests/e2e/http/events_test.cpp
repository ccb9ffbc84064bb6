// Events, webhooks and alerts through the real HTTP server on both backends, delivered by the
// real dispatcher and HTTP client to a real receiver on 127.0.0.1, on the simulated clock (it
// starts at 2026-11-25T09:00:00Z).
#include <fmt/format.h>

#include <map>

#include "api/webhook_client.hpp"
#include "api_fixture.hpp"
#include "testing/webhook_receiver.hpp"

namespace seatshift::testing {
namespace {

namespace json = boost::json;
using Mode = WebhookReceiver::Mode;

class EventsTest : public ApiTest {
 protected:
  EventsTest()
      : client_({.timeout = std::chrono::milliseconds(1000)}),
        dispatcher_(env_.deps(), client_,
                    {.owner = "test",
                     .base_url = "https://seatshift.test",
                     .batch = 5,
                     .timeout = std::chrono::seconds(1)}) {
    client_.SetOwnEndpoint({boost::asio::ip::make_address("127.0.0.1"), server_.port()});
  }

  //! Adds an endpoint for `events` (none: every event) and keeps its secret.
  std::string AddWebhook(const std::vector<std::string>& events = {}) {
    json::array names;
    for (const auto& e : events) names.emplace_back(e);
    const auto made = Admin().Post(
        "/v1/webhooks", json::serialize(json::object{{"url", receiver_.Url()}, {"events", names}}));
    EXPECT_EQ(made.status, 201) << made.body;
    secret_ = std::string(made.Json().at("secret").as_string());
    return std::string(made.Json().at("id").as_string());
  }
  std::vector<json::object> Events(std::int64_t after = 0, const std::string& query = "") {
    const auto got = Admin().Get(fmt::format("/v1/events?after={}&limit=1000{}", after, query));
    EXPECT_EQ(got.status, 200) << got.body;
    std::vector<json::object> out;
    const json::value body = got.Json();
    for (const auto& e : body.at("items").as_array()) out.push_back(e.as_object());
    return out;
  }
  //! Events(after, query) once it holds at least `count` events. On PostgreSQL the stream shows
  //! an event once every older transaction of the cluster has ended (tests of other schemas run
  //! beside this one), so a fresh commit may take a moment to appear; 30 s at most.
  std::vector<json::object> EventsSettled(std::size_t count, std::int64_t after = 0,
                                          const std::string& query = "") {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      auto found = Events(after, query);
      if (found.size() >= count || std::chrono::steady_clock::now() > deadline) return found;
    }
  }
  void Rename(const Subscription& s, const std::string& name) {
    const auto r = Admin().Patch(SubscriptionPath(customer_, s),
                                 fmt::format(R"({{"friendlyName":"{}"}})", name));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  json::object Delivery(const std::string& webhook, std::int64_t id) {
    const auto got = Admin().Get(fmt::format("/v1/webhooks/{}/deliveries/{}", webhook, id));
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json().as_object();
  }
  std::vector<json::object> Deliveries(const std::string& webhook, const std::string& state = "") {
    const auto got = Admin().Get(fmt::format("/v1/webhooks/{}/deliveries?size=1000{}", webhook,
                                             state.empty() ? "" : "&state=" + state));
    EXPECT_EQ(got.status, 200) << got.body;
    std::vector<json::object> out;
    const json::value body = got.Json();
    for (const auto& d : body.at("items").as_array()) out.push_back(d.as_object());
    return out;
  }
  bool SignedRight(const WebhookReceiver::Received& r) {
    return service::VerifySignature(r.signature, secret_, r.body,
                                    env_.wall().Now().time_since_epoch().count(),
                                    webhooks::kSignatureTolerance);
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
  WebhookReceiver receiver_;
  api::WebhookClient client_;
  service::WebhookDispatcher dispatcher_;
  std::string secret_;
};

TEST_F(EventsTest, EveryCommittedChangeHasItsEventAndARefusedOneHasNone) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  const User a = env_.NewUser(customer_, "a");
  const User b = env_.NewUser(customer_, "b");
  ASSERT_TRUE(env_.Assign(customer_, a, "SPE_E3").ok());
  ASSERT_TRUE(env_.Assign(customer_, b, "SPE_E3").ok());
  Rename(sub, "Sales");
  // Refused (no seat left): nothing changes, so nothing is told.
  const User c = env_.NewUser(customer_, "c");
  const auto refused = Admin().Post(UserPath(customer_, c) + "/licenseupdates",
                                    R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  const User d = env_.NewUser(customer_, "d");  // committed after the refusal

  const std::string mine = "&customerId=" + customer_.id.value().ToString();
  const auto told = EventsSettled(10, 0, mine);
  std::vector<std::string> names;
  for (const auto& e : told) names.emplace_back(e.at("eventName").as_string());
  EXPECT_EQ(names, (std::vector<std::string>{
                       "customer-created", "subscription-created", "order-created", "user-created",
                       "user-created", "licenses-updated", "licenses-updated",
                       "subscription-updated", "user-created", "user-created"}));
  const auto updated = Events(0, mine + "&eventName=subscription-updated");
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].at("resourceUri").as_string(), SubscriptionPath(customer_, sub));
  EXPECT_EQ(updated[0].at("customerId").as_string(), customer_.id.value().ToString());
  EXPECT_EQ(told.back().at("resourceUri").as_string(), UserPath(customer_, d));
  // The stream continues from any event: after the fifth of these, the other five.
  EXPECT_EQ(Events(told[4].at("id").as_int64(), mine).size(), 5u);
  EXPECT_EQ(Admin().Get("/v1/events?after=999999").status, 404);
  EXPECT_EQ(Admin().Get("/v1/events?limit=0").status, 400);
  EXPECT_EQ(Admin().Get("/v1/events?eventName=nope").status, 400);
  EXPECT_EQ(As(Role::kSalesAgent).Get("/v1/events").status, 403);
}

TEST_F(EventsTest, DeliveriesAreSignedCarryPartnerCentersEnvelopeAndKeepOrderPerResource) {
  const Subscription one = env_.Buy(customer_, "SPE_E3", 2);
  const Subscription two = env_.Buy(customer_, "SPE_E5", 2);
  AddWebhook({"subscription-updated"});
  for (int i = 0; i < 6; ++i) {
    Rename(one, fmt::format("one {}", i));
    Rename(two, fmt::format("two {}", i));
  }
  EXPECT_EQ(dispatcher_.Drain(), 12);
  const auto got = receiver_.received();
  ASSERT_EQ(got.size(), 12u);
  std::map<std::string, std::int64_t> last_per_resource;
  for (const auto& r : got) {
    EXPECT_TRUE(SignedRight(r)) << r.signature;
    EXPECT_EQ(r.envelope.at("EventName"), "subscription-updated");
    EXPECT_EQ(r.envelope.at("ResourceName"), "subscription");
    const std::string uri(r.envelope.at("ResourceUri").as_string());
    EXPECT_TRUE(uri.starts_with("https://seatshift.test/v1/customers/")) << uri;
    EXPECT_TRUE(r.envelope.contains("AuditUri"));
    EXPECT_TRUE(r.envelope.contains("ResourceChangeUtcDate"));
    const std::int64_t id = r.envelope.at("EventId").as_int64();
    EXPECT_GT(id, last_per_resource[uri]) << "out of order for " << uri;
    last_per_resource[uri] = id;
  }
  // A wrong secret, a changed body or an old timestamp do not verify.
  EXPECT_FALSE(service::VerifySignature(got[0].signature, "whsec_other", got[0].body,
                                        env_.wall().Now().time_since_epoch().count(),
                                        webhooks::kSignatureTolerance));
  EXPECT_FALSE(service::VerifySignature(got[0].signature, secret_, got[0].body + " ",
                                        env_.wall().Now().time_since_epoch().count(),
                                        webhooks::kSignatureTolerance));
  EXPECT_FALSE(service::VerifySignature(got[0].signature, secret_, got[0].body,
                                        env_.wall().Now().time_since_epoch().count() + 301,
                                        webhooks::kSignatureTolerance));
  EXPECT_EQ(dispatcher_.Drain(), 0) << "delivered twice";
}

TEST_F(EventsTest, FailuresAreRetriedOnTheScheduleAndTheLogTellsEachAttempt) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  const std::string webhook = AddWebhook({"subscription-updated"});
  Rename(sub, "first");
  Rename(sub, "second");
  receiver_.SetMode(Mode::kFail);
  EXPECT_EQ(dispatcher_.Drain(), 1) << "the second waits behind the first";
  EXPECT_EQ(dispatcher_.Drain(), 0) << "not due again before its backoff";
  const std::vector<Mode> modes{Mode::kHang, Mode::kClose, Mode::kFail};
  const std::vector<std::chrono::minutes> waits{std::chrono::minutes(1), std::chrono::minutes(2),
                                                std::chrono::minutes(4)};
  for (std::size_t i = 0; i < modes.size(); ++i) {
    receiver_.SetMode(modes[i]);
    env_.clock().Advance(waits[i] - std::chrono::seconds(1));
    EXPECT_EQ(dispatcher_.Drain(), 0) << "attempt " << i + 2 << " came early";
    env_.clock().Advance(std::chrono::seconds(1));
    EXPECT_EQ(dispatcher_.Drain(), 1) << "attempt " << i + 2 << " not made on time";
  }
  receiver_.SetMode(Mode::kOk);
  env_.clock().Advance(std::chrono::minutes(8));
  EXPECT_EQ(dispatcher_.Drain(), 2) << "the first, then the one waiting behind it";
  const auto got = receiver_.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_LT(got[0].envelope.at("EventId").as_int64(), got[1].envelope.at("EventId").as_int64());

  const auto all = Deliveries(webhook);
  ASSERT_EQ(all.size(), 2u);
  const json::object first = Delivery(webhook, all.back().at("id").as_int64());
  EXPECT_EQ(first.at("state"), "delivered");
  EXPECT_EQ(first.at("attempts"), 5);
  const auto& log = first.at("attemptLog").as_array();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].at("status"), 500);
  EXPECT_EQ(log[0].at("responseExcerpt"), "down for maintenance");
  EXPECT_EQ(log[1].at("status"), nullptr);
  EXPECT_NE(std::string(log[1].at("error").as_string()).find("timed out"), std::string::npos)
      << log[1];
  EXPECT_EQ(log[2].at("status"), nullptr);
  EXPECT_NE(log[2].at("error"), "");
  EXPECT_EQ(log[4].at("status"), 200);
  EXPECT_EQ(log[4].at("error"), "");
}

TEST_F(EventsTest, ADeliveryFailingForThreeDaysIsADeadLetterThatReplaySendsAgain) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  const std::string webhook = AddWebhook({"subscription-updated"});
  Rename(sub, "doomed");
  receiver_.SetMode(Mode::kFail);
  int attempts = 0;
  for (int hour = 0; hour <= 80; ++hour) {
    attempts += dispatcher_.Drain();
    env_.clock().Advance(std::chrono::hours(1));
  }
  const auto dead = Deliveries(webhook, "dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].at("attempts"), attempts);
  EXPECT_GT(attempts, 10);
  EXPECT_LT(attempts, 30);
  receiver_.SetMode(Mode::kOk);
  EXPECT_EQ(dispatcher_.Drain(), 0) << "a dead letter is not retried on its own";
  const auto replay =
      Admin().Post(fmt::format("/v1/webhooks/{}/replays", webhook),
                   fmt::format(R"({{"eventId":{}}})", dead[0].at("event").at("id").as_int64()));
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(replay.Json().at("queued"), 1);
  EXPECT_EQ(dispatcher_.Drain(), 1);
  EXPECT_EQ(receiver_.received().size(), 1u);
  EXPECT_EQ(Admin().Post(fmt::format("/v1/webhooks/{}/replays", webhook), "{}").status, 400);
}

TEST_F(EventsTest, APausedEndpointKeepsItsDeliveriesUntilResumed) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  const std::string webhook = AddWebhook();
  const auto paused = Admin().Patch(fmt::format("/v1/webhooks/{}", webhook), R"({"paused":true})");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.Json().at("paused"), true);
  Rename(sub, "while paused");
  EXPECT_EQ(dispatcher_.Drain(), 0);
  ASSERT_EQ(Admin().Patch(fmt::format("/v1/webhooks/{}", webhook), R"({"paused":false})").status,
            200);
  EXPECT_EQ(dispatcher_.Drain(), 1);
  EXPECT_EQ(receiver_.received().at(0).envelope.at("EventName"), "subscription-updated");
}

TEST_F(EventsTest, PartnerCentersRegistrationRoutesAndValidationEvent) {
  auto admin = Admin();
  EXPECT_EQ(admin.Get("/webhooks/v1/registration").status, 404);
  const std::string body = json::serialize(json::object{
      {"WebhookUrl", receiver_.Url()}, {"WebhookEvents", json::array{"subscription-updated"}}});
  const auto made = admin.Post("/webhooks/v1/registration", body);
  ASSERT_EQ(made.status, 200) << made.body;
  secret_ = std::string(made.Json().at("SigningSecret").as_string());
  EXPECT_EQ(admin.Post("/webhooks/v1/registration", body).status, 409);
  const auto got = admin.Get("/webhooks/v1/registration");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json().at("WebhookUrl").as_string(), receiver_.Url());
  EXPECT_FALSE(got.Json().as_object().contains("SigningSecret"));
  const auto names = admin.Get("/webhooks/v1/registration/events");
  ASSERT_EQ(names.status, 200);
  EXPECT_NE(names.body.find("subscription-renewed"), std::string::npos);

  const auto validation = admin.Post("/webhooks/v1/registration/validationEvents", "");
  ASSERT_EQ(validation.status, 200) << validation.body;
  const std::string correlation(validation.Json().at("correlationId").as_string());
  const std::string status_path = "/webhooks/v1/registration/validationEvents/" + correlation;
  EXPECT_EQ(admin.Get(status_path).Json().at("status"), "pending");
  EXPECT_EQ(dispatcher_.Drain(), 1);
  const auto result = admin.Get(status_path);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.Json().at("status"), "completed");
  EXPECT_EQ(result.Json().at("responseCode"), 200);
  const auto received = receiver_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].envelope.at("EventName"), "test-created");
  EXPECT_TRUE(SignedRight(received[0]));

  const auto put = admin.Put(
      "/webhooks/v1/registration",
      json::serialize(json::object{{"WebhookUrl", receiver_.Url("/other")},
                                   {"WebhookEvents", json::array{"subscription-renewed"}}}));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json().at("WebhookEvents").at(0), "subscription-renewed");
  // Bad input is refused, naming the field.
  for (const char* bad :
       {R"({"WebhookUrl":"ftp://x.test/","WebhookEvents":["subscription-updated"]})",
        R"({"WebhookUrl":"http://u:p@x.test/","WebhookEvents":["subscription-updated"]})",
        R"({"WebhookUrl":"http://x.test/","WebhookEvents":["no-such-event"]})",
        R"({"WebhookUrl":"http://x.test/","WebhookEvents":[]})"}) {
    EXPECT_EQ(admin.Put("/webhooks/v1/registration", bad).status, 400) << bad;
  }
  EXPECT_EQ(admin.Delete("/webhooks/v1/registration").status, 204);
  EXPECT_EQ(admin.Get("/webhooks/v1/registration").status, 404);
  EXPECT_EQ(As(Role::kSalesAgent).Get("/webhooks/v1/registration").status, 403);
}

TEST_F(EventsTest, AWebhookPointingAtThisServerIsRefusedWhenDelivering) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  const auto made = Admin().Post(
      "/v1/webhooks",
      fmt::format(R"({{"url":"http://127.0.0.1:{}/v1/agents","events":["subscription-updated"]}})",
                  server_.port()));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string webhook(made.Json().at("id").as_string());
  Rename(sub, "loop");
  EXPECT_EQ(dispatcher_.Drain(), 1);
  const auto tried = Deliveries(webhook);
  ASSERT_EQ(tried.size(), 1u);
  EXPECT_EQ(tried[0].at("state"), "pending");
  EXPECT_NE(std::string(tried[0].at("lastError").as_string()).find("this server"),
            std::string::npos);

  // Nor a cloud's metadata service (link-local).
  const auto metadata = Admin().Post(
      "/v1/webhooks",
      R"({"url":"http://169.254.169.254/latest/meta-data","events":["subscription-updated"]})");
  ASSERT_EQ(metadata.status, 201) << metadata.body;
  const std::string second(metadata.Json().at("id").as_string());
  Rename(sub, "metadata");
  dispatcher_.Drain();
  const auto refused = Deliveries(second);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(std::string(refused[0].at("lastError").as_string()).find("link-local"),
            std::string::npos)
      << refused[0];
}

TEST_F(EventsTest, AnAlertFiresOnceOnTheDayItsHorizonReachesTheTermEnd) {
  // Auto-renew off, the term ends on 2027-01-31: 30 days ahead is 2027-01-01.
  const Subscription sub = env_.Existing(customer_, "SPE_E3", 5, "2027-01-31");
  const auto count_alerts = [&] {
    const auto got = As(Role::kSalesAgent).Get("/v1/alerts");
    EXPECT_EQ(got.status, 200) << got.body;
    std::vector<json::object> out;
    const json::value body = got.Json();
    for (const auto& a : body.at("items").as_array()) {
      if (a.at("resourceId").as_string() == sub.id.value().ToString()) out.push_back(a.as_object());
    }
    return out;
  };
  // 2026-11-25 → 2027-01-01 is 37 days: nothing until the horizon reaches the end.
  for (int day = 0; day < 37; ++day) {
    ASSERT_EQ(Admin().Post("/v1/clock/advance", R"({"days":1})").status, 200);
    if (day < 36) EXPECT_TRUE(count_alerts().empty()) << "raised early, day " << day;
  }
  auto alerts = count_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].at("rule"), "autoRenewOffEnding");
  EXPECT_EQ(alerts[0].at("dueAt"), "2027-02-01T00:00:00Z");
  EXPECT_EQ(alerts[0].at("parameters").at("companyName"), "Test contoso.test");
  for (int day = 0; day < 5; ++day) {
    ASSERT_EQ(Admin().Post("/v1/clock/advance", R"({"days":1})").status, 200);
  }
  EXPECT_EQ(count_alerts().size(), 1u) << "raised again";
  const auto told = EventsSettled(1, 0, "&eventName=alert-raised");
  EXPECT_EQ(told.size(), 1u);
  const std::string id(alerts[0].at("id").as_string());
  const auto dismissed = As(Role::kSalesAgent).Post("/v1/alerts/" + id + "/dismiss", "");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(dismissed.Json().at("status"), "dismissed");
  EXPECT_EQ(As(Role::kSalesAgent).Post("/v1/alerts/" + id + "/dismiss", "").status, 409);
  EXPECT_TRUE(count_alerts().empty());
  EXPECT_EQ(As(Role::kHelpdeskAgent).Get("/v1/alerts").status, 403);
}

TEST_F(EventsTest, AnAlertWhoseConditionNoLongerHoldsIsResolved) {
  const Subscription sub = env_.Existing(customer_, "SPE_E3", 5, "2026-12-10");
  ASSERT_EQ(Admin().Post("/v1/clock/advance", R"({"days":1})").status, 200);
  const auto open = [&] {
    const auto got = As(Role::kSalesAgent).Get("/v1/alerts");
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json().at("totalCount").as_int64();
  };
  ASSERT_EQ(open(), 1);
  const auto renewed =
      Admin().Patch(SubscriptionPath(customer_, sub), R"({"autoRenewEnabled":true})");
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  ASSERT_EQ(Admin().Post("/v1/clock/advance", R"({"days":1})").status, 200);
  EXPECT_EQ(open(), 0);
  const auto all = As(Role::kSalesAgent).Get("/v1/alerts?status=dismissed");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json().at("items").at(0).at("dismissedBy"), "system");
}

}  // namespace
}  // namespace seatshift::testing
