#pragma once

// Shared by the integration tests: a real database file in a fresh temporary directory, a
// simulated clock, and the services over them. Header-only so that no test code is linked
// into the program.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/id_generator.hpp"
#include "domain/lifecycle.hpp"
#include "domain/monotonic_clock.hpp"
#include "domain/simulated_clock.hpp"
#include "import/catalog_json.hpp"
#include "service/catalog_service.hpp"
#include "service/customer_service.hpp"
#include "service/license_service.hpp"
#include "service/order_service.hpp"
#include "service/subscription_service.hpp"
#include "store/open/open.hpp"
#include "store/postgres/connection.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "testing/dates.hpp"
#include "testing/faulty_vfs.hpp"

namespace seatshift::testing {

//! A directory removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "seatshift-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

//! The PostgreSQL server of the tests: SEATSHIFT_TEST_POSTGRES, a postgresql:// URL that
//! scripts/test.sh sets after starting a throwaway cluster (scripts/pg-cluster.sh). Unset, every
//! PostgreSQL test fails, saying so: a suite that skipped them would pass without testing them.
inline std::string TestPostgresUrl() {
  const char* url = std::getenv("SEATSHIFT_TEST_POSTGRES");
  if (!url || !*url) {
    throw std::runtime_error(
        "SEATSHIFT_TEST_POSTGRES is not set: run the tests through scripts/test.sh, or start a "
        "server (scripts/pg-cluster.sh start) and export the URL it prints");
  }
  return url;
}

//! A URL of the test server whose search_path is a new, empty schema of its own: each test
//! gets a database to itself without the cost of CREATE DATABASE.
inline std::string FreshPostgresSchema() {
  static std::atomic<int> counter{0};
  const std::string base = TestPostgresUrl();
  const std::string schema =
      "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007);
  auto conn = store::postgres::Connection::Open(base);
  conn->Exec(("CREATE SCHEMA " + schema).c_str());
  const char separator = base.find('?') == std::string::npos ? '?' : '&';
  return base + separator + "options=-csearch_path%3D" + schema;
}

//! The store backends the parameterised tests run on: "sqlite", "postgresql" (a fresh schema of
//! the test server) and "sqlite-faulty", SQLite on the fault-injecting VFS (FaultyVfs() flips
//! its switches).
//! `location` is where the backend's database is: the SQLite file, or the PostgreSQL URL (set by
//! the first call, empty before) so that OpenAgain can open a second store on the same data.
inline std::unique_ptr<store::Store> OpenBackend(const std::string& backend, const TempDir& dir,
                                                 std::string& location) {
  if (backend == "sqlite") return store::Open(dir.File("seatshift.db"));
  if (backend == "postgresql") {
    if (location.empty()) location = FreshPostgresSchema();
    return store::Open(location);
  }
  if (backend == "sqlite-faulty") {
    FaultyVfs();  // registers it
    return store::sqlite::SqliteStore::Open(dir.File("seatshift.db"), {.vfs = kFaultyVfs});
  }
  ADD_FAILURE() << "unknown backend " << backend;
  return nullptr;
}

//! The backend of a test that names none: SEATSHIFT_TEST_BACKEND, "sqlite" when unset. CTest
//! runs the integration tests twice, the second time (tests named pg.*) with "postgresql", so
//! that every service, API, lifecycle and migration suite runs on both backends.
inline std::string DefaultTestBackend() {
  const char* backend = std::getenv("SEATSHIFT_TEST_BACKEND");
  return backend && *backend ? backend : "sqlite";
}

//! Skips a test of SQLite itself (its files, pragmas, group commit, VFS) in the PostgreSQL pass:
//! it ran, on SQLite, in the first pass.
#define SEATSHIFT_SQLITE_ONLY()                               \
  if (::seatshift::testing::DefaultTestBackend() != "sqlite") \
  GTEST_SKIP() << "a test of the SQLite backend; it runs in the sqlite pass"

//! Where a test that opens its stores itself keeps its database on the default backend: a file
//! in `dir` (SQLite) or a fresh schema's URL (PostgreSQL); OpenLocation opens a store on it.
inline std::string FreshLocation(const TempDir& dir) {
  return DefaultTestBackend() == "postgresql" ? FreshPostgresSchema() : dir.File("seatshift.db");
}
inline std::unique_ptr<store::Store> OpenLocation(const std::string& location) {
  return store::Open(location);
}

inline service::RequestContext ContextFor(Role role, std::string agent = "agent@partner.test") {
  return {Actor{std::move(agent), role}, "test-correlation"};
}

//! A store with the default catalog loaded, the clock at 2026-11-25, and helpers to build a
//! customer with users and subscriptions through the real services. The monotonic clock (caches)
//! and the wall clock (token expiry) are manual too, and move only when a test moves them.
class TestEnv {
 public:
  explicit TestEnv(const std::string& backend = DefaultTestBackend())
      : backend_(backend),
        clock_(At("2026-11-25T09:00:00Z")),
        wall_(clock_.Now()),
        ids_(clock_, 42),
        store_(OpenBackend(backend, dir_, location_)) {
    auto doc = import::DefaultCatalog();
    EXPECT_TRUE(doc.ok());
    auto loaded =
        catalog().Upsert(admin(), doc->products, doc->skus, service::CatalogMerge::kReplace);
    EXPECT_TRUE(loaded.ok());
  }

