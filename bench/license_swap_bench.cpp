// Durable license swaps per second through the real service and SQLite store, against a
// baseline of hand-written SQL making the same row changes (integer keys, prepared statements,
// WAL, synchronous=FULL) in the same run: the ratio store/baseline is what we track (target
// >= 0.5). Two batch sizes: one user per transaction, and 1,000 users per transaction.
//
// Environment: SEATSHIFT_BENCH_USERS scales the fleet of 1,000-user customers (default
// 100,000 users = 100 customers); the batch-1 customer has 10,000 users (fewer if the fleet is
// smaller). Both databases live in a fresh directory under /tmp, removed at exit.
// SEATSHIFT_BENCH_POSTGRES=postgresql://... puts the store in a fresh schema on that server
// instead (the baseline stays SQLite); bench/postgres.sh runs it next to pgbench.
// On a machine whose disk is shared with other work, run
//   seatshift_bench --benchmark_filter=swap/ --benchmark_repetitions=5
//                   --benchmark_enable_random_interleaving=true
// so store and baseline runs alternate; the ratios then use the median of each side.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bench_store.hpp"
#include "bench_summary.hpp"
#include "domain/id_generator.hpp"
#include "domain/simulated_clock.hpp"
#include "service/catalog_service.hpp"
#include "service/customer_service.hpp"
#include "service/license_service.hpp"
#include "service/order_service.hpp"

namespace seatshift::bench {
namespace {

constexpr int kUsersPerBatchCustomer = 1000;
constexpr int kDefaultFleetUsers = 100'000;
constexpr int kDefaultSingleUsers = 10'000;

const SkuId& SkuA() {
  static const SkuId id("KAIZALA_PRO");
  return id;
}
const SkuId& SkuB() {
  static const SkuId id("SPE_E3");
  return id;
}

//! Users of the batch-1000 fleet: SEATSHIFT_BENCH_USERS rounded down to whole customers.
int FleetUsers() {
  const char* text = std::getenv("SEATSHIFT_BENCH_USERS");
  if (!text || !*text) return kDefaultFleetUsers;
  const long users = std::strtol(text, nullptr, 10);
  if (users < kUsersPerBatchCustomer) return kUsersPerBatchCustomer;
  if (users > 10'000'000) return 10'000'000;
  return static_cast<int>(users / kUsersPerBatchCustomer * kUsersPerBatchCustomer);
}

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(fmt::format("{}: {}", what, result.error().message));
  return std::move(result).value();
}

//! A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/seatshift-bench-XXXXXX";
    if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    path_ = name;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------------
// The baseline: the same logical rows in a plain schema of integer keys, hand-written SQL.

constexpr const char* kBaselineSchema = R"sql(
CREATE TABLE licenses (
  user INTEGER NOT NULL,
  sku INTEGER NOT NULL,
  customer INTEGER NOT NULL,
  PRIMARY KEY (user, sku)
) WITHOUT ROWID;
CREATE INDEX licenses_by_customer_sku ON licenses (customer, sku);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  user INTEGER NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
)sql";
constexpr const char* kBaselineDelete = "DELETE FROM licenses WHERE user = ?1 AND sku = ?2";
constexpr const char* kBaselineInsert =
    "INSERT INTO licenses (user, sku, customer) VALUES (?1, ?2, ?3)";
constexpr const char* kBaselineAudit =
    "INSERT INTO audit (time, user, before, after) VALUES (?1, ?2, ?3, ?4)";

// The audit snapshots the service writes for these swaps (codec::ToJson of the licenses).
constexpr std::string_view kSnapshotA = R"([{"skuId":"KAIZALA_PRO","excludedPlans":[]}])";
constexpr std::string_view kSnapshotB = R"([{"skuId":"SPE_E3","excludedPlans":[]}])";
constexpr std::int64_t kBaselineSkuA = 1;
constexpr std::int64_t kBaselineSkuB = 2;

