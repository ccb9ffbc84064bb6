#include "api/api.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/url.hpp>
#include <cctype>
#include <cerrno>
#include <optional>

#include "api/responses.hpp"
#include "api/session_cookie.hpp"
#include "base/utf8.hpp"
#include "store/store.hpp"

namespace seatshift::api {
namespace {

constexpr std::string_view kRequestIdHeader = "MS-RequestId";
constexpr std::string_view kCorrelationIdHeader = "MS-CorrelationId";
constexpr std::size_t kMaxHeaderIdLength = 128;

//! Whether a client's id is short and printable ASCII without spaces (it is logged and stored).
bool IsUsableId(std::string_view value) {
  if (value.empty() || value.size() > kMaxHeaderIdLength) return false;
  return std::none_of(value.begin(), value.end(), [](char c) { return c <= 0x20 || c >= 0x7f; });
}

//! The correlation id a client sent, if usable: it only ties log lines together, so an
//! unusable one is replaced rather than refused.
std::string CorrelationId(const Request& request) {
  const auto it = request.find(kCorrelationIdHeader);
  if (it == request.end() || !IsUsableId(it->value())) return {};
  return std::string(it->value());
}

//! The idempotency key, empty when none was sent. An unusable key is refused, not ignored:
//! ignored, it would turn the client's retry into a second purchase.
Result<std::string> RequestId(const Request& request) {
  const auto it = request.find(kRequestIdHeader);
  if (it == request.end()) return std::string();
  if (!IsUsableId(it->value())) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("the {} header must be 1 to {} printable ASCII characters without "
                             "spaces",
                             kRequestIdHeader, kMaxHeaderIdLength),
                 {{"header", std::string(kRequestIdHeader)}});
  }
  return std::string(it->value());
}

Result<std::map<std::string, std::string>> ParseQuery(const boost::urls::url_view& url) {
  std::map<std::string, std::string> query;
  for (const auto& param : url.params()) {
    std::string key = param.key;
    std::string value = param.value;
    if (RepairUtf8(key) || RepairUtf8(value)) {
      return Error(ErrorCode::kBadRequest, "query parameters must be UTF-8");
    }
    if (!query.emplace(std::move(key), std::move(value)).second) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("query parameter '{}' is given twice", param.key));
    }
  }
  return query;
}

//! The query with each name spelled as the route declares it; an undeclared name is refused.
Result<std::map<std::string, std::string>> AcceptedQuery(const std::vector<std::string>& declared,
                                                         std::map<std::string, std::string> query) {
  std::map<std::string, std::string> accepted;
  for (auto& [name, value] : query) {
    // clang 14 cannot capture a structured binding.
    const std::string& given = name;
    const auto known = std::find_if(declared.begin(), declared.end(), [&](const std::string& d) {
      return boost::algorithm::iequals(d, given);
    });
    if (known == declared.end()) {
      return Error(ErrorCode::kBadRequest,
                   declared.empty()
                       ? fmt::format("unknown query parameter '{}': this route takes none", name)
                       : fmt::format("unknown query parameter '{}': this route takes {}", name,
                                     fmt::join(declared, ", ")),
                   {{"parameter", name}});
    }
    if (!accepted.emplace(*known, std::move(value)).second) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("query parameter '{}' is given twice", *known),
                   {{"parameter", *known}});
    }
  }
  return accepted;
}

Result<std::string> BearerToken(const Request& request) {
  const auto it = request.find(http::field::authorization);
  if (it == request.end()) {
    return Error(ErrorCode::kUnauthenticated,
                 "an Authorization: Bearer <token> header is required");
  }
  const std::string_view value = it->value();
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size() || !value.starts_with(kScheme)) {
    return Error(ErrorCode::kUnauthenticated, "the Authorization header must be 'Bearer <token>'");
  }
  return std::string(value.substr(kScheme.size()));
}

//! The response recorded for an idempotency key, sent again to a retry.
Response ReplayedResponse(const service::RecordedResponse& recorded) {
  Response response(static_cast<http::status>(recorded.status), 11);
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = recorded.body;
  response.prepare_payload();
  return response;
}

