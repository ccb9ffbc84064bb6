// Every route × every role (and no token): the server refuses exactly what the role matrix of
// MISSION.md forbids. A route missing from the table below fails the test, so a new route
// cannot ship without its permission stated.
#include <fmt/format.h>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

namespace http = boost::beast::http;

// nullopt: no authentication at all.
const std::map<std::string, std::optional<Permission>> kRoutePermissions = {
    {"GET /healthz", std::nullopt},
    {"GET /v1/session", Permission::kRead},
    {"GET /metrics", Permission::kRead},
    {"GET /openapi.json", Permission::kRead},
    {"GET /v1/products", Permission::kRead},
    {"GET /v1/skus", Permission::kRead},
    {"GET /v1/skus/{skuId}", Permission::kRead},
    {"POST /v1/catalog/imports", Permission::kManageCatalog},
    {"POST /v1/customers", Permission::kManageCustomers},
    {"GET /v1/customers", Permission::kRead},
    {"GET /v1/customers/{customerId}", Permission::kRead},
    {"POST /v1/customers/{customerId}/users", Permission::kManageUsers},
    {"GET /v1/customers/{customerId}/users", Permission::kRead},
    {"GET /v1/customers/{customerId}/users/{userId}", Permission::kRead},
    {"PATCH /v1/customers/{customerId}/users/{userId}", Permission::kManageUsers},
    {"DELETE /v1/customers/{customerId}/users/{userId}", Permission::kManageUsers},
    {"GET /v1/subscriptions", Permission::kReadReports},
    {"GET /v1/customers/{customerId}/subscriptions", Permission::kRead},
    {"GET /v1/customers/{customerId}/subscriptions/customTermEndDates", Permission::kRead},
    {"POST /v1/customers/{customerId}/renewalreductions", Permission::kManageSubscriptions},
    {"GET /v1/customers/{customerId}/subscriptions/{subscriptionId}", Permission::kRead},
    {"GET /v1/customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus",
     Permission::kRead},
    {"PATCH /v1/customers/{customerId}/subscriptions/{subscriptionId}",
     Permission::kManageSubscriptions},
    {"GET /v1/customers/{customerId}/orders/{orderId}/provisioningstatus", Permission::kRead},
    {"GET /v1/customers/{customerId}/subscriptions/{subscriptionId}/upgrades", Permission::kRead},
    {"GET /v1/customers/{customerId}/subscriptions/{subscriptionId}/transitioneligibilities",
     Permission::kRead},
    {"POST /v1/customers/{customerId}/subscriptions/{subscriptionId}/transitions",
     Permission::kManageMigrations},
    {"GET /v1/customers/{customerId}/subscriptions/{subscriptionId}/transitions",
     Permission::kRead},
    {"POST /v1/customers/{customerId}/subscriptions/{subscriptionId}/upgrades",
     Permission::kManageMigrations},
    {"POST /v1/customers/{customerId}/orders", Permission::kPlaceOrders},
    {"GET /v1/customers/{customerId}/orders", Permission::kRead},
    {"GET /v1/customers/{customerId}/orders/{orderId}", Permission::kRead},
    {"GET /v1/customers/{customerId}/subscribedskus", Permission::kRead},
    {"GET /v1/customers/{customerId}/users/{userId}/licenses", Permission::kRead},
    {"POST /v1/customers/{customerId}/users/{userId}/licenseupdates", Permission::kManageLicenses},
    {"POST /v1/customers/{customerId}/licenseupdates", Permission::kManageLicenses},
    {"GET /v1/customers/{customerId}/charges", Permission::kReadCharges},
    {"GET /v1/auditrecords", Permission::kReadAudit},
    {"GET /v1/clock", Permission::kRead},
    {"GET /v1/reports/serviceloss", Permission::kReadReports},
    {"POST /v1/clock/advance", Permission::kControlClock},
    {"POST /v1/migrations", Permission::kManageMigrations},
    {"GET /v1/migrations", Permission::kRead},
    {"GET /v1/migrations/{migrationId}", Permission::kRead},
    {"GET /v1/migrations/{migrationId}/events", Permission::kRead},
    {"POST /v1/migrations/{migrationId}/start", Permission::kManageMigrations},
    {"POST /v1/migrations/{migrationId}/pause", Permission::kManageMigrations},
    {"POST /v1/migrations/{migrationId}/resume", Permission::kManageMigrations},
    {"POST /v1/migrations/{migrationId}/rollback", Permission::kManageMigrations},
    {"POST /v1/agents", Permission::kManageAgents},
    {"GET /v1/agents", Permission::kManageAgents},
    {"POST /v1/agents/{agentId}/rotate", Permission::kManageAgents},
    {"POST /v1/agents/{agentId}/disable", Permission::kManageAgents},
    {"POST /v1/catalog/offermatrix/imports", Permission::kManageCatalog},
    {"PUT /v1/skus/{skuId}/offer", Permission::kManageCatalog},
    {"POST /v1/prices/imports", Permission::kManagePrices},
    {"GET /v1/prices", Permission::kRead},
    {"GET /v1/customers/{customerId}/quotes", Permission::kRead},
    {"GET /v1/prices/changes", Permission::kReadReports},
    {"GET /v1/prices/margins", Permission::kManagePrices},
    {"PUT /v1/prices/margins/{scope}/{key}", Permission::kManagePrices},
    {"DELETE /v1/prices/margins/{scope}/{key}", Permission::kManagePrices},
    {"GET /v1/events", Permission::kReadAudit},
    {"GET /v1/alerts", Permission::kReadReports},
    {"GET /v1/alerts/{alertId}", Permission::kReadReports},
    {"POST /v1/alerts/{alertId}/dismiss", Permission::kReadReports},
    {"POST /webhooks/v1/registration", Permission::kManageWebhooks},
    {"GET /webhooks/v1/registration", Permission::kManageWebhooks},
    {"PUT /webhooks/v1/registration", Permission::kManageWebhooks},
    {"DELETE /webhooks/v1/registration", Permission::kManageWebhooks},
    {"GET /webhooks/v1/registration/events", Permission::kManageWebhooks},
    {"POST /webhooks/v1/registration/validationEvents", Permission::kManageWebhooks},
    {"GET /webhooks/v1/registration/validationEvents/{correlationId}", Permission::kManageWebhooks},
    {"POST /v1/webhooks", Permission::kManageWebhooks},
    {"GET /v1/webhooks", Permission::kManageWebhooks},
    {"GET /v1/webhooks/{webhookId}", Permission::kManageWebhooks},
    {"PATCH /v1/webhooks/{webhookId}", Permission::kManageWebhooks},
    {"DELETE /v1/webhooks/{webhookId}", Permission::kManageWebhooks},
    {"POST /v1/webhooks/{webhookId}/secret", Permission::kManageWebhooks},
    {"GET /v1/webhooks/{webhookId}/deliveries", Permission::kManageWebhooks},
    {"GET /v1/webhooks/{webhookId}/deliveries/{deliveryId}", Permission::kManageWebhooks},
    {"POST /v1/webhooks/{webhookId}/replays", Permission::kManageWebhooks},
};

