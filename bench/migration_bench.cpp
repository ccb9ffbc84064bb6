// The migration engine on a fleet in a real SQLite file (WAL, synchronous=FULL): users moved per
// second and peak memory, against a raw-SQLite baseline making the same license row changes in
// the same run, and the time to plan the fleet.
//
//   migration/engine/customers:N    one fresh copy of a fleet of N customers, each holding an
//                                   active Kaizala Pro subscription with every one of its users
//                                   licensed: MigrationService::Plan (source KAIZALA_PRO, target
//                                   "recommended", seats as assigned; timed apart, reported as
//                                   plan_s), then MigrationEngine::Start + Run with a progress
//                                   callback, as the CLI and the server run it (A buys each
//                                   customer's target, B moves its users, C suspends the
//                                   source). The iteration time is the run's; items = users
//                                   moved. Registered for N and N/10 customers: the peak RSS the
//                                   run adds over the process's RSS before it (peak_run_MB,
//                                   VmHWM reset through /proc/self/clear_refs) should not grow
//                                   with N.
//   migration/baseline/customers:N  the same users in a plain schema of integer keys, raw
//                                   sqlite3 C API, prepared statements, 1,000 users per
//                                   transaction: per user, delete the source license row,
//                                   insert the target license row, and update the customer's
//                                   two seat counters (source -1, target +1).
//
// The summary prints engine users/s ÷ baseline users/s at N (target >= 0.3) with the CPU time
// and the bytes written per user of each side, the planning time at N (target < 5 s at 10,000
// customers) and the run's peak memory at both sizes. Besides the baseline's rows, the engine
// writes per user an audit record and the record a rollback needs, and per customer a purchase
// (order, subscription, charge, audit) and a suspension: on a busy disk the bytes decide, on an
// idle one the CPU.
//
// Environment: SEATSHIFT_BENCH_MIGRATION_CUSTOMERS (default 500) and
// SEATSHIFT_BENCH_MIGRATION_USERS (users per customer, default 100). The issue's fleet:
//   SEATSHIFT_BENCH_MIGRATION_CUSTOMERS=10000 seatshift_bench --benchmark_filter=migration/
// On a disk shared with other work add --benchmark_repetitions=3
// --benchmark_enable_random_interleaving=true: the summary then takes the median of each side.
// Fleets are seeded once per size (through the store, 100 customers per transaction) into a
// fresh directory under /tmp, removed at exit; every run starts from a copy.
// SEATSHIFT_BENCH_POSTGRES=postgresql://... runs the engine on PostgreSQL instead: every run
// seeds its own schema on that server (a schema cannot be copied as a file can; seeding is not
// timed), dropped at exit. The baseline stays raw SQLite, and the bytes and memory figures are
// then the client's only (the server's writes and memory are not this process's).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_store.hpp"
#include "bench_summary.hpp"
#include "domain/id_generator.hpp"
#include "domain/lifecycle.hpp"
#include "domain/simulated_clock.hpp"
#include "import/catalog_json.hpp"
#include "service/catalog_service.hpp"
#include "service/migration_engine.hpp"
#include "service/migration_service.hpp"
#include "store/open/open.hpp"

