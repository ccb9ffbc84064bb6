#include "codec/vendor_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/utf8.hpp"
#include "codec/csv_reader.hpp"

namespace seatshift::codec {
namespace {

using Fields = std::vector<std::string>;

const std::string kReplacement = "\xEF\xBF\xBD";
const std::string kHeader =
    "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,"
    "Service_Plans_Included_Friendly_Names\n";
const std::string kE3Row =
    "Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,KAIZALA_O365_P3,"
    "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,Microsoft Kaizala Pro\n";
const std::string kE3SecondPlan =
    "Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,EXCHANGE_S_ENTERPRISE,"
    "efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n";

::testing::AssertionResult Contains(std::string_view text, std::string_view part) {
  if (text.find(part) != std::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' lacks '" << part << "'";
}

bool IsValidUtf8(std::string text) { return !RepairUtf8(text); }

std::vector<CsvRecord> ReadAll(const std::string& text) {
  std::istringstream in(text);
  std::vector<CsvRecord> records;
  const Status status = ReadCsv(in, "test.csv", [&](const CsvRecord& record) {
    records.push_back(record);
    return OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status.error().message;
  return records;
}

std::string ReadError(const std::string& text) {
  std::istringstream in(text);
  const Status status = ReadCsv(in, "test.csv", [](const CsvRecord&) { return OkStatus(); });
  if (status.ok()) return "no error";
  EXPECT_EQ(status.error().code, ErrorCode::kBadRequest);
  return status.error().message;
}

Result<VendorCatalog> Parse(const std::string& text) {
  std::istringstream in(text);
  return ParseVendorCatalog(in, "test.csv");
}

const Sku* FindSku(const VendorCatalog& catalog, std::string_view id) {
  const auto it = std::find_if(catalog.skus.begin(), catalog.skus.end(),
                               [&](const Sku& sku) { return sku.id.value() == id; });
  return it == catalog.skus.end() ? nullptr : &*it;
}

bool HasPlanNamed(const Sku& sku, std::string_view prefix) {
  return std::any_of(sku.service_plans.begin(), sku.service_plans.end(),
                     [&](const ServicePlan& plan) { return plan.name.starts_with(prefix); });
}

// --- ReadCsv ---

TEST(ReadCsvTest, QuotedFieldWithCommaAndDoubledQuotes) {
  const auto records = ReadAll("a,\"b, \"\"c\"\"\",d\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b, \"c\"", "d"}));
  EXPECT_EQ(records[0].line, 1u);
}

TEST(ReadCsvTest, EmbeddedNewlineKeepsLaterLineNumbers) {
  const auto records = ReadAll("\"x\ny\nz\",1\nnext,2\r\n\"p\r\nq\",3\r\nlast,4\r\n");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fields, (Fields{"x\ny\nz", "1"}));
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 4u);
  EXPECT_EQ(records[2].fields, (Fields{"p\r\nq", "3"}));
  EXPECT_EQ(records[2].line, 5u);
  EXPECT_EQ(records[3].line, 7u);
}

TEST(ReadCsvTest, CrlfBomBlankLinesAndNoFinalNewline) {
  const auto records = ReadAll(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n\n  \nc,d\r\ne,f");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(records[1].line, 5u);
  EXPECT_EQ(records[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(records[2].line, 6u);
}

TEST(ReadCsvTest, RecordsSpanningChunksKeepTheirLines) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",\"two\nlines\"\n";
  const auto records = ReadAll(text);
  ASSERT_EQ(records.size(), 20000u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(records[i].line, 2 * i + 1);
    ASSERT_EQ(records[i].fields, (Fields{std::to_string(i), "two\nlines"}));
  }
}

TEST(ReadCsvTest, RepairsInvalidUtf8PerField) {
  const auto records = ReadAll("ok,bad\x96,\xC3\xA9\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"ok", "bad" + kReplacement, "\xC3\xA9"}));
  EXPECT_EQ(records[0].repaired_fields, std::vector<std::size_t>{1u});
}

TEST(ReadCsvTest, UnterminatedQuoteNamesTheLineItStarts) {
  EXPECT_EQ(ReadError("a,b\nc,\"never\nclosed\n"), "test.csv:2: unterminated quoted field");
}

TEST(ReadCsvTest, MisplacedQuoteNamesItsLine) {
  EXPECT_TRUE(Contains(ReadError("a,b\nc,\"d\"e\n"), "test.csv:2: "));
  EXPECT_TRUE(Contains(ReadError("a,b\nc,d\"e\n"), "test.csv:2: "));
}

TEST(ReadCsvTest, StopsAtTheFirstCallbackError) {
  std::istringstream in("1\n2\n3\n");
  int calls = 0;
  const Status status = ReadCsv(in, "test.csv", [&](const CsvRecord& record) -> Status {
    ++calls;
    if (record.line == 2) return Error(ErrorCode::kBadRequest, "stop");
    return OkStatus();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "stop");
  EXPECT_EQ(calls, 2);
}

// --- ParseVendorCatalog on small inputs ---

TEST(VendorCatalogTest, BuildsSkusAndProducts) {
  const auto catalog = Parse("\xEF\xBB\xBF" + kHeader + kE3Row + kE3SecondPlan);
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->rows, 2u);
  EXPECT_TRUE(catalog->rejected.empty());
  ASSERT_EQ(catalog->skus.size(), 1u);
  const Sku& sku = catalog->skus[0];
  EXPECT_EQ(sku.id.value(), "SPE_E3");
  EXPECT_EQ(sku.guid.ToString(), "05e9a617-0261-4cee-bb44-138d3ef5d965");
  EXPECT_EQ(sku.title, "Microsoft 365 E3");
  EXPECT_EQ(sku.product_id.value(), "microsoft-365-e3");
  EXPECT_EQ(sku.segment, Segment::kCommercial);
  EXPECT_EQ(sku.minimum_quantity, 1);
  EXPECT_EQ(sku.maximum_quantity, 10000);
  EXPECT_TRUE(sku.prices.empty());
  EXPECT_FALSE(sku.end_of_sale.has_value());
  ASSERT_EQ(sku.service_plans.size(), 2u);
  EXPECT_EQ(sku.service_plans[0].id.value().ToString(), "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1");
  EXPECT_EQ(sku.service_plans[0].name, "KAIZALA_O365_P3");
  EXPECT_EQ(sku.service_plans[0].display_name, "Microsoft Kaizala Pro");
  ASSERT_EQ(catalog->products.size(), 1u);
  EXPECT_EQ(catalog->products[0].id.value(), "microsoft-365-e3");
  EXPECT_EQ(catalog->products[0].title, "Microsoft 365 E3");
}

TEST(VendorCatalogTest, MapsColumnsByNameAndTrimsFields) {
  const auto catalog = Parse(
      " guid , STRING_ID,Product_Display_Name,Service_Plan_Id,service_plan_name,"
      "Service_Plans_Included_Friendly_Names\r\n"
      "05E9A617-0261-4CEE-BB44-138D3EF5D965 ,  SPE_E3,\" Microsoft 365 E3 \","
      "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,KAIZALA_O365_P3,\"Kaizala, Pro\"\r\n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  ASSERT_EQ(catalog->skus.size(), 1u);
  EXPECT_EQ(catalog->skus[0].id.value(), "SPE_E3");
  EXPECT_EQ(catalog->skus[0].guid.ToString(), "05e9a617-0261-4cee-bb44-138d3ef5d965");
  EXPECT_EQ(catalog->skus[0].title, "Microsoft 365 E3");
  EXPECT_EQ(catalog->skus[0].service_plans.at(0).display_name, "Kaizala, Pro");
}

TEST(VendorCatalogTest, RejectsBadGuidsWithTheirLines) {
  const auto catalog = Parse(kHeader +
                             "\"Multi\nLine\",ML,6a4a1628-9b9a-424d-bed5-4118f0ede3fd,P,"
                             "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x\n" +
                             "Bad,BAD,xyz,P,aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x\n" +
                             "Bad,BAD2,6a4a1628-9b9a-424d-bed5-4118f0ede3fe,P,nope,x\n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->rows, 3u);
  EXPECT_EQ(catalog->skus.size(), 1u);
  ASSERT_EQ(catalog->rejected.size(), 2u);
  EXPECT_EQ(catalog->rejected[0].line, 4u);
  EXPECT_EQ(catalog->rejected[0].reason, "GUID: 'xyz' is not a GUID");
  EXPECT_EQ(catalog->rejected[1].line, 5u);
  EXPECT_EQ(catalog->rejected[1].reason, "Service_Plan_Id: 'nope' is not a GUID");
}

TEST(VendorCatalogTest, RejectsWrongFieldCountAndEmptyStringId) {
  const auto catalog = Parse(kHeader + "a,b,c\n" + kE3Row +
                             "T,,05e9a617-0261-4cee-bb44-138d3ef5d965,P,"
                             "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x,extra\n" +
                             "T, ,05e9a617-0261-4cee-bb44-138d3ef5d965,P,"
                             "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x\n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->skus.size(), 1u);
  ASSERT_EQ(catalog->rejected.size(), 3u);
  EXPECT_EQ(catalog->rejected[0].line, 2u);
  EXPECT_EQ(catalog->rejected[0].reason, "expected 6 fields, found 3");
  EXPECT_EQ(catalog->rejected[1].line, 4u);
  EXPECT_EQ(catalog->rejected[1].reason, "expected 6 fields, found 7");
  EXPECT_EQ(catalog->rejected[2].line, 5u);
  EXPECT_EQ(catalog->rejected[2].reason, "String_Id: empty");
}

TEST(VendorCatalogTest, RejectsDuplicatePlansAndConflictingSkus) {
  const auto catalog = Parse(kHeader + kE3Row + kE3Row +
                             "Microsoft 365 E3,SPE_E3,11111111-0261-4cee-bb44-138d3ef5d965,P,"
                             "efb87545-963c-4e0d-99df-69c6916d9eb0,x\n"
                             "Microsoft 365 E5,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,P,"
                             "efb87545-963c-4e0d-99df-69c6916d9eb0,x\n"
                             "Other,OTHER,05e9a617-0261-4cee-bb44-138d3ef5d965,P,efb87545-963c-"
                             "4e0d-99df-69c6916d9eb0,x\n" +
                             kE3SecondPlan);
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->rows, 6u);
  ASSERT_EQ(catalog->rejected.size(), 4u);
  EXPECT_EQ(catalog->rejected[0].line, 3u);
  EXPECT_TRUE(Contains(catalog->rejected[0].reason, "duplicate service plan"));
  EXPECT_EQ(catalog->rejected[1].line, 4u);
  EXPECT_TRUE(Contains(catalog->rejected[1].reason, "GUID: 11111111-0261-4cee-bb44-138d3ef5d965"));
  EXPECT_EQ(catalog->rejected[2].line, 5u);
  EXPECT_TRUE(Contains(catalog->rejected[2].reason, "Product_Display_Name: 'Microsoft 365 E5'"));
  EXPECT_EQ(catalog->rejected[3].line, 6u);
  EXPECT_TRUE(Contains(catalog->rejected[3].reason, "already belongs to String_Id 'SPE_E3'"));
  ASSERT_EQ(catalog->skus.size(), 1u);
  EXPECT_EQ(catalog->skus[0].service_plans.size(), 2u);
}

TEST(VendorCatalogTest, RepairsInvalidUtf8AndReportsTheField) {
  const auto catalog = Parse(kHeader +
                             "Privacy \x96 risk,PRIV,e42bc969-759a-4820-9283-6b73085b68e6,P,"
                             "cd31b152-6326-4d1b-ae1b-997b625182e6,Data\xA0"
                             "BASE\n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_TRUE(catalog->rejected.empty());
  ASSERT_EQ(catalog->repaired.size(), 1u);
  EXPECT_EQ(catalog->repaired[0].line, 2u);
  EXPECT_TRUE(Contains(catalog->repaired[0].reason,
                       "Product_Display_Name, Service_Plans_Included_Friendly_Names"));
  ASSERT_EQ(catalog->skus.size(), 1u);
  EXPECT_EQ(catalog->skus[0].title, "Privacy " + kReplacement + " risk");
  EXPECT_EQ(catalog->skus[0].product_id.value(), "privacy-risk");
  EXPECT_EQ(catalog->skus[0].service_plans.at(0).display_name, "Data" + kReplacement + "BASE");
}

TEST(VendorCatalogTest, CollidingSlugsGetDistinctProducts) {
  const auto catalog = Parse(kHeader +
                             "Foo Bar,A,6a4a1628-9b9a-424d-bed5-4118f0ede3f1,P,"
                             "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x\n"
                             "Foo-Bar,B,6a4a1628-9b9a-424d-bed5-4118f0ede3f2,P,"
                             "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x\n"
                             "Foo Bar,C,6a4a1628-9b9a-424d-bed5-4118f0ede3f3,P,"
                             "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1,x\n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  ASSERT_EQ(catalog->products.size(), 2u);
  EXPECT_EQ(catalog->products[0].id.value(), "foo-bar");
  EXPECT_EQ(catalog->products[1].id.value(), "foo-bar-2");
  ASSERT_EQ(catalog->skus.size(), 3u);
  EXPECT_EQ(catalog->skus[2].product_id.value(), "foo-bar");
}

TEST(VendorCatalogTest, HeaderErrors) {
  const auto missing = Parse(
      "Product_Display_Name,String_Id,GUID,Service_Plan_Name,"
      "Service_Plans_Included_Friendly_Names\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kBadRequest);
  EXPECT_TRUE(Contains(missing.error().message, "missing column 'Service_Plan_Id'"));

  const auto extra = Parse("Price," + kHeader);
  ASSERT_FALSE(extra.ok());
  EXPECT_TRUE(Contains(extra.error().message, "unexpected column 'Price'"));

  const auto renamed = Parse(
      "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Plan_Id,"
      "Service_Plans_Included_Friendly_Names\n");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error().message, "test.csv:1: header: missing column 'Service_Plan_Id'");

  const auto twice = Parse("GUID," + kHeader);
  ASSERT_FALSE(twice.ok());
  EXPECT_TRUE(Contains(twice.error().message, "column 'GUID' appears twice"));

  for (const std::string empty : {"", "\n\r\n", "\xEF\xBB\xBF"}) {
    const auto result = Parse(empty);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
    EXPECT_TRUE(Contains(result.error().message, "no header"));
  }
}

TEST(VendorCatalogTest, MalformedCsvIsAnError) {
  const auto result = Parse(kHeader + kE3Row + "\"Microsoft 365 E3,SPE_E3\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(result.error().message, "test.csv:3: unterminated quoted field");
}

// --- The vendor's published file ---

// Parsed once for all VendorFileTest cases.
const Result<VendorCatalog>& VendorFile() {
  static const Result<VendorCatalog> result = []() -> Result<VendorCatalog> {
    std::ifstream in(SEATSHIFT_VENDOR_CSV, std::ios::binary);
    if (!in) return Error(ErrorCode::kNotFound, "cannot open " SEATSHIFT_VENDOR_CSV);
    return ParseVendorCatalog(in, "m365-product-service-plans.csv");
  }();
  return result;
}

class VendorFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(SEATSHIFT_VENDOR_CSV)) {
      GTEST_SKIP() << "the shared vendor file is not at " SEATSHIFT_VENDOR_CSV;
    }
    ASSERT_TRUE(VendorFile().ok()) << VendorFile().error().message;
  }
  const VendorCatalog& catalog() const { return VendorFile().value(); }
};

TEST_F(VendorFileTest, ReadsEveryRow) {
  EXPECT_EQ(catalog().rows, 3276u);
  // The data README says 414 SKUs; the October 2024 file has 413 String_Ids and GUIDs.
  EXPECT_EQ(catalog().skus.size(), 413u);
  std::set<Uuid> guids;
  std::size_t plans = 0;
  for (const Sku& sku : catalog().skus) {
    guids.insert(sku.guid);
    plans += sku.service_plans.size();
  }
  EXPECT_EQ(guids.size(), 413u);
  EXPECT_EQ(plans, catalog().rows - catalog().rejected.size());
  std::set<std::string> product_ids;
  for (const Product& product : catalog().products) product_ids.insert(product.id.value());
  EXPECT_EQ(product_ids.size(), catalog().products.size());
}

// MCOMEETADV_GOV is listed twice (lines 878-879 and 1854-1855) with the same plan ids.
TEST_F(VendorFileTest, RejectsOnlyTheRepeatedAudioConferencingRows) {
  ASSERT_EQ(catalog().rejected.size(), 2u);
  EXPECT_EQ(catalog().rejected[0].line, 1854u);
  EXPECT_EQ(catalog().rejected[1].line, 1855u);
  for (const RowProblem& problem : catalog().rejected) {
    EXPECT_TRUE(Contains(problem.reason, "duplicate service plan"));
    EXPECT_TRUE(Contains(problem.reason, "MCOMEETADV_GOV"));
  }
  const Sku* sku = FindSku(catalog(), "MCOMEETADV_GOV");
  ASSERT_NE(sku, nullptr);
  EXPECT_EQ(sku->service_plans.size(), 2u);
}

TEST_F(VendorFileTest, KaizalaPlans) {
  const Sku* e3 = FindSku(catalog(), "SPE_E3");
  ASSERT_NE(e3, nullptr);
  EXPECT_EQ(e3->guid.ToString(), "05e9a617-0261-4cee-bb44-138d3ef5d965");
  EXPECT_EQ(e3->title, "Microsoft 365 E3");
  EXPECT_EQ(e3->product_id.value(), "microsoft-365-e3");
  EXPECT_TRUE(HasPlanNamed(*e3, "KAIZALA_O365_P3"));

  const Sku* basic = FindSku(catalog(), "O365_BUSINESS_ESSENTIALS");
  ASSERT_NE(basic, nullptr);
  EXPECT_FALSE(HasPlanNamed(*basic, "KAIZALA"));
}

TEST_F(VendorFileTest, RepairsInvalidUtf8) {
  EXPECT_EQ(catalog().repaired.size(), 25u);
  // Each kept row became one service plan of one SKU.
  std::size_t rows_with_replacement = 0;
  const auto has_replacement = [](const std::string& text) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    return text.find(kReplacement) != std::string::npos;
  };
  for (const Sku& sku : catalog().skus) {
    const bool title_repaired = has_replacement(sku.title);
    for (const ServicePlan& plan : sku.service_plans) {
      const bool name_repaired = has_replacement(plan.name);
      if (has_replacement(plan.display_name) || name_repaired || title_repaired) {
        ++rows_with_replacement;
      }
    }
  }
  EXPECT_EQ(rows_with_replacement, catalog().repaired.size());

  const Sku* routing = FindSku(catalog(), "CRM_AUTO_ROUTING_ADDON");
  ASSERT_NE(routing, nullptr);
  EXPECT_EQ(routing->title,
            "Dynamics 365 Field Service, Enterprise Edition - Resource Scheduling Optimization");
  EXPECT_EQ(routing->service_plans.at(0).display_name,
            "Field Service " + kReplacement + " Automated Routing Engine Add-On");
  const auto line150 = std::find_if(catalog().repaired.begin(), catalog().repaired.end(),
                                    [](const RowProblem& p) { return p.line == 150; });
  ASSERT_NE(line150, catalog().repaired.end());
  EXPECT_EQ(line150->reason,
            "Service_Plans_Included_Friendly_Names: invalid UTF-8 replaced by U+FFFD");
}

TEST_F(VendorFileTest, InfersSegments) {
  const auto segment_of = [&](std::string_view id) {
    const Sku* sku = FindSku(catalog(), id);
    EXPECT_NE(sku, nullptr) << id;
    return sku == nullptr ? Segment::kCommercial : sku->segment;
  };
  EXPECT_EQ(segment_of("SPE_E3"), Segment::kCommercial);
  EXPECT_EQ(segment_of("CRM_AUTO_ROUTING_ADDON"), Segment::kCommercial);  // "Scheduling"
  EXPECT_EQ(segment_of("M365EDU_A1"), Segment::kEducation);
  EXPECT_EQ(segment_of("ENTERPRISEPACKPLUS_STUDENT"), Segment::kEducation);
  EXPECT_EQ(segment_of("Microsoft_Teams_Rooms_Basic_FAC"), Segment::kEducation);
  EXPECT_EQ(segment_of("SPE_F1"), Segment::kFrontline);
  EXPECT_EQ(segment_of("DESKLESSPACK"), Segment::kFrontline);
  EXPECT_EQ(segment_of("M365_G5_GCC"), Segment::kGovernment);
  EXPECT_EQ(segment_of("SPE_E3_USGOV_DOD"), Segment::kGovernment);
  EXPECT_EQ(segment_of("POWERAPPS_P1_GOV"), Segment::kGovernment);
}

}  // namespace
}  // namespace seatshift::codec
