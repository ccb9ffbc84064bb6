// Partner Center's upgrade of one subscription over the real server:
// GET .../subscriptions/{id}/upgrades lists the source SKU's replacements with their eligibility,
// POST runs A + B + C for that subscription on the migration engine within the request.
#include <fmt/format.h>

#include <latch>
#include <set>
#include <thread>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

namespace json = boost::json;

constexpr std::int64_t kSeats = 5;
constexpr int kUsers = 3;

class UpgradesApiTest : public ApiTest {
 protected:
  UpgradesApiTest() {
    kaizala_ = env_.Existing(customer_, "KAIZALA_PRO", kSeats, "2027-03-31");
    for (int i = 0; i < kUsers; ++i) {
      users_.push_back(env_.NewUser(customer_, fmt::format("u{}", i)));
      EXPECT_TRUE(env_.Assign(customer_, users_.back(), "KAIZALA_PRO").ok());
    }
    // Another subscription of the customer, with its own user: the upgrade leaves both alone.
    other_ = env_.Buy(customer_, "STANDARDPACK", 4);
    bystander_ = env_.NewUser(customer_, "bystander");
    EXPECT_TRUE(env_.Assign(customer_, bystander_, "STANDARDPACK").ok());
  }

  std::string UpgradesPath(const Subscription& s) const {
    return SubscriptionPath(customer_, s) + "/upgrades";
  }

  static std::string Body(const std::string& target, const std::string& type,
                          const std::string& extra = "") {
    return fmt::format(R"({{"targetOffer":{{"id":"{}"}},"upgradeType":"{}"{}}})", target, type,
                       extra);
  }

  //! The SKU ids of the user's licenses, as the licenses API answers them.
  std::vector<std::string> LicensesOf(const User& user) {
    const auto got = Admin().Get(UserPath(customer_, user) + "/licenses");
    EXPECT_EQ(got.status, 200) << got.body;
    const json::value held = got.Json();
    std::vector<std::string> skus;
    for (const auto& item : held.at("items").as_array()) {
      skus.emplace_back(item.at("productSku").at("id").as_string());
    }
    return skus;
  }

  std::int64_t Count(const std::string& collection) {
    const auto got = Admin().Get(collection);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json().at("totalCount").as_int64();
  }

  json::value GetJson(const std::string& path) {
    const auto got = Admin().Get(path);
    EXPECT_EQ(got.status, 200) << path << ": " << got.body;
    return got.Json();
  }

  //! Nothing was bought, moved, suspended or stored.
  void ExpectNothingChanged(std::int64_t orders_before) {
    EXPECT_EQ(Count(CustomerPath(customer_) + "/orders"), orders_before);
    EXPECT_EQ(Count("/v1/migrations"), 0);
    EXPECT_EQ(GetJson(SubscriptionPath(customer_, kaizala_)).at("status"), "active");
    for (const User& u : users_) EXPECT_EQ(LicensesOf(u), std::vector<std::string>{"KAIZALA_PRO"});
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
  Subscription kaizala_;
  Subscription other_;
  std::vector<User> users_;
  User bystander_;
};

TEST_F(UpgradesApiTest, ListsTheReplacementsOfAKaizalaSubscriptionWithTheirEligibility) {
  const auto replacements = GetJson("/v1/skus/KAIZALA_PRO").at("replacementSkuIds").as_array();
  ASSERT_FALSE(replacements.empty());
  for (Role role :
       {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent, Role::kBillingAdmin}) {
    EXPECT_EQ(As(role).Get(UpgradesPath(kaizala_)).status, 200) << ToString(role);
  }
  const auto got = As(Role::kHelpdeskAgent).Get(UpgradesPath(kaizala_));
  ASSERT_EQ(got.status, 200) << got.body;
  const auto list = got.Json();
  EXPECT_EQ(list.at("attributes").at("objectType"), "Collection");
  EXPECT_EQ(list.at("totalCount").as_int64(), std::ssize(replacements));
  const auto& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), replacements.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const auto& offer = item.at("targetOffer");
    EXPECT_EQ(offer.at("id"), replacements[i]);
    EXPECT_EQ(offer.at("name"), offer.at("title"));
    EXPECT_FALSE(offer.at("name").as_string().empty());
    EXPECT_EQ(offer.at("attributes").at("objectType"), "Offer");
    EXPECT_TRUE(offer.as_object().contains("servicePlans")) << offer;
    EXPECT_EQ(item.at("upgradeType"), "upgrade_with_license_transfer") << item;
    EXPECT_TRUE(item.at("isEligible").as_bool()) << item;
    EXPECT_EQ(item.at("quantity").as_int64(), kSeats);
    EXPECT_TRUE(item.at("upgradeErrors").as_array().empty()) << item;
    EXPECT_EQ(item.at("attributes").at("objectType"), "Upgrade");
  }
}

