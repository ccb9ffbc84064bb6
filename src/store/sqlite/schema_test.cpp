// Schema migrations on real database files.
#include "store/sqlite/schema.hpp"

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
  auto stmt = conn.Prepare("PRAGMA integrity_check");
  std::vector<std::string> lines;
  while (stmt.Step()) lines.push_back(stmt.Text(0));
  return lines;
}

std::vector<std::string> Replacements(const std::string& file) {
  auto conn = Connection::Open(file, {});
  auto stmt = conn.Prepare(
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
    Migrate(conn, 8);
    conn.Exec(
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
    Migrate(conn, 12);
    auto insert = conn.Prepare(
        "INSERT INTO migrations (guid, source_sku_id, target, seat_policy, status, created_by, "
        "created_at, updated_at, version) VALUES (?1, 'KAIZALA_PRO', 'SPE_E3', 'assigned', "
        "'planned', 'agent', 0, 0, 1)");
    insert.Bind(1, id);
    ASSERT_EQ(insert.Execute(), SQLITE_DONE);
  }
  auto store = SqliteStore::Open(file);
  const auto migration = store->Read()->FindMigration(MigrationId(id));
  ASSERT_TRUE(migration);
  EXPECT_EQ(migration->target_sku_id, SkuId("SPE_E3"));
  EXPECT_EQ(migration->source_subscription_id, std::nullopt);
  EXPECT_EQ(IntegrityCheck(file), std::vector<std::string>{"ok"});
}

}  // namespace
}  // namespace seatshift::store::sqlite
