// `seatshift prices` and `catalog offer-matrix` as a script runs them: reports, refusals with
// one line and a non-zero exit, nothing imported from a broken file.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.hpp"

namespace seatshift::e2e {
namespace {

class PriceCliTest : public CliFixture {};

const std::string kDecember = std::string(SEATSHIFT_DATA_DIR) + "/prices/pricelist-2026-12.csv";
const std::string kBroken = std::string(SEATSHIFT_FIXTURES_DIR) + "/prices/pricelist-bad.csv";

TEST_F(PriceCliTest, ImportReportsAndASecondImportChangesNothing) {
  const Outcome first = Run({"--json", "prices", "import", kDecember});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.Json().at("added").as_int64(), 82);
  const Outcome again = Run({"--json", "prices", "import", kDecember});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.Json().at("unchanged").as_int64(), 82);
  const Outcome listed =
      Run({"--json", "prices", "list", "--offer", "CFQ7TTC0LFLX:0001", "--market", "TR"});
  EXPECT_EQ(listed.Json().at("totalCount").as_int64(), 4);
}

TEST_F(PriceCliTest, ABrokenFileIsOneLineANonZeroExitAndNothingImported) {
  const Outcome refused = Run({"prices", "import", kBroken});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_EQ(refused.err.find('\n'), refused.err.size() - 1) << "one line: " << refused.err;
  EXPECT_NE(refused.err.find("pricelist-bad.csv:2: UnitPrice"), std::string::npos) << refused.err;
  EXPECT_EQ(Run({"--json", "prices", "list"}).Json().at("totalCount").as_int64(), 0);
  const Outcome missing = Run({"prices", "import", "/nonexistent/prices.csv"});
  EXPECT_NE(missing.exit_code, 0);
  const Outcome margin = Run({"prices", "margin", "set", "segment", "schools", "1000"});
  EXPECT_NE(margin.exit_code, 0) << "not a segment";
}

}  // namespace
}  // namespace seatshift::e2e
