// The one reader of JSON input: where a document stops being JSON, and repeated keys.
#include "codec/json_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace seatshift::codec {
namespace {

std::int64_t Detail(const Error& error, const std::string& key) {
  for (const ErrorDetail& d : error.details) {
    if (d.key == key) return std::get<std::int64_t>(d.value);
  }
  ADD_FAILURE() << "no detail " << key << " in " << error.message;
  return 0;
}

TEST(JsonReaderTest, ReadsOneDocument) {
  const auto value = ReadJson(R"({"a": [1, 2, {"b": null}]})");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(value->at("a").as_array().size(), 3u);
}

TEST(JsonReaderTest, MalformedJsonIsReportedAtItsLineAndColumn) {
  const auto broken = ReadJson("{\"a\": 1,\n  \"b\": ]\n}", {.source = "in.json"});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kBadRequest);
  EXPECT_TRUE(broken.error().message.starts_with("in.json:2:8: malformed JSON: "))
      << broken.error().message;
  EXPECT_EQ(Detail(broken.error(), "line"), 2);
  EXPECT_EQ(Detail(broken.error(), "column"), 8);

  const auto cut = ReadJson("[1, 2", {.source = "in.json"});
  ASSERT_FALSE(cut.ok());
  EXPECT_TRUE(cut.error().message.starts_with("in.json:1:6: malformed JSON: "))
      << cut.error().message;
  EXPECT_FALSE(ReadJson("{} {}").ok()) << "one document, nothing after it";
  EXPECT_FALSE(ReadJson("").ok());
}

TEST(JsonReaderTest, NestingDeeperThanTheLimitIsRefused) {
  const std::string deep = std::string(20, '[') + std::string(20, ']');
  EXPECT_TRUE(ReadJson(deep).ok());
  EXPECT_FALSE(ReadJson(deep, {.source = "x", .max_depth = 16}).ok());
}

TEST(JsonReaderTest, RepeatedKeysAreRefusedWhereAsked) {
  const std::string text = "{\"a\": {\"q\": 1,\n \"Q\": 2, \"q\": 3}}";
  EXPECT_TRUE(ReadJson(text).ok()) << "allowed by default";
  const auto exact = ReadJson(text, {.source = "f", .duplicate_keys = DuplicateKeys::kRefused});
  ASSERT_FALSE(exact.ok());
  EXPECT_TRUE(exact.error().message.starts_with("f:2:")) << exact.error().message;
  EXPECT_NE(exact.error().message.find("field 'q' is given twice"), std::string::npos)
      << exact.error().message;
  const auto folded =
      ReadJson(text, {.source = "f", .duplicate_keys = DuplicateKeys::kRefusedIgnoringCase});
  ASSERT_FALSE(folded.ok());
  EXPECT_NE(folded.error().message.find("field 'Q' is given twice"), std::string::npos)
      << folded.error().message;
  EXPECT_TRUE(ReadJson(R"([{"q": 1}, {"q": 2}])",
                       {.source = "f", .duplicate_keys = DuplicateKeys::kRefused})
                  .ok())
      << "each object has its own keys";
}

}  // namespace
}  // namespace seatshift::codec
