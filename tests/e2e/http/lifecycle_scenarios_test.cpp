// Lifecycle scenarios in the style of Kill Bill's clock tests, through the real HTTP server: set
// up, move the simulated clock with POST /v1/clock/advance, and assert exactly the transitions,
// states, charges and audit records that must follow. The clock starts at 2026-11-25T09:00:00Z.
#include <fmt/format.h>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

namespace json = boost::json;

class LifecycleScenarioTest : public ApiTest {
 protected:
  json::object Advance(int days) {
    const auto response = Admin().Post("/v1/clock/advance", fmt::format(R"({{"days":{}}})", days));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().as_object();
  }
  json::object Get(const Subscription& s) {
    const auto response = Admin().Get(SubscriptionPath(customer_, s));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().as_object();
  }
  HttpResult Patch(const Subscription& s, const std::string& body) {
    return Admin().Patch(SubscriptionPath(customer_, s), body);
  }
  std::string Status(const Subscription& s) { return std::string(Get(s).at("status").as_string()); }
  json::array Charges() {
    const auto response =
        As(Role::kBillingAdmin).Get(CustomerPath(customer_) + "/charges?size=1000");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().at("items").as_array();
  }
  //! The lifecycle's audit records of `s`: "operation@time" in order.
  std::vector<std::string> SystemAudit(const Subscription& s) {
    const auto response =
        Admin().Get("/v1/auditrecords?size=1000&resourceId=" + s.id.value().ToString());
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> out;
    const json::value body = response.Json();
    for (const auto& r : body.at("items").as_array()) {
      if (r.at("agentId") != "system") continue;
      out.push_back(fmt::format("{}@{}", std::string(r.at("operation").as_string()),
                                std::string(r.at("time").as_string())));
    }
    return out;
  }
  static std::int64_t Amount(const json::value& charge) { return charge.at("amount").as_int64(); }

  Customer customer_ = env_.NewCustomer("contoso.test");
};

TEST_F(LifecycleScenarioTest, AutoRenewingSubscriptionRenewsAtTermEndAndIsChargedEveryMonth) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);  // term 2026-11-25 .. 2027-11-24
  ASSERT_EQ(Charges().size(), 1u) << "the first month is charged at purchase";

  const auto advanced = Advance(365);  // 2027-11-25T09:00:00Z
  EXPECT_EQ(advanced.at("now"), "2027-11-25T09:00:00Z");
  EXPECT_EQ(advanced.at("lifecycle").at("renewals"), 1);
  const auto got = Get(sub);
  EXPECT_EQ(got.at("status"), "active");
  EXPECT_EQ(got.at("commitmentEndDate"), "2028-11-24T00:00:00Z");
  EXPECT_EQ(got.at("quantity"), 10);
  EXPECT_EQ(SystemAudit(sub), std::vector<std::string>{"subscription.renew@2027-11-25T00:00:00Z"});
  const auto charges = Charges();
  ASSERT_EQ(charges.size(), 13u);  // 12 months of the first term, the first of the second
  for (const auto& c : charges) {
    EXPECT_EQ(Amount(c), 36'000);  // 10 seats × $36.00
    EXPECT_EQ(c.at("chargeType"), "cycle");
  }
  EXPECT_EQ(charges.back().at("periodStart"), "2027-11-25");
  EXPECT_EQ(charges.back().at("chargedAt"), "2027-11-25T00:00:00Z");

  const std::string metrics = Admin().Get("/metrics").body;
  EXPECT_NE(metrics.find("seatshift_lifecycle_events_total{event=\"renewal\"} 1\n"),
            std::string::npos)
      << metrics;
  EXPECT_EQ(Advance(1).at("lifecycle").at("subscriptions"), 0) << "nothing else was due";
  EXPECT_EQ(Charges().size(), 13u);
}

