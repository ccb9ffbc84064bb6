// seatshift serve: the REST API on Boost.Beast until SIGTERM.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "api/api.hpp"
#include "api/server.hpp"
#include "api/webhook_client.hpp"
#include "base/redact.hpp"
#include "cli/commands.hpp"
#include "service/lease_owner.hpp"
#include "service/lifecycle_scheduler.hpp"
#include "service/migration_runner.hpp"
#include "service/webhook_delivery.hpp"
#include "store/open/open.hpp"

namespace seatshift::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string access_log = "-";
  unsigned threads = 0;
  unsigned workers = 0;
  std::size_t max_connections = 0;
  bool simulated_clock = false;
  unsigned lifecycle_interval = 60;
  unsigned migration_poll = 5;
  unsigned webhook_poll_ms = 250;
  unsigned webhook_timeout = 10;
  unsigned webhook_batch = 10;
  std::string public_url;
  api::ThrottleOptions throttle;
  std::string web_root = SEATSHIFT_DEFAULT_WEB_ROOT;
};

void LogLine(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

Result<api::ServerOptions> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  api::ServerOptions options;
  unsigned port = 0;
  const char* begin = listen.data() + (colon == std::string::npos ? 0 : colon + 1);
  const char* end = listen.data() + listen.size();
  const auto [ptr, ec] = std::from_chars(begin, end, port);
  if (colon == std::string::npos || colon == 0 || ec != std::errc() || ptr != end || port > 65535) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("--listen '{}': expected ADDRESS:PORT, e.g. 127.0.0.1:8080", listen));
  }
  options.address = listen.substr(0, colon);
  options.port = static_cast<unsigned short>(port);
  return options;
}

Status Serve(App& app, const ServeArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(api::ServerOptions options, ParseListen(args.listen));
  options.io_threads = args.threads;
  options.worker_threads = args.workers;
  options.max_connections = args.max_connections;
  std::FILE* log = nullptr;
  if (args.access_log == "-") {
    log = stdout;
  } else if (args.access_log != "none") {
    log = std::fopen(args.access_log.c_str(), "a");
    if (!log) return Error(ErrorCode::kNotFound, fmt::format("cannot open {}", args.access_log));
  }
  if (args.simulated_clock) app.Simulate();
  SimulatedClock* simulated = app.simulated_clock();
  // Declared before the API that wakes it, so it is stopped only after the server answered its
  // last request; its destructor waits for the step in progress, never longer.
  service::MigrationRunner runner(app.Deps(), service::ThisProcessLeaseOwner("serve"),
                                  std::chrono::seconds(std::max(args.migration_poll, 1u)), LogLine);
  std::optional<std::filesystem::path> web_root;
  if (std::error_code ec;
      std::filesystem::is_regular_file(std::filesystem::path(args.web_root) / "index.html", ec)) {
    web_root = args.web_root;
  } else {
    std::fprintf(stderr, "seatshift: no portal in %s (build it: npm ci && npm run build in web/)\n",
                 args.web_root.c_str());
  }
  api::Api api(app.Deps(), {.access_log = log,
                            .simulated_clock = simulated,
                            .migration_runnable = [&runner] { runner.Wake(); },
                            .throttle = args.throttle,
                            .web_root = web_root});
  // On a simulated clock time moves only by POST /v1/clock/advance, which runs its own pass.
  const std::chrono::seconds interval(simulated ? 0 : args.lifecycle_interval);
  service::LifecycleScheduler scheduler(
      app.Deps(), interval, LogLine,
      [&api](const LifecycleTally& tally) { api.metrics().RecordLifecycle(tally); });
  api::HttpServer server(api, options);
  try {
    server.Start();
  } catch (const std::exception& e) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("cannot listen on {}: {}", args.listen, e.what()));
  }
  server.ShutdownOnSignals();
  // Webhook deliveries start once the server listens: its address is what a webhook may not
  // point at.
  api::WebhookClient webhook_client(
      {.timeout = std::chrono::seconds(std::max(args.webhook_timeout, 1u)),
       .own_endpoint = boost::asio::ip::tcp::endpoint(
           boost::asio::ip::make_address(options.address), server.port())});
  service::WebhookDeliveryWorker deliveries(
      app.Deps(), webhook_client,
      {.owner = service::ThisProcessLeaseOwner("serve"),
       .base_url = args.public_url.empty()
                       ? fmt::format("http://{}:{}", options.address, server.port())
                       : args.public_url,
       .batch = static_cast<int>(args.webhook_batch),
       .timeout = std::chrono::seconds(std::max(args.webhook_timeout, 1u))},
      std::chrono::milliseconds(std::max(args.webhook_poll_ms, 10u)), LogLine);
  if (web_root) {
    std::fprintf(stderr, "seatshift: portal at http://%s:%u/ (from %s)\n", options.address.c_str(),
                 server.port(), web_root->c_str());
  }
  std::fprintf(stderr,
               "seatshift: listening on http://%s:%u (database %s, %s clock at %s, up to %zu "
               "connections)\n",
               options.address.c_str(), server.port(),
               RedactedLocation(app.options().db_path).c_str(), simulated ? "simulated" : "real",
               FormatInstant(app.Deps().clock.Now()).c_str(), server.max_connections());
  std::fflush(stderr);
  server.Wait();
  std::fprintf(stderr, "seatshift: stopped; every accepted request was answered\n");
  if (log && log != stdout) std::fclose(log);
  return OkStatus();
}

