// The portal's sign-in over the real HTTP server: email + password → an HttpOnly, SameSite=Strict
// session cookie that authenticates like a bearer token, writes only with the anti-CSRF header,
// roles enforced the same, and sessions that end at sign-out, a new password or a disabled agent.
#include <boost/json.hpp>

#include "api/session_cookie.hpp"
#include "api_fixture.hpp"
#include "service/session_service.hpp"

namespace seatshift::testing {
namespace {

constexpr const char* kPassword = "correct horse battery";
const std::map<std::string, std::string> kPortal = {{"X-Requested-With", "seatshift-portal"}};

class PortalSessionTest : public ApiTest {
 protected:
  PortalSessionTest() {
    for (Role role :
         {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent, Role::kBillingAdmin}) {
      EXPECT_TRUE(service::AgentService(env_.deps())
                      .SetPassword(TestEnv::admin(), EmailOf(role), kPassword)
                      .ok());
    }
  }

  static std::string EmailOf(Role role) { return std::string(ToString(role)) + "@partner.test"; }

  static std::string Credentials(const std::string& email, const std::string& password) {
    return boost::json::serialize(boost::json::object{{"email", email}, {"password", password}});
  }

  HttpResult SignInRaw(const std::string& email, const std::string& password,
                       const std::map<std::string, std::string>& headers = kPortal) {
    return Anonymous().Post("/v1/session", Credentials(email, password), headers);
  }