TEST_F(UpgradesApiTest, ASuspendedSourceIsNotEligibleAndASkuWithoutReplacementsHasNoPath) {
  const Customer idle = env_.NewCustomer("idle.test");
  const Subscription parked = env_.Existing(idle, "KAIZALA_PRO", 2, "2027-03-31");
  ASSERT_EQ(Admin().Patch(SubscriptionPath(idle, parked), R"({"status":"suspended"})").status, 200);
  const auto suspended = GetJson(SubscriptionPath(idle, parked) + "/upgrades");
  ASSERT_FALSE(suspended.at("items").as_array().empty());
  for (const auto& item : suspended.at("items").as_array()) {
    EXPECT_FALSE(item.at("isEligible").as_bool());
    const auto& errors = item.at("upgradeErrors").as_array();
    ASSERT_EQ(errors.size(), 1u) << item;
    EXPECT_EQ(errors[0].at("code"), "subscription_status_not_active");
    EXPECT_EQ(errors[0].at("additionalDetails"), "suspended");
    EXPECT_EQ(errors[0].at("attributes").at("objectType"), "UpgradeError");
  }

  // STANDARDPACK (Office 365 E1) has no replacements: one Upgrade without a target offer.
  const auto none = GetJson(UpgradesPath(other_));
  EXPECT_EQ(none.at("totalCount").as_int64(), 1);
  const auto& item = none.at("items").as_array().at(0);
  EXPECT_TRUE(item.at("targetOffer").is_null());
  EXPECT_EQ(item.at("upgradeType"), "none");
  EXPECT_FALSE(item.at("isEligible").as_bool());
  EXPECT_EQ(item.at("quantity").as_int64(), 4);
  ASSERT_EQ(item.at("upgradeErrors").as_array().size(), 1u);
  EXPECT_EQ(item.at("upgradeErrors").as_array()[0].at("code"),
            "subscription_does_not_have_any_upgrade_paths");
  const auto posted = Admin().Post(UpgradesPath(other_), Body("SPE_E3", "upgrade_only"));
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.Json().at("upgradeErrors").as_array().at(0).at("code"),
            "subscription_does_not_have_any_upgrade_paths");
  EXPECT_EQ(Count("/v1/migrations"), 0);
}

