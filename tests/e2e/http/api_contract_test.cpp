// The REST contract of shared/design/API.md, spoken over real HTTP to the real server.
#include <fmt/format.h>

#include <latch>
#include <set>
#include <thread>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

namespace http = boost::beast::http;

class ApiContractTest : public ApiTest {
 protected:
  Customer customer_ = env_.NewCustomer("contoso.test");
};

TEST_F(ApiContractTest, HealthNeedsNoTokenEverythingElseDoes) {
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200);
  const auto missing = Anonymous().Get("/v1/products");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.Code(), "401");
  EXPECT_EQ(missing.Json().at("source"), "seatshift");
  HttpClient forged(server_.port(), "sst_" + std::string(43, 'A'));
  EXPECT_EQ(forged.Get("/v1/products").status, 401);
  HttpClient garbage(server_.port(), "not a token");
  EXPECT_EQ(garbage.Get("/v1/products").status, 401);
}

TEST_F(ApiContractTest, CustomerLifecycleThroughTheApi) {
  auto admin = Admin();
  const auto created = admin.Post(
      "/v1/customers",
      R"({"companyProfile":{"companyName":"Fabrikam","domain":"fabrikam.test"},"segment":"education","country":"GB","currency":"GBP"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = created.Json();
  EXPECT_EQ(body.at("companyProfile").at("domain"), "fabrikam.test");
  EXPECT_EQ(body.at("attributes").at("objectType"), "Customer");
  EXPECT_FALSE(created.Header("MS-CorrelationId").empty());
  const std::string id(body.at("id").as_string());
  const auto got = admin.Get("/v1/customers/" + id);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.Json(), body);
  const auto duplicate = admin.Post(
      "/v1/customers",
      R"({"companyProfile":{"companyName":"Again","domain":"FABRIKAM.test"},"country":"GB","currency":"GBP"})");
  EXPECT_EQ(duplicate.status, 409);
}

