#include "domain/money.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace seatshift {
namespace {

TEST(Currency, ThreeUpperCaseLetters) {
  for (const char* code : {"USD", "EUR", "GBP", "JPY"}) {
    const auto currency = Currency::Parse(code);
    ASSERT_TRUE(currency.has_value()) << code;
    EXPECT_EQ(currency->code(), code);
  }
  for (const char* code : {"", "US", "USDX", "usd", "Usd", "U$D", "US ", "12A"}) {
    EXPECT_EQ(Currency::Parse(code), std::nullopt) << code;
  }
  EXPECT_EQ(Currency::Parse("USD"), Currency::Parse("USD"));
  EXPECT_NE(Currency::Parse("USD"), Currency::Parse("EUR"));
}

TEST(MultiplyMinorUnits, Multiplies) {
  EXPECT_EQ(MultiplyMinorUnits(3600, 25), 90000);
  EXPECT_EQ(MultiplyMinorUnits(0, 1000), 0);
  EXPECT_EQ(MultiplyMinorUnits(1200, 0), 0);
  EXPECT_EQ(MultiplyMinorUnits(-150, 2), -300);
}

TEST(MultiplyMinorUnits, NulloptOnOverflow) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(MultiplyMinorUnits(kMax, 1), kMax);
  EXPECT_EQ(MultiplyMinorUnits(kMax, 2), std::nullopt);
  EXPECT_EQ(MultiplyMinorUnits(kMax / 2 + 1, 2), std::nullopt);
  EXPECT_EQ(MultiplyMinorUnits(std::int64_t{1} << 31, std::int64_t{1} << 31),
            std::int64_t{1} << 62);
  EXPECT_EQ(MultiplyMinorUnits(std::int64_t{1} << 32, std::int64_t{1} << 31),
            std::nullopt);  // 2^63
  EXPECT_EQ(MultiplyMinorUnits(-kMax, 2), std::nullopt);
  EXPECT_EQ(MultiplyMinorUnits(std::int64_t{1} << 32, std::int64_t{1} << 32), std::nullopt);
}

TEST(Money, ComparesAmountAndCurrency) {
  EXPECT_EQ((Money{100, "USD"}), (Money{100, "USD"}));
  EXPECT_NE((Money{100, "USD"}), (Money{100, "EUR"}));
  EXPECT_NE((Money{100, "USD"}), (Money{101, "USD"}));
}

}  // namespace
}  // namespace seatshift
