#include "base/uuid.hpp"

#include <gtest/gtest.h>

#include <string>

namespace seatshift {
namespace {

TEST(Uuid, ParseFormatRoundTrip) {
  const std::string text = "0898bdbb-73b0-471a-81e5-20f1fe4dd66e";
  const auto id = Uuid::Parse(text);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->ToString(), text);
  EXPECT_EQ(id->bytes()[0], 0x08);
  EXPECT_EQ(id->bytes()[1], 0x98);
  EXPECT_EQ(id->bytes()[15], 0x6e);
  EXPECT_FALSE(id->IsNil());
}

TEST(Uuid, UpperCaseIsAcceptedAndFormattedLowerCase) {
  const auto upper = Uuid::Parse("0898BDBB-73B0-471A-81E5-20F1FE4DD66E");
  const auto lower = Uuid::Parse("0898bdbb-73b0-471a-81e5-20f1fe4dd66e");
  ASSERT_TRUE(upper.has_value());
  EXPECT_EQ(upper, lower);
  EXPECT_EQ(upper->ToString(), "0898bdbb-73b0-471a-81e5-20f1fe4dd66e");
}

TEST(Uuid, NilAndMax) {
  const auto nil = Uuid::Parse("00000000-0000-0000-0000-000000000000");
  ASSERT_TRUE(nil.has_value());
  EXPECT_TRUE(nil->IsNil());
  EXPECT_EQ(*nil, Uuid{});
  EXPECT_EQ(Uuid{}.ToString(), "00000000-0000-0000-0000-000000000000");
  const auto max = Uuid::Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");
  ASSERT_TRUE(max.has_value());
  EXPECT_LT(*nil, *max);
}

TEST(Uuid, RefusesBadLength) {
  for (const char* text :
       {"", "0898bdbb-73b0-471a-81e5-20f1fe4dd66", "0898bdbb-73b0-471a-81e5-20f1fe4dd66e0",
        "0898bdbb73b0471a81e520f1fe4dd66e", "{0898bdbb-73b0-471a-81e5-20f1fe4dd66e}"}) {
    EXPECT_EQ(Uuid::Parse(text), std::nullopt) << text;
  }
}

TEST(Uuid, RefusesBadCharactersAndMisplacedDashes) {
  for (const char* text :
       {"0898bdbg-73b0-471a-81e5-20f1fe4dd66e", "0898bdbb-73b0-471a-81e5-20f1fe4dd66 ",
        "0898bdbb_73b0-471a-81e5-20f1fe4dd66e", "0898bdb-b73b0-471a-81e5-20f1fe4dd66e",
        "0898bdbb-73b0-471a-81e5--0f1fe4dd66e", "+898bdbb-73b0-471a-81e5-20f1fe4dd66e",
        "0898bdbb-73b0-471a-81e5-20f1fe4dd6\xc3\xa9"}) {
    EXPECT_EQ(Uuid::Parse(text), std::nullopt) << text;
  }
}

TEST(Uuid, OrderIsByteOrderIsTextOrder) {
  const auto a = *Uuid::Parse("0198bdbb-73b0-471a-81e5-20f1fe4dd66e");
  const auto b = *Uuid::Parse("0198bdbb-73b0-471a-81e5-20f1fe4dd66f");
  const auto c = *Uuid::Parse("0198bdbc-0000-0000-0000-000000000000");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(a.ToString(), b.ToString());
  EXPECT_LT(b.ToString(), c.ToString());
}

TEST(UuidV7, VersionAndVariantBits) {
  for (const std::uint64_t hi : {std::uint64_t{0}, ~std::uint64_t{0}, std::uint64_t{0x0abc}}) {
    for (const std::uint64_t lo :
         {std::uint64_t{0}, ~std::uint64_t{0}, std::uint64_t{0x123456789abcdef0}}) {
      const Uuid id = Uuid::V7(1'700'000'000'000, hi, lo);
      EXPECT_EQ(id.bytes()[6] >> 4, 0x7) << id.ToString();
      EXPECT_EQ(id.bytes()[8] >> 6, 0b10) << id.ToString();
      EXPECT_EQ(id.ToString()[14], '7') << id.ToString();
      const char variant = id.ToString()[19];
      EXPECT_TRUE(variant == '8' || variant == '9' || variant == 'a' || variant == 'b')
          << id.ToString();
    }
  }
}

TEST(UuidV7, Timestamp48BitsBigEndianFirst) {
  const std::uint64_t ms = 0x0123456789ab;
  const Uuid id = Uuid::V7(ms, 0, 0);
  EXPECT_EQ(id.ToString().substr(0, 13), "01234567-89ab");
  EXPECT_EQ(id.ToString(), "01234567-89ab-7000-8000-000000000000");
}

TEST(UuidV7, RandomBitsLandInTheirFields) {
  const Uuid id = Uuid::V7(0, 0xfff, 0x3fffffffffffffff);
  EXPECT_EQ(id.ToString(), "00000000-0000-7fff-bfff-ffffffffffff");
  const Uuid hi_only = Uuid::V7(0, 0x123, 0);
  EXPECT_EQ(hi_only.ToString(), "00000000-0000-7123-8000-000000000000");
}

TEST(UuidV7, LaterMillisecondsSortLater) {
  const Uuid earlier = Uuid::V7(1'700'000'000'000, 0xfff, ~std::uint64_t{0});
  const Uuid later = Uuid::V7(1'700'000'000'001, 0, 0);
  EXPECT_LT(earlier, later);
}

}  // namespace
}  // namespace seatshift