TEST_F(ApiContractTest, MalformedInputIsA400WithTheErrorBody) {
  auto admin = Admin();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "400"},
      {"[1,2,3]", "400"},
      {R"({"companyProfile":{"companyName":"X","domain":"x.test"},"country":"US","currency":"USD","colour":"red"})",
       "400"},
      {R"({"companyProfile":{"companyName":7,"domain":"x.test"},"country":"US","currency":"USD"})",
       "400"},
      {R"({"companyProfile":{"companyName":"X","domain":"x.test"},"country":"USA","currency":"USD"})",
       "400"},
      {R"({"companyProfile":{"companyName":"X; DROP TABLE customers;--","domain":"x..test"},"country":"US","currency":"USD"})",
       "400"},
  };
  for (const auto& [body, code] : cases) {
    const auto response = admin.Post("/v1/customers", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(response.Code(), code) << body;
    EXPECT_FALSE(response.Json().at("description").as_string().empty());
  }
  EXPECT_EQ(admin.Get("/v1/customers/not-a-guid").status, 400);
  EXPECT_EQ(admin.Get("/v1/customers/..%2f..%2fetc%2fpasswd").status, 400);
  EXPECT_EQ(admin.Get("/v1/customers?size=0").status, 400);
  EXPECT_EQ(admin.Get("/v1/customers?size=99999999999999999999").status, 400);
  EXPECT_EQ(admin.Get("/v1/customers?continuationToken=%27%20OR%201%3D1").status, 400);
  EXPECT_EQ(admin.Post("/v1/customers", "{}", {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(admin.Send(http::verb::put, "/v1/customers").status, 405);
  EXPECT_EQ(admin.Get("/v1/nothing-here").status, 404);
  // Nothing above created anything.
  auto page = env_.store().Read()->ListCustomers({}, {.after = "", .limit = 10});
  EXPECT_EQ(page->total, 1);
}

TEST_F(ApiContractTest, BodiesOverOneMebibyteAre413) {
  const std::string huge =
      R"({"companyProfile":{"companyName":")" + std::string(2 << 20, 'x') + R"("}})";
  const auto response = Admin().Post("/v1/customers", huge);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.Code(), "413");
  EXPECT_EQ(Admin().Get("/healthz").status, 200) << "the server is still up";
}

TEST_F(ApiContractTest, RetriedCreateWithTheSameRequestIdCreatesOnce) {
  auto admin = Admin();
  const std::string body =
      R"({"companyProfile":{"companyName":"Once","domain":"once.test"},"country":"US","currency":"USD"})";
  const auto first = admin.Post("/v1/customers", body, {{"MS-RequestId", "req-42"}});
  const auto retry = admin.Post("/v1/customers", body, {{"MS-RequestId", "req-42"}});
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.Header("MS-RequestId"), "req-42");
  EXPECT_EQ(env_.store().Read()->ListCustomers({}, {.after = "", .limit = 10})->total, 2);

  const std::string order =
      R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":5}]})";
  const auto bought =
      admin.Post(CustomerPath(customer_) + "/orders", order, {{"MS-RequestId", "buy-1"}});
  const auto again =
      admin.Post(CustomerPath(customer_) + "/orders", order, {{"MS-RequestId", "buy-1"}});
  ASSERT_EQ(bought.status, 201) << bought.body;
  EXPECT_EQ(again.body, bought.body);
  EXPECT_EQ(env_.store()
                .Read()
                ->ListSubscriptions({.customer_id = customer_.id}, {.after = "", .limit = 10})
                ->total,
            1);
  // The same key on another customer's orders is another request: refused, nothing bought,
  // never the first customer's order.
  const Customer other = env_.NewCustomer("other.test");
  const auto elsewhere =
      admin.Post(CustomerPath(other) + "/orders", order, {{"MS-RequestId", "buy-1"}});
  EXPECT_EQ(elsewhere.status, 409) << elsewhere.body;
  EXPECT_EQ(elsewhere.Code(), "requestIdReused");
  EXPECT_EQ(env_.store()
                .Read()
                ->ListSubscriptions({.customer_id = other.id}, {.after = "", .limit = 10})
                ->total,
            0);
}

TEST_F(ApiContractTest, StaleEtagIs412AndChangesNothing) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 5);
  auto admin = Admin();
  const auto got = admin.Get(SubscriptionPath(customer_, sub));
  ASSERT_EQ(got.status, 200);
  const std::string etag = got.Header("ETag");
  EXPECT_EQ(etag, "\"1\"");
  ASSERT_EQ(admin.Patch(SubscriptionPath(customer_, sub), R"({"quantity":6})", {{"If-Match", etag}})
                .status,
            200);
  const auto stale =
      admin.Patch(SubscriptionPath(customer_, sub), R"({"quantity":7})", {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.Code(), "2055");
  EXPECT_EQ(env_.store().Read()->FindSubscription(customer_.id, sub.id)->quantity, 6);
}

