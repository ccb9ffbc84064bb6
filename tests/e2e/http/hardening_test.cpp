// Input the API must refuse rather than guess at, over the real HTTP server: unusable
// idempotency keys, duplicate JSON keys, look-alike content types, names that hide what they
// say; and CSV exports that must not hand a spreadsheet a formula.
#include <sstream>

#include "api_fixture.hpp"
#include "testing/csv_records.hpp"

namespace seatshift::testing {
namespace {

class HardeningTest : public ApiTest {
 protected:
  std::int64_t SubscriptionCount() {
    return env_.store()
        .Read()
        ->ListSubscriptions({.customer_id = customer_.id}, {.after = "", .limit = 10})
        ->total;
  }
  std::int64_t CustomerCount() {
    return env_.store().Read()->ListCustomers({}, {.after = "", .limit = 10})->total;
  }

  //! The value of `key` in the error body's data, "" when absent.
  static std::string Detail(const HttpResult& response, const std::string& key) {
    const boost::json::value body = response.Json();
    for (const auto& item : body.at("data").as_array()) {
      if (const auto* v = item.as_object().if_contains(key)) return std::string(v->as_string());
    }
    return "";
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
  const std::string order_ =
      R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":5}]})";
};

TEST_F(HardeningTest, AnUnusableRequestIdIsRefusedBeforeAnythingIsBought) {
  auto admin = Admin();
  const std::string path = CustomerPath(customer_) + "/orders";
  for (const std::string& id :
       {std::string("order 42"), std::string(129, 'k'), std::string("caf\xc3\xa9"),
        std::string("tab\there"), std::string("")}) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      const auto refused = admin.Post(path, order_, {{"MS-RequestId", id}});
      EXPECT_EQ(refused.status, 400) << "'" << id << "': " << refused.body;
      EXPECT_EQ(Detail(refused, "header"), "MS-RequestId") << refused.body;
    }
  }
  EXPECT_EQ(SubscriptionCount(), 0);
  EXPECT_EQ(admin.Post(path, order_, {{"MS-RequestId", std::string(128, 'k')}}).status, 201);
  EXPECT_EQ(SubscriptionCount(), 1);
}

TEST_F(HardeningTest, DuplicateJsonKeysAreRefusedNamingTheKey) {
  auto admin = Admin();
  const auto top = admin.Post(
      "/v1/customers",
      R"({"companyProfile":{"companyName":"A","domain":"a.test"},"country":"US","currency":"USD","country":"DE"})");
  EXPECT_EQ(top.status, 400) << top.body;
  EXPECT_EQ(Detail(top, "field"), "country");
  const auto nested = admin.Post(
      "/v1/customers",
      R"({"companyProfile":{"companyName":"A","domain":"a.test","domain":"b.test"},"country":"US","currency":"USD"})");
  EXPECT_EQ(nested.status, 400) << nested.body;
  EXPECT_EQ(Detail(nested, "field"), "domain");
  // The same key in two different objects is no duplicate.
  const auto lines = admin.Post(
      CustomerPath(customer_) + "/orders",
      R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":1},{"lineItemNumber":1,"offerId":"SPE_E5","quantity":1}]})");
  EXPECT_EQ(lines.status, 201) << lines.body;
  EXPECT_EQ(CustomerCount(), 1);
}

TEST_F(HardeningTest, OnlyApplicationJsonIsJson) {
  auto admin = Admin();
  const std::string body =
      R"({"companyProfile":{"companyName":"A","domain":"a.test"},"country":"US","currency":"USD"})";
  for (const char* type : {"application/jsonx", "application/json-patch+json", "text/json",
                           "application/json; charset=latin1"}) {
    EXPECT_EQ(admin.Post("/v1/customers", body, {{"Content-Type", type}}).status, 415) << type;
  }
  EXPECT_EQ(CustomerCount(), 1);
  EXPECT_EQ(admin.Post("/v1/customers", body, {{"Content-Type", "Application/JSON; charset=UTF-8"}})
                .status,
            201);
}

TEST_F(HardeningTest, NamesWithControlOrBidiCharactersAreRefusedNamingTheField) {
  auto admin = Admin();
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 5);
  const User user = env_.NewUser(customer_, "ada");
  // U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+200F RIGHT-TO-LEFT MARK,
  // U+0085 NEXT LINE (C1), and an escape (C0).
  for (const std::string& bad : {std::string("Invoice \xe2\x80\xae"
                                             "fdp.exe"),
                                 std::string("A \xe2\x81\xa6"
                                             "B"),
                                 std::string("A\xe2\x80\x8f"),
                                 std::string("A\xc2\x85"
                                             "B"),
                                 std::string("A\\u001bB")}) {
    const auto company =
        admin.Post("/v1/customers", R"({"companyProfile":{"companyName":")" + bad +
                                        R"(","domain":"a.test"},"country":"US","currency":"USD"})");
    EXPECT_EQ(company.status, 400) << company.body;
    EXPECT_EQ(Detail(company, "field"), "companyName") << company.body;

    const auto display =
        admin.Patch(UserPath(customer_, user), R"({"displayName":")" + bad + R"("})");
    EXPECT_EQ(display.status, 400) << display.body;
    EXPECT_EQ(Detail(display, "field"), "displayName") << display.body;

    const auto friendly =
        admin.Patch(SubscriptionPath(customer_, sub), R"({"friendlyName":")" + bad + R"("})");
    EXPECT_EQ(friendly.status, 400) << friendly.body;
    EXPECT_EQ(Detail(friendly, "field"), "friendlyName") << friendly.body;

    const auto line = admin.Post(
        CustomerPath(customer_) + "/orders",
        R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":1,"friendlyName":")" +
            bad + R"("}]})");
    EXPECT_EQ(line.status, 400) << line.body;
    EXPECT_EQ(Detail(line, "field"), "lineItems[0].friendlyName") << line.body;
  }
  EXPECT_EQ(CustomerCount(), 1);
  EXPECT_EQ(SubscriptionCount(), 1);
  // Names in other scripts are welcome.
  EXPECT_EQ(
      admin.Patch(SubscriptionPath(customer_, sub), R"({"friendlyName":"Büro – 東京"})").status,
      200);
}

TEST_F(HardeningTest, ExpiringReportCsvShowsAFormulaAsTextNotAFormula) {
  const Subscription sub = env_.Existing(customer_, "KAIZALA_PRO", 5, "2026-12-15");
  const std::string formula = R"(=HYPERLINK("http://evil.test","Renew now"))";
  ASSERT_EQ(Admin()
                .Patch(SubscriptionPath(customer_, sub),
                       R"j({"friendlyName":"=HYPERLINK(\"http://evil.test\",\"Renew now\")"})j")
                .status,
            200);
  const auto csv =
      As(Role::kSalesAgent)
          .Get("/v1/subscriptions?autoRenewEnabled=false&withinDays=30", {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  const auto rows = testing::CsvRecords(csv.body);
  ASSERT_EQ(rows.size(), 2u) << csv.body;
  const auto column = std::find(rows[0].begin(), rows[0].end(), "friendlyName") - rows[0].begin();
  const std::string& cell = rows[1].at(static_cast<std::size_t>(column));
  EXPECT_EQ(cell, "'" + formula) << "shown as text, the name unchanged after the quote";
  EXPECT_EQ(std::string("=+-@\t\r").find(cell.front()), std::string::npos);
}

}  // namespace
}  // namespace seatshift::testing
