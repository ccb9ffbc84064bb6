// The lifecycle through the CLI: a database left alone for 200 days catches up in one
// `lifecycle run`, each step at the instant it was due; the simulated clock persists in the
// database; and the run is idempotent.
#include <gtest/gtest.h>

#include <map>

#include "cli_runner.hpp"

namespace seatshift::e2e {
namespace {

class LifecycleCliTest : public CliFixture {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"customers", "create", "--name", "Contoso", "--domain", "contoso.test",
                   "--country", "US", "--currency", "USD"})
                  .exit_code,
              0);
  }

  //! The id of the subscription an `orders create --json` bought.
  std::string Buy(const std::string& item) {
    const auto bought =
        Run({"--json", "orders", "create", "--customer", "contoso.test", "--item", item});
    EXPECT_EQ(bought.exit_code, 0) << bought.err;
    const auto order = bought.Json();
    return std::string(order.at("lineItems").at(0).at("subscriptionId").as_string());
  }

  //! "operation@time" of the system's audit records of `resource`, oldest first.
  std::vector<std::string> SystemAudit(const std::string& resource) {
    const auto listed = Run({"--json", "audit", "list", "--resource", resource, "--size", "1000"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    std::vector<std::string> out;
    const auto body = listed.Json();
    for (const auto& r : body.at("items").as_array()) {
      if (r.at("agentId") != "system") continue;
      out.push_back(std::string(r.at("operation").as_string()) + "@" +
                    std::string(r.at("time").as_string()));
    }
    return out;
  }
};

TEST_F(LifecycleCliTest, CatchUpAfter200DaysAppliesEveryStepInOrderAndChargesWhatIsOwed) {
  const std::string annual = Buy("SPE_E3:10");                     // 2026-11-25 .. 2027-11-24
  const std::string monthly = Buy("O365_BUSINESS_PREMIUM:5:P1M");  // .. 2026-12-24
  ASSERT_EQ(Run({"subscriptions", "set-autorenew", "--customer", "contoso.test", monthly, "false"})
                .exit_code,
            0);

  // Nobody ran anything for 200 days.
  const auto caught_up = RunAt("2027-06-13T09:00:00Z", {"--json", "lifecycle", "run"});
  ASSERT_EQ(caught_up.exit_code, 0) << caught_up.err;
  const auto tally = caught_up.Json();
  EXPECT_EQ(tally.at("renewals"), 0);
  EXPECT_EQ(tally.at("expiries"), 1);
  EXPECT_EQ(tally.at("disabled"), 1);
  EXPECT_EQ(tally.at("deprovisioned"), 1);
  EXPECT_EQ(tally.at("charges"), 6);  // SPE_E3 periods starting 12-25, 01-25 .. 05-25
  EXPECT_EQ(SystemAudit(monthly),
            (std::vector<std::string>{"subscription.expire@2026-12-25T00:00:00Z",
                                      "subscription.disable@2027-01-24T00:00:00Z",
                                      "subscription.deprovision@2027-04-24T00:00:00Z"}));
  EXPECT_TRUE(SystemAudit(annual).empty());

  const auto charges =
      RunAt("2027-06-13T09:00:00Z", {"--json", "charges", "--customer", "contoso.test"});
  ASSERT_EQ(charges.exit_code, 0) << charges.err;
  const auto body = charges.Json();
  EXPECT_EQ(body.at("totalCount"), 8);  // both first periods at purchase, then six of SPE_E3
  EXPECT_EQ(body.at("totalAmount"), 7 * 36'000 + 5 * 1'500);
  std::map<std::string, int> periods;
  for (const auto& c : body.at("items").as_array()) {
    ++periods[std::string(c.at("periodStart").as_string())];
  }
  EXPECT_EQ(periods.size(), 7u) << "one charge per period, none twice";

  const auto again = RunAt("2027-06-13T09:00:00Z", {"--json", "lifecycle", "run"});
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.Json().at("subscriptions"), 0) << "running twice changes nothing";
  EXPECT_EQ(again.Json().at("charges"), 0);

  const auto csv = RunAt("2027-06-13T09:00:00Z", {"charges", "--customer", "contoso.test", "--csv",
                                                  "--from", "2027-01-01", "--to", "2027-03-31"});
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 4) << csv.out;  // header + 3
}