//! A file each import route accepts (a header and no rows), by route.
const std::map<std::string, std::string> kCsvBodies = {
    {"POST /v1/catalog/imports",
     "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,"
     "Service_Plans_Included_Friendly_Names\n"},
    {"POST /v1/catalog/offermatrix/imports", "ProductId,SkuId,MinLicenses,MaxLicenses\n"},
    {"POST /v1/prices/imports",
     "ProductId,SkuId,Market,Currency,TermDuration,BillingPlan,UnitPrice,EffectiveStartDate\n"},
};

class RoleMatrixTest : public ApiTest {
 protected:
  RoleMatrixTest() {
    subscription_ = env_.Buy(customer_, "SPE_E3", 50);
    order_ = *subscription_.order_id;
    for (int i = 0; i < 10; ++i) users_.push_back(env_.NewUser(customer_, fmt::format("u{}", i)));
    // Not one of the agents the requests are made as: rotating or disabling it ends no test
    // client's token.
    auto target = service::AgentService(env_.deps())
                      .Create(TestEnv::admin(), "target@partner.test", Role::kSalesAgent);
    EXPECT_TRUE(target.ok());
    target_agent_ = target->agent.id;
  }

  //! The route's path with real ids, and a body that is valid for it.
  std::pair<std::string, std::string> Concrete(const api::Route& route, int attempt) {
    std::string path = route.pattern;
    const auto replace = [&](const std::string& param, const std::string& value) {
      if (const auto at = path.find(param); at != std::string::npos)
        path.replace(at, param.size(), value);
    };
    const User& user = users_[static_cast<std::size_t>(attempt) % users_.size()];
    replace("{customerId}", customer_.id.value().ToString());
    replace("{userId}", user.id.value().ToString());
    replace("{subscriptionId}", subscription_.id.value().ToString());
    replace("{orderId}", order_.value().ToString());
    replace("{skuId}", "SPE_E3");
    replace("{agentId}", target_agent_.value().ToString());
    replace("{migrationId}", order_.value().ToString());  // any GUID: 404 is an allowed answer
    replace("{scope}", "segment");
    replace("{key}", "commercial");
    replace("{alertId}", order_.value().ToString());    // any GUID: 404 is an allowed answer
    replace("{webhookId}", order_.value().ToString());  // likewise
    replace("{correlationId}", "1");
    replace("{deliveryId}", "1");
    if (route.pattern == "/v1/reports/serviceloss") path += "?date=2027-06-01";
    if (route.pattern.ends_with("/customTermEndDates")) path += "?term_duration=P1Y";
    const std::string key = std::string(http::to_string(route.method)) + " " + route.pattern;
    std::string body;
    if (key == "POST /v1/customers") {
      body = fmt::format(
          R"({{"companyProfile":{{"companyName":"C{0}","domain":"c{0}.test"}},"country":"US","currency":"USD"}})",
          attempt);
    } else if (key == "POST /v1/customers/{customerId}/users") {
      body =
          fmt::format(R"({{"userPrincipalName":"new{}@contoso.test","displayName":"N"}})", attempt);
    } else if (key == "PATCH /v1/customers/{customerId}/users/{userId}") {
      body = R"({"displayName":"Renamed"})";
    } else if (key == "PATCH /v1/customers/{customerId}/subscriptions/{subscriptionId}") {
      body = fmt::format(R"({{"friendlyName":"name {}"}})", attempt);
    } else if (key == "POST /v1/customers/{customerId}/orders") {
      body = R"({"lineItems":[{"lineItemNumber":1,"offerId":"SPE_E3","quantity":1}]})";
    } else if (key == "POST /v1/customers/{customerId}/users/{userId}/licenseupdates") {
      body = R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})";
    } else if (key == "POST /v1/customers/{customerId}/licenseupdates") {
      body = fmt::format(
          R"({{"updates":[{{"userId":"{}","licensesToAssign":[{{"skuId":"SPE_E3"}}]}}]}})",
          user.id.value().ToString());
    } else if (key == "POST /v1/migrations") {
      body =
          R"({"sourceOfferId":"SPE_E3","customerIds":"all","targetOfferId":"SPE_E5","dryRun":true})";
    } else if (key == "POST /v1/customers/{customerId}/subscriptions/{subscriptionId}/upgrades") {
      body = R"({"targetOffer":{"id":"SPE_E5"},"upgradeType":"upgrade_only"})";
    } else if (key ==
               "POST /v1/customers/{customerId}/subscriptions/{subscriptionId}/transitions") {
      body = R"({"toCatalogItemId":"SPE_E5","quantity":1,"transitionType":"transition_only"})";
    } else if (key == "PUT /v1/skus/{skuId}/offer") {
      body = R"({"offerId":"CFQ7TTC0LFLX:0001"})";
    } else if (key == "PUT /v1/prices/margins/{scope}/{key}") {
      body = R"({"basisPoints":1000})";
    } else if (key == "POST /v1/clock/advance") {
      body = R"({"days":1})";
    } else if (key == "POST /webhooks/v1/registration" || key == "PUT /webhooks/v1/registration") {
      body = R"({"WebhookUrl":"http://127.0.0.1:9/hook","WebhookEvents":["subscription-updated"]})";
    } else if (key == "POST /v1/webhooks") {
      body = R"({"url":"http://127.0.0.1:9/hook"})";
    } else if (key == "PATCH /v1/webhooks/{webhookId}") {
      body = R"({"paused":true})";
    } else if (key == "POST /v1/webhooks/{webhookId}/replays") {
      body = R"({"eventId":1})";
    } else if (key == "POST /v1/agents") {
      body = fmt::format(R"({{"email":"new{}@partner.test","role":"sales_agent"}})", attempt);
    }
    return {path, body};
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
  Subscription subscription_;
  OrderId order_;
  std::vector<User> users_;
  AgentId target_agent_;
};

