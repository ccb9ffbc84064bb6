// Events: what the outbox costs a durable license swap, and how fast webhooks are delivered.
//
// events/swap/with-outbox vs events/swap/without-outbox: the same LicenseService swap (one user
// moved between two SKUs, one transaction, synchronous=FULL) through the same store wrapper,
// which in the second run drops the event appends: the ratio is the outbox's cost (target: the
// swap keeps >= 0.9 of its rate).
// events/deliver/dispatcher vs events/deliver/transport: deliveries claimed, signed, posted and
// recorded by WebhookDispatcher to a receiver on 127.0.0.1, against the same HTTP client posting
// the same bodies to the same receiver with no database: the ratio is what delivering adds to
// the network.
// SEATSHIFT_BENCH_POSTGRES=postgresql://... runs the store on that server instead of SQLite.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "api/webhook_client.hpp"
#include "bench_store.hpp"
#include "bench_summary.hpp"
#include "domain/id_generator.hpp"
#include "domain/simulated_clock.hpp"
#include "import/catalog_json.hpp"
#include "service/catalog_service.hpp"
#include "service/customer_service.hpp"
#include "service/license_service.hpp"
#include "service/order_service.hpp"
#include "service/webhook_delivery.hpp"
#include "service/webhook_service.hpp"
#include "testing/fault_injecting_store.hpp"
#include "testing/webhook_receiver.hpp"

namespace seatshift::bench {
namespace {

constexpr int kUsers = 2000;
constexpr int kResources = 10;  // deliveries of distinct resources go out together

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(fmt::format("{}: {}", what, result.error().message));
  return std::move(result).value();
}

//! One database with a customer of kUsers users on SPE_E3 (seats of SPE_E5 free for all), a
//! webhook endpoint at a local receiver, and the services over a store wrapper that can drop
//! the outbox.
class EventsFixture {
 public:
  static EventsFixture& Get() {
    static EventsFixture fixture;
    return fixture;
  }

  //! Moves the next user to the other SKU; in its own durable transaction.
  void Swap() {
    const std::size_t i = next_++ % users_.size();
    const bool on_e5 = on_e5_[i];
    const std::string from = on_e5 ? "SPE_E5" : "SPE_E3";
    const std::string to = on_e5 ? "SPE_E3" : "SPE_E5";
    LicenseUpdate update{.user_id = users_[i], .to_assign = {{SkuId(to), {}}}};
    update.to_remove.emplace_back(from);
    Must(service::LicenseService(deps()).Update(ctx_, customer_, {update}), "swap");
    on_e5_[i] = !on_e5;
  }

  //! Makes sure `count` deliveries are due, one per resource at most (renames of kResources
  //! subscriptions' events appended directly).
  void QueueDeliveries(int count) {
    auto tx = store_->Write();
    std::vector<Event> events;
    for (int i = 0; i < count; ++i) {
      events.push_back(
          {.name = "subscription-updated",
           .resource_name = "subscription",
           .resource_uri = fmt::format("/v1/customers/x/subscriptions/{}", i % kResources),
           .audit_uri = "",
           .time = clock_.Now(),
           .correlation_id = "bench"});
    }
    tx->AppendEvents(events);
    tx->Commit();
  }

  service::WebhookDispatcher& dispatcher() { return *dispatcher_; }
  api::WebhookClient& client() { return client_; }
  testing::FaultInjectingStore& store() { return *wrapper_; }
  const std::string& url() const { return url_; }

 private:
  EventsFixture()
      : clock_(*ParseInstant("2026-11-25T09:00:00Z")),
        ids_(clock_, 7),
        client_({.timeout = std::chrono::seconds(10)}) {
    char name[] = "/tmp/seatshift-events-bench-XXXXXX";
    if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    dir_ = name;
    store_ = OpenBenchStore(FreshBenchLocation(dir_ + "/events.db", "events"));
    wrapper_ = std::make_unique<testing::FaultInjectingStore>(*store_);
    const auto catalog = Must(import::DefaultCatalog(), "catalog");
    Must(service::CatalogService(deps()).Upsert(ctx_, catalog.products, catalog.skus,
                                                service::CatalogMerge::kReplace),
         "catalog");
    customer_ = Must(service::CustomerService(deps()).Create(ctx_, {.company_name = "Bench",
                                                                    .domain = "bench.example",
                                                                    .country = "US",
                                                                    .currency = "USD"}),
                     "customer")
                    .id;
    Must(service::OrderService(deps()).Create(
             ctx_, customer_,
             {{.line_item_number = 1, .offer_id = SkuId("SPE_E3"), .quantity = kUsers},
              {.line_item_number = 2, .offer_id = SkuId("SPE_E5"), .quantity = kUsers}}),
         "order");
    std::vector<LicenseUpdate> updates;
    for (int i = 0; i < kUsers; ++i) {
      const User u = Must(service::CustomerService(deps()).CreateUser(
                              ctx_, customer_,
                              {.user_principal_name = fmt::format("u{}@bench.example", i),
                               .display_name = "U",
                               .usage_location = ""}),
                          "user");
      users_.push_back(u.id);
      updates.push_back({.user_id = u.id, .to_assign = {{SkuId("SPE_E3"), {}}}});
    }
    Must(service::LicenseService(deps()).Update(ctx_, customer_, updates), "licenses");
    on_e5_.assign(users_.size(), false);
    url_ = receiver_.Url();
    Must(service::WebhookService(deps()).Create(ctx_, {.url = url_, .events = {}}), "webhook");
    dispatcher_ = std::make_unique<service::WebhookDispatcher>(
        deps(), client_,
        service::DeliveryOptions{
            .owner = "bench", .base_url = "https://bench.example", .batch = kResources});
  }
  ~EventsFixture() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  service::Dependencies deps() { return {*wrapper_, clock_, ids_}; }

