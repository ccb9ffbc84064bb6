// Agents' tokens over the real HTTP server: revoked through the API (at once) or by another
// process (within the cache bound, on the monotonic clock), and tokens that expire in real time.
#include <boost/beast/http.hpp>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

using service::AgentService;

class AgentsApiTest : public ApiTest {
 protected:
  service::NewAgent MustCreate(const std::string& email, service::TokenLifetime lifetime = {}) {
    auto created =
        AgentService(env_.deps()).Create(TestEnv::admin(), email, Role::kSalesAgent, lifetime);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return *created;
  }

  int StatusWith(const std::string& token) {
    return HttpClient(server_.port(), token).Get("/v1/customers").status;
  }

  static std::string AgentPath(const Agent& agent, const char* action) {
    return "/v1/agents/" + agent.id.value().ToString() + "/" + action;
  }

  //! The audit records of `operation`, newest last.
  std::vector<AuditRecord> Audits(const std::string& operation) {
    auto page = env_.store().Read()->ListAudit({}, {.after = "", .limit = 1000});
    EXPECT_TRUE(page.ok());
    std::vector<AuditRecord> found;
    for (const AuditRecord& r : page->items) {
      if (r.operation == operation) found.push_back(r);
    }
    return found;
  }
};

// The server runs on a simulated business clock that never moves here; the CLI, another
// process with its own cache, disables one agent and rotates another's token.
TEST_F(AgentsApiTest, TokensRevokedByAnotherProcessAreRefusedOnceTheCacheBoundPasses) {
  const auto ada = MustCreate("ada@partner.test");
  const auto bob = MustCreate("bob@partner.test");
  ASSERT_EQ(StatusWith(ada.token), 200);
  ASSERT_EQ(StatusWith(bob.token), 200);

  auto other_store = env_.OpenAgain();
  UuidV7Generator other_ids(env_.clock(), 7);
  ManualMonotonicClock other_monotonic;
  AgentService cli({*other_store, env_.clock(), other_ids, other_monotonic, env_.wall()});
  ASSERT_TRUE(cli.Disable(TestEnv::admin(), std::string("ada@partner.test")).ok());
  ASSERT_TRUE(cli.Rotate(TestEnv::admin(), std::string("bob@partner.test")).ok());

  env_.monotonic().Advance(AgentService::kCacheTtl - std::chrono::seconds(1));
  EXPECT_EQ(StatusWith(ada.token), 200) << "still inside the cache bound";
  env_.monotonic().Advance(std::chrono::seconds(1));
  EXPECT_EQ(StatusWith(ada.token), 401);
  EXPECT_EQ(StatusWith(bob.token), 401);
}

TEST_F(AgentsApiTest, DisableThroughTheApiRefusesTheTokenAtOnceAndIsAudited) {
  const auto ada = MustCreate("ada@partner.test");
  ASSERT_EQ(StatusWith(ada.token), 200);  // now in the server's cache

  const auto disabled = Admin().Post(AgentPath(ada.agent, "disable"), "");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.Json().at("disabled"), true);
  EXPECT_EQ(disabled.Json().at("email"), "ada@partner.test");
  EXPECT_EQ(StatusWith(ada.token), 401);

  const auto audits = Audits("agent.disable");
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].agent_id, "admin_agent@partner.test");
  EXPECT_EQ(audits[0].resource_id, ada.agent.id.value().ToString());

  EXPECT_EQ(
      Admin()
          .Post("/v1/agents/" + Uuid::Parse("01890000-0000-7000-8000-000000000000")->ToString() +
                    "/disable",
                "")
          .status,
      404);
  EXPECT_EQ(Admin().Post("/v1/agents/nope/disable", "").status, 400);
  EXPECT_EQ(As(Role::kSalesAgent).Post(AgentPath(ada.agent, "disable"), "").status, 403);
}

TEST_F(AgentsApiTest, RotateThroughTheApiReturnsTheNewTokenOnceAndRefusesTheOldAtOnce) {
  const auto ada = MustCreate("ada@partner.test");
  ASSERT_EQ(StatusWith(ada.token), 200);

  const auto rotated = Admin().Post(AgentPath(ada.agent, "rotate"), "");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string token(rotated.Json().at("token").as_string());
  EXPECT_NE(token, ada.token);
  EXPECT_EQ(rotated.Json().at("agent").at("id").as_string(), ada.agent.id.value().ToString());
  EXPECT_EQ(StatusWith(ada.token), 401);
  EXPECT_EQ(StatusWith(token), 200);
  EXPECT_EQ(Audits("agent.rotate").size(), 1u);
  // The token is in that response only.
  const auto list = Admin().Get("/v1/agents");
  EXPECT_EQ(list.body.find(token), std::string::npos);
}

// Expiry is judged on real (wall) time: the business clock is simulated and does not move.
TEST_F(AgentsApiTest, TokensExpireOnTheWallClockGivenInDaysOrAsAnInstant) {
  const auto created = Admin().Post(
      "/v1/agents", R"({"email":"eve@partner.test","role":"sales_agent","expiresInDays":2})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("agent").at("tokenExpiresAt").as_string(),
            FormatInstant(env_.wall().Now() + std::chrono::days(2)));
  const std::string token(created.Json().at("token").as_string());
  ASSERT_EQ(StatusWith(token), 200);
  env_.wall().Advance(std::chrono::days(2) - std::chrono::seconds(1));
  EXPECT_EQ(StatusWith(token), 200);
  env_.wall().Advance(std::chrono::seconds(1));
  EXPECT_EQ(StatusWith(token), 401) << "expired, even though the cache remembers it";

  const std::string id(created.Json().at("agent").at("id").as_string());
  const std::string at = FormatInstant(env_.wall().Now() + std::chrono::hours(1));
  const auto rotated =
      Admin().Post("/v1/agents/" + id + "/rotate", R"({"expiresAt":")" + at + R"("})");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.Json().at("agent").at("tokenExpiresAt").as_string(), at);
  const std::string renewed(rotated.Json().at("token").as_string());
  EXPECT_EQ(StatusWith(renewed), 200);
  env_.wall().Advance(std::chrono::hours(1));
  EXPECT_EQ(StatusWith(renewed), 401);

  const auto never = Admin().Post("/v1/agents/" + id + "/rotate", "");
  ASSERT_EQ(never.status, 200);
  EXPECT_TRUE(never.Json().at("agent").at("tokenExpiresAt").is_null());

  const std::string past = FormatInstant(env_.wall().Now() - std::chrono::hours(1));
  for (const std::string& body :
       {R"({"email":"x@partner.test","role":"sales_agent","expiresAt":")" + past + R"("})",
        std::string(R"({"email":"x@partner.test","role":"sales_agent","expiresInDays":0})"),
        std::string(R"({"email":"x@partner.test","role":"sales_agent","expiresAt":"soon"})"),
        R"({"email":"x@partner.test","role":"sales_agent","expiresInDays":1,"expiresAt":")" + at +
            R"("})"}) {
    const auto refused = Admin().Post("/v1/agents", body);
    EXPECT_EQ(refused.status, 400) << body << ": " << refused.body;
  }
}

}  // namespace
}  // namespace seatshift::testing