//! Writes all of `text` to `fd`: one write(2) unless the kernel takes less (a pipe, a full disk).
void WriteWhole(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the log is best effort: a full disk must not fail requests
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

const SystemClock kSystemClock;

//! Whether a request no route answers is one for the portal's files: a GET or HEAD outside the
//! API's own paths (an unknown /v1/ path stays the API's 404 with its error body).
bool IsPortalRequest(http::verb method, std::string_view path) {
  if (method != http::verb::get && method != http::verb::head) return false;
  return path != "/v1" && !path.starts_with("/v1/");
}

//! A bucket per key holding one minute's worth of requests; null when the limit is off.
std::unique_ptr<RateLimiter> MakeLimiter(std::int64_t per_minute, const MonotonicClock& clock) {
  if (per_minute <= 0) return nullptr;
  return std::make_unique<RateLimiter>(per_minute, per_minute, clock);
}

bool IsWrite(http::verb method) {
  return method == http::verb::post || method == http::verb::patch || method == http::verb::put ||
         method == http::verb::delete_;
}

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

Api::Api(service::Dependencies deps, ApiOptions options)
    : deps_(deps),
      options_(options),
      agents_(deps),
      sessions_(deps),
      web_(options.web_root ? std::make_unique<StaticFiles>(*options.web_root) : nullptr),
      agent_limiter_(MakeLimiter(options.throttle.agent_requests_per_minute, deps.monotonic)),
      customer_limiter_(MakeLimiter(options.throttle.customer_writes_per_minute, deps.monotonic)) {
  AddOperationsRoutes(router_, metrics_);
  AddCatalogRoutes(router_, deps);
  AddCustomerRoutes(router_, deps);
  AddSubscriptionRoutes(router_, deps);
  AddOrderRoutes(router_, deps);
  AddLicenseRoutes(router_, deps);
  AddMigrationRoutes(router_, deps, options.migration_runnable);
  AddUpgradeRoutes(router_, deps);
  AddTransitionRoutes(router_, deps);
  AddAuditRoutes(router_, deps);
  AddChargeRoutes(router_, deps);
  AddEventRoutes(router_, deps);
  AddWebhookRoutes(router_, deps);
  AddPriceRoutes(router_, deps);
  AddClockRoutes(router_, deps, options.simulated_clock, metrics_);
  AddAgentRoutes(router_, agents_);
  AddSessionRoutes(router_, deps);
  deps_.store.ObserveCommits(
      [this](std::chrono::nanoseconds latency) { metrics_.RecordCommit(latency); });
}

//! A route's stream as the server gets it: the bearer token or session is checked again before
//! each poll (revoking a token ends the stream at once here, within AgentService::kCacheTtl
//! elsewhere; signing out or disabling the agent ends a session's at once), a
//! failure ends the body instead of reaching the server, and the request's access-log line is
//! written when the stream is over, with the whole time it was open.
class Api::LoggedStream final : public EventStream {
 public:
  LoggedStream(Api& api, std::unique_ptr<EventStream> inner, std::optional<Credential> credential,
               std::string method, unsigned status, std::string route, service::RequestContext ctx,
               std::chrono::steady_clock::time_point started)
      : api_(api),
        inner_(std::move(inner)),
        credential_(std::move(credential)),
        method_(std::move(method)),
        status_(status),
        route_(std::move(route)),
        ctx_(std::move(ctx)),
        started_(started) {}
  ~LoggedStream() override {
    api_.Log(method_, status_, route_, ctx_, std::chrono::steady_clock::now() - started_);
  }
  LoggedStream(const LoggedStream&) = delete;
  LoggedStream& operator=(const LoggedStream&) = delete;

  Chunk Poll() override {
    try {
      if (credential_ && !api_.StillValid(*credential_)) return {.text = "", .last = true};
      return inner_->Poll();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error in the event stream of %s: %s\n", route_.c_str(), e.what());
      return {.text = "", .last = true};
    }
  }
  std::chrono::milliseconds interval() const override { return inner_->interval(); }

 private:
  Api& api_;
  std::unique_ptr<EventStream> inner_;
  const std::optional<Credential> credential_;  // nullopt: the route needs none
  const std::string method_;
  const unsigned status_;
  const std::string route_;
  const service::RequestContext ctx_;
  const std::chrono::steady_clock::time_point started_;
};

Reply Api::Serve(const Request& request) {
  const auto started = std::chrono::steady_clock::now();
  service::RequestContext ctx;
  ctx.correlation_id = CorrelationId(request);
  if (ctx.correlation_id.empty()) ctx.correlation_id = deps_.ids.Next().ToString();
  std::string route = "unmatched";
  Reply reply;
  std::optional<Credential> credential;
  try {
    if (auto request_id = RequestId(request); !request_id) {
      reply.response = ErrorResponse(std::move(request_id).error());
    } else {
      if (!request_id->empty())
        ctx.idempotency = service::IdempotencyKey{std::move(*request_id), ""};
      reply = Dispatch(request, ctx, route, credential);
    }
  } catch (const store::StorageError& e) {
    reply = ErrorResponse(Error(ErrorCode::kStorage, "the database is unavailable; retry later"));
    reply.response.set(http::field::retry_after, "1");
    std::fprintf(stderr, "storage error on %s: %s\n", route.c_str(), e.what());
  } catch (const std::exception& e) {
    reply = ErrorResponse(Error(ErrorCode::kInternal, "internal error"));
    std::fprintf(stderr, "internal error on %s: %s\n", route.c_str(), e.what());
  }
  Response& response = reply.response;
  response.set(kCorrelationIdHeader, ctx.correlation_id);
  if (ctx.idempotency) response.set(kRequestIdHeader, ctx.idempotency->request_id);
  response.keep_alive(request.keep_alive());
  if (request.method() == http::verb::head) {
    if (reply.stream) {
      // The GET's head has no length to repeat: its body is framed as it is sent.
      reply.stream.reset();
    } else {
      // The headers of the GET, Content-Length included, without the body.
      const std::size_t length = response.body().size();
      response.body().clear();
      response.content_length(length);
    }
  }
  const auto latency = std::chrono::steady_clock::now() - started;
  metrics_.RecordRequest(route, response.result_int(), latency);
  if (reply.stream) {
    reply.stream = std::make_unique<LoggedStream>(
        *this, std::move(reply.stream), std::move(credential), std::string(request.method_string()),
        response.result_int(), route, ctx, started);
    return reply;
  }
  Log(request.method_string(), response.result_int(), route, ctx, latency);
  return reply;
}

Response Api::Handle(const Request& request) {
  Reply reply = Serve(request);
  if (reply.stream) {
    reply.response.body() = reply.stream->Poll().text;
    reply.response.prepare_payload();
  }
  return std::move(reply.response);
}

Result<Actor> Api::Authenticate(const Request& request, std::optional<Credential>& used) {
  if (request.find(http::field::authorization) == request.end()) {
    if (auto cookie = SessionCookie(request)) {
      auto session = sessions_.Authenticate(*cookie);
      if (!session) return std::move(session).error();
      SEATSHIFT_TRY(CheckCsrf(request));
      used = Credential{.session = true, .secret = std::move(*cookie)};
      return Actor{session->agent.email, session->agent.role};
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(std::string token, BearerToken(request));
  SEATSHIFT_ASSIGN_OR_RETURN(const Agent agent, agents_.Authenticate(token));
  used = Credential{.session = false, .secret = std::move(token)};
  return Actor{agent.email, agent.role};
}

bool Api::StillValid(const Credential& credential) {
  if (credential.session) return static_cast<bool>(sessions_.Authenticate(credential.secret));
  return static_cast<bool>(agents_.Authenticate(credential.secret));
}

Reply Api::Dispatch(const Request& request, service::RequestContext& ctx, std::string& route,
                    std::optional<Credential>& credential) {
  const auto url = boost::urls::parse_origin_form(
      boost::urls::string_view(request.target().data(), request.target().size()));
  if (!url) return ErrorResponse(Error(ErrorCode::kBadRequest, "the request target is malformed"));
  auto match = router_.Find(request.method(), std::string_view(url->encoded_path()));
  if (!match && web_ && IsPortalRequest(request.method(), std::string_view(url->encoded_path()))) {
    route = "portal";
    return web_->Serve(std::string_view(url->encoded_path()));
  }
  if (!match) {
    Response refused = ErrorResponse(match.error());
    if (match.error().code == ErrorCode::kMethodNotAllowed) {
      refused.set(http::field::allow, router_.Allowed(std::string_view(url->encoded_path())));
    }
    return refused;
  }
  route = match->route->pattern;
  if (ctx.idempotency) {
    ctx.idempotency->target =
        std::string(request.method_string()) + " " + std::string(url->encoded_path());
  }
  auto query = ParseQuery(*url);
  if (!query) return ErrorResponse(std::move(query).error());

  if (match->route->options.authenticated) {
    auto actor = Authenticate(request, credential);
    if (!actor) return ErrorResponse(std::move(actor).error());
    ctx.actor = std::move(*actor);
    if (auto throttled = Throttle(request, *match, ctx)) return std::move(*throttled);
  }
  auto accepted = AcceptedQuery(match->route->options.query, std::move(*query));
  if (!accepted) return ErrorResponse(std::move(accepted).error());
  const Route& matched = *match->route;
  if (request.method() != http::verb::post || !ctx.idempotency) {
    Call call{request, std::move(match->path), std::move(*accepted), ctx, &matched.options.query};
    return matched.handler(call);
  }
  // The key goes down with the request: the service replays, refuses or records it, in the
  // transaction of the use case when it has one. The handler may run again (a conflict).
  Reply reply;
  auto replayed = service::Idempotency(deps_).Run(
      ctx, matched.options.idempotent,
      [&](const service::RequestContext& scoped) -> std::optional<service::RecordedResponse> {
        Call call{request, match->path, *accepted, scoped, &matched.options.query};
        reply = matched.handler(call);
        const Response& response = reply.response;
        if (response.result_int() / 100 != 2) return std::nullopt;
        return service::RecordedResponse{.status = static_cast<int>(response.result_int()),
                                         .body = response.body()};
      });
  if (!replayed) return ErrorResponse(std::move(replayed).error());
  if (*replayed) return ReplayedResponse(**replayed);
  return reply;
}

std::optional<Response> Api::Throttle(const Request& request, const RouteMatch& match,
                                      const service::RequestContext& ctx) {
  const auto refuse = [&](ThrottleScope scope, const RateLimiter& limiter,
                          std::chrono::nanoseconds wait, std::vector<ErrorDetail> details) {
    const std::int64_t seconds = RetryAfterSeconds(wait);
    details.push_back({"limitPerMinute", limiter.per_minute()});
    details.push_back({"retryAfterSeconds", seconds});
    Response response = ErrorResponse(Error(
        ErrorCode::kRateLimited,
        fmt::format("Rate limit is exceeded ({} {} per minute per {}). Try again in {} "
                    "second{}.",
                    limiter.per_minute(), scope == ThrottleScope::kAgent ? "requests" : "writes",
                    scope == ThrottleScope::kAgent ? "agent" : "customer", seconds,
                    seconds == 1 ? "" : "s"),
        std::move(details)));
    response.set(http::field::retry_after, std::to_string(seconds));
    metrics_.RecordThrottled(scope);
    return response;
  };
  if (agent_limiter_) {
    if (const auto decision = agent_limiter_->Acquire(ctx.actor.id); !decision.allowed) {
      return refuse(ThrottleScope::kAgent, *agent_limiter_, decision.retry_after,
                    {{"scope", std::string("agent")}});
    }
  }
  const auto customer = match.path.find("customerId");
  if (customer_limiter_ && customer != match.path.end() && IsWrite(request.method())) {
    // Customer ids are GUIDs, matched case-insensitively: one customer, one bucket. A write
    // refused here has still counted against its agent, as every request does.
    const std::string key = Lowercase(customer->second);
    if (const auto decision = customer_limiter_->Acquire(key); !decision.allowed) {
      return refuse(ThrottleScope::kCustomer, *customer_limiter_, decision.retry_after,
                    {{"scope", std::string("customer")}, {"customerId", customer->second}});
    }
  }
  return std::nullopt;
}

void Api::Log(std::string_view method, unsigned status, const std::string& route,
              const service::RequestContext& ctx, std::chrono::nanoseconds latency) {
  if (!options_.access_log) return;
  const Clock& wall = options_.wall_clock ? *options_.wall_clock : kSystemClock;
  boost::json::object line{
      {"time", FormatInstant(wall.Now())},
      {"method", method},
      {"route", route},
      {"status", status},
      {"latencyMs", std::chrono::duration<double, std::milli>(latency).count()},
      {"agent", ctx.actor.id},
      {"correlationId", ctx.correlation_id}};
  if (options_.simulated_clock)
    line["simulatedTime"] = FormatInstant(options_.simulated_clock->Now());
  const std::string text = boost::json::serialize(line) + "\n";
  std::lock_guard lock(log_mutex_);
  WriteWhole(fileno(options_.access_log), text);
}

}  // namespace seatshift::api