//! One line per route, "METHOD /path/{param}": what the OpenAPI document must describe.
Status PrintRoutes(App& app, const ServeArgs&) {
  api::Api api(app.Deps(), {.access_log = nullptr});
  for (const api::Route& route : api.router().routes()) {
    std::printf("%s %s\n", std::string(api::http::to_string(route.method)).c_str(),
                route.pattern.c_str());
  }
  return OkStatus();
}

}  // namespace

void AddServeCommand(CLI::App& root, App& app, Action& action) {
  CommandBinder<ServeArgs> binder(app, action);
  ServeArgs* args = &binder.args();
  auto* serve = root.add_subcommand("serve", "Serve the REST API until SIGTERM");
  serve->add_option("--listen", args->listen, "ADDRESS:PORT (port 0: any free port)");
  serve->add_option("--access-log", args->access_log,
                    "JSON access log: '-' stdout, a file, or none");
  serve->add_option("--threads", args->threads, "I/O threads (default: one per core)");
  serve->add_option("--workers", args->workers,
                    "Threads running requests against the database (default 8: enough writers "
                    "waiting to share commits)");
  serve->add_option("--max-connections", args->max_connections,
                    "Connections open at once; more wait in the listen backlog (default: the "
                    "descriptor limit minus 32, minus 2 per database connection)");
  serve->add_flag("--simulated-clock", args->simulated_clock,
                  "Run on a simulated clock kept in the database (POST /v1/clock/advance)");
  serve->add_option("--lifecycle-interval", args->lifecycle_interval,
                    "Seconds between lifecycle passes on the real clock (0: only at start)");
  serve->add_option("--migration-poll", args->migration_poll,
                    "Seconds between looks for migrations to take over (started elsewhere, or "
                    "left by a dead executor once its lease expired)");
  serve
      ->add_option("--agent-requests-per-minute", args->throttle.agent_requests_per_minute,
                   "Requests per minute one agent may send, as many at once; beyond, 429 with "
                   "Retry-After (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  serve
      ->add_option("--customer-writes-per-minute", args->throttle.customer_writes_per_minute,
                   "POST/PATCH/PUT/DELETE per minute on one customer's routes, from all agents "
                   "together, as many at once; beyond, 429 with Retry-After (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  serve
      ->add_option("--webhook-poll-ms", args->webhook_poll_ms,
                   "Milliseconds between looks for webhook deliveries that are due (10 or more)")
      ->check(CLI::Range(10u, 60'000u));
  serve
      ->add_option("--webhook-timeout", args->webhook_timeout,
                   "Seconds one webhook delivery may take: connecting, sending, the answer")
      ->check(CLI::Range(1u, 120u));
  serve
      ->add_option("--webhook-batch", args->webhook_batch,
                   "Webhook deliveries one pass claims at once; a killed server's claims are "
                   "retried after (batch + 1) x --webhook-timeout")
      ->check(CLI::Range(1u, 100u));
  serve->add_option("--public-url", args->public_url,
                    "This server's address as receivers reach it, prefixing the ResourceUri of "
                    "webhook bodies (default: http://the --listen address)");
  serve->add_option("--web-root", args->web_root,
                    "The built portal to serve at / (a directory holding index.html)");
  binder.Bind(serve, Serve);
  auto* routes = root.add_subcommand("routes", "List the routes the API answers");
  binder.Bind(routes, PrintRoutes);
}

}  // namespace seatshift::cli