TEST_F(ApiContractTest, UsersCarryEtagsToo) {
  const User ada = env_.NewUser(customer_, "ada");
  auto admin = Admin();
  const auto got = admin.Get(UserPath(customer_, ada));
  EXPECT_EQ(got.Header("ETag"), "\"1\"");
  const auto renamed =
      admin.Patch(UserPath(customer_, ada), R"({"displayName":"Ada L."})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Header("ETag"), "\"2\"");
  const auto stale =
      admin.Patch(UserPath(customer_, ada), R"({"displayName":"Ada"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.Code(), "2055");
  EXPECT_EQ(
      admin.Patch(UserPath(customer_, ada), R"({"userPrincipalName":"x@contoso.test"})").status,
      400)
      << "the principal name never changes";
}

// One license update is one audit record: who made it (agent and role), and the user's licenses
// before and after, found by the user's id.
TEST_F(ApiContractTest, OneLicenseUpdateWritesOneAuditRecordWithActorBeforeAndAfter) {
  env_.Buy(customer_, "SPE_E3", 2);
  const User ada = env_.NewUser(customer_, "ada");
  auto helpdesk = As(Role::kHelpdeskAgent);
  const auto assigned = helpdesk.Post(UserPath(customer_, ada) + "/licenseupdates",
                                      R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})");
  ASSERT_EQ(assigned.status, 201) << assigned.body;
  const auto audit = Admin().Get("/v1/auditrecords?size=100&resourceId=" + ToString(ada.id));
  ASSERT_EQ(audit.status, 200) << audit.body;
  const boost::json::value records = audit.Json();
  std::vector<boost::json::object> updates;
  for (const auto& r : records.at("items").as_array()) {
    if (r.at("operation") == "license.update") updates.push_back(r.as_object());
  }
  ASSERT_EQ(updates.size(), 1u) << audit.body;
  const boost::json::object& record = updates.front();
  EXPECT_EQ(record.at("role").as_string(), ToString(Role::kHelpdeskAgent));
  EXPECT_NE(record.at("agentId"), "system");
  EXPECT_EQ(record.at("resourceType"), "CustomerUser");
  EXPECT_EQ(boost::json::serialize(record.at("before")).find("SPE_E3"), std::string::npos)
      << record;
  EXPECT_NE(boost::json::serialize(record.at("after")).find("SPE_E3"), std::string::npos) << record;
}

// A page of users with their licenses in one request: each user's licenses as its own route
// lists them, users without any with an empty list; any other include is refused, named.
TEST_F(ApiContractTest, AUsersPageCarriesTheirLicensesWhenAsked) {
  env_.Buy(customer_, "SPE_E3", 2);
  const User ada = env_.NewUser(customer_, "ada");
  env_.NewUser(customer_, "ben");  // holds none
  ASSERT_TRUE(env_.Assign(customer_, ada, "SPE_E3").ok());
  auto sales = As(Role::kSalesAgent);
  const auto page = sales.Get(CustomerPath(customer_) + "/users?include=licenses&size=10");
  ASSERT_EQ(page.status, 200) << page.body;
  const boost::json::value users = page.Json();
  ASSERT_EQ(users.at("items").as_array().size(), 2u);
  for (const auto& user : users.at("items").as_array()) {
    const std::string id(user.at("id").as_string());
    const auto own =
        sales.Get(CustomerPath(customer_) + "/users/" + id + "/licenses").Json().at("items");
    EXPECT_EQ(user.at("licenses"), own) << id;
  }
  EXPECT_EQ(users.at("items").at(0).at("licenses").as_array().size(), 1u);
  EXPECT_TRUE(users.at("items").at(1).at("licenses").as_array().empty());
  EXPECT_FALSE(sales.Get(CustomerPath(customer_) + "/users")
                   .Json()
                   .at("items")
                   .at(0)
                   .as_object()
                   .contains("licenses"));
  const auto refused = sales.Get(CustomerPath(customer_) + "/users?include=subscriptions");
  EXPECT_EQ(refused.status, 400) << refused.body;
}