TEST_F(UpgradesApiTest, PostMovesTheSubscriptionsUsersSuspendsItAndLeavesTheRestAlone) {
  const auto other_before = Admin().Get(SubscriptionPath(customer_, other_));
  const auto posted =
      As(Role::kSalesAgent)
          .Post(UpgradesPath(kaizala_), Body("SPE_E3", "upgrade_with_license_transfer"));
  ASSERT_EQ(posted.status, 200) << posted.body;
  const auto result = posted.Json();
  EXPECT_EQ(result.at("attributes").at("objectType"), "UpgradeResult");
  EXPECT_EQ(result.at("sourceSubscriptionId"), json::value(ToString(kaizala_.id)));
  EXPECT_EQ(result.at("upgradeType"), "upgrade_with_license_transfer");
  EXPECT_TRUE(result.at("upgradeErrors").as_array().empty()) << result;
  EXPECT_TRUE(result.at("licenseErrors").as_array().empty()) << result;
  ASSERT_TRUE(result.at("targetSubscriptionId").is_string()) << result;
  const std::string target(result.at("targetSubscriptionId").as_string());

  // B: every user of the subscription now holds the target, and only it.
  for (const User& u : users_) EXPECT_EQ(LicensesOf(u), std::vector<std::string>{"SPE_E3"});
  // A: the new subscription, sized like the source.
  const auto bought = GetJson(CustomerPath(customer_) + "/subscriptions/" + target);
  EXPECT_EQ(bought.at("offerId"), "SPE_E3");
  EXPECT_EQ(bought.at("status"), "active");
  EXPECT_EQ(bought.at("quantity").as_int64(), kSeats);
  // C: the source is suspended (deprovisioned 120 days later).
  const auto source = GetJson(SubscriptionPath(customer_, kaizala_));
  EXPECT_EQ(source.at("status"), "suspended");
  EXPECT_FALSE(source.at("deprovisionDate").is_null());
  // The customer's other subscription and its user are untouched.
  const auto other_after = Admin().Get(SubscriptionPath(customer_, other_));
  EXPECT_EQ(other_after.body, other_before.body);
  EXPECT_EQ(other_after.Header("ETag"), other_before.Header("ETag"));
  EXPECT_EQ(LicensesOf(bystander_), std::vector<std::string>{"STANDARDPACK"});

  // It ran as a migration of this one subscription, listed and audited under its id.
  const std::string migration(result.at("migrationId").as_string());
  const auto migrations = GetJson("/v1/migrations");
  ASSERT_EQ(migrations.at("totalCount").as_int64(), 1);
  const auto& listed = migrations.at("items").as_array()[0];
  EXPECT_EQ(listed.at("id"), json::value(migration));
  EXPECT_EQ(listed.at("status"), "completed");
  EXPECT_EQ(listed.at("sourceSubscriptionId"), json::value(ToString(kaizala_.id)));
  EXPECT_EQ(listed.at("progress").at("usersMoved").as_int64(), kUsers);
  const auto audit = GetJson("/v1/auditrecords?resourceId=" + migration);
  std::set<std::string> operations;
  for (const auto& record : audit.at("items").as_array()) {
    operations.emplace(record.at("operation").as_string());
    if (record.at("operation") == "migration.plan") {
      EXPECT_EQ(record.at("agentId"), "sales_agent@partner.test");
    }
  }
  EXPECT_TRUE(operations.contains("migration.plan")) << audit;
  EXPECT_TRUE(operations.contains("migration.start")) << audit;
  EXPECT_TRUE(operations.contains("migration.complete")) << audit;
}

TEST_F(UpgradesApiTest, ARetriedPostWithTheSameRequestIdBuysOnce) {
  const std::string orders = CustomerPath(customer_) + "/orders";
  const std::int64_t before = Count(orders);
  const std::string body = Body("SPE_E5", "upgrade_with_license_transfer");
  const auto first = Admin().Post(UpgradesPath(kaizala_), body, {{"MS-RequestId", "upgrade-1"}});
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_TRUE(first.Json().at("targetSubscriptionId").is_string()) << first.body;
  const auto again = Admin().Post(UpgradesPath(kaizala_), body, {{"MS-RequestId", "upgrade-1"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("MS-RequestId"), "upgrade-1");
  EXPECT_EQ(Count(orders), before + 1);
  EXPECT_EQ(Count("/v1/migrations"), 1);

  // A new request id asks again: the source is suspended now, so nothing more is bought.
  const auto other = Admin().Post(UpgradesPath(kaizala_), body, {{"MS-RequestId", "upgrade-2"}});
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.Json().at("upgradeErrors").as_array().at(0).at("code"),
            "subscription_status_not_active");
  EXPECT_TRUE(other.Json().at("targetSubscriptionId").is_null());
  EXPECT_EQ(Count(orders), before + 1);
  // The key names this upgrade: reused on another route it is refused.
  EXPECT_EQ(
      Admin()
          .Post("/v1/migrations",
                R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"SPE_E3"})",
                {{"MS-RequestId", "upgrade-1"}})
          .status,
      409);
}

