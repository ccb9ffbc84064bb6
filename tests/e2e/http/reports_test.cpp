// The reports an agent starts the day with, over the real HTTP server: the expiring report
// (GET /v1/subscriptions?...&withinDays=) and the service-loss forecast. Today is 2026-11-25.
#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

class ReportsTest : public ApiTest {
 protected:
  ReportsTest() {
    // Kaizala Pro, not renewing, last day 2026-12-15: users lose it when it is disabled,
    // 30 days after the term, on 2027-01-15.
    kaizala_ = env_.Existing(customer_, "KAIZALA_PRO", 5, "2026-12-15");
    EXPECT_TRUE(env_.Assign(customer_, ada_, "KAIZALA_PRO").ok());
    EXPECT_TRUE(env_.Assign(customer_, bob_, "KAIZALA_PRO").ok());
    // Bob also has E5, which includes the same Kaizala service plan: he loses nothing.
    env_.Buy(customer_, "SPE_E5", 1);
    EXPECT_TRUE(env_.Assign(customer_, bob_, "SPE_E5").ok());
    env_.Existing(other_, "KAIZALA_PRO", 3, "2027-06-01");
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
  Customer other_ = env_.NewCustomer("fabrikam.test");
  User ada_ = env_.NewUser(customer_, "ada");
  User bob_ = env_.NewUser(customer_, "bob");
  Subscription kaizala_;
};

TEST_F(ReportsTest, ExpiringReportFindsTermsEndingWithinNDaysByCustomerAndSku) {
  // Ends within the window too, but renews: never reported, in the items or in the count.
  const Subscription renewing = env_.Existing(other_, "KAIZALA_PRO", 4, "2026-12-10", true);
  auto sales = As(Role::kSalesAgent);
  const std::string base = "/v1/subscriptions?autoRenewEnabled=false&status=active";
  const auto soon = sales.Get(base + "&withinDays=30");
  ASSERT_EQ(soon.status, 200) << soon.body;
  EXPECT_EQ(soon.Json().at("totalCount"), 1);
  EXPECT_EQ(soon.body.find(renewing.id.value().ToString()), std::string::npos);
  const auto items = soon.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id").as_string(), kaizala_.id.value().ToString());
  EXPECT_EQ(items[0].at("daysUntilEnd"), 20);
  EXPECT_EQ(items[0].at("assignedLicenses"), 2);
  EXPECT_FALSE(items[0].at("replacementSkuIds").as_array().empty());
  EXPECT_EQ(sales.Get(base + "&withinDays=200").Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(sales.Get(base + "&withinDays=200&customerId=" + other_.id.value().ToString())
                .Json()
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(sales.Get(base + "&withinDays=200&offerId=SPE_E5").Json().at("items").as_array().size(),
            0u);
  const auto csv = sales.Get(base + "&withinDays=30", {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 2) << csv.body;
  for (const char* bad : {"&withinDays=soon", "&withinDays=-1", "&withinDays=3651",
                          "&withinDays=3&endsBefore=2027-01-01", "&customerId=nope"}) {
    EXPECT_EQ(sales.Get(base + bad).status, 400) << bad;
  }
}

TEST_F(ReportsTest, ServiceLossForecastNamesWhoLosesWhichPlanAndWhen) {
  auto sales = As(Role::kSalesAgent);
  const auto forecast = sales.Get("/v1/reports/serviceloss?date=2027-02-01");
  ASSERT_EQ(forecast.status, 200) << forecast.body;
  const auto body = forecast.Json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << body;
  EXPECT_EQ(items[0].at("userId").as_string(), ada_.id.value().ToString());
  EXPECT_EQ(items[0].at("offerId"), "KAIZALA_PRO");
  EXPECT_EQ(items[0].at("servicePlan").at("name"), "KAIZALA_STANDALONE");
  EXPECT_EQ(items[0].at("losesAccessAt"), "2027-01-15T00:00:00Z");
  EXPECT_EQ(items[0].at("reason"), "expiry");
  EXPECT_EQ(body.at("plans").at(0).at("users"), 1);

  EXPECT_EQ(
      sales.Get("/v1/reports/serviceloss?date=2027-01-14").Json().at("items").as_array().size(), 0u)
      << "the grace period still serves them";
  EXPECT_EQ(
      sales.Get("/v1/reports/serviceloss?date=2027-09-01").Json().at("items").as_array().size(), 1u)
      << "fabrikam's Kaizala lapses by then too, but no user holds one of its licenses";
  const auto csv = sales.Get("/v1/reports/serviceloss?date=2027-02-01", {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 2) << csv.body;
  EXPECT_EQ(sales.Get("/v1/reports/serviceloss").status, 400) << "date is required";
  EXPECT_EQ(sales.Get("/v1/reports/serviceloss?date=tomorrow").status, 400);
  EXPECT_EQ(sales.Get("/v1/reports/serviceloss?date=2027-02-01&servicePlan=NO_SUCH_PLAN").status,
            404);
  EXPECT_EQ(As(Role::kHelpdeskAgent).Get("/v1/reports/serviceloss?date=2027-02-01").status, 403);
}

// The forecast's totals are over everything, whichever page is read: three customers whose users
// lose Kaizala, read one customer a page, answer the same totalCount and plans on every page, and
// the pages together hold exactly those rows.
TEST_F(ReportsTest, ServiceLossTotalsCoverEveryPageNotOnlyTheOneRead) {
  for (const char* domain : {"c.test", "d.test"}) {
    const Customer c = env_.NewCustomer(domain);
    env_.Existing(c, "KAIZALA_PRO", 3, "2026-12-10");
    for (const char* name : {"x", "y"}) {
      EXPECT_TRUE(env_.Assign(c, env_.NewUser(c, name), "KAIZALA_PRO").ok());
    }
  }
  auto sales = As(Role::kSalesAgent);
  std::string target = "/v1/reports/serviceloss?date=2027-02-01&size=1";
  std::int64_t rows = 0;
  int pages = 0;
  while (true) {
    const auto page = sales.Get(target);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.Json();
    ++pages;
    rows += static_cast<std::int64_t>(body.at("items").as_array().size());
    EXPECT_EQ(body.at("totalCount"), 5) << "page " << pages;
    EXPECT_EQ(body.at("users"), 5) << "page " << pages;
    ASSERT_EQ(body.at("plans").as_array().size(), 1u) << body;
    EXPECT_EQ(body.at("plans").at(0).at("users"), 5) << "page " << pages;
    EXPECT_EQ(body.at("plans").at(0).at("earliestLoss"), "2027-01-10T00:00:00Z") << body;
    if (body.at("continuationToken").is_null()) break;
    target = "/v1/reports/serviceloss?date=2027-02-01&size=1&continuationToken=" +
             std::string(body.at("continuationToken").as_string());
  }
  EXPECT_EQ(pages, 3);  // whole customers: ada's, then two each
  EXPECT_EQ(rows, 5);
}

}  // namespace
}  // namespace seatshift::testing