TEST_F(ApiContractTest, EveryBusinessRuleErrorCodeOfTheContract) {
  auto admin = Admin();
  const Subscription kaizala = env_.Existing(customer_, "KAIZALA_PRO", 1, "2027-03-31");
  const Subscription e3 = env_.Buy(customer_, "SPE_E3", 2);
  const User ada = env_.NewUser(customer_, "ada");
  const User ben = env_.NewUser(customer_, "ben");
  ASSERT_TRUE(env_.Assign(customer_, ada, "SPE_E3").ok());
  ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "cy"), "SPE_E3").ok());
  const auto expect = [](const HttpResult& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Code(), code) << r.body;
  };
  const std::string licenses = UserPath(customer_, ben) + "/licenseupdates";
  expect(admin.Post(licenses, R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})"), 409, "60012");
  expect(
      admin.Post(
          licenses,
          R"({"licensesToAssign":[{"skuId":"SPE_E3","excludedPlans":["0898bdbb-73b0-471a-81e5-20f1fe4dd66e"]}]})"),
      400, "servicePlanNotInSku");
  expect(admin.Patch(SubscriptionPath(customer_, e3), R"({"quantity":1})"), 409, "800090");
  expect(admin.Patch(SubscriptionPath(customer_, e3), R"({"quantity":20000})"), 400, "2002");
  expect(admin.Patch(SubscriptionPath(customer_, kaizala), R"({"autoRenewEnabled":true})"), 409,
         "800093");
  expect(admin.Patch(SubscriptionPath(customer_, e3), R"({"status":"suspended"})"), 409,
         "licensesStillAssigned");
  expect(admin.Post(CustomerPath(customer_) + "/orders",
                    R"({"lineItems":[{"lineItemNumber":1,"offerId":"KAIZALA_PRO","quantity":5}]})"),
         409, "offerNotPurchasable");
  ASSERT_EQ(admin.Patch(SubscriptionPath(customer_, kaizala), R"({"status":"suspended"})").status,
            200);
  expect(admin.Patch(SubscriptionPath(customer_, kaizala), R"({"quantity":3})"), 409, "800091");
  expect(admin.Get(CustomerPath(customer_) + "/subscriptions/" + Uuid::V7(1, 2, 3).ToString()), 404,
         "20003");
  expect(admin.Get("/v1/customers/" + Uuid::V7(1, 2, 3).ToString()), 404, "404");
  expect(As(Role::kHelpdeskAgent)
             .Post(CustomerPath(customer_) + "/orders",
                   R"({"lineItems":[{"lineItemNumber":1,"offerId":"SPE_E3","quantity":1}]})"),
         403, "403");
  // A deleted subscription cannot be updated (2011).
  Subscription gone = env_.Existing(customer_, "SPE_E5", 1, "2027-03-31");
  gone.status = SubscriptionStatus::kDeleted;
  {
    auto tx = env_.store().Write();
    ASSERT_TRUE(tx->UpdateSubscription(gone).ok());
    tx->Commit();
  }
  expect(admin.Patch(SubscriptionPath(customer_, gone), R"({"friendlyName":"back"})"), 409, "2011");
}

TEST_F(ApiContractTest, PagingThrough2500UsersSkipsAndRepeatsNothing) {
  {
    auto tx = env_.store().Write();
    for (int i = 0; i < 2500; ++i) {
      ASSERT_TRUE(tx->InsertUser({.id = UserId(env_.deps().ids.Next()),
                                  .customer_id = customer_.id,
                                  .user_principal_name = fmt::format("u{}@contoso.test", i),
                                  .display_name = "U",
                                  .usage_location = "US",
                                  .created_at = env_.clock().Now()})
                      .ok());
    }
    tx->Commit();
  }
  auto admin = Admin();
  std::set<std::string> seen;
  std::string target = CustomerPath(customer_) + "/users?size=1000";
  int pages = 0;
  while (!target.empty()) {
    const auto page = admin.Get(target);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.Json();
    EXPECT_EQ(body.at("totalCount").as_int64(), 2500);
    for (const auto& item : body.at("items").as_array()) {
      EXPECT_TRUE(seen.insert(std::string(item.at("id").as_string())).second) << "repeated";
    }
    ++pages;
    const auto& links = body.at("links").as_object();
    target = links.contains("next") ? std::string(links.at("next").at("uri").as_string()) : "";
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 2500u);
}

