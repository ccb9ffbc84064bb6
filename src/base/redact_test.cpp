// A database location as log lines and messages show it: never a credential, in any of the forms
// a libpq connection string can carry one.
#include "base/redact.hpp"

#include <gtest/gtest.h>

namespace seatshift {
namespace {

TEST(RedactedLocation, HidesTheUserInformationPassword) {
  EXPECT_EQ(RedactedLocation("postgresql://app:s3cr@t@db.example:5432/seatshift?sslmode=require"),
            "postgresql://app:***@db.example:5432/seatshift?sslmode=require");
  EXPECT_EQ(RedactedLocation("postgres://app:pw@127.0.0.1/db"), "postgres://app:***@127.0.0.1/db");
  EXPECT_EQ(RedactedLocation("postgresql://app:pa/ss@127.0.0.1/db"),
            "postgresql://app:***@127.0.0.1/db");
}

TEST(RedactedLocation, HidesPasswordQueryParameters) {
  EXPECT_EQ(RedactedLocation("postgresql://u@host:5432/db?password=S3cret"),
            "postgresql://u@host:5432/db?password=***");
  EXPECT_EQ(RedactedLocation("postgresql:///db?host=/run/pg&password=S3cret&sslmode=disable"),
            "postgresql:///db?host=/run/pg&password=***&sslmode=disable");
  EXPECT_EQ(RedactedLocation("postgresql://h/db?sslpassword=k3y&PASSWORD=x"),
            "postgresql://h/db?sslpassword=***&PASSWORD=***");
  // libpq decodes the key before it reads it: so does the redaction.
  EXPECT_EQ(RedactedLocation("postgresql://h/db?pass%77ord=S3cret"),
            "postgresql://h/db?pass%77ord=***");
}

TEST(RedactedLocation, HidesKeyValuePasswords) {
  EXPECT_EQ(RedactedLocation("host=db user=app password=S3cret dbname=seatshift"),
            "host=db user=app password=*** dbname=seatshift");
  EXPECT_EQ(RedactedLocation("host=db password = 'S3 c\\'ret' sslpassword=k"),
            "host=db password = *** sslpassword=***");
}

TEST(RedactedLocation, KeepsEverythingElseAsWritten) {
  EXPECT_EQ(RedactedLocation("postgresql://postgres@127.0.0.1:5432/postgres"),
            "postgresql://postgres@127.0.0.1:5432/postgres");
  EXPECT_EQ(RedactedLocation("postgresql://127.0.0.1/db?user=a&options=-csearch_path%3Ds"),
            "postgresql://127.0.0.1/db?user=a&options=-csearch_path%3Ds");
  EXPECT_EQ(RedactedLocation("seatshift.db"), "seatshift.db");
  EXPECT_EQ(RedactedLocation("dir:with:colons@x/seatshift.db"), "dir:with:colons@x/seatshift.db");
  EXPECT_EQ(RedactedLocation("/var/lib/my password file.db"), "/var/lib/my password file.db");
}

}  // namespace
}  // namespace seatshift
