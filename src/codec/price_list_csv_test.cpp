#include "codec/price_list_csv.hpp"

#include <gtest/gtest.h>

#include "testing/dates.hpp"

namespace seatshift::codec {
namespace {

// Columns in another order than Partner Center's, an extra one, quoted fields, CRLF and a BOM.
constexpr std::string_view kPriceListHeader =
    "\xEF\xBB\xBF"
    "Market,Currency,UnitPrice,ProductId,SkuId,Extra,TermDuration,BillingPlan,"
    "EffectiveStartDate,EffectiveEndDate,\"ERP Price\",ProductTitle,Segment\r\n";

std::string File(std::string_view rows) {
  return std::string(kPriceListHeader) + std::string(rows);
}

TEST(ReadPriceList, ColumnsByNameInAnyOrderWithExtraColumnsAndQuotedFields) {
  const auto rows = ReadPriceList(
      File("TR,USD,36.00,CFQ7TTC0LFLX,0001,x,P1Y,Monthly,2026-12-01T00:00:00.0000000Z,"
           "9999-11-30T23:59:59.0000000Z,43.2,\"Microsoft 365 E3, full\",Commercial\r\n"),
      "f.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const ListPrice& row = rows->front();
  EXPECT_EQ(row.offer_id, "CFQ7TTC0LFLX:0001");
  EXPECT_EQ(row.market, "TR");
  EXPECT_EQ(row.unit_price, 3600);
  EXPECT_EQ(row.erp_price, 4320) << "'43.2' is 43.20";
  EXPECT_EQ(row.billing, BillingCycle::kMonthly);
  EXPECT_EQ(row.effective_start, testing::D("2026-12-01"));
  EXPECT_EQ(row.effective_end, testing::D("9999-11-30"));
  EXPECT_EQ(row.product_title, "Microsoft 365 E3, full");
  EXPECT_EQ(row.segment, "Commercial");
}

TEST(ReadPriceList, AmountsInTheCurrencysMinorUnits) {
  const auto rows =
      ReadPriceList(File("JP,JPY,4350,CFQ7TTC0LFLX,0001,,P1Y,Annual,2026-12-01,,,E3,\r\n"
                         "KW,KWD,11.125,CFQ7TTC0LFLX,0001,,P1Y,Annual,2026-12-01,,,E3,\r\n"
                         "US,USD,36.0000,CFQ7TTC0LFLX,0001,,P1Y,None,2026-12-01,,,E3,\r\n"),
                    "f.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ((*rows)[0].unit_price, 4350);
  EXPECT_EQ((*rows)[1].unit_price, 11125);
  EXPECT_EQ((*rows)[2].unit_price, 3600) << "trailing zeros beyond the cents are exact";
  EXPECT_FALSE((*rows)[2].billing) << "None: one payment for the term";
}

TEST(ReadPriceList, EveryBadRowNamedAndNothingReturned) {
  const auto rows = ReadPriceList(
      File("US,USD,4350.5,CFQ7TTC0LFLX,0001,,P1Y,Monthly,2026-12-01,,,E3,\r\n"        // 2 ok
           "JP,JPY,4350.5,CFQ7TTC0LFLX,0001,,P1Y,Monthly,2026-12-01,,,E3,\r\n"        // 3 yen
           "US,USD,1,CFQ7TTC0LFLX,0001,,P1Y,Monthly,12/1/2026 12:00:00 AM,,,E3,\r\n"  // 4
           "US,USD,1,CFQ7TTC0LFLX,0001,,P1M,Annual,2026-12-01,,,E3,\r\n"              // 5
           "US,USD,-1,CFQ7TTC0LFLX,0001,,P1Y,Monthly,2026-12-01,,,E3,\r\n"            // 6
           "US,USD,4350.5,CFQ7TTC0LFLX,0001,,P1Y,Monthly,2026-12-01,,,E3,\r\n"),      // 7 twice
      "f.csv");
  ASSERT_FALSE(rows.ok());
  const std::string& message = rows.error().message;
  for (const char* expected :
       {"f.csv:3: UnitPrice: '4350.5' has more decimals than JPY's 0",
        "f.csv:4: EffectiveStartDate", "f.csv:5: BillingPlan: Annual billing is longer",
        "f.csv:6: UnitPrice", "f.csv:7: the same offer"}) {
    EXPECT_NE(message.find(expected), std::string::npos) << expected << " in " << message;
  }
  EXPECT_EQ(message.find("f.csv:2"), std::string::npos) << message;
}

TEST(ReadPriceList, AHeaderWithoutARequiredColumnIsRefused) {
  const auto rows = ReadPriceList("ProductId,SkuId,Market\r\nA,B,C\r\n", "f.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().message.find("no column Currency"), std::string::npos);
}

TEST(ReadPriceList, ABrokenZipIsRefused) {
  const auto rows = ReadPriceList(std::string_view("PK\x03\x04not really a zip"), "f.zip");
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().message.find("f.zip"), std::string::npos);
}

}  // namespace
}  // namespace seatshift::codec
