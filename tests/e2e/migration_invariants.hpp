#pragma once

// What must hold after a migration off a source SKU has completed, however many times its
// executors crashed: read from the database file itself, not through seatshift's store.
// Shared by the crash harness (CLI processes) and the takeover test (server processes).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

namespace seatshift::e2e {

using Rows = std::vector<std::vector<std::string>>;

//! Rows of a query on the database file, every column as text.
inline Rows Query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db) << " in " << sql;
  Rows rows;
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

//! Who held the source before the migration ran.
struct FleetBefore {
  Rows holders;         //!< user GUID (hex), customers.id
  Rows active_sources;  //!< subscription GUID (hex)
};

inline FleetBefore Snapshot(const std::string& db, const std::string& source_sku) {
  return {.holders = Query(db,
                           "SELECT lower(hex(u.guid)), l.customer FROM licenses l JOIN skus k ON "
                           "k.id = l.sku JOIN users u ON u.id = l.user WHERE k.sku_id = '" +
                               source_sku + "'"),
          .active_sources = Query(db,
                                  "SELECT lower(hex(s.guid)) FROM subscriptions s JOIN skus k ON "
                                  "k.id = s.sku WHERE k.sku_id = '" +
                                      source_sku + "' AND s.status = 'active'")};
}

//! Every invariant of a completed migration `id` whose customers all succeeded: each former
//! holder holds exactly one license, of its customer's target; one target subscription and at
//! most one purchase per customer; no seat over-assigned; the sources suspended; one audit
//! record per effect; a purchase's first period charged once.
inline void ExpectMigrated(const std::string& db, const std::string& id,
                           const std::string& source_sku, const FleetBefore& before) {
  const std::string correlation = "migration:" + id;
  const Rows customers =
      Query(db,
            "SELECT lower(hex(c.guid)), mc.step, mc.users_moved, mc.users_to_move, "
            "mc.target_sku_id, mc.action, mc.customer FROM migration_customers mc "
            "JOIN customers c ON c.id = mc.customer JOIN migrations m ON m.id = mc.migration "
            "WHERE lower(hex(m.guid)) = replace('" +
                id + "', '-', '')");
  ASSERT_FALSE(customers.empty());
  std::map<std::string, std::string> target_of;  // customers.id → target SKU
  int purchases = 0;
  for (const auto& row : customers) {
    EXPECT_EQ(row[1], "done") << "customer " << row[0];
    EXPECT_EQ(row[2], row[3]) << "customer " << row[0];
    target_of[row[6]] = row[4];
    purchases += row[5] == "purchase" ? 1 : 0;
  }
  EXPECT_TRUE(
      Query(db, "SELECT customer FROM orders GROUP BY customer HAVING count(*) > 1").empty());
  EXPECT_TRUE(Query(db,
                    "SELECT mc.customer FROM migration_customers mc JOIN subscriptions s "
                    "ON s.customer = mc.customer JOIN skus k ON k.id = s.sku "
                    "AND k.sku_id = mc.target_sku_id GROUP BY mc.customer HAVING count(*) <> 1")
                  .empty());
  // Nobody unlicensed: each former holder holds one license, of its customer's target.
  std::map<std::string, std::vector<std::string>> held;
  for (const auto& row : Query(db,
                               "SELECT lower(hex(u.guid)), k.sku_id FROM licenses l JOIN skus k "
                               "ON k.id = l.sku JOIN users u ON u.id = l.user")) {
    held[row[0]].push_back(row[1]);
  }
  for (const auto& row : before.holders) {
    const auto& skus = held[row[0]];
    ASSERT_EQ(skus.size(), 1u) << "user " << row[0];
    EXPECT_EQ(skus[0], target_of[row[1]]) << "user " << row[0];
  }
  EXPECT_TRUE(Query(db,
                    "SELECT s.customer FROM subscriptions s WHERE s.status = 'active' GROUP BY "
                    "s.customer, s.sku HAVING sum(s.quantity) < (SELECT count(*) FROM licenses l "
                    "WHERE l.customer = s.customer AND l.sku = s.sku)")
                  .empty());
  // Every source suspended, with the instant its deprovisioning is dated from.
  EXPECT_TRUE(Query(db,
                    "SELECT s.status FROM subscriptions s JOIN skus k ON k.id = s.sku WHERE "
                    "k.sku_id = '" +
                        source_sku +
                        "' AND (s.status NOT IN ('suspended', 'expired', 'disabled') OR "
                        "(s.status = 'suspended' AND s.suspended_at IS NULL))")
                  .empty());
  // One audit record per effect: per user moved, per purchase, per source suspended (read
  // whole through audit_entries: a batch's records share a detail row).
  const auto count = [&](const std::string& operation) {
    return std::stoi(Query(db, "SELECT count(*) FROM audit_entries WHERE correlation_id = '" +
                                   correlation + "' AND operation = '" + operation + "'")[0][0]);
  };
  EXPECT_EQ(count("license.update"), static_cast<int>(before.holders.size()));
  EXPECT_TRUE(Query(db, "SELECT resource_id FROM audit_entries WHERE correlation_id = '" +
                            correlation +
                            "' AND operation = 'license.update' GROUP BY resource_id "
                            "HAVING count(*) > 1")
                  .empty());
  EXPECT_EQ(count("order.create"), purchases);
  EXPECT_EQ(count("subscription.create"), purchases);
  EXPECT_EQ(count("subscription.update"), static_cast<int>(before.active_sources.size()));
  EXPECT_EQ(count("migration.complete"), 1);
  // Charges as the lifecycle rules say: a purchase charges its first period, once.
  EXPECT_TRUE(Query(db,
                    "SELECT subscription FROM charges GROUP BY subscription, kind, "
                    "period_start HAVING count(*) > 1")
                  .empty());
  EXPECT_TRUE(Query(db,
                    "SELECT s.id FROM migration_customers mc JOIN subscriptions s ON s.guid = "
                    "mc.target_subscription WHERE mc.action = 'purchase' AND (SELECT count(*) "
                    "FROM charges c WHERE c.subscription = s.id AND c.kind = 'cycle') <> 1")
                  .empty());
}

}  // namespace seatshift::e2e