class BaselineDb {
 public:
  explicit BaselineDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      Fail("open");
    }
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    Exec(kBaselineSchema);
    begin_ = Prepare("BEGIN IMMEDIATE");
    commit_ = Prepare("COMMIT");
    delete_ = Prepare(kBaselineDelete);
    insert_ = Prepare(kBaselineInsert);
    audit_ = Prepare(kBaselineAudit);
  }
  BaselineDb(const BaselineDb&) = delete;
  BaselineDb& operator=(const BaselineDb&) = delete;
  ~BaselineDb() {
    for (sqlite3_stmt* s : {begin_, commit_, delete_, insert_, audit_}) sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  //! Licenses of sku A for users [first_user, first_user + count), in one transaction.
  void Load(std::int64_t customer, std::int64_t first_user, std::int64_t count) {
    Run(begin_);
    for (std::int64_t user = first_user; user < first_user + count; ++user) {
      sqlite3_bind_int64(insert_, 1, user);
      sqlite3_bind_int64(insert_, 2, kBaselineSkuA);
      sqlite3_bind_int64(insert_, 3, customer);
      Run(insert_);
    }
    Run(commit_);
  }

  //! Moves users [first_user, first_user + count) of `customer` from one SKU to the other:
  //! per user, delete the old license, insert the new one, append an audit row; one commit.
  void Swap(std::int64_t customer, std::int64_t first_user, std::int64_t count, bool to_b,
            std::int64_t now) {
    const std::int64_t from = to_b ? kBaselineSkuA : kBaselineSkuB;
    const std::int64_t to = to_b ? kBaselineSkuB : kBaselineSkuA;
    const std::string_view before = to_b ? kSnapshotA : kSnapshotB;
    const std::string_view after = to_b ? kSnapshotB : kSnapshotA;
    Run(begin_);
    for (std::int64_t user = first_user; user < first_user + count; ++user) {
      sqlite3_bind_int64(delete_, 1, user);
      sqlite3_bind_int64(delete_, 2, from);
      Run(delete_);
      if (sqlite3_changes(db_) != 1) Fail("baseline swap found no license to delete");
      sqlite3_bind_int64(insert_, 1, user);
      sqlite3_bind_int64(insert_, 2, to);
      sqlite3_bind_int64(insert_, 3, customer);
      Run(insert_);
      sqlite3_bind_int64(audit_, 1, now);
      sqlite3_bind_int64(audit_, 2, user);
      sqlite3_bind_text(audit_, 3, before.data(), static_cast<int>(before.size()), SQLITE_STATIC);
      sqlite3_bind_text(audit_, 4, after.data(), static_cast<int>(after.size()), SQLITE_STATIC);
      Run(audit_);
    }
    Run(commit_);
  }

 private:
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      Fail(sql);
    }
    return stmt;
  }
  void Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) Fail(sql);
  }
  void Run(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) Fail(sqlite3_sql(stmt));
  }
  [[noreturn]] void Fail(std::string_view what) const {
    throw std::runtime_error(fmt::format("baseline SQLite: {} ({})", sqlite3_errmsg(db_), what));
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* delete_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* audit_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// The fleet: both databases, built once on first use (outside any timed loop).

//! Which users hold which SKU, and where the next swap starts; one per database and batch size.
struct Rotation {
  std::vector<bool> on_b;  //!< per customer (batch 1000) or per user (batch 1)
  std::size_t next = 0;
  //! The slot to swap next, and whether it goes A→B; flips the slot's state.
  std::pair<std::size_t, bool> Advance() {
    const std::size_t slot = next++ % on_b.size();
    const bool to_b = !on_b[slot];
    on_b[slot] = to_b;
    return {slot, to_b};
  }
};

class Fleet {
 public:
  static Fleet& Get() {
    static Fleet fleet;
    return fleet;
  }

  int batch_customer_count() const { return static_cast<int>(batch_customers_.size()); }
  int single_user_count() const { return static_cast<int>(single_users_.size()); }

  //! Swaps every user of the next batch customer: one LicenseService::Swap, one transaction.
  std::int64_t StoreSwapBatch() {
    const auto [slot, to_b] = store_batch_.Advance();
    const service::SwapRequest swap{.from = to_b ? SkuA() : SkuB(), .to = to_b ? SkuB() : SkuA()};
    return static_cast<std::int64_t>(
        Must(licenses_->Swap(ctx_, batch_customers_[slot], swap), "store swap (batch)").size());
  }

  //! Swaps the next user of the batch-1 customer: one LicenseService::Swap, one transaction.
  std::int64_t StoreSwapOne() {
    const auto [slot, to_b] = store_single_.Advance();
    const service::SwapRequest swap{
        .from = to_b ? SkuA() : SkuB(), .to = to_b ? SkuB() : SkuA(), .user = single_users_[slot]};
    return static_cast<std::int64_t>(
        Must(licenses_->Swap(ctx_, single_customer_, swap), "store swap (one)").size());
  }

  std::int64_t BaselineSwapBatch() {
    const auto [slot, to_b] = baseline_batch_.Advance();
    const auto customer = static_cast<std::int64_t>(slot) + 1;
    const auto first = static_cast<std::int64_t>(slot) * kUsersPerBatchCustomer + 1;
    baseline_->Swap(customer, first, kUsersPerBatchCustomer, to_b, Now());
    return kUsersPerBatchCustomer;
  }

  std::int64_t BaselineSwapOne() {
    const auto [slot, to_b] = baseline_single_.Advance();
    const std::int64_t customer = batch_customer_count() + 1;
    const std::int64_t user = BaselineSingleFirstUser() + static_cast<std::int64_t>(slot);
    baseline_->Swap(customer, user, 1, to_b, Now());
    return 1;
  }

 private:
  Fleet()
      : clock_(StartOf(Date(std::chrono::year{2026} / std::chrono::January / 1))),
        ids_(clock_, 42),
        store_(OpenBenchStore(FreshBenchLocation(dir_.path() + "/store.db", "swap"))),
        deps_{*store_, clock_, ids_},
        ctx_{.actor = {.id = "bench@partner.example", .role = Role::kAdminAgent},
             .correlation_id = "license-swap-bench"},
        licenses_(std::make_unique<service::LicenseService>(deps_)),
        baseline_(std::make_unique<BaselineDb>(dir_.path() + "/baseline.db")) {
    const auto started = std::chrono::steady_clock::now();
    const int fleet_users = FleetUsers();
    const int customers = fleet_users / kUsersPerBatchCustomer;
    const int single_users = std::min(kDefaultSingleUsers, fleet_users);

    WriteCatalog(std::max(fleet_users, single_users));
    for (int c = 0; c < customers; ++c) {
      batch_customers_.push_back(AddCustomer(c, kUsersPerBatchCustomer).first);
      baseline_->Load(c + 1, std::int64_t{c} * kUsersPerBatchCustomer + 1, kUsersPerBatchCustomer);
    }
    auto [single, users] = AddCustomer(customers, single_users);
    single_customer_ = single;
    single_users_ = std::move(users);
    baseline_->Load(customers + 1, BaselineSingleFirstUser(), single_users);

    store_batch_.on_b.assign(batch_customers_.size(), false);
    baseline_batch_.on_b.assign(batch_customers_.size(), false);
    store_single_.on_b.assign(single_users_.size(), false);
    baseline_single_.on_b.assign(single_users_.size(), false);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    std::fprintf(stderr,
                 "license_swap_bench: fleet of %d customers x %d users + 1 customer x %d users "
                 "(store and baseline) built in %.1f s under %s\n",
                 customers, kUsersPerBatchCustomer, single_users, took.count(),
                 dir_.path().c_str());
  }

  std::int64_t Now() const { return clock_.Now().time_since_epoch().count(); }
  std::int64_t BaselineSingleFirstUser() const {
    return std::int64_t{batch_customer_count()} * kUsersPerBatchCustomer + 1;
  }

  //! Two SKUs with one service plan and a USD price each; both purchasable on the bench's day.
  void WriteCatalog(int max_quantity) {
    const Product product{ProductId("p"), "P", "", Segment::kCommercial};
    std::vector<Sku> skus;
    for (const auto& [id, plan] :
         {std::pair{SkuA(), "KAIZALA_O365_P3"}, std::pair{SkuB(), "EXCHANGE_S_ENTERPRISE"}}) {
      Sku sku;
      sku.id = id;
      sku.guid = ids_.Next();
      sku.product_id = product.id;
      sku.title = id.value();
      sku.maximum_quantity = max_quantity;
      sku.service_plans.push_back({ServicePlanId(ids_.Next()), plan, plan});
      sku.prices.push_back({.currency = "USD", .unit_price = 500});
      skus.push_back(std::move(sku));
    }
    Must(service::CatalogService(deps_).Upsert(ctx_, {product}, skus,
                                               service::CatalogMerge::kReplace),
         "catalog");
  }

  //! A customer with `user_count` users, a subscription of each SKU for all of them, and every
  //! user licensed for SKU A. Users and licenses go in one transaction, for speed.
  std::pair<CustomerId, std::vector<UserId>> AddCustomer(int index, int user_count) {
    const std::string domain = fmt::format("c{}.bench.example", index);
    const Customer customer = Must(service::CustomerService(deps_).Create(
                                       ctx_, {.company_name = fmt::format("Bench {}", index),
                                              .domain = domain,
                                              .country = "US",
                                              .currency = "USD"}),
                                   "create customer");
    Must(service::OrderService(deps_).Create(
             ctx_, customer.id,
             {{.line_item_number = 1, .offer_id = SkuA(), .quantity = user_count},
              {.line_item_number = 2, .offer_id = SkuB(), .quantity = user_count}}),
         "order");
    std::vector<UserId> users;
    users.reserve(static_cast<std::size_t>(user_count));
    auto tx = store_->Write();
    for (int i = 0; i < user_count; ++i) {
      User user{.id = UserId(ids_.Next()),
                .customer_id = customer.id,
                .user_principal_name = fmt::format("user{}@{}", i, domain),
                .display_name = fmt::format("User {}", i),
                .usage_location = "US",
                .created_at = clock_.Now()};
      Must(tx->InsertUser(user), "insert user");
      tx->PutLicense(customer.id, License{user.id, SkuA(), {}});
      users.push_back(user.id);
    }
    tx->Commit();
    return {customer.id, std::move(users)};
  }

  TempDir dir_;  // first: destroyed after both databases are closed
  SimulatedClock clock_;
  UuidV7Generator ids_;
  std::unique_ptr<store::Store> store_;
  service::Dependencies deps_;
  service::RequestContext ctx_;
  std::unique_ptr<service::LicenseService> licenses_;
  std::unique_ptr<BaselineDb> baseline_;

  std::vector<CustomerId> batch_customers_;
  CustomerId single_customer_;
  std::vector<UserId> single_users_;
  Rotation store_batch_;
  Rotation store_single_;
  Rotation baseline_batch_;
  Rotation baseline_single_;
};

// ---------------------------------------------------------------------------------------------
// Benchmarks: items = swaps (one user moved from one SKU to the other), so items/s is the rate.

template <std::int64_t (Fleet::*kSwap)()>
void RunSwaps(benchmark::State& state) {
  Fleet* fleet = nullptr;
  try {
    fleet = &Fleet::Get();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::int64_t swaps = 0;
  try {
    for ([[maybe_unused]] auto _ : state) swaps += (fleet->*kSwap)();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  state.SetItemsProcessed(swaps);
}

constexpr const char* kStoreOne = "swap/store/batch:1";
constexpr const char* kBaselineOne = "swap/baseline/batch:1";
constexpr const char* kStoreBatch = "swap/store/batch:1000";
constexpr const char* kBaselineBatch = "swap/baseline/batch:1000";

//! The median of `value` over the repetitions of the run named `name`; 0 when it did not run.
//! (--benchmark_repetitions with --benchmark_enable_random_interleaving=true alternates store and
//! baseline runs, which keeps a busy disk from favouring one side.)
double Median(const std::vector<RunResult>& results, const char* name,
              double (*value)(const RunResult&)) {
  std::vector<double> values;
  for (const RunResult& r : results) {
    if (r.name == name && r.items_per_second > 0) values.push_back(value(r));
  }
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double Rate(const RunResult& r) { return r.items_per_second; }
//! CPU microseconds per swap: the part of the cost that a busy disk does not blur.
double CpuMicrosPerSwap(const RunResult& r) {
  return r.cpu_seconds * 1e6 / (r.items_per_second * r.real_seconds);
}

void PrintRatios(const std::vector<RunResult>& results) {
  struct Row {
    int batch;
    double store;
    double baseline;
    double store_cpu_us;
    double baseline_cpu_us;
  };
  std::vector<Row> rows;
  for (const auto& [batch, store, baseline] :
       {std::tuple{1, kStoreOne, kBaselineOne}, std::tuple{1000, kStoreBatch, kBaselineBatch}}) {
    const double store_rate = Median(results, store, Rate);
    const double baseline_rate = Median(results, baseline, Rate);
    if (store_rate > 0 && baseline_rate > 0) {
      rows.push_back({batch, store_rate, baseline_rate, Median(results, store, CpuMicrosPerSwap),
                      Median(results, baseline, CpuMicrosPerSwap)});
    }
  }
  if (rows.empty()) return;
  std::printf(
      "\nDurable license swaps: store = LicenseService::Swap on %s, baseline = hand-written SQL "
      "on SQLite (WAL, synchronous=FULL)\n",
      BenchStoreDescription());
  std::printf("%-6s %12s %12s %7s %9s   %14s %14s %9s\n", "batch", "store/s", "baseline/s", "ratio",
              "target", "store cpu/swap", "base cpu/swap", "cpu ratio");
  for (const Row& row : rows) {
    const double ratio = row.store / row.baseline;
    std::printf("%-6d %12.0f %12.0f %7.2f %9s   %12.1fus %12.1fus %9.2f\n", row.batch, row.store,
                row.baseline, ratio, ratio >= 0.5 ? ">=0.5 ok" : "MISSED", row.store_cpu_us,
                row.baseline_cpu_us, row.baseline_cpu_us / row.store_cpu_us);
  }
  for (const Row& row : rows) {
    std::printf("ratio batch=%d store=%.0f/s baseline=%.0f/s ratio=%.2f\n", row.batch, row.store,
                row.baseline, row.store / row.baseline);
  }
  std::fflush(stdout);
}

[[maybe_unused]] const bool kRegistered = [] {
  benchmark::RegisterBenchmark(kStoreOne, RunSwaps<&Fleet::StoreSwapOne>)
      ->UseRealTime()
      ->MinTime(2.0);
  benchmark::RegisterBenchmark(kBaselineOne, RunSwaps<&Fleet::BaselineSwapOne>)
      ->UseRealTime()
      ->MinTime(2.0);
  benchmark::RegisterBenchmark(kStoreBatch, RunSwaps<&Fleet::StoreSwapBatch>)
      ->UseRealTime()
      ->MinTime(3.0);
  benchmark::RegisterBenchmark(kBaselineBatch, RunSwaps<&Fleet::BaselineSwapBatch>)
      ->UseRealTime()
      ->MinTime(3.0);
  return RegisterSummary(PrintRatios);
}();

}  // namespace
}  // namespace seatshift::bench