TEST_F(LifecycleScenarioTest, AutoRenewOffExpiresThenIsDisabledThenDeletedWithItsLicenses) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 3);
  const User user = env_.NewUser(customer_, "ada");
  ASSERT_TRUE(env_.Assign(customer_, user, "SPE_E3").ok());
  ASSERT_EQ(Patch(sub, R"({"autoRenewEnabled":false})").status, 200);

  Advance(365);  // term ended 2027-11-24
  EXPECT_EQ(Status(sub), "expired");
  const auto skus = Admin().Get(CustomerPath(customer_) + "/subscribedskus").Json();
  ASSERT_EQ(skus.at("items").as_array().size(), 1u);
  EXPECT_EQ(skus.at("items").at(0).at("capabilityStatus"), "Warning") << skus;
  EXPECT_EQ(Advance(29).at("lifecycle").at("disabled"), 0);
  EXPECT_EQ(Advance(1).at("lifecycle").at("disabled"), 1);
  EXPECT_EQ(Status(sub), "disabled");
  EXPECT_EQ(Advance(89).at("lifecycle").at("deprovisioned"), 0);
  const auto last = Advance(1);
  EXPECT_EQ(last.at("lifecycle").at("deprovisioned"), 1);
  EXPECT_EQ(last.at("lifecycle").at("licensesRemoved"), 1);
  EXPECT_EQ(Status(sub), "deleted");
  EXPECT_EQ(SystemAudit(sub),
            (std::vector<std::string>{"subscription.expire@2027-11-25T00:00:00Z",
                                      "subscription.disable@2027-12-25T00:00:00Z",
                                      "subscription.deprovision@2028-03-24T00:00:00Z"}));
  EXPECT_EQ(
      Admin().Get(UserPath(customer_, user) + "/licenses").Json().at("items").as_array().size(),
      0u);
  EXPECT_EQ(Charges().size(), 12u) << "nothing is charged after the term";
}

TEST_F(LifecycleScenarioTest, EndOfSaleSwitchesAutoRenewOffForGood) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 5);
  Sku e3 = *env_.store().Read()->FindSku(SkuId("SPE_E3"));
  e3.end_of_sale = ParseDate("2027-03-01");
  ASSERT_TRUE(
      env_.catalog().Upsert(TestEnv::admin(), {}, {e3}, service::CatalogMerge::kReplace).ok());
  EXPECT_EQ(Advance(95).at("lifecycle").at("autoRenewOff"), 0);  // 2027-02-28
  EXPECT_EQ(Advance(1).at("lifecycle").at("autoRenewOff"), 1);
  EXPECT_EQ(Get(sub).at("autoRenewEnabled"), false);
  EXPECT_EQ(SystemAudit(sub),
            std::vector<std::string>{"subscription.autorenew.endofsale@2027-03-01T00:00:00Z"});
  const auto refused = Patch(sub, R"({"autoRenewEnabled":true})");
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.Code(), "800093");
  Advance(270);  // 2027-11-26, past the term end (2027-11-24): it expired instead of renewing
  EXPECT_EQ(Status(sub), "expired");
}

TEST_F(LifecycleScenarioTest, SuspendedSubscriptionReactivatedOnDay119IsChargedAgain) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  ASSERT_EQ(Patch(sub, R"({"status":"suspended"})").status, 200);
  Advance(119);  // 2027-03-24T09:00:00Z, one day before deprovisioning
  EXPECT_EQ(Status(sub), "suspended");
  EXPECT_EQ(Charges().size(), 1u) << "no charges while suspended";
  const auto reactivated = Patch(sub, R"({"status":"active"})");
  ASSERT_EQ(reactivated.status, 200) << reactivated.body;
  EXPECT_EQ(reactivated.Json().at("status"), "active");
  auto charges = Charges();
  ASSERT_EQ(charges.size(), 2u);
  // Back in the period 2027-02-25..2027-03-24 (28 days), unpaid: 1 day × 10 × $36.00 / 28.
  EXPECT_EQ(charges[1].at("chargeType"), "proration");
  EXPECT_EQ(charges[1].at("periodStart"), "2027-03-24");
  EXPECT_EQ(Amount(charges[1]), 1'286);
  Advance(1);  // the next period is charged in full
  charges = Charges();
  ASSERT_EQ(charges.size(), 3u);
  EXPECT_EQ(charges[2].at("periodStart"), "2027-03-25");
  EXPECT_EQ(Amount(charges[2]), 36'000);
  EXPECT_EQ(Status(sub), "active");
}

TEST_F(LifecycleScenarioTest, SuspendedSubscriptionIsDeletedOnDay120AtTheInstantItWasDue) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  ASSERT_EQ(Patch(sub, R"({"status":"suspended"})").status, 200);
  EXPECT_EQ(Get(sub).at("deprovisionDate"), "2027-03-25T09:00:00Z");
  Advance(119);
  EXPECT_EQ(Status(sub), "suspended");
  EXPECT_EQ(Advance(1).at("lifecycle").at("deprovisioned"), 1);
  EXPECT_EQ(Status(sub), "deleted");
  EXPECT_EQ(SystemAudit(sub),
            std::vector<std::string>{"subscription.deprovision@2027-03-25T09:00:00Z"});
  const auto too_late = Patch(sub, R"({"status":"active"})");
  EXPECT_EQ(too_late.status, 409);
  EXPECT_EQ(too_late.Code(), "2011");
  EXPECT_EQ(Charges().size(), 1u);
}

