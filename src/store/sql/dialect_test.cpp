// The portable SQL as each backend reads it.
#include <gtest/gtest.h>

#include <stdexcept>

#include "store/postgres/pg_dialect.hpp"
#include "store/sqlite/sqlite_dialect.hpp"

namespace seatshift::store::sql {
namespace {

const Dialect& Sqlite() { return sqlite::SqliteDialect(); }
const Dialect& Postgres() { return postgres::PgDialect(); }

TEST(DialectTest, ParametersAreNumberedAsEachDatabaseSpellsThem) {
  constexpr const char* kSql = "SELECT a FROM t WHERE b = ?1 AND c = ?12 AND d = '?'";
  EXPECT_EQ(Sqlite().Render(kSql), kSql);
  EXPECT_EQ(Postgres().Render(kSql), "SELECT a FROM t WHERE b = $1 AND c = $12 AND d = '?'");
}

TEST(DialectTest, RowLocksExistOnlyWhereWritersLockRows) {
  constexpr const char* kSql = "SELECT * FROM s WHERE id = ?1 {{for_update_of:s}} {{skip_locked}}";
  EXPECT_EQ(Sqlite().Render(kSql), "SELECT * FROM s WHERE id = ?1  ");
  EXPECT_EQ(Postgres().Render(kSql), "SELECT * FROM s WHERE id = $1 FOR UPDATE OF s SKIP LOCKED");
  EXPECT_FALSE(Sqlite().row_locks());
  EXPECT_TRUE(Postgres().row_locks());
}

// PostgreSQL keeps a connection's plans, foreign-key checks' included, made from the statistics
// of their moment: a transaction that grows a table many times over refreshes them. SQLite has
// none to refresh (and its ANALYZE would change every plan of the database).
TEST(DialectTest, OnlyPostgresRefreshesStatisticsInATransaction) {
  EXPECT_FALSE(Sqlite().keeps_plans_from_statistics());
  EXPECT_TRUE(Postgres().keeps_plans_from_statistics());
}

TEST(DialectTest, KeyListsAreJsonOnSqliteAndArraysOnPostgres) {
  constexpr const char* kDelete = "DELETE FROM l WHERE {{in_keys:\"user\":?2}}";
  EXPECT_EQ(Sqlite().Render(kDelete),
            "DELETE FROM l WHERE \"user\" IN (SELECT value FROM json_each(?2))");
  EXPECT_EQ(Postgres().Render(kDelete), "DELETE FROM l WHERE \"user\" = ANY($2::bigint[])");
  constexpr const char* kInsert = "INSERT INTO l SELECT u.value FROM {{key_table:?4:u}}";
  EXPECT_EQ(Sqlite().Render(kInsert), "INSERT INTO l SELECT u.value FROM json_each(?4) AS u");
  EXPECT_EQ(Postgres().Render(kInsert),
            "INSERT INTO l SELECT u.value FROM unnest($4::bigint[]) AS u(value)");
}

TEST(DialectTest, TextListsAreJsonOnBoth) {
  constexpr const char* kSql = "SELECT id FROM skus WHERE {{in_texts:sku_id:?2}}";
  EXPECT_EQ(Sqlite().Render(kSql),
            "SELECT id FROM skus WHERE sku_id IN (SELECT value FROM json_each(?2))");
  EXPECT_EQ(Postgres().Render(kSql),
            "SELECT id FROM skus WHERE sku_id IN (SELECT json_array_elements_text($2::json))");
}

TEST(DialectTest, TypesHintsAndCaseInsensitiveMatching) {
  constexpr const char* kSql =
      "SELECT 1 FROM s {{indexed_by:s_idx}} WHERE ({{typed:?1:bytea}} IS NULL OR g > ?1) "
      "AND n {{ilike}} ?2";
  EXPECT_EQ(Sqlite().Render(kSql),
            "SELECT 1 FROM s INDEXED BY s_idx WHERE (?1 IS NULL OR g > ?1) AND n LIKE ?2");
  EXPECT_EQ(Postgres().Render(kSql),
            "SELECT 1 FROM s  WHERE ($1::bytea IS NULL OR g > $1) AND n ILIKE $2");
}

TEST(DialectTest, AnUnknownOrUnclosedConstructIsAProgrammingError) {
  EXPECT_THROW(Sqlite().Render("SELECT {{nope}}"), std::invalid_argument);
  EXPECT_THROW(Postgres().Render("SELECT {{for_update"), std::invalid_argument);
  EXPECT_THROW(Postgres().Render("SELECT {{in_keys:only_one}}"), std::invalid_argument);
}

}  // namespace
}  // namespace seatshift::store::sql
