// POST/GET /v1/migrations over the real server: dry run, a stored plan, its read-back, paging,
// refusals with the error body, and the roles that may plan.
#include <fmt/format.h>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

class MigrationsApiTest : public ApiTest {
 protected:
  MigrationsApiTest() {
    for (const char* domain : {"a.test", "b.test"}) {
      Customer c = env_.NewCustomer(domain);
      env_.Existing(c, "KAIZALA_PRO", 2, "2027-03-31");
      for (int i = 0; i < 2; ++i) {
        EXPECT_TRUE(env_.Assign(c, env_.NewUser(c, fmt::format("u{}", i)), "KAIZALA_PRO").ok());
      }
      customers_.push_back(c);
    }
  }

  static std::string Body(const std::string& extra = "") {
    return R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"recommended")" +
           extra + "}";
  }

  std::vector<Customer> customers_;
};

TEST_F(MigrationsApiTest, DryRunAnswers200WithNoIdAndStoresNothing) {
  const auto response = As(Role::kSalesAgent).Post("/v1/migrations", Body(R"(,"dryRun":true)"));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto json = response.Json();
  EXPECT_TRUE(json.at("id").is_null());
  EXPECT_EQ(json.at("status").as_string(), "planned");
  const auto& plans = json.at("plan").at("customers").as_array();
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].at("usersToMove").as_int64(), 2);
  EXPECT_FALSE(plans[0].at("recommendationReason").as_string().empty());
  EXPECT_EQ(json.at("plan").at("totals").at("usersToMove").as_int64(), 4);
  EXPECT_EQ(Admin().Get("/v1/migrations").Json().at("totalCount").as_int64(), 0);
}

TEST_F(MigrationsApiTest, APlannedMigrationIsStoredReadBackAndListed) {
  const std::string body = fmt::format(
      R"({{"sourceOfferId":"KAIZALA_PRO","customerIds":["{}"],"targetOfferId":"SPE_E3",)"
      R"("targetOverrides":{{"{}":"SPE_E5"}},"seatPolicy":"source_quantity"}})",
      ToString(customers_[1].id), ToString(customers_[1].id));
  const auto created = Admin().Post("/v1/migrations", body, {{"MS-RequestId", "plan-http-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto json = created.Json();
  const std::string id(json.at("id").as_string());
  const auto& plan = json.at("plan").at("customers").as_array();
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].at("targetOfferId").as_string(), "SPE_E5");
  EXPECT_EQ(plan[0].at("action").as_string(), "purchase");

  // A retry of the same request answers what the first one did, planning nothing again.
  const auto again = Admin().Post("/v1/migrations", body, {{"MS-RequestId", "plan-http-1"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, created.body);

  const auto read = As(Role::kHelpdeskAgent).Get("/v1/migrations/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  const auto got = read.Json();
  EXPECT_EQ(got.at("plan"), json.at("plan"));
  EXPECT_EQ(got.at("progress").at("customersTotal").as_int64(), 1);
  EXPECT_EQ(got.at("progress").at("usersTotal").as_int64(), 2);
  EXPECT_EQ(got.at("progress").at("usersMoved").as_int64(), 0);
  EXPECT_TRUE(got.at("errors").as_array().empty());

  ASSERT_EQ(Admin().Post("/v1/migrations", Body()).status, 201);
  const auto first = As(Role::kBillingAdmin).Get("/v1/migrations?size=1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Json().at("totalCount").as_int64(), 2);
  const std::string token(first.Json().at("continuationToken").as_string());
  const auto second = Admin().Get("/v1/migrations?size=1&continuationToken=" + token);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.Json().at("items").as_array()[0].at("id").as_string(), id);
  EXPECT_TRUE(second.Json().at("continuationToken").is_null());
}

TEST_F(MigrationsApiTest, RefusalsCarryTheErrorBody) {
  auto admin = Admin();
  const std::vector<std::pair<std::string, int>> cases = {
      {R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all"})", 400},
      {Body(R"(,"colour":"red")"), 400},
      {Body(R"(,"seatPolicy":"many")"), 400},
      {R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"some","targetOfferId":"SPE_E3"})", 400},
      {R"({"sourceOfferId":"KAIZALA_PRO","customerIds":["nope"],"targetOfferId":"SPE_E3"})", 400},
      {R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"KAIZALA_PRO"})", 400},
      {R"({"sourceOfferId":"NOPE","customerIds":"all","targetOfferId":"SPE_E3"})", 404},
      {R"({"sourceOfferId":"KAIZALA_PRO","customerIds":["01a22435-2768-757e-bb68-6f6822eb9250"],"targetOfferId":"SPE_E3"})",
       404},
  };
  for (const auto& [body, status] : cases) {
    const auto response = admin.Post("/v1/migrations", body);
    EXPECT_EQ(response.status, status) << body << " → " << response.body;
    EXPECT_FALSE(response.Json().at("description").as_string().empty()) << body;
    EXPECT_EQ(response.Json().at("source").as_string(), "seatshift");
  }
  EXPECT_EQ(admin.Get("/v1/migrations/not-a-guid").status, 400);
  EXPECT_EQ(admin.Get("/v1/migrations/01a22435-2768-757e-bb68-6f6822eb9250").status, 404);
  EXPECT_EQ(As(Role::kHelpdeskAgent).Post("/v1/migrations", Body()).status, 403);
  EXPECT_EQ(As(Role::kBillingAdmin).Post("/v1/migrations", Body()).status, 403);
  EXPECT_EQ(admin.Get("/v1/migrations").Json().at("totalCount").as_int64(), 0);
}

}  // namespace
}  // namespace seatshift::testing
