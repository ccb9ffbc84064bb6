#pragma once

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "api/http.hpp"
#include "api/metrics.hpp"
#include "api/router.hpp"
#include "api/static_files.hpp"
#include "api/throttle.hpp"
#include "domain/simulated_clock.hpp"
#include "service/agent_service.hpp"
#include "service/request_context.hpp"
#include "service/session_service.hpp"

namespace seatshift::api {

//! Throttling as Partner Center does it: over a limit, 429 with Retry-After and nothing done.
//! Each limit is a token bucket holding one minute's worth of requests (that many may come at
//! once), refilled at the rate; 0 turns it off. The defaults are generous: they stop a runaway
//! script, not an agent at work.
struct ThrottleOptions {
  //! Requests per minute per agent, on every authenticated route.
  std::int64_t agent_requests_per_minute = 6000;
  //! Writes (POST, PATCH, PUT, DELETE) per minute on the routes of one {customerId}, whichever
  //! agents send them, so that a script hammering one customer leaves the others alone.
  std::int64_t customer_writes_per_minute = 1200;
};

struct ApiOptions {
  //! Where JSON access-log lines go (one per request); nullptr for none. Each line goes to the
  //! file's descriptor in one write(2) as its request ends, bypassing the FILE's buffer: a crash
  //! loses no line and lines of concurrent requests never interleave.
  std::FILE* access_log = stderr;
  //! The clock of the dependencies when it is simulated (POST /v1/clock/advance moves it).
  SimulatedClock* simulated_clock = nullptr;
  //! The access log's "time"; nullptr: the system clock. Business time may be simulated, a log
  //! line's time is when the request happened.
  const Clock* wall_clock = nullptr;
  //! Called after a migration was started or resumed through the API, so that the server's
  //! runner takes it at once instead of at its next poll; empty when nothing runs migrations
  //! here (they wait for another process). Must not block.
  std::function<void()> migration_runnable;
  //! Timed on the dependencies' monotonic clock (tests advance it).
  ThrottleOptions throttle;
  //! The built portal (web/dist) to serve at every path that is not the API's; none: no portal.
  std::optional<std::filesystem::path> web_root;
};

//! The REST API as a function from request to response: authentication, throttling (after
//! authentication, before idempotency replay and the handler), routing, idempotency keys,
//! correlation ids, error bodies, metrics and the access log. It knows nothing of sockets,
//! so tests and the fuzzer call it directly. Thread-safe: Serve and Handle may run on many
//! threads. HEAD is answered on every GET route as GET is, with the GET body's length and no
//! body.
//! Routes are authenticated by a bearer token (scripts, the CLI's peers) or, when no
//! Authorization header is sent, by the portal's session cookie; a cookie-authenticated write
//! must also carry the anti-CSRF header (session_cookie.hpp).
class Api {
 public:
  Api(service::Dependencies deps, ApiOptions options = {});

  //! Answers one request. A streaming route (GET /v1/migrations/{id}/events) answers its head
  //! with Reply::stream set, for HttpServer to send as the body; the stream checks the bearer
  //! token again at each poll (a revoked token ends it), turns its own failures into the end of
  //! the body, and writes the request's access-log line when it is destroyed (metrics count the
  //! request when its head is answered). HEAD gets the head and no stream. Never throws: every
  //! failure becomes the API's error body.
  //! REQUIRES: the Api outlives the returned stream.
  Reply Serve(const Request& request);
  //! Answers one request with a whole response (tests, the fuzzer): a stream is polled once and
  //! what it has at once is the body. Never throws.
  Response Handle(const Request& request);

  const Router& router() const { return router_; }
  Metrics& metrics() { return metrics_; }

 private:
  class LoggedStream;
  //! How a request proved who it is, kept by an event stream to check again at each poll.
  struct Credential {
    bool session = false;  //!< the session cookie; else a bearer token
    std::string secret;
  };

  //! The agent behind the request's bearer token or (without an Authorization header) its
  //! session cookie, with the credential in `used`.
  Result<Actor> Authenticate(const Request& request, std::optional<Credential>& used);
  //! Whether `credential` still names an enabled agent.
  bool StillValid(const Credential& credential);

  Reply Dispatch(const Request& request, service::RequestContext& ctx, std::string& route,
                 std::optional<Credential>& credential);
  //! The 429 for an authenticated request over its agent's or its customer's limit; nullopt
  //! when it may go on (and then it has taken its tokens).
  std::optional<Response> Throttle(const Request& request, const RouteMatch& match,
                                   const service::RequestContext& ctx);
  void Log(std::string_view method, unsigned status, const std::string& route,
           const service::RequestContext& ctx, std::chrono::nanoseconds latency);

  service::Dependencies deps_;
  ApiOptions options_;
  service::AgentService agents_;
  service::SessionService sessions_;
  std::unique_ptr<StaticFiles> web_;  //!< null: no portal
  Router router_;
  Metrics metrics_;
  std::unique_ptr<RateLimiter> agent_limiter_;     //!< null when off
  std::unique_ptr<RateLimiter> customer_limiter_;  //!< null when off
  std::mutex log_mutex_;
};

//! Adds every route of the API to `router` (one function per resource, in routes_*.cpp).
void AddCatalogRoutes(Router& router, service::Dependencies deps);
void AddCustomerRoutes(Router& router, service::Dependencies deps);
void AddSubscriptionRoutes(Router& router, service::Dependencies deps);
void AddOrderRoutes(Router& router, service::Dependencies deps);
void AddLicenseRoutes(Router& router, service::Dependencies deps);
void AddMigrationRoutes(Router& router, service::Dependencies deps, std::function<void()> runnable);
void AddUpgradeRoutes(Router& router, service::Dependencies deps);
void AddTransitionRoutes(Router& router, service::Dependencies deps);
void AddPriceRoutes(Router& router, service::Dependencies deps);
void AddAuditRoutes(Router& router, service::Dependencies deps);
void AddChargeRoutes(Router& router, service::Dependencies deps);
void AddEventRoutes(Router& router, service::Dependencies deps);
void AddWebhookRoutes(Router& router, service::Dependencies deps);
void AddClockRoutes(Router& router, service::Dependencies deps, SimulatedClock* simulated,
                    Metrics& metrics);
void AddAgentRoutes(Router& router, service::AgentService agents);
void AddSessionRoutes(Router& router, service::Dependencies deps);
void AddOperationsRoutes(Router& router, Metrics& metrics);

}  // namespace seatshift::api
