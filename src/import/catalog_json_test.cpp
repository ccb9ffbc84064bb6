// The catalog JSON is read by codec::ReadJson: errors at line and column.
#include "import/catalog_json.hpp"

#include <gtest/gtest.h>

namespace seatshift::import {
namespace {

TEST(CatalogJsonTest, MalformedJsonAndRepeatedKeysAreReportedAtTheirLineAndColumn) {
  const auto malformed = ParseCatalogJson("{\"products\": [],\n\"skus\": [,]}", "c.json");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kBadRequest);
  EXPECT_TRUE(malformed.error().message.starts_with("c.json:2:10: malformed JSON: "))
      << malformed.error().message;
  const auto twice = ParseCatalogJson("{\"products\": [],\n\"skus\": [], \"skus\": []}", "c.json");
  ASSERT_FALSE(twice.ok());
  EXPECT_TRUE(twice.error().message.starts_with("c.json:2:")) << twice.error().message;
  EXPECT_TRUE(DefaultCatalog().ok());
}

}  // namespace
}  // namespace seatshift::import
