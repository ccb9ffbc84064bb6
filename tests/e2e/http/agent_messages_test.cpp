// Issue 20 on the API's side, over the real HTTP server: every message the portal shows has a
// stable code and parameters (migration warnings and reasons, customers' errors, license
// warnings, error bodies), answers name SKUs by title and customers by company name, the
// expiring report is soonest first with one recommended replacement per row, and the audit log
// pages newest first on request. Today is 2026-11-25.
#include <fmt/format.h>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

class AgentMessagesTest : public ApiTest {
 protected:
  AgentMessagesTest() {
    for (const char* domain : {"a.test", "b.test"}) {
      Customer c = env_.NewCustomer(domain);
      env_.Existing(c, "KAIZALA_PRO", 2, "2027-03-31");
      for (int i = 0; i < 2; ++i) {
        EXPECT_TRUE(env_.Assign(c, env_.NewUser(c, fmt::format("u{}", i)), "KAIZALA_PRO").ok());
      }
      customers_.push_back(c);
    }
  }

  //! The SKU's title, read from the catalog (the store), not through the API.
  std::string Title(const std::string& sku) {
    return env_.store().Read()->FindSku(SkuId(sku))->title;
  }

  std::vector<Customer> customers_;
};

// A recommended target's reason is a code with its values; warnings carry their parameters;
// titles and company names come with the ids.
TEST_F(AgentMessagesTest, APlanCarriesCodesParametersTitlesAndCompanyNames) {
  auto sales = As(Role::kSalesAgent);
  const auto response = sales.Post(
      "/v1/migrations",
      R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"recommended","dryRun":true})");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto json = response.Json();
  EXPECT_EQ(json.at("sourceOfferTitle").as_string(), Title("KAIZALA_PRO"));
  EXPECT_TRUE(json.at("targetOfferTitle").is_null()) << "each customer's target is its own";
  const auto& plans = json.at("plan").at("customers").as_array();
  ASSERT_EQ(plans.size(), 2u);
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const auto& plan = plans[i].as_object();
    EXPECT_EQ(plan.at("companyName").as_string(), "Test " + customers_[i].domain);
    const std::string target(plan.at("targetOfferId").as_string());
    EXPECT_EQ(plan.at("targetOfferTitle").as_string(), Title(target));
    EXPECT_EQ(plan.at("recommendationReasonCode").as_string(), "recommendedInFamily") << plan;
    const auto& reason = plan.at("recommendationParameters").as_object();
    EXPECT_EQ(reason.at("segment").as_string(), "commercial");
    EXPECT_EQ(reason.at("seats").as_int64(), 2);
    EXPECT_EQ(reason.at("family").as_string(), "business");
    EXPECT_EQ(reason.at("seatCap").as_int64(), 300);
    EXPECT_GE(reason.at("candidates").as_int64(), 1);
    EXPECT_TRUE(reason.at("servicePlansMissing").is_array());
    EXPECT_FALSE(plan.at("recommendationReason").as_string().empty()) << "kept for scripts";
    for (const auto& warning : plan.at("warnings").as_array()) {
      EXPECT_FALSE(warning.at("parameters").as_object().empty()) << warning;
    }
  }
}

// A warning's parameters are the values its sentence names, and a stored migration answers them
// as planned (they are kept with the plan).
TEST_F(AgentMessagesTest, WarningParametersAreStoredWithThePlan) {
  const Customer& a = customers_[0];
  env_.Buy(a, "SPE_E3", 1);
  const std::string body = fmt::format(
      R"({{"sourceOfferId":"KAIZALA_PRO","customerIds":["{}"],"targetOfferId":"SPE_E3"}})",
      ToString(a.id));
  auto admin = Admin();
  const auto created = admin.Post("/v1/migrations", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto json = created.Json();
  EXPECT_EQ(json.at("targetOfferTitle").as_string(), Title("SPE_E3"));
  const auto& plan = json.at("plan").at("customers").at(0).as_object();
  EXPECT_EQ(plan.at("action").as_string(), "addSeats");
  EXPECT_TRUE(plan.at("recommendationReasonCode").is_null()) << "the target was named";
  EXPECT_TRUE(plan.at("recommendationParameters").as_object().empty());
  const boost::json::object* held = nullptr;
  for (const auto& w : plan.at("warnings").as_array()) {
    if (w.at("code") == "targetAlreadyHeld") held = &w.as_object();
  }
  ASSERT_NE(held, nullptr) << plan;
  const auto& parameters = held->at("parameters").as_object();
  EXPECT_EQ(parameters.at("targetOfferId").as_string(), "SPE_E3");
  EXPECT_EQ(parameters.at("quantity").as_int64(), 1);
  EXPECT_EQ(parameters.at("freeSeats").as_int64(), 1);
  EXPECT_EQ(parameters.at("seatsAdded").as_int64(), 1);

  const auto read =
      As(Role::kHelpdeskAgent).Get("/v1/migrations/" + std::string(json.at("id").as_string()));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json().at("plan"), json.at("plan"));
  EXPECT_EQ(read.Json().at("sourceOfferTitle"), json.at("sourceOfferTitle"));
}