TEST_F(RoleMatrixTest, EveryRouteRefusesExactlyWhatEachRoleMayNotDo) {
  int attempt = 0;
  for (const api::Route& route : api_.router().routes()) {
    const std::string key = std::string(http::to_string(route.method)) + " " + route.pattern;
    // Signing in and out is for anyone, whatever the role: portal_session_test covers them.
    if (key == "POST /v1/session" || key == "DELETE /v1/session") continue;
    const auto expected = kRoutePermissions.find(key);
    ASSERT_NE(expected, kRoutePermissions.end()) << key << " has no permission in the matrix";
    auto [path, body] = Concrete(route, attempt++);
    const auto csv_body = kCsvBodies.find(key);
    const bool csv = csv_body != kCsvBodies.end();
    const std::map<std::string, std::string> headers =
        csv ? std::map<std::string, std::string>{{"Content-Type", "text/csv"}}
            : std::map<std::string, std::string>{};
    if (csv) body = csv_body->second;
    const int anonymous = Anonymous().Send(route.method, path, body, headers).status;
    // Every GET route answers HEAD, refusing and allowing exactly as GET does.
    const bool get = route.method == http::verb::get;
    if (get) {
      EXPECT_EQ(Anonymous().Send(http::verb::head, path).status, anonymous) << "HEAD " << key;
    }
    if (!expected->second) {
      EXPECT_EQ(anonymous, 200) << key;
      continue;
    }
    EXPECT_EQ(anonymous, 401) << key;
    for (Role role :
         {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent, Role::kBillingAdmin}) {
      std::tie(path, body) = Concrete(route, attempt++);
      if (csv) body = csv_body->second;
      const auto response = As(role).Send(route.method, path, body, headers);
      if (get) {
        EXPECT_EQ(As(role).Send(http::verb::head, path).status, response.status)
            << "HEAD " << key << " as " << ToString(role);
      }
      if (Allows(role, *expected->second)) {
        EXPECT_NE(response.status, 403) << key << " as " << ToString(role) << ": " << response.body;
        EXPECT_NE(response.status, 401) << key << " as " << ToString(role);
        EXPECT_LT(response.status, 500) << key << " as " << ToString(role) << ": " << response.body;
      } else {
        EXPECT_EQ(response.status, 403) << key << " as " << ToString(role) << ": " << response.body;
      }
    }
  }
  // The matrix holds every route but the two of signing in and out.
  EXPECT_EQ(api_.router().routes().size(), kRoutePermissions.size() + 2)
      << "stale entries in the matrix";
}

}  // namespace
}  // namespace seatshift::testing
