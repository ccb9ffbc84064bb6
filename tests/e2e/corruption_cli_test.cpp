// What the CLI does with a damaged database (damaged with the real `sqlite3` tool): one line on
// stderr naming what is wrong, a non-zero exit, never a made-up value.
#include <gtest/gtest.h>

#include <cstdio>

#include "cli_runner.hpp"

namespace seatshift::e2e {
namespace {

class CorruptionCliTest : public CliFixture {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"customers", "create", "--name", "Contoso", "--domain", "contoso.test",
                   "--country", "US", "--currency", "USD"})
                  .exit_code,
              0);
  }

  //! Runs `sql` on the database with sqlite3, CHECK constraints off.
  void Damage(const std::string& sql) {
    const std::string command = "sqlite3 -bail " + Quote(Path("seatshift.db"));
    FILE* tool = popen(command.c_str(), "w");
    ASSERT_NE(tool, nullptr) << command;
    const std::string script = "PRAGMA ignore_check_constraints = ON;\n" + sql + ";\n";
    std::fputs(script.c_str(), tool);
    ASSERT_EQ(pclose(tool), 0) << command << " < " << sql;
  }
};

TEST_F(CorruptionCliTest, UnknownSubscriptionStatusIsAOneLineError) {
  ASSERT_EQ(Run({"orders", "create", "--customer", "contoso.test", "--item", "SPE_E3:5"}).exit_code,
            0);
  Damage("UPDATE subscriptions SET status = 'frozen'");
  const auto listed = Run({"subscriptions", "list", "--customer", "contoso.test"});
  EXPECT_NE(listed.exit_code, 0);
  ExpectOneLineError(listed, "subscriptions.status");
  EXPECT_EQ(listed.out.find("active"), std::string::npos) << listed.out;
}

TEST_F(CorruptionCliTest, StoredClockThatDoesNotParseIsAnErrorNotTheRealClock) {
  ASSERT_EQ(Run({"clock", "advance", "1"}).exit_code, 0);
  Damage("UPDATE settings SET value = 'soon' WHERE key = 'clock.simulated_now'");
  const auto shown = RunAt("", {"clock", "show"});
  EXPECT_NE(shown.exit_code, 0);
  ExpectOneLineError(shown, "clock.simulated_now");
}

TEST_F(CorruptionCliTest, ClockAdvancePastTheYear9999IsRefused) {
  const auto refused = RunAt("9999-12-20", {"clock", "advance", "12"});
  EXPECT_NE(refused.exit_code, 0);
  ExpectOneLineError(refused, "9999-12-31");
  EXPECT_EQ(RunAt("9999-12-20", {"clock", "advance", "11"}).exit_code, 0);
}

}  // namespace
}  // namespace seatshift::e2e