  //! The session cookie ("seatshift_session=...") of a successful sign-in.
  std::string SignIn(Role role) {
    const HttpResult r = SignInRaw(EmailOf(role), kPassword);
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string set_cookie = r.Header("Set-Cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }

  static std::map<std::string, std::string> WithCookie(const std::string& cookie,
                                                       bool csrf_header = true) {
    std::map<std::string, std::string> headers{{"Cookie", cookie}};
    if (csrf_header) headers.insert(kPortal.begin(), kPortal.end());
    return headers;
  }

  std::string AnyCustomerPath() { return CustomerPath(env_.NewCustomer("roles.example")); }
};

// Behind a proxy that took the request over HTTPS (X-Forwarded-Proto, as deploy/nginx.conf sets
// it), the cookie is Secure both when it is set and when sign-out clears it.
TEST_F(PortalSessionTest, BehindAnHttpsProxyTheCookieIsSecure) {
  auto headers = kPortal;
  headers["X-Forwarded-Proto"] = "https, http";
  const HttpResult r = SignInRaw("sales_agent@partner.test", kPassword, headers);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string set_cookie = r.Header("Set-Cookie");
  EXPECT_TRUE(set_cookie.ends_with("; Secure")) << set_cookie;

  auto sign_out = WithCookie(set_cookie.substr(0, set_cookie.find(';')));
  sign_out["X-Forwarded-Proto"] = "HTTPS";
  const HttpResult out =
      Anonymous().Send(boost::beast::http::verb::delete_, "/v1/session", "", sign_out);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_TRUE(out.Header("Set-Cookie").ends_with("; Secure")) << out.Header("Set-Cookie");
}

TEST_F(PortalSessionTest, SignInSetsAStrictHttpOnlyCookieThatAuthenticatesTheAgent) {
  const HttpResult r = SignInRaw("Sales_Agent@Partner.test", kPassword);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string set_cookie = r.Header("Set-Cookie");
  EXPECT_TRUE(set_cookie.starts_with("seatshift_session=sss_")) << set_cookie;
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP: " << set_cookie;
  const auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("role"), "sales_agent");
  EXPECT_EQ(r.body.find("sss_"), std::string::npos)
      << "the cookie is never in a body a script reads";

  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const HttpResult me = Anonymous().Get("/v1/session", WithCookie(cookie, false));
  ASSERT_EQ(me.status, 200) << me.body;
  const auto session = boost::json::parse(me.body).as_object();
  EXPECT_EQ(session.at("email"), "sales_agent@partner.test");
  const auto& permissions = session.at("permissions").as_array();
  EXPECT_NE(std::find(permissions.begin(), permissions.end(), boost::json::value("placeOrders")),
            permissions.end());
  EXPECT_EQ(std::find(permissions.begin(), permissions.end(), boost::json::value("manageAgents")),
            permissions.end());
  EXPECT_EQ(Anonymous().Get("/v1/customers", WithCookie(cookie, false)).status, 200);
}

TEST_F(PortalSessionTest, TheSessionCookieIsFoundAmongOthersAndABearerTokenTakesPrecedence) {
  const std::string cookie = SignIn(Role::kSalesAgent);
  const HttpResult among =
      Anonymous().Get("/v1/session", {{"Cookie", "theme=dark; " + cookie + " ; lang=tr"}});
  ASSERT_EQ(among.status, 200) << among.body;
  EXPECT_EQ(boost::json::parse(among.body).at("role"), "sales_agent");
  // A request with an Authorization header is judged by it alone, whatever cookie it carries.
  const HttpResult bearer = As(Role::kBillingAdmin).Get("/v1/session", {{"Cookie", cookie}});
  EXPECT_EQ(boost::json::parse(bearer.body).at("role"), "billing_admin");
  EXPECT_EQ(HttpClient(server_.port(), "sst_wrong").Get("/v1/session", {{"Cookie", cookie}}).status,
            401);
}

TEST_F(PortalSessionTest, WrongPasswordUnknownEmailAndAgentWithoutPasswordGetTheSame401) {
  service::AgentService agents(env_.deps());
  ASSERT_TRUE(agents.Create(TestEnv::admin(), "nopass@partner.test", Role::kSalesAgent).ok());
  const HttpResult wrong = SignInRaw(EmailOf(Role::kSalesAgent), "not the password");
  const HttpResult unknown = SignInRaw("nobody@partner.test", kPassword);
  const HttpResult no_password = SignInRaw("nopass@partner.test", kPassword);
  for (const HttpResult* r : {&wrong, &unknown, &no_password}) {
    EXPECT_EQ(r->status, 401) << r->body;
    EXPECT_EQ(r->Header("Set-Cookie"), "");
    EXPECT_EQ(boost::json::parse(r->body).at("description"), "unknown email or wrong password");
  }
}

TEST_F(PortalSessionTest, BadInputIsRefusedWithTheErrorBody) {
  EXPECT_EQ(Anonymous().Post("/v1/session", "{\"email\": 3}", kPortal).Code(), "400");
  EXPECT_EQ(Anonymous().Post("/v1/session", "not json", kPortal).Code(), "400");
  EXPECT_EQ(Anonymous()
                .Post("/v1/session", R"({"email": "a@b.test", "password": "x", "remember": true})",
                      kPortal)
                .Code(),
            "400");
  EXPECT_EQ(Anonymous().Get("/v1/session", {{"Cookie", "seatshift_session=sss_garbage"}}).status,
            401);
  EXPECT_EQ(Anonymous().Get("/v1/session", {{"Cookie", "seatshift_session="}}).status, 401);
}

TEST_F(PortalSessionTest, SignInAndCookieWritesNeedTheAntiCsrfHeader) {
  EXPECT_EQ(SignInRaw(EmailOf(Role::kSalesAgent), kPassword, {}).status, 403)
      << "no login CSRF either";
  const std::string cookie = SignIn(Role::kSalesAgent);
  const std::string body =
      R"({"companyProfile": {"companyName": "Csrf Ltd", "domain": "csrf.example"},
          "segment": "commercial", "country": "US", "currency": "USD"})";
  const HttpResult forged = Anonymous().Post("/v1/customers", body, WithCookie(cookie, false));
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_NE(forged.body.find("X-Requested-With"), std::string::npos) << forged.body;
  EXPECT_EQ(Anonymous().Post("/v1/customers", body, WithCookie(cookie)).status, 201);
  // A bearer token is not sent by browsers on their own: no header needed.
  EXPECT_EQ(As(Role::kSalesAgent)
                .Post("/v1/customers",
                      R"({"companyProfile": {"companyName": "Bearer Ltd", "domain":
                          "bearer.example"}, "segment": "commercial", "country": "US",
                          "currency": "USD"})")
                .status,
            201);
}

TEST_F(PortalSessionTest, RolesAreEnforcedForSessionsAsForTokens) {
  const std::string customer = AnyCustomerPath();
  const std::string order = R"({"lineItems": [{"lineItemNumber": 1, "offerId": "SPE_E3",
                                "quantity": 1}]})";
  EXPECT_EQ(Anonymous()
                .Post(customer + "/orders", order, WithCookie(SignIn(Role::kHelpdeskAgent)))
                .status,
            403)
      << "a helpdesk agent cannot buy";
  EXPECT_EQ(Anonymous()
                .Post(customer + "/licenseupdates", R"({"updates": []})",
                      WithCookie(SignIn(Role::kBillingAdmin)))
                .status,
            403)
      << "a billing admin cannot change licenses";
}