TEST_F(LifecycleScenarioTest, QuantityChangeMidPeriodIsProratedAndTheNextPeriodUsesIt) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  Advance(10);  // 2026-12-05, in the period 2026-11-25..2026-12-24 (30 days)
  ASSERT_EQ(Patch(sub, R"({"quantity":14})").status, 200);
  auto charges = Charges();
  ASSERT_EQ(charges.size(), 2u);
  EXPECT_EQ(charges[1].at("chargeType"), "proration");
  EXPECT_EQ(charges[1].at("quantity"), 4);
  EXPECT_EQ(Amount(charges[1]), 9'600);  // 4 × $36.00 × 20 days left / 30
  ASSERT_EQ(Patch(sub, R"({"quantity":12})").status, 200);
  charges = Charges();
  ASSERT_EQ(charges.size(), 3u);
  EXPECT_EQ(Amount(charges[2]), -4'800);  // a credit: −2 × $36.00 × 20 / 30
  Advance(20);                            // 2026-12-25: the next period, at 12 seats
  charges = Charges();
  ASSERT_EQ(charges.size(), 4u);
  EXPECT_EQ(Amount(charges[3]), 12 * 3'600);
  // The total covers every page, not only the one returned.
  const auto one = As(Role::kBillingAdmin).Get(CustomerPath(customer_) + "/charges?size=1").Json();
  EXPECT_EQ(one.at("items").as_array().size(), 1u);
  EXPECT_EQ(one.at("totalAmount"), 36'000 + 9'600 - 4'800 + 43'200);
  EXPECT_EQ(one.at("currency"), "USD");
}

TEST_F(LifecycleScenarioTest, ClockRoutesAnswerAndRefuseWhatTheyMust) {
  const auto clock = Admin().Get("/v1/clock");
  ASSERT_EQ(clock.status, 200);
  EXPECT_EQ(clock.Json().at("now"), "2026-11-25T09:00:00Z");
  EXPECT_EQ(clock.Json().at("simulated"), true);
  EXPECT_EQ(As(Role::kSalesAgent).Post("/v1/clock/advance", R"({"days":1})").status, 403);
  for (const char* bad : {R"({"days":0})", R"({"days":-3})", R"({"days":3651})", R"({"days":"1"})",
                          R"({"days":1,"hours":2})", R"({})"}) {
    const auto refused = Admin().Post("/v1/clock/advance", bad);
    EXPECT_EQ(refused.status, 400) << bad << ": " << refused.body;
  }
  EXPECT_EQ(Admin().Get("/v1/clock").Json().at("now"), "2026-11-25T09:00:00Z") << "unmoved";
  const auto charges = As(Role::kBillingAdmin)
                           .Get(CustomerPath(customer_) + "/charges?from=2027-01-01&to=2026-01-01");
  EXPECT_EQ(charges.status, 400);
}

// The same API over the real clock: time cannot be moved.
TEST(LifecycleRealClockTest, AdvanceIsNotFoundOnTheRealClock) {
  TestEnv env;
  api::Api api(env.deps(), {.access_log = nullptr, .simulated_clock = nullptr});
  api::HttpServer server(api, {.port = 0, .io_threads = 1, .worker_threads = 1});
  server.Start();
  auto created = service::AgentService(env.deps())
                     .Create(TestEnv::admin(), "root@partner.test", Role::kAdminAgent);
  ASSERT_TRUE(created.ok());
  HttpClient admin(server.port(), created->token);
  const auto response = admin.Post("/v1/clock/advance", R"({"days":1})");
  EXPECT_EQ(response.status, 404) << response.body;
  EXPECT_EQ(admin.Get("/v1/clock").Json().at("simulated"), false);
  server.Shutdown();
  server.Wait();
}

}  // namespace
}  // namespace seatshift::testing
