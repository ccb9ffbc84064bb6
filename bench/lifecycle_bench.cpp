// The lifecycle engine's throughput and the expiring report's latency on a fleet of 1,000,000
// subscriptions in a real SQLite file (WAL, synchronous=FULL), each next to what it must cost:
//
//   lifecycle/engine   LifecycleService::Run (actor system, until = now) over a fleet whose every
//                      subscription expires at the same instant: active, auto-renew off, its
//                      one-year term ended yesterday, nothing left to charge.
//   lifecycle/raw      the same rows in a copy of the same file, through hand-written SQL doing
//                      only what the engine must: claim due rows through the due index, 500 per
//                      transaction (LifecycleService::kBatch); per row update status,
//                      status_changed_at, next_charge_on, due_at and version, and append one
//                      audit row as large as the engine's. The summary prints engine/raw and
//                      checks that both passes left every subscription the same.
//   report/expiring    SubscriptionService::Search for the partner-wide expiring report
//                      (auto-renew off, active, ending within 30 days; first page of 100) on a
//                      fleet of the same size where 1 subscription in 20 matches and the rest
//                      renew or end later (the pass above would leave none active, hence a
//                      fleet of its own). Target: p50 < 20 ms on SQLite, < 10 ms on PostgreSQL.
//
// Environment: SEATSHIFT_BENCH_SUBSCRIPTIONS sets the size of both fleets (default 1,000,000,
// rounded down to whole customers of 100 subscriptions). The databases live in a fresh directory
// under /tmp, removed at exit. Each fleet is seeded once with direct SQL, rows exactly as the
// store writes them (due index included); the engine and the baseline each start from a fresh
// copy of the seeded file, so a run is one iteration of one full pass. Run with
//   seatshift_bench --benchmark_filter='lifecycle/|report/'
// and, on a disk shared with other work, add --benchmark_repetitions=3
// --benchmark_enable_random_interleaving=true (the ratio then uses the median of each side; at
// 1,000,000 subscriptions each repetition of the pair takes one to two minutes).
// SEATSHIFT_BENCH_POSTGRES=postgresql://... runs the engine and the report on PostgreSQL: each
// fleet, seeded in SQLite as above, is copied into a fresh schema of that server with
// `seatshift db copy`'s code (COPY, untimed), dropped at exit. The baseline stays raw SQLite, and
// the check that both passes left the same subscriptions is then skipped.
//
// Reading the figures: compare CPU per row as well as rows/s, since fsync latency on a shared
// disk moves both sides' wall time. Every UPDATE of a subscription builds a SQLite in-memory
// b-tree for the IN list of the table's CHECK constraint (schema v1); bench_main, like the
// seatshift binary, raises glibc's trim threshold so that memory is not handed back to the
// kernel after each one (that alone halved the engine's CPU per transition).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_store.hpp"
#include "bench_summary.hpp"
#include "codec/json.hpp"
#include "domain/id_generator.hpp"
#include "domain/lifecycle.hpp"
#include "domain/simulated_clock.hpp"
#include "import/catalog_json.hpp"
#include "service/catalog_service.hpp"
#include "service/lifecycle_service.hpp"
#include "service/subscription_service.hpp"
#include "store/open/db_copy.hpp"
#include "store/open/open.hpp"