TEST_F(PortalSessionTest, SignOutEndsTheSessionAndClearsTheCookie) {
  const std::string cookie = SignIn(Role::kSalesAgent);
  const HttpResult out =
      Anonymous().Send(boost::beast::http::verb::delete_, "/v1/session", "", WithCookie(cookie));
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Anonymous().Get("/v1/session", WithCookie(cookie)).status, 401);
  EXPECT_EQ(Anonymous().Get("/v1/customers", WithCookie(cookie)).status, 401);
  // Signing out again (or with no session) still answers and clears the cookie.
  EXPECT_EQ(Anonymous()
                .Send(boost::beast::http::verb::delete_, "/v1/session", "", WithCookie(cookie))
                .status,
            204);
}

TEST_F(PortalSessionTest, ANewPasswordOrADisabledAgentEndsItsSessions) {
  const std::string sales = SignIn(Role::kSalesAgent);
  const std::string helpdesk = SignIn(Role::kHelpdeskAgent);
  service::AgentService agents(env_.deps());
  ASSERT_TRUE(
      agents.SetPassword(TestEnv::admin(), EmailOf(Role::kSalesAgent), "another long password")
          .ok());
  ASSERT_TRUE(agents.Disable(TestEnv::admin(), EmailOf(Role::kHelpdeskAgent)).ok());
  EXPECT_EQ(Anonymous().Get("/v1/session", WithCookie(sales)).status, 401);
  EXPECT_EQ(Anonymous().Get("/v1/session", WithCookie(helpdesk)).status, 401);
  EXPECT_EQ(SignInRaw(EmailOf(Role::kHelpdeskAgent), kPassword).status, 401);
  EXPECT_EQ(SignInRaw(EmailOf(Role::kSalesAgent), "another long password").status, 201);
}

TEST_F(PortalSessionTest, SessionsEndAfterTheirLifetimeInRealTime) {
  const std::string cookie = SignIn(Role::kSalesAgent);
  env_.wall().Advance(
      std::chrono::duration_cast<std::chrono::seconds>(service::SessionService::kLifetime) -
      std::chrono::seconds(1));
  EXPECT_EQ(Anonymous().Get("/v1/session", WithCookie(cookie)).status, 200);
  env_.wall().Advance(std::chrono::seconds(1));
  EXPECT_EQ(Anonymous().Get("/v1/session", WithCookie(cookie)).status, 401);
}

TEST_F(PortalSessionTest, PasswordsAreCheckedAndStoredHashed) {
  service::AgentService agents(env_.deps());
  const auto short_one = agents.SetPassword(TestEnv::admin(), EmailOf(Role::kSalesAgent), "short");
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.error().code, ErrorCode::kBadRequest);
  const service::RequestContext sales{.actor = {EmailOf(Role::kSalesAgent), Role::kSalesAgent}};
  EXPECT_FALSE(agents.SetPassword(sales, EmailOf(Role::kSalesAgent), kPassword).ok())
      << "only an admin sets passwords";
  const auto agent = env_.store().Read()->FindAgentByEmail(EmailOf(Role::kSalesAgent));
  ASSERT_TRUE(agent);
  const auto hash = env_.store().Read()->FindAgentPasswordHash(agent->id);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_EQ(hash->find(kPassword), std::string::npos);
}

TEST_F(PortalSessionTest, RepeatedFailedSignInsForOneEmailAreThrottled) {
  int throttled = 0;
  for (int i = 0; i < 12; ++i) {
    const HttpResult r = SignInRaw("guess@partner.test", "wrong password " + std::to_string(i));
    if (r.status == 429) {
      ++throttled;
      EXPECT_FALSE(r.Header("Retry-After").empty());
    }
  }
  EXPECT_EQ(throttled, 2);
  EXPECT_EQ(SignInRaw(EmailOf(Role::kSalesAgent), kPassword).status, 201)
      << "another email is not affected";
}

}  // namespace
}  // namespace seatshift::testing
