// Schema migrations on real database files.
#include "store/sqlite/schema.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "testing/test_env.hpp"

namespace seatshift::store::sqlite {
namespace {

std::vector<std::string> IntegrityCheck(const std::string& file) {
  auto conn = Connection::Open(file, {});
  auto stmt = conn->Prepare("PRAGMA integrity_check");
  std::vector<std::string> lines;
  while (stmt.Step()) lines.push_back(stmt.Text(0));
  return lines;
}

std::vector<std::string> Replacements(const std::string& file) {
  auto conn = Connection::Open(file, {});
  auto stmt = conn->Prepare(
      "SELECT sku || ':' || position || ':' || replacement_sku_id FROM sku_replacements "
      "ORDER BY sku, position");
  std::vector<std::string> rows;
  while (stmt.Step()) rows.push_back(stmt.Text(0));
  return rows;
}

TEST(SchemaTest, NewDatabaseWithTheDefaultCatalogPassesIntegrityCheck) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TestEnv env;  // loads the default catalog, replacements included
  EXPECT_FALSE(Replacements(env.dir().File("seatshift.db")).empty());
  EXPECT_EQ(IntegrityCheck(env.dir().File("seatshift.db")), std::vector<std::string>{"ok"});
}

TEST(SchemaTest, DatabaseUpgradedFromVersion8KeepsItsReplacementsAndPassesIntegrityCheck) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  const std::string file = dir.File("s.db");
  {
    auto conn = Connection::Open(file, {});
    Migrate(*conn, 8);
    conn->Exec(
        "INSERT INTO products VALUES ('p', 'Product', '', 'commercial');"
        "INSERT INTO skus (id, sku_id, guid, product_id, title, segment, minimum_quantity, "
        "maximum_quantity) VALUES (1, 'OLD_SKU', X'01900000000070008000000000000009', 'p', 'Old', "
        "'commercial', 1, 100);"
        "INSERT INTO sku_replacements (sku, position, replacement_sku_id) VALUES "
        "(1, 0, 'NEW_B'), (1, 1, 'NEW_A');");
  }
  ASSERT_NE(IntegrityCheck(file), std::vector<std::string>{"ok"})
      << "version 8 shows the false alarm this migration removes";
  SqliteStore::Open(file);
  EXPECT_EQ(IntegrityCheck(file), std::vector<std::string>{"ok"});
  EXPECT_EQ(Replacements(file), (std::vector<std::string>{"1:0:NEW_B", "1:1:NEW_A"}));
  auto store = SqliteStore::Open(file);
  const auto sku = store->Read()->FindSku(SkuId("OLD_SKU"));
  ASSERT_TRUE(sku);
  EXPECT_EQ(sku->replacements, (std::vector<SkuId>{SkuId("NEW_B"), SkuId("NEW_A")}));
}

TEST(SchemaTest, MigrationsStoredBeforeVersion13ReplaceEverySourceSubscription) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  const std::string file = dir.File("s.db");
  const auto id = *Uuid::Parse("01900000-0000-7000-8000-00000000000a");
  {
    auto conn = Connection::Open(file, {});
    Migrate(*conn, 12);
    auto insert = conn->Prepare(
        "INSERT INTO migrations (guid, source_sku_id, target, seat_policy, status, created_by, "
        "created_at, updated_at, version) VALUES (?1, 'KAIZALA_PRO', 'SPE_E3', 'assigned', "
        "'planned', 'agent', 0, 0, 1)");
    insert.Bind(1, id);
    insert.Execute();
  }
  auto store = SqliteStore::Open(file);
  const auto migration = store->Read()->FindMigration(MigrationId(id));
  ASSERT_TRUE(migration);
  EXPECT_EQ(migration->target_sku_id, SkuId("SPE_E3"));
  EXPECT_EQ(migration->source_subscription_id, std::nullopt);
  EXPECT_EQ(IntegrityCheck(file), std::vector<std::string>{"ok"});
}

std::vector<std::string> Rows(const std::string& file, const char* sql) {
  auto conn = Connection::Open(file, {});
  auto stmt = conn->Prepare(sql);
  std::vector<std::string> rows;
  while (stmt.Step()) rows.push_back(stmt.Text(0));
  return rows;
}

// Version 16 builds migration_customers anew (a CHECK changes): every plan row and the rows that
// hang off it (source subscriptions, warnings, moved users) survive, still tied to their plan —
// deleting the plan deletes them — and the new action is accepted.
TEST(SchemaTest, Version16KeepsPlannedCustomersAndWhatHangsOffThem) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  const std::string file = dir.File("s.db");
  {
    auto conn = Connection::Open(file, {});
    Migrate(*conn, 15);
    conn->Exec(
        "INSERT INTO customers VALUES (7, X'01900000000070008000000000000007', 'Contoso', "
        "'contoso.test', 'commercial', 'US', 'USD', 0);"
        "INSERT INTO migrations (id, guid, source_sku_id, target, seat_policy, status, "
        "created_by, created_at, updated_at, version) VALUES (3, "
        "X'0190000000007000800000000000000a', 'KAIZALA_PRO', 'SPE_E3', 'assigned', 'running', "
        "'agent', 0, 0, 1);"
        "INSERT INTO migration_customers (id, migration, position, customer, target_sku_id, "
        "action, term, billing_cycle, seats, users_to_move, currency, recommendation_reason, "
        "step, users_moved) VALUES (5, 3, 0, 7, 'SPE_E3', 'purchase', 'P1M', 'monthly', 4, 4, "
        "'USD', 'because', 'moving', 1);"
        "INSERT INTO migration_source_subscriptions VALUES (5, 0, X'01');"
        "INSERT INTO migration_warnings VALUES (5, 0, 'notEnoughSeats', 'few seats');"
        "INSERT INTO migration_moved_users VALUES (5, X'02', 'plan-a', 1);");
  }
  SqliteStore::Open(file);
  EXPECT_EQ(IntegrityCheck(file), std::vector<std::string>{"ok"});
  EXPECT_TRUE(Rows(file, "PRAGMA foreign_key_check").empty());
  EXPECT_EQ(Rows(file, "SELECT id || action || step || users_moved FROM migration_customers"),
            std::vector<std::string>{"5purchasemoving1"});
  EXPECT_EQ(Rows(file, "SELECT migration_customer || message FROM migration_warnings"),
            std::vector<std::string>{"5few seats"});
  EXPECT_EQ(Rows(file, "SELECT migration_customer || excluded_plans FROM migration_moved_users"),
            std::vector<std::string>{"5plan-a"});
  EXPECT_EQ(Rows(file, "SELECT count(*) FROM migration_source_subscriptions"),
            std::vector<std::string>{"1"});
  EXPECT_EQ(Rows(file, "SELECT name FROM sqlite_schema WHERE name LIKE '%v16%'"),
            std::vector<std::string>{});
  EXPECT_EQ(Rows(file, "SELECT name FROM sqlite_schema WHERE name = 'migration_warnings_by_code'"),
            std::vector<std::string>{"migration_warnings_by_code"});

  auto conn = Connection::Open(file, {});
  conn->Exec("UPDATE migration_customers SET action = 'skip' WHERE id = 5");
  conn->Exec("DELETE FROM migration_customers WHERE id = 5");
  for (const char* child :
       {"migration_source_subscriptions", "migration_warnings", "migration_moved_users"}) {
    auto count = conn->Prepare(fmt::format("SELECT count(*) FROM {}", child).c_str());
    count.Step();
    EXPECT_EQ(count.Int(0), 0) << child << " rows outlived their plan";
  }
}

}  // namespace
}  // namespace seatshift::store::sqlite