// Upgrades of one subscription sent at once, each with its own request id, buy once: one is in
// flight at a time, and the others are told so (or, once it is done, that the source is no longer
// active), with nothing bought for them.
TEST_F(UpgradesApiTest, ConcurrentUpgradesOfOneSubscriptionBuyOnce) {
  const std::string orders = CustomerPath(customer_) + "/orders";
  const std::int64_t before = Count(orders);
  constexpr int kRequests = 3;
  std::vector<HttpResult> results(kRequests);
  std::latch go(kRequests);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client = Admin();
      go.arrive_and_wait();
      results[i] =
          client.Post(UpgradesPath(kaizala_), Body("SPE_E3", "upgrade_with_license_transfer"),
                      {{"MS-RequestId", fmt::format("concurrent-{}", i)}});
    });
  }
  for (std::thread& t : threads) t.join();
  int upgraded = 0;
  for (const HttpResult& r : results) {
    ASSERT_EQ(r.status, 200) << r.body;
    const auto errors = r.Json().at("upgradeErrors").as_array();
    if (errors.empty()) {
      ++upgraded;
      EXPECT_TRUE(r.Json().at("targetSubscriptionId").is_string()) << r.body;
      continue;
    }
    const auto& code = errors.at(0).at("code");
    EXPECT_TRUE(code == "concurrency_conflicts" || code == "subscription_status_not_active")
        << r.body;
    EXPECT_TRUE(r.Json().at("targetSubscriptionId").is_null()) << r.body;
  }
  EXPECT_EQ(upgraded, 1);
  EXPECT_EQ(Count(orders), before + 1);
  EXPECT_EQ(Count(CustomerPath(customer_) + "/subscriptions?offerId=SPE_E3&status=active"), 1);
}

// A quantity the target cannot take is refused as an order refuses it (2002), not capped.
TEST_F(UpgradesApiTest, AQuantityAboveTheTargetsMaximumIsRefusedNotCapped) {
  const std::int64_t orders = Count(CustomerPath(customer_) + "/orders");
  const auto refused = Admin().Post(
      UpgradesPath(kaizala_),
      Body("O365_BUSINESS_PREMIUM", "upgrade_with_license_transfer", R"(,"quantity":5000)"));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Code(), "2002") << refused.body;
  ExpectNothingChanged(orders);
}

TEST_F(UpgradesApiTest, UpgradeOnlyIsRefusedWhileUsersHoldTheSource) {
  const std::int64_t orders = Count(CustomerPath(customer_) + "/orders");
  const auto posted = Admin().Post(UpgradesPath(kaizala_), Body("SPE_E3", "upgrade_only"));
  ASSERT_EQ(posted.status, 200) << posted.body;
  const auto result = posted.Json();
  EXPECT_EQ(result.at("upgradeType"), "upgrade_only");
  ASSERT_EQ(result.at("upgradeErrors").as_array().size(), 1u) << result;
  const auto& error = result.at("upgradeErrors").as_array()[0];
  EXPECT_EQ(error.at("code"), "other");
  EXPECT_NE(error.at("description").as_string().find("3 user(s)"), std::string_view::npos) << error;
  EXPECT_TRUE(result.at("targetSubscriptionId").is_null());
  EXPECT_TRUE(result.at("migrationId").is_null());
  ExpectNothingChanged(orders);
}