namespace seatshift::bench {
namespace {

constexpr int kDefaultCustomers = 500;
constexpr int kDefaultUsersPerCustomer = 100;
//! Customers seeded per write transaction.
constexpr int kSeedCustomersPerTransaction = 100;
//! Users the baseline moves per transaction.
constexpr int kBaselineUsersPerTransaction = 1000;
constexpr double kRatioTarget = 0.3;
constexpr double kPlanTargetSeconds = 5;
constexpr int kPlanTargetCustomers = 10'000;

int EnvInt(const char* name, int fallback, int low, int high) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  return static_cast<int>(std::clamp<long>(std::strtol(text, nullptr, 10), low, high));
}

int FleetCustomers() {
  static const int customers =
      EnvInt("SEATSHIFT_BENCH_MIGRATION_CUSTOMERS", kDefaultCustomers, 10, 100'000);
  return customers;
}
//! The smaller fleet of the memory comparison.
int SmallFleetCustomers() { return std::max(1, FleetCustomers() / 10); }
int UsersPerCustomer() {
  static const int users =
      EnvInt("SEATSHIFT_BENCH_MIGRATION_USERS", kDefaultUsersPerCustomer, 1, 10'000);
  return users;
}

//! The benchmarks' "now": Kaizala Pro is long past its end of sale, its replacements are sold.
Instant Now() {
  return StartOf(Date(std::chrono::year{2026} / std::chrono::November / 25)) +
         std::chrono::hours(9);
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
    char name[] = "/tmp/seatshift-migration-bench-XXXXXX";
    if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    path_ = name;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

//! Created on first use, so that it outlives every fleet (statics die in reverse order).
const TempDir& BenchDir() {
  static const TempDir dir;
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Memory: the peak resident set of a stretch of work, from Linux's high-water mark.

//! A field of /proc/self/status in kB ("VmRSS", "VmHWM"); 0 when unreadable.
std::int64_t StatusKb(std::string_view field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':') {
      return std::strtoll(line.c_str() + field.size() + 1, nullptr, 10);
    }
  }
  return 0;
}

//! How far the resident set rose above where it stood when the watch began.
class PeakWatch {
 public:
  //! Gives the heap's free memory back to the kernel (bench_main raised glibc's trim threshold,
  //! so an earlier run's freed memory would otherwise hide this one's growth), then resets the
  //! process's high-water mark to its current RSS (Linux >= 4.0); without that, the peak read
  //! later may be an earlier one (e.g. from seeding), and `reset()` says so.
  PeakWatch() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    reset_ = static_cast<bool>(clear);
    start_kb_ = StatusKb("VmRSS");
  }
  bool reset() const { return reset_; }
  //! Peak RSS since the watch began minus the RSS then, in MiB.
  double RiseMb() const {
    return static_cast<double>(std::max<std::int64_t>(0, StatusKb("VmHWM") - start_kb_)) / 1024;
  }

 private:
  bool reset_ = false;
  std::int64_t start_kb_ = 0;
};

//! Process CPU time (user + system) since construction: SQLite's work and fsync's.
class CpuWatch {
 public:
  CpuWatch() : start_(Now()) {}
  double Seconds() const { return Now() - start_; }

 private:
  static double Now() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }
  double start_;
};

//! Bytes this process handed to write(2) and friends since construction (/proc/self/io wchar):
//! what the database writes to its WAL, the checkpoints included.
class WriteWatch {
 public:
  WriteWatch() : start_(Written()) {}
  double Bytes() const { return static_cast<double>(Written() - start_); }

 private:
  static std::int64_t Written() {
    std::ifstream io("/proc/self/io");
    std::string key;
    std::int64_t value = 0;
    while (io >> key >> value) {
      if (key == "wchar:") return value;
    }
    return 0;
  }
  std::int64_t start_;
};

//! Folds a SQLite database's WAL into its file.
void CheckpointSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK ||
      sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("checkpoint of the seeded fleet: " + message);
  }
  sqlite3_close(db);
}

// ---------------------------------------------------------------------------------------------
// The store's fleet, seeded through the store's own writes (as seatshift's demo seeding is).

struct StoreFleet {
  std::string location;  //!< the SQLite file, or the URL of the PostgreSQL schema
  int customers = 0;
  std::int64_t users = 0;
};

