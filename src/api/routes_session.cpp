// /v1/session: the portal's sign-in (email + password → session cookie), who is signed in, and
// sign-out.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "api/session_cookie.hpp"
#include "api/throttle.hpp"
#include "service/password.hpp"
#include "service/session_service.hpp"

namespace seatshift::api {
namespace {

//! Sign-in attempts per minute per email: a guesser gets a handful a minute, an agent who
//! mistypes never notices.
constexpr std::int64_t kSignInsPerMinute = 10;

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

boost::json::array PermissionsOf(Role role) {
  boost::json::array names;
  for (Permission p : kAllPermissions) {
    if (Allows(role, p)) names.emplace_back(ToString(p));
  }
  return names;
}

//! Who is signed in: what the portal shows and hides by (the server checks every request
//! regardless).
boost::json::object SessionJson(const Actor& actor) {
  return {{"email", actor.id},
          {"role", ToString(actor.role)},
          {"permissions", PermissionsOf(actor.role)},
          {"attributes", boost::json::object{{"objectType", "Session"}}}};
}

Response SignIn(service::SessionService sessions, RateLimiter& limiter, Call& call) {
  // Login CSRF: another site must not sign the browser in as someone else either.
  if (Status allowed = CheckCsrf(call.request); !allowed) {
    return ErrorResponse(std::move(allowed).error());
  }
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  auto email = reader.String("email", 254);
  if (!email) return ErrorResponse(std::move(email).error());
  auto password = reader.String("password", service::kMaxPasswordLength);
  if (!password) return ErrorResponse(std::move(password).error());
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  if (const auto decision = limiter.Acquire(Lowercase(*email)); !decision.allowed) {
    const std::int64_t seconds = RetryAfterSeconds(decision.retry_after);
    Response refused = ErrorResponse(Error(
        ErrorCode::kRateLimited,
        fmt::format("Too many sign-in attempts for this email. Try again in {} seconds.", seconds),
        {{"scope", std::string("signIn")}, {"retryAfterSeconds", seconds}}));
    refused.set(http::field::retry_after, std::to_string(seconds));
    return refused;
  }
  auto opened = sessions.SignIn(*email, *password);
  if (!opened) return ErrorResponse(std::move(opened).error());
  const Agent& agent = opened->session.agent;
  boost::json::object answer = SessionJson(Actor{agent.email, agent.role});
  answer["expiresAt"] = FormatInstant(opened->session.expires_at);
  Response response = JsonResponse(http::status::created, answer);
  response.set(http::field::set_cookie,
               SessionCookieHeader(call.request, opened->cookie,
                                   std::chrono::duration_cast<std::chrono::seconds>(
                                       service::SessionService::kLifetime)));
  response.set(http::field::cache_control, "no-store");
  return response;
}

Response SignOut(service::SessionService sessions, Call& call) {
  const auto cookie = SessionCookie(call.request);
  if (cookie) {
    if (Status allowed = CheckCsrf(call.request); !allowed) {
      return ErrorResponse(std::move(allowed).error());
    }
    sessions.SignOut(*cookie);
  }
  // The cookie is cleared whatever it held: an expired or unknown session signs out too.
  Response response = EmptyResponse(http::status::no_content);
  response.set(http::field::set_cookie,
               SessionCookieHeader(call.request, "", std::chrono::seconds(0)));
  return response;
}

}  // namespace

void AddSessionRoutes(Router& router, service::Dependencies deps) {
  service::SessionService sessions(deps);
  auto limiter =
      std::make_shared<RateLimiter>(kSignInsPerMinute, kSignInsPerMinute, deps.monotonic);
  router.Add(http::verb::post, "/v1/session",
             [sessions, limiter](Call& c) { return SignIn(sessions, *limiter, c); },
             {.authenticated = false});
  router.Add(http::verb::get, "/v1/session",
             [](Call& c) { return JsonResponse(http::status::ok, SessionJson(c.ctx.actor)); });
  // Not authenticated: signing out must work (and clear the cookie) when the session is over.
  router.Add(http::verb::delete_, "/v1/session",
             [sessions](Call& c) { return SignOut(sessions, c); }, {.authenticated = false});
}

}  // namespace seatshift::api