TEST_F(UpgradesApiTest, RolesUnknownIdsAndBadBodiesAreRefused) {
  const std::int64_t orders = Count(CustomerPath(customer_) + "/orders");
  const std::string body = Body("SPE_E3", "upgrade_with_license_transfer");
  for (Role role : {Role::kHelpdeskAgent, Role::kBillingAdmin}) {
    const auto refused = As(role).Post(UpgradesPath(kaizala_), body);
    EXPECT_EQ(refused.status, 403) << ToString(role) << ": " << refused.body;
    EXPECT_EQ(refused.Json().at("source"), "seatshift");
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"upgradeType":"upgrade_only"})", "targetOffer"},
      {R"({"targetOffer":"SPE_E3","upgradeType":"upgrade_only"})", "targetOffer"},
      {R"({"targetOffer":{},"upgradeType":"upgrade_only"})", "targetOffer.id"},
      {R"({"targetOffer":{"id":"SPE_E3","colour":"red"},"upgradeType":"upgrade_only"})",
       "targetOffer.colour"},
      {R"({"targetOffer":{"id":"SPE_E3"}})", "upgradeType"},
      {Body("SPE_E3", "sideways"), "upgradeType"},
      {Body("SPE_E3", "none"), "upgradeType"},
      {Body("SPE_E3", "upgrade_only", R"(,"quantity":0)"), "quantity"},
      {Body("SPE_E3", "upgrade_only", R"(,"quantity":"5")"), "quantity"},
      {Body("SPE_E3", "upgrade_only", R"(,"isEligible":"yes")"), "isEligible"},
      {Body("SPE_E3", "upgrade_only", R"(,"colour":"red")"), "colour"},
  };
  for (const auto& [text, field] : bad) {
    const auto refused = Admin().Post(UpgradesPath(kaizala_), text);
    EXPECT_EQ(refused.status, 400) << text << " → " << refused.body;
    EXPECT_EQ(refused.Code(), "400") << text;
    const auto data = refused.Json().at("data").as_array();
    ASSERT_FALSE(data.empty()) << refused.body;
    EXPECT_EQ(data[0].at("field"), json::value(field)) << text << " → " << refused.body;
  }
  const std::string unknown = "01a22435-2768-757e-bb68-6f6822eb9250";
  EXPECT_EQ(Admin()
                .Post("/v1/customers/" + unknown + "/subscriptions/" + ToString(kaizala_.id) +
                          "/upgrades",
                      body)
                .status,
            404);
  const auto no_subscription =
      Admin().Post(CustomerPath(customer_) + "/subscriptions/" + unknown + "/upgrades", body);
  EXPECT_EQ(no_subscription.status, 404) << no_subscription.body;
  EXPECT_EQ(no_subscription.Code(), "20003");
  EXPECT_EQ(Admin().Get(CustomerPath(customer_) + "/subscriptions/" + unknown + "/upgrades").status,
            404);
  EXPECT_EQ(Admin().Post(CustomerPath(customer_) + "/subscriptions/nope/upgrades", body).status,
            400);
  // A target that is not one of the source's replacements: refused in the result.
  const auto off_path =
      Admin().Post(UpgradesPath(kaizala_), Body("ENTERPRISEWITHSCAL", "upgrade_only"));
  ASSERT_EQ(off_path.status, 200) << off_path.body;
  EXPECT_EQ(off_path.Json().at("upgradeErrors").as_array().at(0).at("code"),
            "subscription_target_offer_not_found");
  ExpectNothingChanged(orders);
}

TEST_F(UpgradesApiTest, AnUpgradeAsGetAnsweredItCanBePostedBackNamingTheOfferByItsGuid) {
  const auto list = GetJson(UpgradesPath(kaizala_));
  json::object chosen;
  for (const auto& item : list.at("items").as_array()) {
    if (item.at("targetOffer").at("id") == "SPE_E5") chosen = item.as_object();
  }
  ASSERT_FALSE(chosen.empty()) << list;
  const json::value guid = chosen.at("targetOffer").at("guid");
  chosen["targetOffer"].as_object()["id"] = guid;
  const auto posted = As(Role::kSalesAgent).Post(UpgradesPath(kaizala_), json::serialize(chosen));
  ASSERT_EQ(posted.status, 200) << posted.body;
  const auto result = posted.Json();
  EXPECT_TRUE(result.at("upgradeErrors").as_array().empty()) << result;
  for (const User& u : users_) EXPECT_EQ(LicensesOf(u), std::vector<std::string>{"SPE_E5"});
}

}  // namespace
}  // namespace seatshift::testing
