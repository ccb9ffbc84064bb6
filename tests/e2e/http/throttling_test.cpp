// Throttling as Partner Center does it, over the real HTTP server: a limit per agent, and per
// customer for writes; over it, 429 with Retry-After and the error body, nothing done, and a
// count in /metrics. The limits are tiny and timed on the test's monotonic clock, which moves
// only when a test advances it (by the Retry-After the server asked for, never by sleeping).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

using std::chrono::seconds;

//! The value of `key` in an error body's data, as JSON text ("" when absent).
std::string Detail(const HttpResult& response, const std::string& key) {
  const boost::json::value body = response.Json();
  for (const auto& item : body.at("data").as_array()) {
    if (const auto* v = item.as_object().if_contains(key)) return boost::json::serialize(*v);
  }
  return "";
}

std::string CustomerBody(int i) {
  return fmt::format(
      R"({{"companyProfile":{{"companyName":"Runaway {}","domain":"runaway{}.test"}},"country":"US","currency":"USD"}})",
      i, i);
}

//! The value of one sample in the Prometheus text, -1 when absent.
std::int64_t Sample(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find(series + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(metrics.substr(at + series.size() + 1));
}

class AgentThrottlingTest : public ApiTest {
 protected:
  // 3 requests per minute per agent: a burst of 3, then one every 20 s.
  AgentThrottlingTest()
      : ApiTest(DefaultTestBackend(), false,
                {.agent_requests_per_minute = 3, .customer_writes_per_minute = 0}) {}

  std::int64_t CustomerCount() {
    return env_.store().Read()->ListCustomers({}, {.after = "", .limit = 10})->total;
  }
};

TEST_F(AgentThrottlingTest, OverTheAgentLimitItIs429WithRetryAfterAndNothingIsDone) {
  auto admin = Admin();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(admin.Post("/v1/customers", CustomerBody(i)).status, 201);
  const auto refused =
      admin.Post("/v1/customers", CustomerBody(3), {{"MS-RequestId", "runaway-3"}});
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.Header("Retry-After"), "20");
  EXPECT_EQ(refused.Code(), "429");
  const auto body = refused.Json().as_object();
  EXPECT_EQ(body.at("source").as_string(), "seatshift");
  EXPECT_EQ(body.at("description").as_string(),
            "Rate limit is exceeded (3 requests per minute per agent). Try again in 20 seconds.");
  EXPECT_EQ(Detail(refused, "scope"), R"("agent")");
  EXPECT_EQ(Detail(refused, "limitPerMinute"), "3");
  EXPECT_EQ(Detail(refused, "retryAfterSeconds"), "20");
  EXPECT_EQ(refused.Header("MS-RequestId"), "runaway-3");
  EXPECT_FALSE(refused.Header("MS-CorrelationId").empty());
  // Nothing was done: no customer, and the idempotency key was not used up.
  EXPECT_EQ(CustomerCount(), 3);
  // Reads count too, and a refused request takes nothing: still 20 s to wait.
  EXPECT_EQ(admin.Get("/v1/customers").status, 429);
  EXPECT_EQ(admin.Send(boost::beast::http::verb::head, "/v1/customers").status, 429);

  // Other agents have their own budget; /healthz and unauthenticated requests are not counted.
  auto sales = As(Role::kSalesAgent);
  EXPECT_EQ(sales.Get("/v1/customers").status, 200);
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200);
  EXPECT_EQ(Anonymous().Get("/v1/customers").status, 401);

  // /metrics counts them, by limit and by route.
  const auto metrics = As(Role::kHelpdeskAgent).Get("/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_EQ(Sample(metrics.body, R"(seatshift_throttled_requests_total{scope="agent"})"), 3);
  EXPECT_EQ(Sample(metrics.body, R"(seatshift_throttled_requests_total{scope="customer"})"), 0);
  EXPECT_EQ(
      Sample(metrics.body, R"(seatshift_http_requests_total{route="/v1/customers",status="429"})"),
      3);

  // One second early is still too early; at Retry-After the key buys once.
  env_.monotonic().Advance(seconds(19));
  const auto early = admin.Post("/v1/customers", CustomerBody(3), {{"MS-RequestId", "runaway-3"}});
  EXPECT_EQ(early.status, 429);
  EXPECT_EQ(early.Header("Retry-After"), "1");
  env_.monotonic().Advance(seconds(1));
  EXPECT_EQ(admin.Post("/v1/customers", CustomerBody(3), {{"MS-RequestId", "runaway-3"}}).status,
            201);
  EXPECT_EQ(CustomerCount(), 4);
}

TEST_F(AgentThrottlingTest, AClientThatHonoursRetryAfterCompletesItsWork) {
  auto admin = Admin();
  constexpr int kCustomers = 12;
  int throttled = 0;
  std::int64_t waited = 0;
  for (int i = 0; i < kCustomers; ++i) {
    const std::map<std::string, std::string> key{{"MS-RequestId", fmt::format("create-{}", i)}};
    auto answer = admin.Post("/v1/customers", CustomerBody(i), key);
    if (answer.status == 429) {
      ++throttled;
      const std::string retry_after = answer.Header("Retry-After");
      ASSERT_FALSE(retry_after.empty());
      ASSERT_TRUE(std::all_of(retry_after.begin(), retry_after.end(), [](unsigned char c) {
        return std::isdigit(c);
      })) << retry_after;
      const std::int64_t wait = std::stoll(retry_after);
      ASSERT_GE(wait, 1);
      waited += wait;
      env_.monotonic().Advance(seconds(wait));
      // Waiting as told is enough: the retry goes through at once.
      answer = admin.Post("/v1/customers", CustomerBody(i), key);
    }
    ASSERT_EQ(answer.status, 201) << "customer " << i << ": " << answer.body;
  }
  EXPECT_EQ(CustomerCount(), kCustomers);
  // The burst of 3 went through at once; each of the other 9 waited one 20 s interval.
  EXPECT_EQ(throttled, kCustomers - 3);
  EXPECT_EQ(waited, (kCustomers - 3) * 20);
}

