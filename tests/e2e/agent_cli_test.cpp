// `seatshift agents ...` as an administrator uses it: tokens are printed once and only once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "cli_runner.hpp"

namespace {

using seatshift::e2e::Outcome;

class AgentCliTest : public seatshift::e2e::CliFixture {
 protected:
  static std::size_t Occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
      ++count;
    }
    return count;
  }

  //! The token of an `agents create|rotate --json` run.
  static std::string TokenOf(const Outcome& o) {
    return std::string(o.Json().at("token").as_string());
  }
};

TEST_F(AgentCliTest, CreatePrintsTheTokenOnceAndListNeverShowsIt) {
  const Outcome created =
      Run({"agents", "create", "--email", "Ada@Partner.test", "--role", "sales_agent"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("ada@partner.test"), std::string::npos) << created.out;
  EXPECT_NE(created.out.find("sales_agent"), std::string::npos) << created.out;
  EXPECT_NE(created.out.find("will not be shown again"), std::string::npos) << created.out;
  const auto at = created.out.find("sst_");
  ASSERT_NE(at, std::string::npos) << created.out;
  const std::string token = created.out.substr(at, 4 + 43);
  EXPECT_EQ(Occurrences(created.out + created.err, token), 1u);

  const Outcome table = Run({"agents", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("ada@partner.test"), std::string::npos);
  EXPECT_EQ(table.out.find("sst_"), std::string::npos) << table.out;

  const Outcome json = Run({"--json", "agents", "list"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto list = json.Json();
  EXPECT_EQ(list.at("totalCount").as_int64(), 1);
  const auto& agent = list.at("items").at(0).as_object();
  EXPECT_EQ(agent.at("email"), "ada@partner.test");
  EXPECT_EQ(agent.at("role"), "sales_agent");
  EXPECT_FALSE(agent.contains("token"));
  EXPECT_EQ(json.out.find("sst_"), std::string::npos) << json.out;
  EXPECT_EQ(json.out.find(token.substr(4)), std::string::npos);
}

TEST_F(AgentCliTest, JsonCreateGivesTheAgentAndTheToken) {
  const Outcome created =
      Run({"--json", "agents", "create", "--email", "ben@partner.test", "--role", "admin_agent"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto body = created.Json();
  EXPECT_EQ(body.at("agent").at("email"), "ben@partner.test");
  EXPECT_EQ(body.at("agent").at("role"), "admin_agent");
  EXPECT_EQ(body.at("agent").at("disabled"), false);
  const std::string token = TokenOf(created);
  EXPECT_EQ(token.size(), 4u + 43u);
  EXPECT_EQ(token.rfind("sst_", 0), 0u);
  EXPECT_NE(created.err.find("will not be shown again"), std::string::npos) << created.err;
}

TEST_F(AgentCliTest, RotateGivesANewTokenAndDisableMarksTheAgent) {
  const std::string first = TokenOf(
      Run({"--json", "agents", "create", "--email", "cy@partner.test", "--role", "billing_admin"}));
  const Outcome rotated = Run({"--json", "agents", "rotate", "cy@partner.test"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(TokenOf(rotated), first);

  const Outcome disabled = Run({"agents", "disable", "cy@partner.test"});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_EQ(Run({"--json", "agents", "list"}).Json().at("items").at(0).at("disabled"), true);

  const Outcome missing = Run({"agents", "rotate", "nobody@partner.test"});
  EXPECT_EQ(missing.exit_code, 4);
  ExpectOneLineError(missing, "nobody@partner.test");
}

TEST_F(AgentCliTest, BadRoleOrEmailIsInvalidInput) {
  const Outcome bad_role =
      Run({"agents", "create", "--email", "dee@partner.test", "--role", "superuser"});
  EXPECT_EQ(bad_role.exit_code, 3);
  ExpectOneLineError(bad_role, "superuser");
  for (const char* role : {"admin_agent", "sales_agent", "helpdesk_agent", "billing_admin"}) {
    EXPECT_NE(bad_role.err.find(role), std::string::npos) << "lists the valid roles";
  }
  EXPECT_EQ(Run({"agents", "create", "--email", "dee@partner.test", "--role", "system"}).exit_code,
            3);
  EXPECT_EQ(Run({"agents", "create", "--email", "dee", "--role", "sales_agent"}).exit_code, 3);
  EXPECT_EQ(Run({"--json", "agents", "list"}).Json().at("totalCount").as_int64(), 0);

  ASSERT_EQ(
      Run({"agents", "create", "--email", "dee@partner.test", "--role", "sales_agent"}).exit_code,
      0);
  const Outcome duplicate =
      Run({"agents", "create", "--email", "DEE@partner.test", "--role", "sales_agent"});
  EXPECT_EQ(duplicate.exit_code, 5);
  ExpectOneLineError(duplicate, "already exists");
}

TEST_F(AgentCliTest, TokensCanBeGivenALifetimeInDaysOnCreateAndRotate) {
  const Outcome created = Run({"--json", "agents", "create", "--email", "eve@partner.test",
                               "--role", "sales_agent", "--expires-in-days", "30"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_TRUE(created.Json().at("agent").at("tokenExpiresAt").is_string()) << created.out;

  const Outcome forever = Run({"--json", "agents", "rotate", "eve@partner.test"});
  ASSERT_EQ(forever.exit_code, 0) << forever.err;
  EXPECT_TRUE(forever.Json().at("agent").at("tokenExpiresAt").is_null()) << forever.out;

  const Outcome again =
      Run({"--json", "agents", "rotate", "eve@partner.test", "--expires-in-days", "1"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(again.Json().at("agent").at("tokenExpiresAt").is_string()) << again.out;

  for (const char* days : {"0", "3651"}) {
    const Outcome refused =
        Run({"agents", "rotate", "eve@partner.test", "--expires-in-days", days});
    EXPECT_NE(refused.exit_code, 0) << days;
    EXPECT_NE(refused.err.find("expiresInDays"), std::string::npos) << refused.err;
  }
}

TEST_F(AgentCliTest, NamesWithBidiControlsAreRefusedByTheCliToo) {
  const Outcome refused = Run({"customers", "create", "--name",
                               "Invoice \xe2\x80\xae"
                               "fdp.exe",
                               "--domain", "evil.test", "--country", "US", "--currency", "USD"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("companyName"), std::string::npos) << refused.err;
  EXPECT_EQ(Run({"customers", "create", "--name", "Büro Köln", "--domain", "koeln.test",
                 "--country", "DE", "--currency", "EUR"})
                .exit_code,
            0);
}

}  // namespace

namespace {

TEST_F(AgentCliTest, SetPasswordReadsThePasswordFromStdinAndChecksIt) {
  ASSERT_EQ(
      Run({"agents", "create", "--email", "ada@partner.test", "--role", "sales_agent"}).exit_code,
      0);
  const Outcome set =
      RunWithInput({"agents", "set-password", "ada@partner.test"}, "a long enough password\n");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("ada@partner.test can now sign in"), std::string::npos) << set.out;
  EXPECT_EQ((set.out + set.err).find("a long enough password"), std::string::npos);

  const Outcome too_short = RunWithInput({"agents", "set-password", "ada@partner.test"}, "short\n");
  EXPECT_NE(too_short.exit_code, 0);
  ExpectOneLineError(too_short, "password");
  const Outcome unknown =
      RunWithInput({"agents", "set-password", "nobody@partner.test"}, "a long enough password\n");
  EXPECT_NE(unknown.exit_code, 0);
  ExpectOneLineError(unknown, "nobody@partner.test");
}

TEST_F(AgentCliTest, DemoSeedGivesEveryRoleAnAgentWithItsDemoPassword) {
  const Outcome seeded =
      Run({"--json", "demo", "seed", "--customers", "2", "--users-per-customer", "2"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  const boost::json::value json = seeded.Json();
  const auto& agents = json.at("agents").as_array();
  std::set<std::string> roles;
  for (const auto& a : agents) roles.insert(std::string(a.at("role").as_string()));
  EXPECT_EQ(roles, (std::set<std::string>{"admin_agent", "sales_agent", "helpdesk_agent",
                                          "billing_admin"}));
  const Outcome listed = Run({"--json", "agents", "list"});
  for (const auto& a : agents) {
    EXPECT_NE(listed.out.find(std::string(a.at("email").as_string())), std::string::npos);
  }
}

}  // namespace
