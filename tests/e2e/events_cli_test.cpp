// Events, alerts and webhooks through the CLI, as a script runs them: the stream as JSON lines,
// an alert raised by a lifecycle run and dismissed, webhook endpoints managed, and bad input
// refused with a one-line message and the exit code of its class.
#include <gtest/gtest.h>

#include <sstream>

#include "cli_runner.hpp"

namespace seatshift::e2e {
namespace {

class EventsCliTest : public CliFixture {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"customers", "create", "--name", "Contoso", "--domain", "contoso.test",
                   "--country", "US", "--currency", "USD"})
                  .exit_code,
              0);
  }
};

TEST_F(EventsCliTest, TailPrintsOneJsonEventPerLineAndContinuesAfterTheLast) {
  ASSERT_EQ(
      Run({"orders", "create", "--customer", "contoso.test", "--item", "SPE_E3:10"}).exit_code, 0);
  const auto tailed = Run({"--json", "events", "tail", "--after", "0"});
  ASSERT_EQ(tailed.exit_code, 0) << tailed.err;
  std::istringstream lines(tailed.out);
  std::vector<std::string> names;
  std::int64_t last = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto event = boost::json::parse(line);
    names.emplace_back(event.at("eventName").as_string());
    last = event.at("id").as_int64();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"customer-created", "subscription-created",
                                             "order-created"}));
  const auto rest = Run({"--json", "events", "tail", "--after", std::to_string(last)});
  EXPECT_EQ(rest.exit_code, 0);
  EXPECT_EQ(rest.out, "");
  const auto unknown = Run({"events", "tail", "--after", "999"});
  EXPECT_EQ(unknown.exit_code, 4) << unknown.err;
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1) << unknown.err;
  EXPECT_EQ(Run({"events", "tail", "--event", "no-such-event"}).exit_code, 3);
}

TEST_F(EventsCliTest, ALifecycleRunRaisesAnAlertOnceAndAnAgentDismissesIt) {
  const auto bought =
      Run({"--json", "orders", "create", "--customer", "contoso.test", "--item", "SPE_E3:10"});
  ASSERT_EQ(bought.exit_code, 0) << bought.err;
  const std::string sub(bought.Json().at("lineItems").at(0).at("subscriptionId").as_string());
  ASSERT_EQ(
      Run({"subscriptions", "set-autorenew", "--customer", "contoso.test", sub, "false"}).exit_code,
      0);
  // The term ends 2027-11-24: 30 days before is 2027-10-25.
  EXPECT_EQ(RunAt("2027-10-24T09:00:00Z", {"--json", "lifecycle", "run"}).Json().at("alertsRaised"),
            0);
  EXPECT_EQ(RunAt("2027-10-25T09:00:00Z", {"--json", "lifecycle", "run"}).Json().at("alertsRaised"),
            1);
  EXPECT_EQ(RunAt("2027-10-26T09:00:00Z", {"--json", "lifecycle", "run"}).Json().at("alertsRaised"),
            0);
  const auto listed = RunAt("2027-10-26T09:00:00Z", {"alerts", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("ends 2027-11-24 with auto-renew off"), std::string::npos)
      << listed.out;
  const auto json = RunAt("2027-10-26T09:00:00Z", {"--json", "alerts", "list"}).Json();
  const std::string id(json.at("items").at(0).at("id").as_string());
  EXPECT_EQ(RunAt("2027-10-26T09:00:00Z", {"alerts", "dismiss", id}).exit_code, 0);
  const auto again = RunAt("2027-10-26T09:00:00Z", {"alerts", "dismiss", id});
  EXPECT_EQ(again.exit_code, 5) << again.err;
  EXPECT_EQ(RunAt("2027-10-26T09:00:00Z", {"--json", "alerts", "list"}).Json().at("totalCount"), 0);
}

TEST_F(EventsCliTest, WebhooksAreAddedPausedAndRemovedAndBadUrlsRefused) {
  const auto added = Run({"--json", "webhooks", "add", "https://hooks.example/seatshift", "--event",
                          "subscription-updated"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const auto made = added.Json();
  EXPECT_TRUE(std::string(made.at("secret").as_string()).starts_with("whsec_"));
  const std::string id(made.at("id").as_string());
  const auto paused = Run({"--json", "webhooks", "pause", id});
  ASSERT_EQ(paused.exit_code, 0) << paused.err;
  EXPECT_EQ(paused.Json().at("items").at(0).at("paused"), true);
  const auto listed = Run({"webhooks", "list"});
  EXPECT_NE(listed.out.find("paused"), std::string::npos);
  EXPECT_EQ(listed.out.find("whsec_"), std::string::npos) << "a secret shown again";
  EXPECT_EQ(Run({"webhooks", "deliveries", id, "--state", "dead"}).exit_code, 0);
  EXPECT_EQ(Run({"webhooks", "deliveries", id, "--state", "lost"}).exit_code, 3);
  EXPECT_EQ(Run({"webhooks", "replay", id}).exit_code, 3);
  EXPECT_EQ(Run({"webhooks", "remove", id}).exit_code, 0);
  EXPECT_EQ(Run({"webhooks", "remove", id}).exit_code, 4);
  for (const char* bad : {"ftp://hooks.example/", "not a url", "http://user:pw@hooks.example/"}) {
    const auto refused = Run({"webhooks", "add", bad});
    EXPECT_EQ(refused.exit_code, 3) << bad << ": " << refused.err;
  }
  EXPECT_EQ(Run({"webhooks", "add", "https://hooks.example/", "--event", "nope"}).exit_code, 3);
}

}  // namespace
}  // namespace seatshift::e2e
