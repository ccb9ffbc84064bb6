// A database location as log lines show it: never a password.
#include <gtest/gtest.h>

#include "store/postgres/pg_store.hpp"

namespace seatshift::store::postgres {
namespace {

TEST(RedactedLocation, HidesThePasswordOfAPostgresUrlOnly) {
  EXPECT_EQ(RedactedLocation("postgresql://app:s3cr@t@db.example:5432/seatshift?sslmode=require"),
            "postgresql://app:***@db.example:5432/seatshift?sslmode=require");
  EXPECT_EQ(RedactedLocation("postgres://app:pw@127.0.0.1/db"), "postgres://app:***@127.0.0.1/db");
  EXPECT_EQ(RedactedLocation("postgresql://postgres@127.0.0.1:5432/postgres"),
            "postgresql://postgres@127.0.0.1:5432/postgres");
  EXPECT_EQ(RedactedLocation("postgresql://127.0.0.1/db?user=a"),
            "postgresql://127.0.0.1/db?user=a");
  EXPECT_EQ(RedactedLocation("seatshift.db"), "seatshift.db");
  EXPECT_EQ(RedactedLocation("dir:with:colons@x/seatshift.db"), "dir:with:colons@x/seatshift.db");
}

}  // namespace
}  // namespace seatshift::store::postgres