  //! Another store on the same database, as a second process would open it.
  std::unique_ptr<store::Store> OpenAgain() { return OpenBackend(backend_, dir_, location_); }
  const std::string& backend() const { return backend_; }
  //! The PostgreSQL URL of this test's schema (empty on SQLite).
  const std::string& postgres_url() const { return location_; }

  //! Runs `sql` (no parameters; several statements may be separated by semicolons) on this
  //! test's database directly, past the store: a state the services would not make, or damage.
  void Sql(const std::string& sql) {
    if (backend_ == "postgresql") {
      store::postgres::Connection::Open(location_)->Exec(sql.c_str());
    } else {
      store::sqlite::Connection::Open(dir_.File("seatshift.db"), {})->Exec(sql.c_str());
    }
  }

  //! Runs `sql` as Sql does with the CHECK constraints of `tables` off, to store what the schema
  //! refuses: the damage a decoder must report as corruption. SQLite ignores them for the
  //! statement's connection; PostgreSQL cannot, so they are dropped from this test's schema.
  void SqlUnchecked(const std::string& sql, const std::vector<std::string>& tables) {
    if (backend_ != "postgresql") {
      Sql("PRAGMA ignore_check_constraints = ON; " + sql);
      return;
    }
    std::string drop;
    for (const std::string& table : tables) {
      drop +=
          "DO $$ DECLARE c record; BEGIN FOR c IN SELECT conname FROM pg_constraint WHERE "
          "conrelid = '" +
          table +
          "'::regclass AND contype = 'c' LOOP "
          "EXECUTE format('ALTER TABLE " +
          table +
          " DROP CONSTRAINT %I', c.conname); "
          "END LOOP; END $$; ";
    }
    Sql(drop + sql);
  }