// The error body keeps Partner Center's shape and adds its data as one `parameters` object.
TEST_F(AgentMessagesTest, ErrorsCarryTheirParametersBesideTheDescription) {
  auto sales = As(Role::kSalesAgent);
  const auto bad = sales.Get("/v1/subscriptions?withinDays=soon");
  ASSERT_EQ(bad.status, 400) << bad.body;
  const auto json = bad.Json();
  EXPECT_EQ(json.at("code").as_string(), "400");
  EXPECT_FALSE(json.at("description").as_string().empty());
  EXPECT_EQ(json.at("data").at(0).at("field").as_string(), "withinDays");
  EXPECT_EQ(json.at("parameters").at("field").as_string(), "withinDays");

  const Customer& a = customers_[0];
  const Subscription e3 = env_.Buy(a, "SPE_E3", 2);
  const User ada = env_.NewUser(a, "ada");
  ASSERT_TRUE(env_.Assign(a, ada, "SPE_E3").ok());
  ASSERT_TRUE(env_.Assign(a, env_.NewUser(a, "bo"), "SPE_E3").ok());
  const auto refused = Admin().Patch(SubscriptionPath(a, e3), R"({"quantity":1})");
  ASSERT_EQ(refused.status, 409) << refused.body;
  const auto refusal = refused.Json();
  const auto& parameters = refusal.at("parameters").as_object();
  for (const auto& item : refusal.at("data").as_array()) {
    for (const auto& [key, value] : item.as_object()) EXPECT_EQ(parameters.at(key), value) << key;
  }
}

// License warnings: a code and its parameters too.
TEST_F(AgentMessagesTest, LicenseWarningsCarryParameters) {
  const Customer& a = customers_[0];
  env_.Existing(a, "KAIZALA_PRO", 1, "2027-03-31");  // a free seat for Ada
  const User ada = env_.NewUser(a, "ada");
  auto admin = Admin();
  const Sku kaizala = *env_.store().Read()->FindSku(SkuId("KAIZALA_PRO"));
  std::string excluded;
  for (const ServicePlan& plan : kaizala.service_plans) {
    excluded += (excluded.empty() ? "\"" : ",\"") + plan.id.value().ToString() + "\"";
  }
  const auto assigned = admin.Post(
      UserPath(a, ada) + "/licenseupdates",
      R"({"licensesToAssign":[{"skuId":"KAIZALA_PRO","excludedPlans":[)" + excluded + "]}]}");
  ASSERT_EQ(assigned.status, 201) << assigned.body;
  const auto warning = assigned.Json().at("licenseWarnings").at(0);
  EXPECT_EQ(warning.at("code").as_string(), "allServicePlansExcluded");
  EXPECT_EQ(warning.at("parameters").at("skuId").as_string(), "KAIZALA_PRO");

  const auto removed =
      admin.Post(UserPath(a, ada) + "/licenseupdates", R"({"licensesToRemove":["KAIZALA_PRO"]})");
  ASSERT_EQ(removed.status, 201) << removed.body;
  const auto unlicensed = removed.Json().at("licenseWarnings").at(0);
  EXPECT_EQ(unlicensed.at("code").as_string(), "userUnlicensed");
  EXPECT_TRUE(unlicensed.at("parameters").as_object().empty());
}

