// The CSV exports' cells as a spreadsheet reads them back (libcsv through codec::ReadCsv).
#include "codec/csv.hpp"

#include <gtest/gtest.h>

#include "testing/csv_records.hpp"
#include "testing/dates.hpp"

namespace seatshift::codec {
namespace {

using testing::CsvRecords;

TEST(CsvFieldTest, TextAFormulaWouldStartWithGetsALeadingQuote) {
  for (const std::string text :
       {"=HYPERLINK(\"http://evil.test\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"}) {
    const auto rows = CsvRecords(CsvField(text) + "\r\n");
    ASSERT_EQ(rows.size(), 1u) << text;
    EXPECT_EQ(rows[0].at(0), "'" + text);
  }
  for (const std::string text : {"Sales, EMEA", "say \"hi\"", "a=b", "Büro"}) {
    EXPECT_EQ(CsvRecords(CsvField(text) + "\r\n").at(0).at(0), text);
  }
}

TEST(CsvFieldTest, ACreditStaysANegativeNumber) {
  const Charge credit{
      .customer_id = CustomerId(*Uuid::Parse("01890000-0000-7000-8000-000000000001")),
      .subscription_id = SubscriptionId(*Uuid::Parse("01890000-0000-7000-8000-000000000002")),
      .sku_id = SkuId("SPE_E3"),
      .kind = ChargeKind::kProration,
      .period = {*ParseDate("2026-11-01"), *ParseDate("2026-11-30")},
      .quantity = -2,
      .unit_price = 3600,
      .amount = -1200,
      .currency = "USD",
      .charged_at = testing::At("2026-11-25T09:00:00Z")};
  const auto rows = CsvRecords(ChargesCsv({credit}));
  ASSERT_EQ(rows.size(), 2u);
  const auto column = [&rows](const std::string& name) {
    return rows[1].at(static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) -
                                               rows[0].begin()));
  };
  EXPECT_EQ(column("amount"), "-1200");
  EXPECT_EQ(column("quantity"), "-2");
}

}  // namespace
}  // namespace seatshift::codec