  //! Every value stored in this test's database, past the store: the bytes of each column of
  //! each row of every table (text as stored, ids and hashes as their raw bytes; numbers in
  //! the backend's own form). For tests that something is never stored.
  std::vector<std::string> EveryStoredValue() {
    std::vector<std::string> values;
    if (backend_ == "postgresql") {
      auto conn = store::postgres::Connection::Open(location_);
      // Binary results: text and bytea columns come as their bytes, not escaped.
      const auto query = [&](const std::string& sql) {
        store::postgres::PgResult result(
            PQexecParams(conn->handle(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1),
            &PQclear);
        EXPECT_EQ(PQresultStatus(result.get()), PGRES_TUPLES_OK) << sql;
        return result;
      };
      const auto tables = query(
          "SELECT table_name::text FROM information_schema.tables "
          "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
      for (int t = 0; t < PQntuples(tables.get()); ++t) {
        const std::string table(PQgetvalue(tables.get(), t, 0),
                                static_cast<std::size_t>(PQgetlength(tables.get(), t, 0)));
        const auto rows = query("SELECT * FROM \"" + table + "\"");
        for (int r = 0; r < PQntuples(rows.get()); ++r) {
          for (int c = 0; c < PQnfields(rows.get()); ++c) {
            if (PQgetisnull(rows.get(), r, c)) continue;
            values.emplace_back(PQgetvalue(rows.get(), r, c),
                                static_cast<std::size_t>(PQgetlength(rows.get(), r, c)));
          }
        }
      }
      return values;
    }
    auto conn = store::sqlite::Connection::Open(dir_.File("seatshift.db"), {});
    std::vector<std::string> tables;
    auto names = conn->Prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (names.Step()) tables.push_back(names.Text(0));
    for (const std::string& table : tables) {
      sqlite3_stmt* stmt = nullptr;
      const std::string sql = "SELECT * FROM \"" + table + "\"";
      EXPECT_EQ(sqlite3_prepare_v2(conn->handle(), sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
          const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
          if (data) {
            values.emplace_back(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      sqlite3_finalize(stmt);
    }
    return values;
  }

  service::Dependencies deps() { return {*store_, clock_, ids_, monotonic_, wall_}; }
  store::Store& store() { return *store_; }
  SimulatedClock& clock() { return clock_; }
  ManualMonotonicClock& monotonic() { return monotonic_; }
  SimulatedClock& wall() { return wall_; }
  const TempDir& dir() const { return dir_; }
  static service::RequestContext admin() { return ContextFor(Role::kAdminAgent); }

  service::CatalogService catalog() { return service::CatalogService(deps()); }
  service::CustomerService customers() { return service::CustomerService(deps()); }
  service::SubscriptionService subscriptions() { return service::SubscriptionService(deps()); }
  service::OrderService orders() { return service::OrderService(deps()); }
  service::LicenseService licenses() { return service::LicenseService(deps()); }

  Customer NewCustomer(const std::string& domain, const std::string& currency = "USD") {
    auto c = customers().Create(admin(), {.company_name = "Test " + domain,
                                          .domain = domain,
                                          .segment = Segment::kCommercial,
                                          .country = "US",
                                          .currency = currency});
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return *c;
  }

  User NewUser(const Customer& customer, const std::string& name) {
    auto u = customers().CreateUser(admin(), customer.id,
                                    {.user_principal_name = name + "@" + customer.domain,
                                     .display_name = name,
                                     .usage_location = ""});
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
    return *u;
  }

  Subscription Buy(const Customer& customer, const std::string& sku, std::int64_t seats) {
    auto placed = orders().Create(
        admin(), customer.id, {{.line_item_number = 1, .offer_id = SkuId(sku), .quantity = seats}});
    EXPECT_TRUE(placed.ok()) << (placed.ok() ? "" : placed.error().message);
    return placed->subscriptions.front();
  }

  //! An existing subscription as an estate brings it (e.g. Kaizala Pro, no longer sold).
  Subscription Existing(const Customer& customer, const std::string& sku, std::int64_t seats,
                        const char* term_end, bool auto_renew = false) {
    Subscription sub;
    sub.id = SubscriptionId(ids_.Next());
    sub.customer_id = customer.id;
    sub.sku_id = SkuId(sku);
    sub.friendly_name = sku;
    sub.quantity = seats;
    sub.term_end = *ParseDate(term_end);
    sub.term_start = AddMonths(sub.term_end, -12) + std::chrono::days(1);
    sub.auto_renew = auto_renew;
    sub.created_at = clock_.Now();
    sub.next_charge_on = FirstChargeDay(sub, clock_.Now());  // as an estate import does
    auto tx = store_->Write();
    EXPECT_TRUE(tx->InsertSubscription(sub).ok());
    tx->Commit();
    return sub;
  }

  Status Assign(const Customer& customer, const User& user, const std::string& sku,
                std::vector<std::string> remove = {}) {
    LicenseUpdate update{.user_id = user.id, .to_assign = {{SkuId(sku), {}}}};
    for (auto& r : remove) update.to_remove.emplace_back(std::move(r));
    auto result = licenses().Update(admin(), customer.id, {update});
    if (!result) return std::move(result).error();
    return OkStatus();
  }

  std::int64_t AuditCount() {
    auto page = store_->Read()->ListAudit({}, {.after = "", .limit = 1});
    return page.ok() ? page->total : -1;
  }

 private:
  TempDir dir_;
  std::string backend_;
  std::string location_;
  SimulatedClock clock_;
  ManualMonotonicClock monotonic_;
  SimulatedClock wall_;
  UuidV7Generator ids_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace seatshift::testing
