// Query plans of the PostgreSQL backend's hot statements (the pg.* pass only).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <string>

#include "store/postgres/connection.hpp"
#include "store/postgres/pg_dialect.hpp"
#include "store/postgres/pg_store.hpp"
#include "store/sql/subscription_sql.hpp"
#include "testing/test_env.hpp"

namespace seatshift::store::postgres {
namespace {

//! The plan of the lifecycle's claim on the schema at `url`, chosen with sorting disabled: a
//! Sort node remains only when no index gives the rows in the claim's order.
std::string ClaimPlan(const std::string& url) {
  auto conn = Connection::Open(url);
  conn->Exec("SET enable_sort = off; SET enable_incremental_sort = off");
  const std::string claim = PgDialect().Render(sql::kClaimDue);
  conn->Exec(("PREPARE claim(bigint, bigint) AS " + claim).c_str());
  PgResult result(PQexec(conn->handle(), "EXPLAIN EXECUTE claim(100, 500)"), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) conn->Fail(result.get(), "EXPLAIN");
  std::string plan;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    plan += PQgetvalue(result.get(), row, 0);
    plan += '\n';
  }
  return plan;
}

// Rows due at one instant (a fleet whose terms end at one midnight) must come out of the due
// index in claim order (due_at, id): otherwise every batch of a pass sorts all of them.
TEST(PgSchemaTest, LifecycleClaimWalksTheDueIndexInItsOrder) {
  if (testing::DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
  const std::string url = testing::FreshPostgresSchema();
  PgStore::Open(url, 15);
  // The claim reads columns later versions added (a term's price, 19; New Commerce, 21): lend
  // them to version 15 for its plan, and take them back before the migrations add them.
  constexpr const char* kLater[] = {"price_cost BIGINT",         "price_resale BIGINT",
                                    "purchase_lots TEXT",        "scheduled_sku_id TEXT",
                                    "scheduled_term TEXT",       "scheduled_billing_cycle TEXT",
                                    "scheduled_quantity BIGINT", "scheduled_term_end TEXT"};
  for (const char* column : kLater) {
    Connection::Open(url)->Exec(
        fmt::format("ALTER TABLE subscriptions ADD COLUMN {}", column).c_str());
  }
  const std::string before = ClaimPlan(url);
  for (const std::string_view column : kLater) {
    Connection::Open(url)->Exec(
        fmt::format("ALTER TABLE subscriptions DROP COLUMN {}", column.substr(0, column.find(' ')))
            .c_str());
  }
  EXPECT_NE(before.find("Sort"), std::string::npos) << "version 15 sorted: " << before;

  PgStore::Open(url);
  const std::string plan = ClaimPlan(url);
  EXPECT_NE(plan.find("subscriptions_due"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Sort"), std::string::npos) << "no sort: " << plan;
}

//! The plan of the portable `statement` prepared as the server prepares it and executed with
//! `arguments` (planned for them: a generic plan over the `?N IS NULL OR` filters costs far more,
//! so the server keeps to plans for the values), with sequential scans and sorts disabled: a
//! Sort node then remains only when no index gives the rows in the statement's order.
std::string PlanFor(const std::string& url, const char* statement, const char* arguments) {
  auto conn = Connection::Open(url);
  conn->Exec(
      "SET enable_sort = off; SET enable_incremental_sort = off; SET enable_seqscan = off; "
      "SET plan_cache_mode = force_custom_plan");
  conn->Prepare(statement);  // the first statement of a connection is named s0
  const std::string explain = fmt::format("EXPLAIN EXECUTE s0({})", arguments);
  PgResult result(PQexec(conn->handle(), explain.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) conn->Fail(result.get(), explain);
  std::string plan;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    plan += PQgetvalue(result.get(), row, 0);
    plan += '\n';
  }
  return plan;
}

// The expiring report's first page (auto-renew off, active, ending before a date; ?1 after key,
// ?4 status, ?5 auto-renew, ?6 limit, ?7 ends before, ?9 after end date) must stop after a page
// of the subscriptions_expiring index in the report's order. Version 22's index, on the end
// date alone, made every search sort all the subscriptions ending on the first page's days.
TEST(PgSchemaTest, ExpiringReportReadsItsIndexInItsOrder) {
  if (testing::DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
  constexpr const char* kFirstPage =
      "0, NULL, NULL, 'active', 0, 101, '2027-01-06', NULL, '', NULL";
  const std::string url = testing::FreshPostgresSchema();
  PgStore::Open(url, 22);
  const std::string before = PlanFor(url, sql::kExpiringByEnd, kFirstPage);
  EXPECT_NE(before.find("Sort"), std::string::npos) << "version 22 sorted: " << before;

  PgStore::Open(url);
  const std::string page = PlanFor(url, sql::kExpiringByEnd, kFirstPage);
  EXPECT_NE(page.find("subscriptions_expiring"), std::string::npos) << page;
  EXPECT_EQ(page.find("Sort"), std::string::npos) << "no sort: " << page;
  // The count of every SKU (?3 NULL, ?7 ends before) reads the end dates' index alone.
  const std::string count =
      PlanFor(url, sql::kExpiringCount, "NULL, NULL, NULL, NULL, NULL, NULL, '2027-01-06'");
  EXPECT_NE(count.find("Index Only Scan using subscriptions_ending"), std::string::npos) << count;
}

}  // namespace
}  // namespace seatshift::store::postgres
