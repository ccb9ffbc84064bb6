#include "base/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace seatshift {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

std::string Repaired(std::string text) {
  RepairUtf8(text);
  return text;
}

TEST(RepairUtf8Test, KeepsValidText) {
  for (std::string text : {"", "plain ASCII", "caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x98\x80",
                           "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF"}) {
    const std::string before = text;
    EXPECT_FALSE(RepairUtf8(text)) << before;
    EXPECT_EQ(text, before);
  }
}

TEST(RepairUtf8Test, ReplacesStrayBytes) {
  EXPECT_EQ(Repaired("Field Service \x96 Routing"), "Field Service " + kReplacement + " Routing");
  EXPECT_EQ(Repaired("a\xA0z"), "a" + kReplacement + "z");
  EXPECT_EQ(Repaired("\x80"), kReplacement);
  EXPECT_EQ(Repaired("\xF5\xFF"), kReplacement + kReplacement);
}

TEST(RepairUtf8Test, ReplacesOverlongsSurrogatesAndOutOfRange) {
  EXPECT_EQ(Repaired("\xC0\xAF"), kReplacement + kReplacement);
  EXPECT_EQ(Repaired("\xE0\x80\xAF"), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(Repaired("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(Repaired("\xF4\x90\x80\x80"),
            kReplacement + kReplacement + kReplacement + kReplacement);
}

TEST(RepairUtf8Test, ReplacesATruncatedSequenceOnce) {
  EXPECT_EQ(Repaired("\xE2\x82"), kReplacement);
  EXPECT_EQ(Repaired("\xE2\x82"
                     "A\xC3\xA9"),
            kReplacement + "A\xC3\xA9");
  EXPECT_EQ(Repaired("\xF0\x9F\x98"
                     "\xF0\x9F\x98\x80"),
            kReplacement + "\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace seatshift