  std::string dir_;
  SimulatedClock clock_;
  UuidV7Generator ids_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<testing::FaultInjectingStore> wrapper_;
  service::RequestContext ctx_{Actor{"bench", Role::kAdminAgent}, "bench"};
  CustomerId customer_;
  std::vector<UserId> users_;
  std::vector<bool> on_e5_;
  std::size_t next_ = 0;
  testing::WebhookReceiver receiver_;
  std::string url_;
  api::WebhookClient client_;
  std::unique_ptr<service::WebhookDispatcher> dispatcher_;
};

template <bool kOutbox>
void Swaps(benchmark::State& state) {
  try {
    EventsFixture& f = EventsFixture::Get();
    f.store().DropEvents(!kOutbox);
    for ([[maybe_unused]] auto _ : state) f.Swap();
    f.store().DropEvents(false);
    state.SetItemsProcessed(state.iterations());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void Deliveries(benchmark::State& state) {
  try {
    EventsFixture& f = EventsFixture::Get();
    f.dispatcher().Drain();  // what earlier benchmarks left (their swaps' events), untimed
    std::int64_t delivered = 0;
    for ([[maybe_unused]] auto _ : state) {
      state.PauseTiming();
      f.QueueDeliveries(kResources);
      state.ResumeTiming();
      delivered += f.dispatcher().Drain();
    }
    state.SetItemsProcessed(delivered);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void TransportOnly(benchmark::State& state) {
  try {
    EventsFixture& f = EventsFixture::Get();
    const std::string body = R"({"EventName":"subscription-updated","ResourceUri":"x"})";
    const std::vector<std::pair<std::string, std::string>> headers{
        {"Content-Type", "application/json"}, {"Seatshift-Signature", "t=0,v1=00"}};
    std::int64_t posted = 0;
    for ([[maybe_unused]] auto _ : state) {
      for (int i = 0; i < kResources; ++i) {
        if (!f.client().Post(f.url(), headers, body).status)
          throw std::runtime_error("post failed");
        ++posted;
      }
    }
    state.SetItemsProcessed(posted);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

constexpr const char* kWith = "events/swap/with-outbox";
constexpr const char* kWithout = "events/swap/without-outbox";
constexpr const char* kDispatcher = "events/deliver/dispatcher";
constexpr const char* kTransport = "events/deliver/transport";

//! The median rate over the repetitions of `name` (--benchmark_repetitions with
//! --benchmark_enable_random_interleaving=true alternates the runs); 0 when it did not run.
double RateOf(const std::vector<RunResult>& results, const char* name) {
  std::vector<double> rates;
  for (const RunResult& r : results) {
    if (r.name == name && r.items_per_second > 0) rates.push_back(r.items_per_second);
  }
  if (rates.empty()) return 0;
  std::sort(rates.begin(), rates.end());
  const std::size_t mid = rates.size() / 2;
  return rates.size() % 2 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
}

void PrintRatios(const std::vector<RunResult>& results) {
  const double with = RateOf(results, kWith);
  const double without = RateOf(results, kWithout);
  if (with > 0 && without > 0) {
    std::printf(
        "\nOutbox cost on a durable license swap (%s): with %.0f/s, without %.0f/s, ratio %.2f "
        "(target >= 0.90: %s)\n",
        BenchStoreDescription(), with, without, with / without,
        with / without >= 0.9 ? "ok" : "MISSED");
  }
  const double delivered = RateOf(results, kDispatcher);
  const double posted = RateOf(results, kTransport);
  if (delivered > 0 && posted > 0) {
    std::printf(
        "Webhook deliveries to 127.0.0.1 (%s): %.0f events/s delivered, the HTTP client alone "
        "%.0f posts/s, ratio %.2f\n",
        BenchStoreDescription(), delivered, posted, delivered / posted);
  }
  std::fflush(stdout);
}

[[maybe_unused]] const bool kRegistered = [] {
  benchmark::RegisterBenchmark(kWith, Swaps<true>)->UseRealTime()->MinTime(2.0);
  benchmark::RegisterBenchmark(kWithout, Swaps<false>)->UseRealTime()->MinTime(2.0);
  benchmark::RegisterBenchmark(kDispatcher, Deliveries)->UseRealTime()->MinTime(2.0);
  benchmark::RegisterBenchmark(kTransport, TransportOnly)->UseRealTime()->MinTime(2.0);
  return RegisterSummary(PrintRatios);
}();

}  // namespace
}  // namespace seatshift::bench
