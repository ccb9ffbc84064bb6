// libFuzzer target over the network face of the server: HTTP/1.1 request parsing (Boost.Beast,
// with the server's limits), routing, authentication and every JSON handler, against a real
// SQLite database. Built by -DSEATSHIFT_FUZZ=ON (see CMakeLists.txt); run by scripts/fuzz.sh.
//
// The input is raw HTTP, as a client would send it on one connection: one or more pipelined
// requests (at most kMaxRequests; the next is read only while the previous one keeps the
// connection alive, as the server does). An input that is not a complete request stops there.
//
// So that the fuzzer reaches past authentication and "no such customer", the fixture seeds the
// database once (a customer with users, a subscription, an order, agents), and after parsing,
// before the request reaches the Api:
//  * placeholders in the target, in header values and in the body are replaced by the fixture's
//    values: $TOKEN (an admin agent's bearer token), $HELPDESK (a helpdesk agent's token),
//    $CUSTOMER, $USER, $USER2, $ORDER, $SUBSCRIPTION (SPE_E3, 5 seats, one assigned to $USER),
//    $SUBSCRIPTION2 (O365_BUSINESS_ESSENTIALS, 2 seats), $LEGACY (KAIZALA_PRO, past its end of
//    sale, 3 seats, one assigned to $USER2, term ending in 20 days), $MIGRATION (a planned
//    migration of every KAIZALA_PRO holder to SPE_E3; its event stream answers what it has at
//    once, as Api::Handle does for streams);
//  * a request without an Authorization header gets "Authorization: Bearer <admin token>" when
//    the first byte of the input is odd (so "GET ..." is authenticated, "POST ..." is not
//    unless it carries its own header, e.g. "Authorization: Bearer $TOKEN").
//
// SEATSHIFT_FUZZ_VERBOSE=1 prints each request's method, target, status and body (to check what
// a seed reaches: build-fuzz/api_fuzz fuzz/corpus/*).
//
// Invariants checked on every response (a failure aborts, which libFuzzer reports as a crash):
//  * the status is 2xx, 3xx, 4xx or 503 (never 500 or anything else); with the environment
//    variable SEATSHIFT_FUZZ_FAIL_ON_503=1, 503 (a storage error) aborts too (the database here is
//    local and uncontended, so a 503 is a bug; corpus/regression-503-* fail only with it);
//  * an error (4xx/5xx) with a body has a JSON object body with string `code` and `description`;
//  * a body declared as application/json parses as JSON;
//  * Content-Length, when present, is the body's size, and the response serializes.
//
// State accumulates between inputs (the fuzzer's creates stay in the database), so the fixture
// is rebuilt from scratch every SEATSHIFT_FUZZ_RESET_EVERY inputs (default 2000) to bound the
// database and bring the seeded records back. A crash that needs earlier inputs' state may not
// reproduce from its single input; run with -runs over the whole corpus directory then.

#include <stdlib.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api.hpp"
#include "domain/id_generator.hpp"
#include "domain/simulated_clock.hpp"
#include "import/catalog_json.hpp"
#include "service/agent_service.hpp"
#include "service/catalog_service.hpp"
#include "service/customer_service.hpp"
#include "service/license_service.hpp"
#include "service/migration_service.hpp"
#include "service/order_service.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace seatshift::fuzz {
namespace {

namespace http = boost::beast::http;
using api::Request;
using api::Response;

// The server's limits (api::ServerOptions).
constexpr std::uint32_t kHeaderLimit = 16 << 10;
constexpr std::uint64_t kBodyLimit = 1 << 20;
constexpr int kMaxRequests = 8;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "seatshift-fuzz: %s\n", what);
  std::fflush(stderr);
  std::abort();
}

template <typename T>
T Check(Result<T> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "seatshift-fuzz: fixture: %s: %s\n", what, result.error().message.c_str());
    Fail("fixture setup failed");
  }
  return std::move(*result);
}

//! A fresh temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "seatshift-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) Fail("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const char* name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