TEST_F(LifecycleCliTest, ClockAdvanceMovesTheDatabaseToSimulatedTimeForEveryLaterCommand) {
  Buy("SPE_E3:10");
  const auto advanced = Run({"--json", "clock", "advance", "31"});
  ASSERT_EQ(advanced.exit_code, 0) << advanced.err;
  EXPECT_EQ(advanced.Json().at("now"), "2026-12-26T09:00:00Z");
  EXPECT_EQ(advanced.Json().at("lifecycle").at("charges"), 1);
  // Without --now, the database's own simulated time is "now".
  const auto shown = RunAt("", {"--json", "clock", "show"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.Json().at("now"), "2026-12-26T09:00:00Z");
  EXPECT_EQ(shown.Json().at("simulated"), true);
  const auto later = RunAt("", {"--json", "clock", "advance", "30"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.Json().at("now"), "2027-01-25T09:00:00Z");
}

TEST_F(LifecycleCliTest, NewCommerceCancelInsideTheWindowScheduleAndRenewAtAssigned) {
  const std::string early = Buy("SPE_E3:10");
  const std::string late = Buy("SPE_E3:10");
  const auto cancelled =
      Run({"--json", "subscriptions", "cancel", "--customer", "contoso.test", early});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_EQ(cancelled.Json().at("status"), "deleted");
  // Day 8: the window closed; the refusal is one line naming the commitment's end.
  const auto refused = RunAt("2026-12-03T09:00:00Z",
                             {"subscriptions", "cancel", "--customer", "contoso.test", late});
  EXPECT_EQ(refused.exit_code, 5);
  ExpectOneLineError(refused, "2027-11-24");

  const auto scheduled = Run({"--json", "subscriptions", "schedule", "--customer", "contoso.test",
                              late, "--quantity", "4", "--billing", "annual"});
  ASSERT_EQ(scheduled.exit_code, 0) << scheduled.err;
  EXPECT_EQ(scheduled.Json().at("scheduledNextTermInstructions").at("quantity"), 4);
  const auto bad_end =
      Run({"subscriptions", "schedule", "--customer", "contoso.test", late, "--end", "2028-10-30"});
  EXPECT_EQ(bad_end.exit_code, 3);
  ExpectOneLineError(bad_end, "2028-10-31");
  // Nobody holds a license: the next term keeps the SKU's minimum of one seat.
  const auto reduced = Run({"subscriptions", "renew-at-assigned", "--customer", "contoso.test"});
  ASSERT_EQ(reduced.exit_code, 0) << reduced.err;
  EXPECT_NE(reduced.out.find("1 subscription(s) scheduled down"), std::string::npos) << reduced.out;
  const auto cleared =
      Run({"--json", "subscriptions", "schedule", "--customer", "contoso.test", late, "--clear"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_TRUE(cleared.Json().at("scheduledNextTermInstructions").is_null());

  const auto renewing = Run({"--json", "report", "renewing", "--within-days", "400"});
  ASSERT_EQ(renewing.exit_code, 0) << renewing.err;
  EXPECT_EQ(renewing.Json().at("totalCount"), 1) << "ten seats, no license: money lost";
}

TEST_F(LifecycleCliTest, BadArgumentsAreOneLineErrors) {
  const auto future = Run({"lifecycle", "run", "--until", "2030-01-01"});
  EXPECT_NE(future.exit_code, 0);
  ExpectOneLineError(future, "after now");
  const auto garbage = Run({"lifecycle", "run", "--until", "soon"});
  EXPECT_NE(garbage.exit_code, 0);
  ExpectOneLineError(garbage, "--until");
  for (const char* days : {"0", "-1", "99999"}) {
    const auto refused = Run({"clock", "advance", days});
    EXPECT_NE(refused.exit_code, 0) << days;
  }
  const auto backwards =
      Run({"charges", "--customer", "contoso.test", "--from", "2027-01-01", "--to", "2026-01-01"});
  EXPECT_NE(backwards.exit_code, 0);
  ExpectOneLineError(backwards, "after");
}

// The report's auto-renew filter, held exactly: of two monthly subscriptions ending within the
// window, the one that renews is not reported, neither in the rows nor in the count.
TEST_F(LifecycleCliTest, ExpiringReportLeavesOutSubscriptionsThatRenew) {
  const std::string lapsing = Buy("O365_BUSINESS_PREMIUM:5:P1M");   // ends 2026-12-24
  const std::string renewing = Buy("O365_BUSINESS_PREMIUM:3:P1M");  // the same, auto-renew on
  ASSERT_EQ(Run({"subscriptions", "set-autorenew", "--customer", "contoso.test", lapsing, "false"})
                .exit_code,
            0);
  const auto report = Run({"--json", "report", "expiring", "--within-days", "60"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto body = report.Json();
  EXPECT_EQ(body.at("totalCount"), 1);
  ASSERT_EQ(body.at("items").as_array().size(), 1u);
  EXPECT_EQ(body.at("items").at(0).at("id").as_string(), lapsing);
  EXPECT_EQ(report.out.find(renewing), std::string::npos);
  const auto table = Run({"report", "expiring", "--within-days", "60"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("1 subscription(s)"), std::string::npos) << table.out;
}

TEST_F(LifecycleCliTest, ReportsShowWhatExpiresAndWhoLosesWhichPlan) {
  ASSERT_EQ(Run({"demo", "seed", "--customers", "6", "--users-per-customer", "3", "--seed", "1"})
                .exit_code,
            0);
  const auto expiring = Run({"--json", "report", "expiring", "--within-days", "365"});
  ASSERT_EQ(expiring.exit_code, 0) << expiring.err;
  const auto rows = expiring.Json().at("items").as_array();
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_LE(row.at("daysUntilEnd").as_int64(), 365);
    EXPECT_EQ(row.at("autoRenewEnabled"), false);
    EXPECT_TRUE(row.at("replacementSkuIds").is_array());
  }
  // --limit keeps the soonest-ending rows and still counts all of them.
  ASSERT_GE(rows.size(), 2u);
  const auto first = Run({"--json", "report", "expiring", "--within-days", "365", "--limit", "1"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.Json().at("totalCount").as_int64(), static_cast<std::int64_t>(rows.size()));
  ASSERT_EQ(first.Json().at("items").as_array().size(), 1u);
  std::int64_t soonest = rows[0].at("daysUntilEnd").as_int64();
  for (const auto& row : rows) soonest = std::min(soonest, row.at("daysUntilEnd").as_int64());
  EXPECT_EQ(first.Json().at("items").at(0).at("daysUntilEnd").as_int64(), soonest);
  const auto limited_table = Run({"report", "expiring", "--within-days", "365", "--limit", "1"});
  EXPECT_NE(limited_table.out.find(std::to_string(rows.size()) + " subscription(s)"),
            std::string::npos)
      << limited_table.out;
  const auto loss = Run(
      {"--json", "report", "service-loss", "--by", "2028-01-01", "--plan", "KAIZALA_STANDALONE"});
  ASSERT_EQ(loss.exit_code, 0) << loss.err;
  const auto forecast = loss.Json();
  ASSERT_FALSE(forecast.at("items").as_array().empty());
  EXPECT_EQ(forecast.at("plans").at(0).at("servicePlanName"), "KAIZALA_STANDALONE");
  const auto csv = Run({"report", "service-loss", "--by", "2028-01-01", "--csv"});
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("customerId,userId,userPrincipalName,", 0), 0u) << csv.out;
  const auto table = Run({"report", "service-loss", "--by", "2028-01-01"});
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("LOSES ACCESS"), std::string::npos) << table.out;
  const auto bad = Run({"report", "service-loss", "--by", "someday"});
  EXPECT_NE(bad.exit_code, 0);
  ExpectOneLineError(bad, "--by");
}

}  // namespace
}  // namespace seatshift::e2e