TEST_F(ApiContractTest, ConcurrentClientsRaceForTheLastSeatExactlyOneWins) {
  env_.Buy(customer_, "SPE_E3", 1);
  constexpr int kClients = 8;
  std::vector<User> users;
  for (int i = 0; i < kClients; ++i)
    users.push_back(env_.NewUser(customer_, fmt::format("racer{}", i)));
  std::latch start(kClients);
  std::vector<int> statuses(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto client = Admin();
      start.arrive_and_wait();
      statuses[i] = client
                        .Post(UserPath(customer_, users[i]) + "/licenseupdates",
                              R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})")
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kClients - 1);
  EXPECT_EQ(env_.store().Read()->CountSeats(customer_.id, SkuId("SPE_E3")).assigned, 1);
}

TEST_F(ApiContractTest, SwapThroughBulkLicenseUpdatesIsAtomic) {
  env_.Existing(customer_, "KAIZALA_PRO", 2, "2027-03-31");
  env_.Buy(customer_, "SPE_E3", 1);
  const User ada = env_.NewUser(customer_, "ada");
  const User ben = env_.NewUser(customer_, "ben");
  ASSERT_TRUE(env_.Assign(customer_, ada, "KAIZALA_PRO").ok());
  ASSERT_TRUE(env_.Assign(customer_, ben, "KAIZALA_PRO").ok());
  const auto swap_body = [&](const std::vector<User>& users) {
    std::string items;
    for (const User& u : users) {
      items += fmt::format(
          R"({}{{"userId":"{}","licensesToAssign":[{{"skuId":"SPE_E3"}}],"licensesToRemove":["KAIZALA_PRO"]}})",
          items.empty() ? "" : ",", u.id.value().ToString());
    }
    return "{\"updates\":[" + items + "]}";
  };
  auto admin = Admin();
  const auto refused =
      admin.Post(CustomerPath(customer_) + "/licenseupdates", swap_body({ada, ben}));
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(env_.store().Read()->CountSeats(customer_.id, SkuId("KAIZALA_PRO")).assigned, 2)
      << "nothing moved";
  const auto moved = admin.Post(CustomerPath(customer_) + "/licenseupdates", swap_body({ada}));
  ASSERT_EQ(moved.status, 201) << moved.body;
  EXPECT_EQ(moved.Json().at("updates").at(0).at("licensesToRemove").at(0), "KAIZALA_PRO");
  const auto held = admin.Get(UserPath(customer_, ada) + "/licenses").Json();
  EXPECT_EQ(held.at("items").at(0).at("productSku").at("id"), "SPE_E3");
}

TEST_F(ApiContractTest, PartnerWideSearchFindsSubscriptionsAtRiskAsJsonAndCsv) {
  env_.Existing(customer_, "KAIZALA_PRO", 5, "2027-01-31");
  env_.Buy(customer_, "SPE_E3", 5);
  auto sales = As(Role::kSalesAgent);
  const auto found =
      sales.Get("/v1/subscriptions?autoRenewEnabled=false&status=active&endsBefore=2027-06-01");
  ASSERT_EQ(found.status, 200) << found.body;
  const auto items = found.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("offerId"), "KAIZALA_PRO");
  EXPECT_EQ(items[0].at("daysUntilEnd").as_int64(), 67);
  EXPECT_EQ(items[0].at("replacementSkuIds").as_array().size(), 16u);
  const auto csv =
      sales.Get("/v1/subscriptions?autoRenewEnabled=false&status=active", {{"Accept", "text/csv"}});
  EXPECT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.Header("Content-Type").starts_with("text/csv"));
  EXPECT_NE(csv.body.find("KAIZALA_PRO"), std::string::npos);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 2) << csv.body;
}

TEST_F(ApiContractTest, MetricsCountRequestsByRouteAndStatus) {
  auto admin = Admin();
  admin.Get("/v1/products");
  const auto metrics = admin.Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find(R"(seatshift_http_requests_total{route="/v1/products",status="200"} 1)"),
      std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("seatshift_db_commit_duration_seconds_count"), std::string::npos);
}

}  // namespace
}  // namespace seatshift::testing