namespace seatshift::bench {
namespace {

constexpr int kDefaultSubscriptions = 1'000'000;
constexpr int kSubscriptionsPerCustomer = 100;
//! Seeding commits this often: few enough commits that seeding 1,000,000 rows takes seconds.
constexpr int kSeedRowsPerTransaction = 100'000;
//! How far ahead the expiring report looks (the retirement procedure's usual question).
constexpr std::chrono::days kReportWindow{30};
//! One subscription in this many of the report fleet is on the expiring report (5%).
constexpr int kOneInExpiring = 20;
constexpr int kReportPageSize = 100;
//! The report's p50 targets: SQLite answers in-process; PostgreSQL's were set at half.
constexpr double kReportTargetMs = 20;
constexpr double kPostgresReportTargetMs = 10;
//! Searches timed per run: enough for a steady p50, few enough that a run at 1,000,000
//! subscriptions takes seconds even at today's latency.
constexpr int kReportSearches = 40;

//! SEATSHIFT_BENCH_SUBSCRIPTIONS rounded down to whole customers, within [100, 10,000,000].
std::int64_t FleetSubscriptions() {
  const char* text = std::getenv("SEATSHIFT_BENCH_SUBSCRIPTIONS");
  if (!text || !*text) return kDefaultSubscriptions;
  const long long wanted = std::strtoll(text, nullptr, 10);
  const long long bounded = std::clamp<long long>(wanted, kSubscriptionsPerCustomer, 10'000'000);
  return bounded / kSubscriptionsPerCustomer * kSubscriptionsPerCustomer;
}

//! The benchmarks' "now": a morning, so that the due fleet's terms ended at midnight, nine hours
//! before the pass runs.
Instant Now() {
  return StartOf(Date(std::chrono::year{2026} / std::chrono::November / 25)) +
         std::chrono::hours(9);
}

std::int64_t Seconds(Instant when) { return when.time_since_epoch().count(); }

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(fmt::format("{}: {}", what, result.error().message));
  return std::move(result).value();
}

//! A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/seatshift-lifecycle-bench-XXXXXX";
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
// Plain SQLite, for seeding and for the baseline.

//! One sqlite3 connection opened as store::sqlite::Connection::Open opens the store's
//! (connection.cpp): WAL, foreign keys on, synchronous=FULL, a 10 s busy timeout. Owns the
//! statements it prepares.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error(fmt::format("SQLite: cannot open {}: {}", path, message));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
    Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      Fail(sql);
    }
    statements_.push_back(stmt);
    return stmt;
  }
  void Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) Fail(sql);
  }
  //! Runs a statement that returns no rows and resets it (bindings stay) for its next use.
  void Run(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) Fail(sqlite3_sql(stmt));
  }
  //! Steps a query to its next row; at the end resets it and returns false.
  bool Next(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) Fail(sqlite3_sql(stmt));
    return false;
  }
  //! The single integer a query returns.
  std::int64_t Scalar(sqlite3_stmt* stmt) {
    if (!Next(stmt)) Fail(sqlite3_sql(stmt));
    const std::int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return value;
  }
  std::int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

  [[noreturn]] void Fail(std::string_view what) const {
    throw std::runtime_error(fmt::format("SQLite: {} (in: {})", sqlite3_errmsg(db_), what));
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

// Bindings copy their values (SQLITE_TRANSIENT) unless the caller keeps them alive.
void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void BindUncopied(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void BindUuid(sqlite3_stmt* stmt, int index, const Uuid& uuid) {
  sqlite3_bind_blob(stmt, index, uuid.bytes().data(), 16, SQLITE_TRANSIENT);
}
// A reused statement keeps its bindings: an absent value must be bound as NULL every time.
void BindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    sqlite3_bind_int64(stmt, index, *value);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}
void BindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::string>& text) {
  if (text) {
    BindText(stmt, index, *text);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}

std::optional<std::int64_t> OptionalSeconds(const std::optional<Instant>& when) {
  return when ? std::optional<std::int64_t>(Seconds(*when)) : std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Seeding: the store creates the schema and the default catalog; customers and subscriptions
// then go in through direct SQL, in the store's own column formats, with the due index value
// computed by the domain's rule as the store computes it (NextDueAt, Unix seconds).

constexpr const char* kInsertCustomer =
    "INSERT INTO customers (guid, company_name, domain, segment, country, currency, created_at) "
    "VALUES (?1, ?2, ?3, 'commercial', 'US', 'USD', ?4)";
// The store's own insert (sqlite_subscriptions.cpp), parameter for parameter.
constexpr const char* kInsertSubscription =
    "INSERT INTO subscriptions (guid, customer, sku, friendly_name, quantity, status, "
    "term_start, term_end, term, billing_cycle, auto_renew, suspension_reasons, suspended_at, "
    "status_changed_at, order_guid, created_at, version, next_charge_on, due_at) VALUES (?1, ?2, "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1, ?17, ?18)";

//! Decides the dates, status and renewal of subscription number `index` of a fleet; the seeder
//! fills in its id, customer, SKU, name and quantity.
using Shape = void (*)(std::int64_t index, Date today, Subscription& sub);

//! A one-year term ending on `term_end`, billed annually and already charged for it (the next
//! charge would open the next term), bought when the term began.
void OneYearTermEnding(Date term_end, Subscription& sub) {
  sub.term = TermDuration::kOneYear;
  sub.billing_cycle = BillingCycle::kAnnual;
  sub.term_end = term_end;
  sub.term_start = AddMonths(term_end, -12) + std::chrono::days(1);
  sub.created_at = StartOf(sub.term_start);
  sub.next_charge_on = term_end + std::chrono::days(1);
}

//! The lifecycle fleet: every subscription expires at the start of today (its term ended
//! yesterday and it does not renew), with nothing to charge.
void DueForExpiry(std::int64_t, Date today, Subscription& sub) {
  OneYearTermEnding(today - std::chrono::days(1), sub);
  sub.status = SubscriptionStatus::kActive;
  sub.auto_renew = false;
}

//! The report fleet: 1 in 20 is on the expiring report (auto-renew off, ending within the
//! window), 3 in 20 have auto-renew off but end after the window, the rest renew; end dates
//! spread over the coming year.
void ReportMix(std::int64_t index, Date today, Subscription& sub) {
  sub.status = SubscriptionStatus::kActive;
  const std::int64_t slot = index % kOneInExpiring;
  if (slot == 0) {
    sub.auto_renew = false;
    OneYearTermEnding(today + std::chrono::days(index / kOneInExpiring % kReportWindow.count()),
                      sub);
  } else if (slot <= 3) {
    sub.auto_renew = false;
    OneYearTermEnding(today + kReportWindow + std::chrono::days(index % 300), sub);
  } else {
    sub.auto_renew = true;
    OneYearTermEnding(today + std::chrono::days(index % 365), sub);
  }
}

struct SeededFleet {
  std::string path;
  std::int64_t subscriptions = 0;
  Subscription first;  //!< the first subscription written, as written
  //! The SKUs the fleet's subscriptions are of, by their key in the `skus` table.
  std::map<std::int64_t, Sku> skus;
};

SeededFleet Seed(const std::string& path, std::int64_t subscriptions, Shape shape,
                 const char* label) {
  const auto started = std::chrono::steady_clock::now();
  SimulatedClock clock(Now());
  UuidV7Generator ids(clock, 2026);
  const Date today = clock.Today();
  const service::RequestContext admin{Actor{"bench@partner.example", Role::kAdminAgent},
                                      "lifecycle-bench"};
  const import::CatalogDocument catalog = Must(import::DefaultCatalog(), "default catalog");
  {
    // Every migration and the catalog exactly as a deployment has them.
    auto store = store::Open(path);
    Must(service::CatalogService({*store, clock, ids})
             .Upsert(admin, catalog.products, catalog.skus, service::CatalogMerge::kReplace),
         "load the default catalog");
  }
  RawDb db(path);
  std::map<std::string, std::int64_t, std::less<>> sku_keys;
  sqlite3_stmt* list_skus = db.Prepare("SELECT id, sku_id FROM skus");
  while (db.Next(list_skus)) {
    sku_keys.emplace(reinterpret_cast<const char*>(sqlite3_column_text(list_skus, 1)),
                     sqlite3_column_int64(list_skus, 0));
  }
  // Fleets hold the SKUs still sold: subscriptions of a SKU past end of sale would also be
  // claimed by the engine's end-of-sale pass, which is not what these benchmarks time.
  std::vector<std::pair<std::int64_t, const Sku*>> skus;
  for (const Sku& sku : catalog.skus) {
    if (sku.IsPurchasableOn(today)) skus.emplace_back(sku_keys.at(sku.id.value()), &sku);
  }
  if (skus.empty()) throw std::runtime_error("the default catalog sells nothing");

  sqlite3_stmt* insert_customer = db.Prepare(kInsertCustomer);
  sqlite3_stmt* insert_subscription = db.Prepare(kInsertSubscription);
  sqlite3_stmt* begin = db.Prepare("BEGIN IMMEDIATE");
  sqlite3_stmt* commit = db.Prepare("COMMIT");
  SeededFleet fleet{.path = path, .subscriptions = subscriptions};
  for (const auto& [key, sku] : skus) fleet.skus.emplace(key, *sku);
  const Instant customers_since = StartOf(AddMonths(today, -36));
  db.Run(begin);
  std::int64_t index = 0;
  for (std::int64_t c = 0; index < subscriptions; ++c) {
    const CustomerId customer_id(ids.Next());
    BindUuid(insert_customer, 1, customer_id.value());
    BindText(insert_customer, 2, fmt::format("Lifecycle Bench {}", c));
    BindText(insert_customer, 3, fmt::format("c{}.lifecycle.bench.example", c));
    sqlite3_bind_int64(insert_customer, 4, Seconds(customers_since));
    db.Run(insert_customer);
    const std::int64_t customer = db.LastInsertRowId();
    for (int i = 0; i < kSubscriptionsPerCustomer && index < subscriptions; ++i, ++index) {
      const auto& [sku_key, sku] = skus[static_cast<std::size_t>(index) % skus.size()];
      Subscription sub;
      sub.id = SubscriptionId(ids.Next());
      sub.customer_id = customer_id;
      sub.sku_id = sku->id;
      sub.friendly_name = sku->title;
      sub.quantity = 5 + index % 200;
      shape(index, today, sub);
      BindUuid(insert_subscription, 1, sub.id.value());
      sqlite3_bind_int64(insert_subscription, 2, customer);
      sqlite3_bind_int64(insert_subscription, 3, sku_key);
      BindText(insert_subscription, 4, sub.friendly_name);
      sqlite3_bind_int64(insert_subscription, 5, sub.quantity);
      BindText(insert_subscription, 6, ToString(sub.status));
      BindText(insert_subscription, 7, FormatDate(sub.term_start));
      BindText(insert_subscription, 8, FormatDate(sub.term_end));
      BindText(insert_subscription, 9, ToString(sub.term));
      BindText(insert_subscription, 10, ToString(sub.billing_cycle));
      sqlite3_bind_int64(insert_subscription, 11, sub.auto_renew ? 1 : 0);
      BindText(insert_subscription, 12, "");
      BindOptional(insert_subscription, 13, OptionalSeconds(sub.suspended_at));
      BindOptional(insert_subscription, 14, OptionalSeconds(sub.status_changed_at));
      sqlite3_bind_null(insert_subscription, 15);
      sqlite3_bind_int64(insert_subscription, 16, Seconds(sub.created_at));
      BindOptional(insert_subscription, 17,
                   sub.next_charge_on ? std::optional<std::string>(FormatDate(*sub.next_charge_on))
                                      : std::nullopt);
      BindOptional(insert_subscription, 18, OptionalSeconds(NextDueAt(sub)));
      db.Run(insert_subscription);
      if (index == 0) fleet.first = sub;
      if ((index + 1) % kSeedRowsPerTransaction == 0) {
        db.Run(commit);
        db.Run(begin);
      }
    }
  }
  db.Run(commit);
  // Fold the WAL into the main file: a copy of that file alone is then the whole fleet.
  db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::fprintf(stderr, "lifecycle_bench: seeded the %s fleet (%lld subscriptions) in %.1f s\n",
               label, static_cast<long long>(subscriptions), took.count());
  return fleet;
}

//! Copies a seeded file to `name` in the bench directory, replacing an earlier copy and its WAL.
std::string FreshCopy(const std::string& seeded, std::string_view name) {
  const std::string path = BenchDir().File(name);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::filesystem::copy_file(seeded, path);
  return path;
}

//! Where the store under test gets a seeded fleet of its own: a fresh copy of the file named
//! `name` in the bench directory, or with SEATSHIFT_BENCH_POSTGRES a fresh schema holding a copy.
std::string StoreCopy(const std::string& seeded, std::string_view name) {
  const std::string location = FreshBenchLocation(BenchDir().File(name), "lifecycle");
  if (!store::IsPostgresUrl(location)) return FreshCopy(seeded, name);
  const auto started = std::chrono::steady_clock::now();
  const store::CopyReport copied = store::CopySqliteToPostgres(seeded, location);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::fprintf(stderr, "lifecycle_bench: copied %lld rows to PostgreSQL in %.1f s\n",
               static_cast<long long>(copied.rows), took.count());
  return location;
}

//! The fleet every subscription of which expires now; seeded on first use.
const SeededFleet& DueFleet() {
  static const SeededFleet fleet =
      Seed(BenchDir().File("due-seed.db"), FleetSubscriptions(), DueForExpiry, "due-for-expiry");
  return fleet;
}

//! The fleet of the expiring report; seeded on first use.
const SeededFleet& ReportFleet() {
  static const SeededFleet fleet =
      Seed(BenchDir().File("report.db"), FleetSubscriptions(), ReportMix, "expiring-report");
  return fleet;
}

//! What the runs leave for the summary, beyond what Google Benchmark reports.
struct Outcomes {
  std::string engine_db;  //!< the copy the last engine run worked on
  std::string raw_db;     //!< the copy the last baseline run worked on
  std::vector<double> report_p50_ms;
  std::vector<double> report_p90_ms;
  std::int64_t report_matches = 0;
};
Outcomes& Recorded() {
  static Outcomes outcomes;
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// The baseline: the minimum a lifecycle pass over this fleet must write.

constexpr const char* kClaimDueRows =
    "SELECT id, guid, customer, sku, due_at FROM subscriptions "
    "WHERE due_at IS NOT NULL AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2";
constexpr const char* kExpireRow =
    "UPDATE subscriptions SET status = 'expired', status_changed_at = ?2, next_charge_on = NULL, "
    "due_at = ?3, version = version + 1 WHERE id = ?1";
// The store's audit insert (sqlite_audit.cpp).
constexpr const char* kAppendAudit =
    "INSERT INTO audit_records (time, agent_id, role, operation, resource_type, resource_id, "
    "customer, before, after, correlation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

//! The audit snapshots of an expiry, before and after.
struct Snapshots {
  std::string before;
  std::string after;
};

//! Per SKU key, the snapshots the engine writes when a subscription of the due fleet expires:
//! those of the fleet's first subscription, as if it were of that SKU. Subscriptions of one SKU
//! serialize to the same length, give or take the digits of their quantity.
std::map<std::int64_t, Snapshots> ExpirySnapshots(const SeededFleet& fleet) {
  std::map<std::int64_t, Snapshots> out;
  for (const auto& [key, sku] : fleet.skus) {
    Subscription sub = fleet.first;
    sub.sku_id = sku.id;
    sub.friendly_name = sku.title;
    const auto step = NextStep(sub, sku, Buyer{.country = "US", .currency = "USD"}, Now());
    if (!step || step->event != LifecycleEvent::kExpiry) {
      throw std::runtime_error("the due fleet's first subscription does not expire now");
    }
    out.emplace(key, Snapshots{codec::Serialize(codec::ToJson(sub, sku.title, step->at)),
                               codec::Serialize(codec::ToJson(step->after, sku.title, step->at))});
  }
  return out;
}

//! Expires every due row of a copy of the due fleet with hand-written SQL. It knows that every
//! due row expires (the engine has to find that out) and writes, per row, the engine's audit
//! record with snapshots serialized once per SKU (the engine serializes each row's).
class RawExpiryPass {
 public:
  RawExpiryPass(const std::string& path, std::map<std::int64_t, Snapshots> snapshots)
      : db_(path),
        snapshots_(std::move(snapshots)),
        begin_(db_.Prepare("BEGIN IMMEDIATE")),
        commit_(db_.Prepare("COMMIT")),
        claim_(db_.Prepare(kClaimDueRows)),
        expire_(db_.Prepare(kExpireRow)),
        audit_(db_.Prepare(kAppendAudit)) {
    // The audit columns every row shares, bound once: the statement keeps its bindings.
    BindUncopied(audit_, 2, "system");
    BindUncopied(audit_, 3, "system");
    BindUncopied(audit_, 4, "subscription.expire");
    BindUncopied(audit_, 5, "Subscription");
    BindUncopied(audit_, 10, "lifecycle");
  }

  //! Returns the rows expired.
  std::int64_t Run(Instant until) {
    struct Claimed {
      std::int64_t id;
      Uuid guid;
      std::int64_t customer;
      const Snapshots* snapshots;
      std::int64_t due_at;
    };
    std::vector<Claimed> batch;
    batch.reserve(service::LifecycleService::kBatch);
    std::int64_t expired = 0;
    for (;;) {
      db_.Run(begin_);
      batch.clear();
      sqlite3_bind_int64(claim_, 1, Seconds(until));
      sqlite3_bind_int(claim_, 2, service::LifecycleService::kBatch);
      while (db_.Next(claim_)) {
        std::array<std::uint8_t, 16> guid{};
        std::memcpy(guid.data(), sqlite3_column_blob(claim_, 1), guid.size());
        batch.push_back(
            {sqlite3_column_int64(claim_, 0), Uuid(guid), sqlite3_column_int64(claim_, 2),
             &snapshots_.at(sqlite3_column_int64(claim_, 3)), sqlite3_column_int64(claim_, 4)});
      }
      for (const Claimed& row : batch) {
        // Expiry happens at the instant it was due; the disabling is due a grace period later.
        const Instant expired_at = Instant(std::chrono::seconds(row.due_at));
        sqlite3_bind_int64(expire_, 1, row.id);
        sqlite3_bind_int64(expire_, 2, row.due_at);
        sqlite3_bind_int64(expire_, 3, Seconds(expired_at + kExpiredGracePeriod));
        db_.Run(expire_);
        sqlite3_bind_int64(audit_, 1, row.due_at);
        BindText(audit_, 6, row.guid.ToString());
        sqlite3_bind_int64(audit_, 7, row.customer);
        BindUncopied(audit_, 8, row.snapshots->before);
        BindUncopied(audit_, 9, row.snapshots->after);
        db_.Run(audit_);
      }
      db_.Run(commit_);
      if (batch.empty()) return expired;
      expired += static_cast<std::int64_t>(batch.size());
    }
  }

 private:
  RawDb db_;
  const std::map<std::int64_t, Snapshots> snapshots_;
  sqlite3_stmt* begin_;
  sqlite3_stmt* commit_;
  sqlite3_stmt* claim_;
  sqlite3_stmt* expire_;
  sqlite3_stmt* audit_;
};

// ---------------------------------------------------------------------------------------------
// Benchmarks.

constexpr const char* kEngine = "lifecycle/engine";
constexpr const char* kRaw = "lifecycle/raw";
constexpr const char* kReport = "report/expiring";

void EnginePass(benchmark::State& state) {
  try {
    const SeededFleet& fleet = DueFleet();
    const std::string location = StoreCopy(fleet.path, "engine.db");
    auto store = OpenBenchStore(location);
    SimulatedClock clock(Now());
    UuidV7Generator ids(clock, 7);
    service::LifecycleService engine({*store, clock, ids});
    const service::RequestContext system{Actor{"system", Role::kSystem}, "lifecycle-bench"};
    std::int64_t expiries = 0;
    std::int64_t transitions = 0;
    for ([[maybe_unused]] auto _ : state) {
      const auto tally = Must(engine.Run(system, clock.Now()), "run");
      expiries = tally.expiries;
      transitions = tally.Transitions();
    }
    if (expiries != fleet.subscriptions || transitions != fleet.subscriptions) {
      state.SkipWithError(fmt::format("expected {} expiries, the engine made {} of {} transitions",
                                      fleet.subscriptions, expiries, transitions)
                              .c_str());
      return;
    }
    state.SetItemsProcessed(transitions);
    state.counters["transitions/s"] =
        benchmark::Counter(static_cast<double>(transitions), benchmark::Counter::kIsRate);
    Recorded().engine_db = location;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void RawPass(benchmark::State& state) {
  try {
    const SeededFleet& fleet = DueFleet();
    auto snapshots = ExpirySnapshots(fleet);
    const std::string path = FreshCopy(fleet.path, "raw.db");
    std::int64_t expired = 0;
    {
      RawExpiryPass pass(path, std::move(snapshots));
      for ([[maybe_unused]] auto _ : state) expired = pass.Run(Now());
    }
    if (expired != fleet.subscriptions) {
      state.SkipWithError(
          fmt::format("expected {} expiries, the baseline made {}", fleet.subscriptions, expired)
              .c_str());
      return;
    }
    state.SetItemsProcessed(expired);
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(expired), benchmark::Counter::kIsRate);
    Recorded().raw_db = path;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  return values[rank];
}

void ExpiringReport(benchmark::State& state) {
  try {
    const SeededFleet& fleet = ReportFleet();
    // One copy for every run of the report: searches change nothing.
    static const std::string location =
        BenchPostgresUrl().empty() ? fleet.path : StoreCopy(fleet.path, "report-copy.db");
    auto store = OpenBenchStore(location);
    SimulatedClock clock(Now());
    UuidV7Generator ids(clock, 7);
    service::SubscriptionService subscriptions({*store, clock, ids});
    const service::RequestContext agent{Actor{"bench@partner.example", Role::kAdminAgent},
                                        "lifecycle-bench"};
    const store::SubscriptionFilter expiring{.status = SubscriptionStatus::kActive,
                                             .auto_renew = false,
                                             .ends_before = clock.Today() + kReportWindow};
    const store::PageRequest first_page{.after = "", .limit = kReportPageSize};
    // An untimed first search checks the fleet and warms the caches (pages, catalog, readers),
    // as they are on a server that has answered before.
    const auto checked = Must(subscriptions.Search(agent, expiring, first_page), "search");
    const std::int64_t matching = fleet.subscriptions / kOneInExpiring;
    if (checked.total != matching || checked.items.size() != kReportPageSize) {
      state.SkipWithError(fmt::format("expected {} matches and a full page, got {} and {}",
                                      matching, checked.total, checked.items.size())
                              .c_str());
      return;
    }
    std::vector<double> millis;
    millis.reserve(kReportSearches);
    for ([[maybe_unused]] auto _ : state) {
      const auto started = std::chrono::steady_clock::now();
      auto page = subscriptions.Search(agent, expiring, first_page);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      if (!page) {
        state.SkipWithError(page.error().message.c_str());
        break;
      }
      benchmark::DoNotOptimize(page);
      state.SetIterationTime(took.count());
      millis.push_back(took.count() * 1e3);
    }
    const double p50 = Percentile(millis, 0.5);
    const double p90 = Percentile(millis, 0.9);
    state.counters["p50_ms"] = p50;
    state.counters["p90_ms"] = p90;
    state.counters["matches"] = static_cast<double>(matching);
    Recorded().report_p50_ms.push_back(p50);
    Recorded().report_p90_ms.push_back(p90);
    Recorded().report_matches = matching;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// ---------------------------------------------------------------------------------------------
// The summary.

double Median(std::vector<double> values) { return Percentile(std::move(values), 0.5); }

//! The median of `value` over the runs named `name` that processed items; 0 when none ran.
double MedianOf(const std::vector<RunResult>& results, const char* name,
                double (*value)(const RunResult&)) {
  std::vector<double> values;
  for (const RunResult& r : results) {
    if (r.name == name && r.items_per_second > 0) values.push_back(value(r));
  }
  return Median(std::move(values));
}

double Rate(const RunResult& r) { return r.items_per_second; }
//! CPU microseconds per row: the part of the cost a busy disk does not blur.
double CpuMicrosPerRow(const RunResult& r) {
  return r.cpu_seconds * 1e6 / (r.items_per_second * r.real_seconds);
}

//! How the baseline's pass compares with the engine's, checked on the files they left.
struct Comparison {
  std::int64_t differing_subscriptions = 0;  //!< 0 when the baseline made the engine's changes
  std::int64_t audit_records = 0;            //!< engine's minus baseline's; 0 when as many
  double engine_audit_bytes = 0;             //!< before + after, per expiry record
  double raw_audit_bytes = 0;
};

Comparison Compare(const std::string& engine_db, const std::string& raw_db) {
  RawDb db(engine_db);
  sqlite3_stmt* attach = db.Prepare("ATTACH DATABASE ?1 AS raw");
  BindText(attach, 1, raw_db);
  db.Run(attach);
  Comparison out;
  out.differing_subscriptions = db.Scalar(db.Prepare(
      "SELECT (SELECT count(*) FROM main.subscriptions) - (SELECT count(*) FROM raw.subscriptions) "
      "+ (SELECT count(*) FROM main.subscriptions e JOIN raw.subscriptions r ON r.id = e.id "
      "WHERE e.guid IS NOT r.guid OR e.status IS NOT r.status OR e.status_changed_at IS NOT "
      "r.status_changed_at OR e.next_charge_on IS NOT r.next_charge_on OR e.due_at IS NOT "
      "r.due_at OR e.version IS NOT r.version OR e.auto_renew IS NOT r.auto_renew OR e.term_end "
      "IS NOT r.term_end OR e.quantity IS NOT r.quantity)"));
  // Both copies start with the same records (the catalog's), so totals compare the passes; an
  // unfiltered count reads the audit index, not a gigabyte of snapshots.
  out.audit_records =
      db.Scalar(db.Prepare("SELECT (SELECT count(*) FROM main.audit_records) - (SELECT count(*) "
                           "FROM raw.audit_records)"));
  // The newest records are the pass's; a thousand of them give the size per record.
  const auto average_bytes = [&db](const char* sql) {
    sqlite3_stmt* stmt = db.Prepare(sql);
    if (!db.Next(stmt)) db.Fail(sql);
    const double bytes = sqlite3_column_double(stmt, 0);
    sqlite3_reset(stmt);
    return bytes;
  };
  out.engine_audit_bytes = average_bytes(
      "SELECT avg(length(before) + length(after)) FROM (SELECT before, after FROM "
      "main.audit_records WHERE operation = 'subscription.expire' ORDER BY id DESC LIMIT 1000)");
  out.raw_audit_bytes = average_bytes(
      "SELECT avg(length(before) + length(after)) FROM (SELECT before, after FROM "
      "raw.audit_records WHERE operation = 'subscription.expire' ORDER BY id DESC LIMIT 1000)");
  return out;
}

void PrintSummary(const std::vector<RunResult>& results) {
  const double engine = MedianOf(results, kEngine, Rate);
  const double raw = MedianOf(results, kRaw, Rate);
  const Outcomes& outcomes = Recorded();
  if (engine > 0 && raw > 0) {
    std::printf(
        "\nLifecycle pass, %lld expiries (%d per transaction): engine = "
        "LifecycleService::Run on %s, raw = hand-written SQL on SQLite\n",
        static_cast<long long>(FleetSubscriptions()), service::LifecycleService::kBatch,
        BenchStoreDescription());
    const double engine_cpu = MedianOf(results, kEngine, CpuMicrosPerRow);
    const double raw_cpu = MedianOf(results, kRaw, CpuMicrosPerRow);
    std::printf("%14s %12s %7s   %16s %16s\n", "engine trans/s", "raw rows/s", "ratio",
                "engine cpu/trans", "raw cpu/row");
    std::printf("%14.0f %12.0f %7.2f   %14.1fus %14.1fus\n", engine, raw, engine / raw, engine_cpu,
                raw_cpu);
    if (store::IsPostgresUrl(outcomes.engine_db)) {
      std::printf("same outcome: not checked (the engine ran on PostgreSQL)\n");
    } else if (!outcomes.engine_db.empty() && !outcomes.raw_db.empty()) {
      try {
        const Comparison c = Compare(outcomes.engine_db, outcomes.raw_db);
        std::printf(
            "same outcome: %s (subscriptions differing: %lld, audit records: %+lld; audit bytes "
            "per expiry: engine %.0f, raw %.0f)\n",
            c.differing_subscriptions == 0 && c.audit_records == 0 ? "yes" : "NO",
            static_cast<long long>(c.differing_subscriptions),
            static_cast<long long>(c.audit_records), c.engine_audit_bytes, c.raw_audit_bytes);
      } catch (const std::exception& e) {
        std::printf("same outcome: not checked (%s)\n", e.what());
      }
    }
    std::printf("ratio lifecycle engine=%.0f/s raw=%.0f/s ratio=%.2f\n", engine, raw, engine / raw);
  }
  if (!outcomes.report_p50_ms.empty()) {
    const double p50 = Median(outcomes.report_p50_ms);
    const double target = BenchPostgresUrl().empty() ? kReportTargetMs : kPostgresReportTargetMs;
    std::printf(
        "\nExpiring report on %lld subscriptions (%lld match; first page of %d): p50 %.2f ms, "
        "p90 %.2f ms (target p50 < %.0f ms: %s)\n",
        static_cast<long long>(FleetSubscriptions()),
        static_cast<long long>(outcomes.report_matches), kReportPageSize, p50,
        Median(outcomes.report_p90_ms), target, p50 < target ? "ok" : "MISSED");
  }
  std::fflush(stdout);
}

[[maybe_unused]] const bool kRegistered = [] {
  // One iteration is one whole pass over a fresh copy of the fleet: a second iteration would
  // find nothing due.
  benchmark::RegisterBenchmark(kEngine, EnginePass)
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark(kRaw, RawPass)
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark(kReport, ExpiringReport)
      ->Iterations(kReportSearches)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  return RegisterSummary(PrintSummary);
}();

}  // namespace
}  // namespace seatshift::bench