//! The database, services and Api every input runs against, seeded with records the
//! placeholders name. Member order is construction order (and the reverse of destruction).
class Fixture {
 public:
  static constexpr Instant kStart{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} +
                                  std::chrono::hours{9}};

  Fixture()
      : clock_(kStart),
        ids_(clock_, 42),
        store_(store::sqlite::SqliteStore::Open(
            dir_.File("seatshift.db"),
            store::sqlite::ConnectionOptions{.synchronous_full = false})),
        deps_{*store_, clock_, ids_} {
    const service::RequestContext system{Actor{"system", Role::kSystem}, "fuzz-setup"};
    const service::RequestContext admin{Actor{"fuzz@seatshift.test", Role::kAdminAgent},
                                        "fuzz-setup"};
    auto catalog = Check(import::DefaultCatalog(), "default catalog");
    Check(service::CatalogService(deps_).Upsert(system, catalog.products, catalog.skus,
                                                service::CatalogMerge::kReplace),
          "catalog upsert");

    service::AgentService agents(deps_);
    Add("$TOKEN",
        Check(agents.Create(admin, "admin@partner.test", Role::kAdminAgent), "admin").token);
    Add("$HELPDESK",
        Check(agents.Create(admin, "helpdesk@partner.test", Role::kHelpdeskAgent), "helpdesk")
            .token);

    service::CustomerService customers(deps_);
    const Customer customer = Check(customers.Create(admin, {.company_name = "Fuzz Ltd",
                                                             .domain = "fuzz.example",
                                                             .segment = Segment::kCommercial,
                                                             .country = "US",
                                                             .currency = "USD"}),
                                    "customer");
    Add("$CUSTOMER", customer.id.value().ToString());
    const User user = Check(customers.CreateUser(admin, customer.id,
                                                 {.user_principal_name = "ada@fuzz.example",
                                                  .display_name = "Ada",
                                                  .usage_location = ""}),
                            "user");
    const User user2 = Check(customers.CreateUser(admin, customer.id,
                                                  {.user_principal_name = "bob@fuzz.example",
                                                   .display_name = "Bob",
                                                   .usage_location = "GB"}),
                             "user2");
    // $USER2 first: "$USER" is its prefix.
    Add("$USER2", user2.id.value().ToString());
    Add("$USER", user.id.value().ToString());
    const auto placed =
        Check(service::OrderService(deps_).Create(
                  admin, customer.id,
                  {{.line_item_number = 0, .offer_id = SkuId("SPE_E3"), .quantity = 5},
                   {.line_item_number = 1,
                    .offer_id = SkuId("O365_BUSINESS_ESSENTIALS"),
                    .quantity = 2}}),
              "order");
    Add("$ORDER", placed.order.id.value().ToString());
    // $SUBSCRIPTION2 first: "$SUBSCRIPTION" is its prefix.
    Add("$SUBSCRIPTION2", placed.subscriptions.back().id.value().ToString());
    Add("$SUBSCRIPTION", placed.subscriptions.front().id.value().ToString());
    Check(service::LicenseService(deps_).Update(
              admin, customer.id, {{.user_id = user.id, .to_assign = {{SkuId("SPE_E3"), {}}}}}),
          "license");

    // An estate's subscription to an offer no longer sold, ending in 20 days, with a license.
    Subscription legacy;
    legacy.id = SubscriptionId(ids_.Next());
    legacy.customer_id = customer.id;
    legacy.sku_id = SkuId("KAIZALA_PRO");
    legacy.friendly_name = "Kaizala";
    legacy.quantity = 3;
    legacy.term_end = clock_.Today() + std::chrono::days(20);
    legacy.term_start = AddMonths(legacy.term_end, -12) + std::chrono::days(1);
    legacy.auto_renew = false;
    legacy.created_at = clock_.Now();
    {
      auto tx = store_->Write();
      Check(tx->InsertSubscription(legacy), "legacy subscription");
      tx->Commit();
    }
    Add("$LEGACY", legacy.id.value().ToString());
    Check(
        service::LicenseService(deps_).Update(
            admin, customer.id, {{.user_id = user2.id, .to_assign = {{SkuId("KAIZALA_PRO"), {}}}}}),
        "legacy license");
    const auto planned =
        Check(service::MigrationService(deps_).Plan(
                  admin, {.source = SkuId("KAIZALA_PRO"), .target = SkuId("SPE_E3")}),
              "migration");
    Add("$MIGRATION", planned.migration.id.value().ToString());

    // On the simulated clock, so that POST /v1/clock/advance runs the lifecycle engine on
    // whatever the inputs built. Time only moves forward, as it does for a real server; the
    // fixture is rebuilt before it could pass year 9999 (see Expired). Throttling off: one
    // token sends every input, and 429s would hide the routes from the fuzzer.
    api_ = std::make_unique<api::Api>(
        deps_, api::ApiOptions{
                   .access_log = nullptr,
                   .simulated_clock = &clock_,
                   .throttle = {.agent_requests_per_minute = 0, .customer_writes_per_minute = 0}});
  }

  //! Whether the clock has moved far enough that a few more advances (10 years at most each)
  //! could pass the years dates are written with.
  bool Expired() const { return clock_.Now() > kStart + std::chrono::years(500); }

  api::Api& api() { return *api_; }
  const std::string& admin_token() const { return placeholders_.front().second; }

  //! `text` with every placeholder replaced.
  std::string Substitute(std::string_view text) const {
    std::string out(text);
    if (out.find('$') == std::string::npos) return out;
    for (const auto& [name, value] : placeholders_) {
      for (std::size_t at = out.find(name); at != std::string::npos;
           at = out.find(name, at + value.size())) {
        out.replace(at, name.size(), value);
      }
    }
    return out;
  }

 private:
  void Add(std::string name, std::string value) {
    placeholders_.emplace_back(std::move(name), std::move(value));
  }

  TempDir dir_;
  SimulatedClock clock_;
  UuidV7Generator ids_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  service::Dependencies deps_;
  std::vector<std::pair<std::string, std::string>> placeholders_;  // $TOKEN first
  std::unique_ptr<api::Api> api_;
};

long ResetEvery() {
  const char* text = std::getenv("SEATSHIFT_FUZZ_RESET_EVERY");
  const long n = text ? std::atol(text) : 2000;
  return n > 0 ? n : 2000;
}