class CustomerThrottlingTest : public ApiTest {
 protected:
  // 2 writes per minute per customer: a burst of 2, then one every 30 s; no agent limit.
  CustomerThrottlingTest()
      : ApiTest(DefaultTestBackend(), false,
                {.agent_requests_per_minute = 0, .customer_writes_per_minute = 2}) {}

  std::string FriendlyName(const std::string& path) {
    const auto got = As(Role::kBillingAdmin).Get(path);
    EXPECT_EQ(got.status, 200) << got.body;
    return std::string(got.Json().at("friendlyName").as_string());
  }
  static std::string Rename(const std::string& name) {
    return fmt::format(R"({{"friendlyName":"{}"}})", name);
  }

  Customer busy_ = env_.NewCustomer("busy.test");
  Customer calm_ = env_.NewCustomer("calm.test");
  Subscription busy_sub_ = env_.Buy(busy_, "SPE_E3", 5);
  Subscription calm_sub_ = env_.Buy(calm_, "SPE_E3", 5);
};

TEST_F(CustomerThrottlingTest, OneCustomersRunawayWritesDoNotBlockTheOthers) {
  auto admin = Admin();
  EXPECT_EQ(admin.Patch(SubscriptionPath(busy_, busy_sub_), Rename("one")).status, 200);
  EXPECT_EQ(admin.Patch(SubscriptionPath(busy_, busy_sub_), Rename("two")).status, 200);
  const auto refused = admin.Patch(SubscriptionPath(busy_, busy_sub_), Rename("three"));
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.Header("Retry-After"), "30");
  EXPECT_EQ(refused.Code(), "429");
  EXPECT_EQ(Detail(refused, "scope"), R"("customer")");
  EXPECT_EQ(Detail(refused, "customerId"), "\"" + busy_.id.value().ToString() + "\"");
  EXPECT_EQ(Detail(refused, "limitPerMinute"), "2");
  EXPECT_EQ(Detail(refused, "retryAfterSeconds"), "30");
  EXPECT_EQ(FriendlyName(SubscriptionPath(busy_, busy_sub_)), "two");  // nothing written

  // The limit is the customer's, whichever agent writes and however its id is spelt; its
  // reads, and the other customer's writes, go on.
  auto sales = As(Role::kSalesAgent);
  EXPECT_EQ(sales
                .Post(CustomerPath(busy_) + "/users",
                      R"({"userPrincipalName":"new@busy.test","displayName":"New"})")
                .status,
            429);
  std::string shouted = busy_.id.value().ToString();
  std::transform(shouted.begin(), shouted.end(), shouted.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(
      admin
          .Patch("/v1/customers/" + shouted + "/subscriptions/" + busy_sub_.id.value().ToString(),
                 Rename("shouted"))
          .status,
      429);
  EXPECT_EQ(admin.Get(SubscriptionPath(busy_, busy_sub_)).status, 200);
  EXPECT_EQ(admin.Get(CustomerPath(busy_) + "/subscriptions").status, 200);
  EXPECT_EQ(sales.Patch(SubscriptionPath(calm_, calm_sub_), Rename("fine")).status, 200);
  EXPECT_EQ(FriendlyName(SubscriptionPath(calm_, calm_sub_)), "fine");
  // Writes without a {customerId} are limited only per agent (off here).
  EXPECT_EQ(admin.Post("/v1/customers", CustomerBody(0)).status, 201);

  const auto metrics = admin.Get("/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_EQ(Sample(metrics.body, R"(seatshift_throttled_requests_total{scope="customer"})"), 3);
  EXPECT_EQ(Sample(metrics.body, R"(seatshift_throttled_requests_total{scope="agent"})"), 0);

  env_.monotonic().Advance(seconds(30));
  EXPECT_EQ(admin.Patch(SubscriptionPath(busy_, busy_sub_), Rename("three")).status, 200);
  EXPECT_EQ(FriendlyName(SubscriptionPath(busy_, busy_sub_)), "three");
}

class DefaultThrottlingTest : public ApiTest {};

TEST_F(DefaultThrottlingTest, TheDefaultsLetABusyAgentThrough) {
  const api::ThrottleOptions defaults;
  EXPECT_GE(defaults.agent_requests_per_minute, 1000);
  EXPECT_GE(defaults.customer_writes_per_minute, 100);
  // A minute's worth at once, on a clock that stands still: no 429 before the limit.
  auto admin = Admin();
  const Customer customer = env_.NewCustomer("steady.test");
  const Subscription sub = env_.Buy(customer, "SPE_E3", 5);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(
        admin.Patch(SubscriptionPath(customer, sub), fmt::format(R"({{"friendlyName":"n{}"}})", i))
            .status,
        200)
        << i;
  }
}

}  // namespace
}  // namespace seatshift::testing
