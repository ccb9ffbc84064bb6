// API bodies are read by codec::ReadJson: errors at line and column.
#include "api/json_input.hpp"

#include <gtest/gtest.h>

namespace seatshift::api {
namespace {

TEST(ParseObjectTest, ErrorsNameTheLineAndColumnOfTheBody) {
  const auto twice = ParseObject("{\"quantity\": 1,\n \"Quantity\": 2}");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kBadRequest);
  EXPECT_TRUE(twice.error().message.starts_with("body:2:")) << twice.error().message;
  EXPECT_NE(twice.error().message.find("field 'Quantity' is given twice"), std::string::npos)
      << twice.error().message;
  const auto malformed = ParseObject("{\"quantity\": }");
  ASSERT_FALSE(malformed.ok());
  EXPECT_TRUE(malformed.error().message.starts_with("body:1:14: malformed JSON: "))
      << malformed.error().message;
  const auto deep = ParseObject("{\"a\":" + std::string(20, '[') + std::string(20, ']') + "}");
  EXPECT_FALSE(deep.ok()) << "nested deeper than the API needs";
  const auto array = ParseObject("[]");
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.error().message, "the body must be a JSON object");
  EXPECT_TRUE(ParseObject(R"({"quantity": 1, "lineItems": [{"quantity": 2}]})").ok());
}

}  // namespace
}  // namespace seatshift::api