// The expiring report is soonest first in the API (across pages), names the customer, and
// offers the one replacement the migration planner would recommend, for its users.
TEST_F(AgentMessagesTest, ExpiringReportIsSoonestFirstWithOneRecommendedReplacement) {
  // Created after the others, ending first.
  const Customer late = env_.NewCustomer("c.test");
  env_.Existing(late, "KAIZALA_PRO", 3, "2026-12-01");
  EXPECT_TRUE(env_.Assign(late, env_.NewUser(late, "x"), "KAIZALA_PRO").ok());
  env_.Existing(customers_[1], "KAIZALA_PRO", 1, "2026-12-20");

  auto sales = As(Role::kSalesAgent);
  const std::string report = "/v1/subscriptions?autoRenewEnabled=false&status=active";
  const auto all = sales.Get(report + "&withinDays=365");
  ASSERT_EQ(all.status, 200) << all.body;
  const auto all_json = all.Json();
  const auto& items = all_json.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  std::vector<std::string> ends;
  for (const auto& item : items) ends.emplace_back(item.at("commitmentEndDate").as_string());
  EXPECT_TRUE(std::is_sorted(ends.begin(), ends.end())) << all.body;
  const auto& first = items[0].as_object();
  EXPECT_EQ(first.at("customerId").as_string(), ToString(late.id));
  EXPECT_EQ(first.at("companyName").as_string(), "Test c.test");
  EXPECT_EQ(first.at("domain").as_string(), "c.test");
  EXPECT_EQ(first.at("segment").as_string(), "commercial");
  EXPECT_EQ(first.at("daysUntilEnd").as_int64(), 6);
  EXPECT_EQ(first.at("quantity").as_int64(), 3);
  EXPECT_EQ(first.at("assignedLicenses").as_int64(), 1);
  const auto& recommended = first.at("recommendedReplacement").as_object();
  EXPECT_EQ(recommended.at("quantity").as_int64(), 1) << "the users on it";

  // The same target a migration of that customer would recommend.
  const auto planned = sales.Post(
      "/v1/migrations", fmt::format(R"({{"sourceOfferId":"KAIZALA_PRO","customerIds":["{}"],)"
                                    R"("targetOfferId":"recommended","dryRun":true}})",
                                    ToString(late.id)));
  ASSERT_EQ(planned.status, 200) << planned.body;
  const auto plan = planned.Json().at("plan").at("customers").at(0);
  EXPECT_EQ(recommended.at("offerId"), plan.at("targetOfferId"));
  EXPECT_EQ(recommended.at("title"), plan.at("targetOfferTitle"));

  // Page by page, the same order.
  std::vector<std::string> paged;
  std::string next = report + "&withinDays=365&size=1";
  while (!next.empty()) {
    const auto page = sales.Get(next);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.Json();
    for (const auto& item : body.at("items").as_array()) {
      paged.emplace_back(item.at("id").as_string());
    }
    next = body.at("continuationToken").is_null()
               ? ""
               : report + "&withinDays=365&size=1&continuationToken=" +
                     std::string(body.at("continuationToken").as_string());
  }
  ASSERT_EQ(paged.size(), items.size());
  for (std::size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i], items[i].at("id").as_string());
  EXPECT_EQ(sales.Get(report + "&continuationToken=k12").status, 400);

  const auto csv = sales.Get(report + "&withinDays=365", {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200);
  const std::string header = csv.body.substr(0, csv.body.find('\n'));
  for (const char* column :
       {"companyName", "domain", "daysUntilEnd", "recommendedOfferTitle", "recommendedQuantity"}) {
    EXPECT_NE(header.find(column), std::string::npos) << column << " in " << header;
  }
  const std::string row = csv.body.substr(header.size() + 1);
  EXPECT_EQ(row.find("\"Test c.test\""), row.find("\"Test"))
      << "the soonest row first: " << csv.body;
  EXPECT_NE(row.find(std::string(recommended.at("title").as_string())), std::string::npos);
}

// The audit log: oldest first by default (Partner Center's scripts), newest first on request,
// page after page.
TEST_F(AgentMessagesTest, AuditLogPagesNewestFirstOnRequest) {
  auto admin = Admin();
  const auto oldest = admin.Get("/v1/auditrecords?size=1000");
  ASSERT_EQ(oldest.status, 200);
  std::vector<std::int64_t> ascending;
  const auto oldest_json = oldest.Json();
  for (const auto& r : oldest_json.at("items").as_array()) {
    ascending.push_back(std::stoll(std::string(r.at("id").as_string())));
  }
  ASSERT_GE(ascending.size(), 3u);
  EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));

  std::vector<std::int64_t> descending;
  std::string next = "/v1/auditrecords?order=desc&size=2";
  while (!next.empty()) {
    const auto page = admin.Get(next);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.Json();
    for (const auto& r : body.at("items").as_array()) {
      descending.push_back(std::stoll(std::string(r.at("id").as_string())));
    }
    next = body.at("continuationToken").is_null()
               ? ""
               : "/v1/auditrecords?order=desc&size=2&continuationToken=" +
                     std::string(body.at("continuationToken").as_string());
  }
  std::reverse(descending.begin(), descending.end());
  EXPECT_EQ(descending, ascending);
  const auto customer =
      admin.Get("/v1/auditrecords?order=desc&size=1&customerId=" + ToString(customers_[1].id));
  ASSERT_EQ(customer.status, 200) << customer.body;
  EXPECT_EQ(customer.Json().at("items").at(0).at("customerId").as_string(),
            ToString(customers_[1].id));
  const auto refused = admin.Get("/v1/auditrecords?order=newest");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("parameters").at("field").as_string(), "order");
}

}  // namespace
}  // namespace seatshift::testing