//! `customers` commercial customers of `users` users each; each holds an active Kaizala Pro
//! subscription of exactly `users` seats (auto-renew off, as end of sale left it; terms ending
//! over the coming months) and every user holds its license. On SQLite the WAL is folded into
//! the file, so that a copy of the file alone is the whole fleet.
StoreFleet SeedStoreFleet(const std::string& location, int customers, int users) {
  const auto started = std::chrono::steady_clock::now();
  SimulatedClock clock(Now());
  UuidV7Generator ids(clock, 2026);
  const service::RequestContext admin{Actor{"bench@partner.example", Role::kAdminAgent},
                                      "migration-bench"};
  const SkuId kaizala("KAIZALA_PRO");
  const Instant now = clock.Now();
  const Date today = clock.Today();
  {
    auto store = OpenBenchStore(location);
    const import::CatalogDocument catalog = Must(import::DefaultCatalog(), "default catalog");
    Must(service::CatalogService({*store, clock, ids})
             .Upsert(admin, catalog.products, catalog.skus, service::CatalogMerge::kReplace),
         "load the default catalog");
    for (int first = 0; first < customers; first += kSeedCustomersPerTransaction) {
      auto tx = store->Write();
      for (int c = first; c < std::min(customers, first + kSeedCustomersPerTransaction); ++c) {
        const Customer customer{.id = CustomerId(ids.Next()),
                                .company_name = fmt::format("Migration Bench {}", c),
                                .domain = fmt::format("c{}.migration.bench.example", c),
                                .segment = Segment::kCommercial,
                                .country = "US",
                                .currency = "USD",
                                .created_at = now};
        Must(tx->InsertCustomer(customer), "insert customer");
        Subscription sub;
        sub.id = SubscriptionId(ids.Next());
        sub.customer_id = customer.id;
        sub.sku_id = kaizala;
        sub.friendly_name = "Kaizala Pro";
        sub.quantity = users;
        sub.term_end = today + std::chrono::days(30 + c % 270);
        sub.term_start = AddMonths(sub.term_end + std::chrono::days(1), -12);
        sub.auto_renew = false;
        sub.created_at = StartOf(sub.term_start);
        sub.status_changed_at = sub.created_at;
        sub.next_charge_on = FirstChargeDay(sub, now);
        Must(tx->InsertSubscription(sub), "insert subscription");
        for (int u = 0; u < users; ++u) {
          const User user{.id = UserId(ids.Next()),
                          .customer_id = customer.id,
                          .user_principal_name = fmt::format("user{}@{}", u, customer.domain),
                          .display_name = fmt::format("User {}", u),
                          .usage_location = "US",
                          .created_at = now};
          Must(tx->InsertUser(user), "insert user");
          tx->PutLicense(customer.id, License{user.id, kaizala, {}});
        }
      }
      tx->Commit();
    }
  }
  if (!store::IsPostgresUrl(location)) CheckpointSqlite(location);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::fprintf(stderr, "migration_bench: seeded %d customers x %d users in %.1f s\n", customers,
               users, took.count());
  return {.location = location, .customers = customers, .users = std::int64_t{customers} * users};
}

//! The seeded SQLite fleet of `customers` customers; seeded on first use.
const StoreFleet& SeededSqliteFleet(int customers) {
  static std::map<int, StoreFleet> fleets;
  auto it = fleets.find(customers);
  if (it == fleets.end()) {
    it = fleets
             .emplace(customers,
                      SeedStoreFleet(BenchDir().File(fmt::format("fleet-{}.db", customers)),
                                     customers, UsersPerCustomer()))
             .first;
  }
  return it->second;
}

//! Copies a seeded file to `name` in the bench directory, replacing an earlier copy and its WAL.
std::string FreshCopy(const std::string& seeded, std::string_view name) {
  const std::string path = BenchDir().File(name);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::filesystem::copy_file(seeded, path);
  return path;
}

//! A fleet of `customers` customers for one engine run, untouched by earlier runs: a fresh copy
//! of the SQLite fleet, or on PostgreSQL a schema of its own seeded for this run.
StoreFleet FleetForRun(int customers) {
  if (!BenchPostgresUrl().empty()) {
    return SeedStoreFleet(FreshBenchLocation("", "migration"), customers, UsersPerCustomer());
  }
  StoreFleet fleet = SeededSqliteFleet(customers);
  fleet.location = FreshCopy(fleet.location, fmt::format("engine-{}.db", customers));
  return fleet;
}

// ---------------------------------------------------------------------------------------------
// The baseline: the license rows of the same fleet in a plain schema of integer keys.

constexpr const char* kBaselineSchema = R"sql(
CREATE TABLE licenses (
  customer INTEGER NOT NULL,
  user INTEGER NOT NULL,
  sku INTEGER NOT NULL,
  PRIMARY KEY (customer, user, sku)
) WITHOUT ROWID;
CREATE TABLE license_counts (
  customer INTEGER NOT NULL,
  sku INTEGER NOT NULL,
  assigned INTEGER NOT NULL,
  PRIMARY KEY (customer, sku)
) WITHOUT ROWID;
)sql";
constexpr const char* kBaselineInsert =
    "INSERT INTO licenses (customer, user, sku) VALUES (?1, ?2, ?3)";
constexpr const char* kBaselineDelete =
    "DELETE FROM licenses WHERE customer = ?1 AND user = ?2 AND sku = ?3";
constexpr const char* kBaselineInsertCount =
    "INSERT INTO license_counts (customer, sku, assigned) VALUES (?1, ?2, ?3)";
constexpr const char* kBaselineAddToCount =
    "UPDATE license_counts SET assigned = assigned + ?3 WHERE customer = ?1 AND sku = ?2";
constexpr std::int64_t kBaselineSource = 1;
constexpr std::int64_t kBaselineTarget = 2;

