// seatshift migrate plan|list|status on a seeded demo database, as an agent runs them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cli_runner.hpp"

namespace {

using seatshift::e2e::Outcome;

class MigrateCliTest : public seatshift::e2e::CliFixture {
 protected:
  void SetUp() override {
    const Outcome seeded = Run({"demo", "seed", "--customers", "20", "--users-per-customer", "5"});
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  }
};

TEST_F(MigrateCliTest, PlanPrintsATableWithTotalsAndStoresTheMigration) {
  const Outcome plan = Run({"migrate", "plan", "--from", "KAIZALA_PRO", "--to", "recommended"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("migration "), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("COST BEFORE → AFTER"), std::string::npos);
  EXPECT_NE(plan.out.find("purchase"), std::string::npos);
  EXPECT_NE(plan.out.find("USD: monthly"), std::string::npos) << plan.out;

  const Outcome list = Run({"--json", "migrate", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.Json().at("totalCount").as_int64(), 1);
}

TEST_F(MigrateCliTest, JsonHasTheApiShapeWithTheIdAtTheTop) {
  const Outcome plan =
      Run({"--json", "migrate", "plan", "--from", "KAIZALA_PRO", "--to", "recommended"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const auto json = plan.Json();
  const std::string id(json.at("id").as_string());
  EXPECT_EQ(json.at("status").as_string(), "planned");
  EXPECT_EQ(json.at("plan").at("customers").as_array().size(), 20u);

  const Outcome status = Run({"--json", "migrate", "status", id});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(status.Json().at("plan"), json.at("plan"));

  const Outcome dry = Run({"--json", "migrate", "plan", "--from", "KAIZALA_PRO", "--to", "SPE_E3",
                           "--seat-policy", "source_quantity", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(dry.Json().at("id").is_null());
}

TEST_F(MigrateCliTest, ErrorsAreOneLineWithTheTableExitCode) {
  const Outcome same = Run({"migrate", "plan", "--from", "KAIZALA_PRO", "--to", "KAIZALA_PRO"});
  EXPECT_NE(same.exit_code, 0);
  EXPECT_EQ(std::count(same.err.begin(), same.err.end(), '\n'), 1) << same.err;
  const Outcome unknown = Run({"migrate", "status", "01a22435-2768-757e-bb68-6f6822eb9250"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.exit_code, same.exit_code);  // not found vs bad request
}

}  // namespace