bool Verbose() {
  const char* text = std::getenv("SEATSHIFT_FUZZ_VERBOSE");
  return text && std::string_view(text) == "1";
}

bool FailOn503() {
  const char* text = std::getenv("SEATSHIFT_FUZZ_FAIL_ON_503");
  return text && std::string_view(text) == "1";
}

std::unique_ptr<Fixture>& TheFixture() {
  static std::unique_ptr<Fixture> fixture;
  return fixture;
}

Fixture& CurrentFixture() {
  static const long reset_every = ResetEvery();
  static long inputs = 0;
  auto& fixture = TheFixture();
  if (!fixture || ++inputs % reset_every == 0 || fixture->Expired()) {
    fixture.reset();
    fixture = std::make_unique<Fixture>();
  }
  return *fixture;
}

//! The request with placeholders replaced (fields keep their order and repetitions).
Request Substituted(const Request& in, const Fixture& fixture) {
  Request out;
  out.version(in.version());
  if (in.method() == http::verb::unknown) {
    out.method_string(in.method_string());
  } else {
    out.method(in.method());
  }
  out.target(fixture.Substitute(in.target()));
  for (const auto& field : in) out.insert(field.name_string(), fixture.Substitute(field.value()));
  out.body() = fixture.Substitute(in.body());
  return out;
}

void Dump(const Request& request, const Response& response, const char* what) {
  std::ostringstream text;
  text << "seatshift-fuzz: invariant violated: " << what << "\n--- request ---\n"
       << request.base() << request.body().substr(0, 4096) << "\n--- response ---\n"
       << response.base() << response.body().substr(0, 4096) << "\n";
  std::fputs(text.str().c_str(), stderr);
  Fail(what);
}

bool IsJson(std::string_view content_type) { return content_type.starts_with("application/json"); }

void CheckResponse(const Request& request, const Response& response) {
  static const bool fail_on_503 = FailOn503();
  const unsigned status = response.result_int();
  const unsigned klass = status / 100;
  if (!(klass == 2 || klass == 3 || klass == 4 || status == 503)) {
    Dump(request, response, "status is not 2xx, 3xx, 4xx or 503");
  }
  if (status == 503 && fail_on_503) Dump(request, response, "503 (storage error)");
  const std::string& body = response.body();
  if (request.method() == http::verb::head) {
    // A HEAD answer carries the headers a GET would get (its Content-Length too), never a body.
    if (!body.empty()) Dump(request, response, "HEAD answered with a body");
    return;
  }
  if (klass >= 4 && !body.empty()) {
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(body, ec);
    const boost::json::object* error = ec ? nullptr : parsed.if_object();
    if (!error) Dump(request, response, "error body is not a JSON object");
    const auto* code = error->if_contains("code");
    const auto* description = error->if_contains("description");
    if (!code || !code->is_string() || !description || !description->is_string()) {
      Dump(request, response, "error body lacks string code and description");
    }
  } else if (!body.empty() && IsJson(response[http::field::content_type])) {
    boost::system::error_code ec;
    boost::json::parse(body, ec);
    if (ec) Dump(request, response, "application/json body does not parse");
  }
  if (response.has_content_length() &&
      response[http::field::content_length] != std::to_string(body.size())) {
    Dump(request, response, "Content-Length is not the body's size");
  }
  std::ostringstream wire;
  wire << response;
  if (wire.str().size() < body.size()) Dump(request, response, "response does not serialize");
}

//! Parses one request from the front of `input` as the server does; the bytes used, or 0 when
//! `input` does not start with a complete, valid request.
std::size_t ParseOne(std::string_view input, Request& out) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(kBodyLimit);
  parser.eager(true);
  std::size_t used = 0;
  while (!parser.is_done()) {
    boost::beast::error_code ec;
    const std::size_t n =
        parser.put(boost::asio::const_buffer(input.data() + used, input.size() - used), ec);
    used += n;
    if (ec || n == 0) return 0;
  }
  out = parser.release();
  return used;
}

}  // namespace
}  // namespace seatshift::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace seatshift::fuzz;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static const bool verbose = Verbose();
  const bool add_auth = size > 0 && (data[0] & 1) != 0;
  Fixture& fixture = CurrentFixture();
  for (int i = 0; i < kMaxRequests && !input.empty(); ++i) {
    Request parsed;
    const std::size_t used = ParseOne(input, parsed);
    if (used == 0) break;
    input.remove_prefix(used);
    Request request = Substituted(parsed, fixture);
    if (add_auth && request.find(http::field::authorization) == request.end()) {
      request.set(http::field::authorization, "Bearer " + fixture.admin_token());
    }
    const Response response = fixture.api().Handle(request);
    if (verbose) {
      std::fprintf(stderr, "seatshift-fuzz: %s %s -> %u %.300s\n",
                   std::string(request.method_string()).c_str(),
                   std::string(request.target()).c_str(), response.result_int(),
                   response.body().c_str());
    }
    CheckResponse(request, response);
    if (!response.keep_alive()) break;
  }
  return 0;
}