//! One sqlite3 connection (WAL, synchronous=FULL) and the statements it prepared.
class BaselineDb {
 public:
  //! Opens `path`, creating the schema when `create` (a fresh file).
  BaselineDb(const std::string& path, bool create) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      Fail("open");
    }
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    if (create) Exec(kBaselineSchema);
    begin_ = Prepare("BEGIN IMMEDIATE");
    commit_ = Prepare("COMMIT");
    insert_ = Prepare(kBaselineInsert);
    delete_ = Prepare(kBaselineDelete);
    insert_count_ = Prepare(kBaselineInsertCount);
    add_to_count_ = Prepare(kBaselineAddToCount);
  }
  BaselineDb(const BaselineDb&) = delete;
  BaselineDb& operator=(const BaselineDb&) = delete;
  ~BaselineDb() {
    for (sqlite3_stmt* s : {begin_, commit_, insert_, delete_, insert_count_, add_to_count_}) {
      sqlite3_finalize(s);
    }
    sqlite3_close(db_);
  }

  //! Every user of every customer licensed for the source; both counters of each customer.
  void Seed(int customers, int users) {
    Run(begin_);
    for (std::int64_t c = 1; c <= customers; ++c) {
      for (std::int64_t u = 0; u < users; ++u) Bind3(insert_, c, UserKey(c, u, users), 1);
      for (const auto& [sku, assigned] :
           {std::pair{kBaselineSource, users}, std::pair{kBaselineTarget, 0}}) {
        Bind3(insert_count_, c, sku, assigned);
      }
    }
    Run(commit_);
    Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  //! Moves every user from the source to the target, 1,000 users per transaction; per user:
  //! delete the source license, insert the target license, count -1 on the source and +1 on
  //! the target. Returns the users moved.
  std::int64_t Move(int customers, int users) {
    std::int64_t moved = 0;
    Run(begin_);
    for (std::int64_t c = 1; c <= customers; ++c) {
      for (std::int64_t u = 0; u < users; ++u) {
        const std::int64_t user = UserKey(c, u, users);
        Bind3(delete_, c, user, kBaselineSource);
        if (sqlite3_changes(db_) != 1) Fail("the baseline found no license to move");
        Bind3(insert_, c, user, kBaselineTarget);
        Bind3(add_to_count_, c, kBaselineSource, -1);
        Bind3(add_to_count_, c, kBaselineTarget, 1);
        if (++moved % kBaselineUsersPerTransaction == 0) {
          Run(commit_);
          Run(begin_);
        }
      }
    }
    Run(commit_);
    return moved;
  }

 private:
  static std::int64_t UserKey(std::int64_t customer, std::int64_t user, int users) {
    return (customer - 1) * users + user + 1;
  }
  void Bind3(sqlite3_stmt* stmt, std::int64_t a, std::int64_t b, std::int64_t c) {
    sqlite3_bind_int64(stmt, 1, a);
    sqlite3_bind_int64(stmt, 2, b);
    sqlite3_bind_int64(stmt, 3, c);
    Run(stmt);
  }
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
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* delete_ = nullptr;
  sqlite3_stmt* insert_count_ = nullptr;
  sqlite3_stmt* add_to_count_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Benchmarks.

//! What the runs leave for the summary, beyond what Google Benchmark reports.
struct Outcomes {
  std::map<int, std::vector<double>> plan_seconds;  //!< by fleet size
  std::map<int, std::vector<double>> plan_peak_mb;  //!< RSS rise while planning
  std::map<int, std::vector<double>> run_peak_mb;   //!< RSS rise while running
  bool peak_reset = true;  //!< false when the high-water mark could not be reset
  //! CPU microseconds per user moved, by benchmark name: the part of the cost a busy disk does
  //! not blur.
  std::map<std::string, std::vector<double>> cpu_us_per_user;
  //! Bytes written per user moved, by benchmark name.
  std::map<std::string, std::vector<double>> bytes_per_user;
};
Outcomes& Recorded() {
  static Outcomes outcomes;
  return outcomes;
}

std::string EngineName(int customers) {
  return fmt::format("migration/engine/customers:{}", customers);
}
std::string BaselineName(int customers) {
  return fmt::format("migration/baseline/customers:{}", customers);
}

void EngineRun(benchmark::State& state, int customers) {
  try {
    std::int64_t moved = 0;
    double plan_seconds = 0;
    double plan_peak_mb = 0;
    double run_peak_mb = 0;
    std::int64_t reports = 0;
    for ([[maybe_unused]] auto _ : state) {
      const StoreFleet fleet = FleetForRun(customers);  // untimed: the run's time is set manually
      auto store = OpenBenchStore(fleet.location);
      SimulatedClock clock(Now());
      UuidV7Generator ids(clock, 7);
      const service::Dependencies deps{.store = *store, .clock = clock, .ids = ids};
      const service::RequestContext agent{Actor{"bench@partner.example", Role::kAdminAgent},
                                          "migration-bench"};

      const PeakWatch plan_watch;
      const auto plan_started = std::chrono::steady_clock::now();
      const service::MigrationDetails planned = Must(
          service::MigrationService(deps).Plan(agent, {.source = SkuId("KAIZALA_PRO")}), "plan");
      plan_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - plan_started).count();
      plan_peak_mb = plan_watch.RiseMb();
      const auto purchases = std::count_if(
          planned.customers.begin(), planned.customers.end(),
          [](const MigrationCustomer& mc) { return mc.plan.action == MigrationAction::kPurchase; });
      if (purchases != fleet.customers || planned.progress.users_total != fleet.users) {
        throw std::runtime_error(
            fmt::format("the plan buys for {} of {} customers and moves {} of {} users", purchases,
                        fleet.customers, planned.progress.users_total, fleet.users));
      }
      const MigrationId id = planned.migration.id;

      service::MigrationEngine engine(deps);
      Must(engine.Start(agent, id), "start");
      const PeakWatch run_watch;
      Recorded().peak_reset = Recorded().peak_reset && run_watch.reset();
      const CpuWatch cpu;
      const WriteWatch written;
      const auto run_started = std::chrono::steady_clock::now();
      const MigrationStatus status =
          Must(engine.Run(agent, id, "migration-bench",
                          [&reports](const MigrationProgress&) { ++reports; }),
               "run");
      const std::chrono::duration<double> ran = std::chrono::steady_clock::now() - run_started;
      run_peak_mb = run_watch.RiseMb();
      state.SetIterationTime(ran.count());
      const auto users = static_cast<double>(fleet.users);
      Recorded().cpu_us_per_user[EngineName(customers)].push_back(cpu.Seconds() * 1e6 / users);
      Recorded().bytes_per_user[EngineName(customers)].push_back(written.Bytes() / users);

      const MigrationProgress progress = store->Read()->CountMigrationProgress(id);
      if (status != MigrationStatus::kCompleted || progress.users_moved != fleet.users ||
          progress.customers_done != fleet.customers) {
        throw std::runtime_error(
            fmt::format("the run ended {} with {} of {} users moved and {} of {} customers done",
                        ToString(status), progress.users_moved, fleet.users,
                        progress.customers_done, fleet.customers));
      }
      moved += progress.users_moved;
    }
    state.SetItemsProcessed(moved);
    state.counters["users/s"] =
        benchmark::Counter(static_cast<double>(moved), benchmark::Counter::kIsRate);
    state.counters["plan_s"] = plan_seconds;
    state.counters["peak_plan_MB"] = plan_peak_mb;
    state.counters["peak_run_MB"] = run_peak_mb;
    state.counters["reports"] = static_cast<double>(reports);
    Recorded().plan_seconds[customers].push_back(plan_seconds);
    Recorded().plan_peak_mb[customers].push_back(plan_peak_mb);
    Recorded().run_peak_mb[customers].push_back(run_peak_mb);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void BaselineRun(benchmark::State& state, int customers) {
  try {
    const int users = UsersPerCustomer();
    const std::string seeded = BenchDir().File(fmt::format("baseline-seed-{}.db", customers));
    if (!std::filesystem::exists(seeded)) BaselineDb(seeded, true).Seed(customers, users);
    std::int64_t moved = 0;
    for ([[maybe_unused]] auto _ : state) {
      state.PauseTiming();
      const std::string path = FreshCopy(seeded, fmt::format("baseline-{}.db", customers));
      BaselineDb db(path, false);
      state.ResumeTiming();
      const CpuWatch cpu;
      const WriteWatch written;
      const auto started = std::chrono::steady_clock::now();
      const std::int64_t now_moved = db.Move(customers, users);
      state.SetIterationTime(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      const auto users_moved = static_cast<double>(now_moved);
      Recorded().cpu_us_per_user[BaselineName(customers)].push_back(cpu.Seconds() * 1e6 /
                                                                    users_moved);
      Recorded().bytes_per_user[BaselineName(customers)].push_back(written.Bytes() / users_moved);
      moved += now_moved;
    }
    state.SetItemsProcessed(moved);
    state.counters["users/s"] =
        benchmark::Counter(static_cast<double>(moved), benchmark::Counter::kIsRate);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// ---------------------------------------------------------------------------------------------
// The summary.

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

//! The median of `value` over the runs named `name` that processed items; 0 when none ran.
double MedianOf(const std::vector<RunResult>& results, const std::string& name,
                double (*value)(const RunResult&)) {
  std::vector<double> values;
  for (const RunResult& r : results) {
    if (r.name == name && r.items_per_second > 0) values.push_back(value(r));
  }
  return Median(std::move(values));
}

double Rate(const RunResult& r) { return r.items_per_second; }

//! The median of what was recorded for the benchmark `name`; 0 when nothing was.
double MedianRecorded(const std::map<std::string, std::vector<double>>& recorded,
                      const std::string& name) {
  const auto it = recorded.find(name);
  return it == recorded.end() ? 0 : Median(it->second);
}

void PrintSummary(const std::vector<RunResult>& results) {
  const int n = FleetCustomers();
  const int small = SmallFleetCustomers();
  const double engine = MedianOf(results, EngineName(n), Rate);
  const double baseline = MedianOf(results, BaselineName(n), Rate);
  const Outcomes& outcomes = Recorded();
  const auto plan = outcomes.plan_seconds.find(n);
  if (engine <= 0 && baseline <= 0 && plan == outcomes.plan_seconds.end()) return;
  std::printf(
      "\nMigration of %d customers x %d users: engine = MigrationEngine::Run on %s (A+B+C), "
      "baseline = raw SQLite license moves (WAL, synchronous=FULL), %d per transaction\n",
      n, UsersPerCustomer(), BenchStoreDescription(), kBaselineUsersPerTransaction);
  if (engine > 0 && baseline > 0) {
    const double ratio = engine / baseline;
    const Outcomes& o = Recorded();
    std::printf("%14s %14s %7s %10s   %15s %15s %17s %17s\n", "engine users/s", "baseline/s",
                "ratio", "target", "engine cpu/user", "base cpu/user", "engine bytes/user",
                "base bytes/user");
    std::printf("%14.0f %14.0f %7.2f %10s   %13.1fus %13.1fus %17.0f %17.0f\n", engine, baseline,
                ratio, ratio >= kRatioTarget ? ">=0.3 ok" : "MISSED",
                MedianRecorded(o.cpu_us_per_user, EngineName(n)),
                MedianRecorded(o.cpu_us_per_user, BaselineName(n)),
                MedianRecorded(o.bytes_per_user, EngineName(n)),
                MedianRecorded(o.bytes_per_user, BaselineName(n)));
    std::printf("ratio migration engine=%.0f/s baseline=%.0f/s ratio=%.2f\n", engine, baseline,
                ratio);
  }
  if (plan != outcomes.plan_seconds.end()) {
    const double seconds = Median(plan->second);
    const double scaled = seconds * kPlanTargetCustomers / n;
    std::printf(
        "planning %d customers: %.2f s (target < %.0f s for %d customers; linear estimate for "
        "%d: %.1f s)\n",
        n, seconds, kPlanTargetSeconds, kPlanTargetCustomers, kPlanTargetCustomers, scaled);
  }
  for (const int size : {small, n}) {
    const auto run = outcomes.run_peak_mb.find(size);
    if (run == outcomes.run_peak_mb.end()) continue;
    std::printf("peak RSS rise, %6d customers: run %.1f MiB, planning %.1f MiB\n", size,
                Median(run->second), Median(outcomes.plan_peak_mb.at(size)));
  }
  if (!outcomes.peak_reset) {
    std::printf(
        "(the peak could not be reset through /proc/self/clear_refs: figures are upper "
        "bounds)\n");
  }
  std::fflush(stdout);
}

[[maybe_unused]] const bool kRegistered = [] {
  // One iteration is one whole migration of a fresh copy: a second would find nothing to move.
  const int n = FleetCustomers();
  const int small = SmallFleetCustomers();
  for (const int size : {small, n}) {
    benchmark::RegisterBenchmark(EngineName(size).c_str(),
                                 [size](benchmark::State& state) { EngineRun(state, size); })
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kSecond);
  }
  benchmark::RegisterBenchmark(BaselineName(n).c_str(),
                               [n](benchmark::State& state) { BaselineRun(state, n); })
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kSecond);
  return RegisterSummary(PrintSummary);
}();

}  // namespace
}  // namespace seatshift::bench
