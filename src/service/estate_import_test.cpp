#include "service/estate_import.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "domain/simulated_clock.hpp"
#include "import/catalog_json.hpp"
#include "import/estate_files.hpp"
#include "service/catalog_service.hpp"
#include "testing/test_env.hpp"

namespace seatshift::service {
namespace {

namespace fs = std::filesystem;

::testing::AssertionResult Contains(std::string_view text, std::string_view part) {
  if (text.find(part) != std::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' lacks '" << part << "'";
}

::testing::AssertionResult StartsWith(std::string_view text, std::string_view prefix) {
  if (text.starts_with(prefix)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not start with '" << prefix << "'";
}

// A small valid estate; tests overwrite one file to break it.
constexpr std::string_view kCustomers =
    "companyName,domain,segment,country,currency\n"
    "Contoso Pharmacy,contoso.com,commercial,US,USD\n"
    "Fabrikam,fabrikam.com,frontline,GB,GBP\n";
constexpr std::string_view kUsers =
    "customerDomain,userPrincipalName,displayName,usageLocation\n"
    "contoso.com,adele@contoso.com,Adele Vance,\n"
    "contoso.com,megan@contoso.com,Megan Bowen,US\n"
    "fabrikam.com,alex@fabrikam.com,Alex Wilber,\n";
// Only the required columns, in another order: the optional ones take their defaults.
constexpr std::string_view kSubscriptions =
    "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,autoRenewEnabled\n"
    "contoso.com,KAIZALA_PRO,2,active,2026-01-01,2026-12-31,false\n"
    "fabrikam.com,SPE_F1,5,active,2026-03-01,2027-02-28,TRUE\n";
constexpr std::string_view kLicenses =
    "customerDomain,userPrincipalName,skuId,excludedPlans\n"
    "contoso.com,adele@contoso.com,KAIZALA_PRO,\n"
    "contoso.com,megan@contoso.com,KAIZALA_PRO,\n"
    "fabrikam.com,alex@fabrikam.com,SPE_F1,\n";

class EstateImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (fs::temp_directory_path() / "seatshift-estate-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    store_ = testing::DefaultTestBackend() == "postgresql"
                 ? testing::OpenLocation(testing::FreshPostgresSchema())
                 : testing::OpenLocation((dir_ / "seatshift.db").string());
    auto catalog = import::DefaultCatalog();
    ASSERT_TRUE(catalog.ok()) << catalog.error().message;
    auto upserted = CatalogService(Deps()).Upsert(ctx_, catalog->products, catalog->skus,
                                                  CatalogMerge::kReplace);
    ASSERT_TRUE(upserted.ok()) << upserted.error().message;
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Dependencies Deps() { return Dependencies{*store_, clock_, ids_}; }

  //! Writes `name` in the test's directory and returns its path.
  std::string Write(const std::string& name, std::string_view content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  //! The four files of the valid estate above, with `name` replaced by `content` if given.
  std::vector<std::string> CsvEstate(const std::string& name = "", std::string_view content = "") {
    const std::pair<std::string, std::string_view> files[] = {{"customers.csv", kCustomers},
                                                              {"users.csv", kUsers},
                                                              {"subscriptions.csv", kSubscriptions},
                                                              {"licenses.csv", kLicenses}};
    std::vector<std::string> paths;
    for (const auto& [file, text] : files)
      paths.push_back(Write(file, file == name ? content : text));
    return paths;
  }

  Result<EstateImportReport> Import(const std::vector<std::string>& paths) {
    auto estate = import::ReadEstateFiles(paths);
    if (!estate.ok()) return std::move(estate).error();
    return ImportEstate(Deps(), ctx_, *estate);
  }

  //! The error of importing `paths`, with its message relative to the test's directory.
  Error ImportError(const std::vector<std::string>& paths) {
    auto result = Import(paths);
    if (result.ok()) return Error(ErrorCode::kInternal, "the import succeeded");
    Error error = std::move(result).error();
    const std::string prefix = dir_.string() + "/";
    for (auto at = error.message.find(prefix); at != std::string::npos;
         at = error.message.find(prefix)) {
      error.message.erase(at, prefix.size());
    }
    return error;
  }

  std::int64_t CustomerCount() {
    auto page = store_->Read()->ListCustomers({}, {});
    return page.ok() ? page->total : -1;
  }

  Customer CustomerOf(const std::string& domain) {
    auto customer = store_->Read()->FindCustomerByDomain(domain);
    EXPECT_TRUE(customer) << domain;
    return customer.value_or(Customer{});
  }

  std::vector<Subscription> SubscriptionsOf(const CustomerId& customer) {
    auto page = store_->Read()->ListSubscriptions({.customer_id = customer}, {});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<Subscription>{};
  }

  std::vector<License> LicensesOf(const CustomerId& customer, const std::string& upn) {
    auto tx = store_->Read();
    auto user = tx->FindUserByPrincipalName(customer, upn);
    EXPECT_TRUE(user) << upn;
    return user ? tx->LicensesOfUser(user->id) : std::vector<License>{};
  }

  //! What examples/estate/ and examples/estate.json both describe.
  void ExpectExampleEstate(const EstateImportReport& report) {
    EXPECT_EQ(report.customers, 3);
    EXPECT_EQ(report.users, 9);
    EXPECT_EQ(report.subscriptions, 5);
    EXPECT_EQ(report.licenses, 11);

    const Customer northwind = CustomerOf("northwindtraders.com");
    EXPECT_EQ(northwind.company_name, "Northwind Traders");
    EXPECT_EQ(northwind.created_at, clock_.Now());
    auto users = store_->Read()->ListUsers(northwind.id, {});
    ASSERT_TRUE(users.ok());
    EXPECT_EQ(users->total, 3);
    const auto lynne = LicensesOf(northwind.id, "lynne.robbins@northwindtraders.com");
    ASSERT_EQ(lynne.size(), 2u);
    const auto e3 = std::ranges::find(lynne, SkuId("SPE_E3"), &License::sku_id);
    ASSERT_NE(e3, lynne.end());
    EXPECT_EQ(e3->excluded_plans.size(), 2u);
    EXPECT_EQ(store_->Read()->CountSeats(northwind.id, SkuId("KAIZALA_PRO")),
              (SeatCount{.seats = 20, .assigned = 2}));

    const auto contoso = SubscriptionsOf(CustomerOf("contoso-pharmacy.com").id);
    ASSERT_EQ(contoso.size(), 1u);
    EXPECT_EQ(contoso[0].sku_id, SkuId("KAIZALA_PRO"));
    EXPECT_EQ(contoso[0].status, SubscriptionStatus::kActive);
    EXPECT_FALSE(contoso[0].auto_renew);
    EXPECT_EQ(contoso[0].term_end, *ParseDate("2026-12-31"));
    EXPECT_EQ(contoso[0].version, 1);

    const Customer fabrikam = CustomerOf("fabrikam-logistics.co.uk");
    const auto fabrikam_subs = SubscriptionsOf(fabrikam.id);
    const auto pilot =
        std::ranges::find(fabrikam_subs, SubscriptionStatus::kSuspended, &Subscription::status);
    ASSERT_NE(pilot, fabrikam_subs.end());
    EXPECT_EQ(pilot->suspended_at, ParseInstant("2026-10-01T09:00:00Z"));
    EXPECT_EQ(pilot->billing_cycle, BillingCycle::kMonthly);
    // An empty usageLocation is the customer's country.
    auto alex = store_->Read()->FindUserByPrincipalName(fabrikam.id,
                                                        "alex.wilber@fabrikam-logistics.co.uk");
    ASSERT_TRUE(alex);
    EXPECT_EQ(alex->usage_location, "GB");

    auto audit = store_->Read()->ListAudit({.customer_id = fabrikam.id}, {});
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->items.size(), 1u);
    EXPECT_EQ(audit->items[0].operation, "estate.import");
    EXPECT_EQ(audit->items[0].resource_type, "Customer");
    EXPECT_TRUE(Contains(audit->items[0].after, "\"licenses\":3"));
  }

  SimulatedClock clock_{*ParseInstant("2026-11-25T00:00:00Z")};
  UuidV7Generator ids_{clock_, 1};
  RequestContext ctx_{Actor{"test", Role::kAdminAgent}, "corr"};
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(EstateImportTest, ImportsTheExampleCsvFilesInAnyOrder) {
  const std::string dir = std::string(SEATSHIFT_EXAMPLES_DIR) + "/estate/";
  auto estate = import::ReadEstateFiles(
      {dir + "licenses.csv", dir + "subscriptions.csv", dir + "users.csv", dir + "customers.csv"});
  ASSERT_TRUE(estate.ok()) << estate.error().message;
  EXPECT_EQ(estate->licenses.front().where, dir + "licenses.csv:2");
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  auto report = ImportEstate(Deps(), ctx_, *estate, [&](std::size_t done, std::size_t total) {
    calls.emplace_back(done, total);
  });
  ASSERT_TRUE(report.ok()) << report.error().message;
  ExpectExampleEstate(*report);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), (std::pair<std::size_t, std::size_t>{28, 28}));
}

TEST_F(EstateImportTest, ImportsTheExampleJson) {
  auto report = Import({std::string(SEATSHIFT_EXAMPLES_DIR) + "/estate.json"});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ExpectExampleEstate(*report);
}

TEST_F(EstateImportTest, DefaultsOptionalColumnsAndAcceptsTheRetiredSkuWithAutoRenewOff) {
  auto report = Import(CsvEstate());
  ASSERT_TRUE(report.ok()) << report.error().message;
  const auto subs = SubscriptionsOf(CustomerOf("contoso.com").id);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].friendly_name, "Microsoft Kaizala Pro");  // the SKU's title
  EXPECT_EQ(subs[0].term, TermDuration::kOneYear);
  EXPECT_EQ(subs[0].billing_cycle, BillingCycle::kMonthly);
  EXPECT_TRUE(SubscriptionsOf(CustomerOf("fabrikam.com").id).at(0).auto_renew);
}

TEST_F(EstateImportTest, AnErrorInTheLastLicenseLeavesNothingBehind) {
  const std::string licenses = std::string(kLicenses) + "fabrikam.com,alex@fabrikam.com,NOPE,\n";
  const Error error = ImportError(CsvEstate("licenses.csv", licenses));
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_TRUE(StartsWith(error.message, "licenses.csv:5: skuId: ")) << error.message;
  EXPECT_EQ(CustomerCount(), 0);
  EXPECT_FALSE(store_->Read()->FindCustomerByDomain("contoso.com"));

  auto retry = Import(CsvEstate());
  ASSERT_TRUE(retry.ok()) << retry.error().message;
  EXPECT_EQ(CustomerCount(), 2);
}

TEST_F(EstateImportTest, UsersMayJoinACustomerAlreadyInTheDatabase) {
  ASSERT_TRUE(Import({Write("customers.csv", kCustomers)}).ok());
  auto report = Import({Write("users.csv", kUsers)});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->customers, 0);
  EXPECT_EQ(report->users, 3);
  // ...but not twice.
  const Error error = ImportError({Write("users.csv", kUsers)});
  EXPECT_EQ(error.code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(StartsWith(error.message, "users.csv:2: userPrincipalName: ")) << error.message;
}

TEST_F(EstateImportTest, LicensesMayJoinUsersAndSeatsAlreadyInTheDatabase) {
  auto paths = CsvEstate();
  const std::string licenses = paths.back();
  paths.pop_back();
  ASSERT_TRUE(Import(paths).ok());
  auto report = Import({licenses});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->licenses, 3);
  EXPECT_EQ(LicensesOf(CustomerOf("contoso.com").id, "adele@contoso.com").size(), 1u);

  const Error error = ImportError({licenses});
  EXPECT_EQ(error.code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(StartsWith(error.message, "licenses.csv:2: skuId: adele@contoso.com already holds"));
}

TEST_F(EstateImportTest, ErrorsNameFileLineAndField) {
  struct Case {
    std::string file;
    std::string content;
    ErrorCode code;
    std::string message_start;
  };
  const std::vector<Case> cases = {
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
       "autoRenewEnabled\n"
       "contoso.com,KAIZALA_PRO,2,active,2026-02-30,2026-12-31,false\n",
       ErrorCode::kBadRequest, "subscriptions.csv:2: effectiveStartDate: '2026-02-30' is not"},
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
       "autoRenewEnabled\n"
       "contoso.com,NOPE_E9,2,active,2026-01-01,2026-12-31,false\n",
       ErrorCode::kNotFound, "subscriptions.csv:2: offerId: SKU 'NOPE_E9'"},
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
       "autoRenewEnabled\n"
       "contoso.com,KAIZALA_PRO,2,active,2026-01-01,2026-12-31,yes\n",
       ErrorCode::kBadRequest, "subscriptions.csv:2: autoRenewEnabled: 'yes' is not true or false"},
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
       "autoRenewEnabled\n"
       "contoso.com,KAIZALA_PRO,2,active,2026-01-01,2026-12-31,false\n"
       "contoso.com,KAIZALA_PRO,3,active,2026-01-01,2026-12-31,true\n",
       ErrorCode::kAutoRenewLocked, "subscriptions.csv:3: autoRenewEnabled: must be false"},
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
       "autoRenewEnabled\n"
       "contoso.com,KAIZALA_PRO,2,active,2026-12-31,2026-01-01,false\n",
       ErrorCode::kBadRequest, "subscriptions.csv:2: commitmentEndDate: "},
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
       "autoRenewEnabled\n"
       "contoso.com,KAIZALA_PRO,20000,active,2026-01-01,2026-12-31,false\n",
       ErrorCode::kQuantityOutOfRange, "subscriptions.csv:2: quantity: "},
      {"subscriptions.csv",
       "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate\n"
       "contoso.com,KAIZALA_PRO,2,active,2026-01-01,2026-12-31\n",
       ErrorCode::kBadRequest, "subscriptions.csv:1: missing column 'autoRenewEnabled'"},
      {"users.csv",
       "customerDomain,userPrincipalName,displayName\n"
       "contoso.com,adele@contoso.com,Adele Vance\n"
       "tailspin.com,ann@tailspin.com,Ann Beebe\n",
       ErrorCode::kNotFound, "users.csv:3: customerDomain: no customer with domain 'tailspin.com'"},
      {"users.csv",
       "CustomerDomain,USERPRINCIPALNAME,displayName,nickname\n"
       "contoso.com,adele@contoso.com,Adele Vance,Ad\n",
       ErrorCode::kBadRequest, "users.csv:1: unknown column 'nickname' in a users file"},
      {"users.csv",
       "customerDomain,userPrincipalName,displayName\n"
       "contoso.com,adele@contoso.com,Adele Vance\n"
       "contoso.com,Adele@Contoso.com,Adele Again\n",
       ErrorCode::kAlreadyExists, "users.csv:3: userPrincipalName: 'adele@contoso.com'"},
      {"users.csv",
       "customerDomain,userPrincipalName,displayName\n"
       "contoso.com,adele@fabrikam.com,Adele Vance\n",
       ErrorCode::kBadRequest, "users.csv:2: userPrincipalName: "},
      {"customers.csv",
       "companyName,domain,segment,country,currency\n"
       "Contoso Pharmacy,contoso.com,commercial,US,USD\n"
       "Fabrikam,fabrikam.com,frontline,GB,GBP\n"
       "Contoso Again,CONTOSO.com,commercial,US,USD\n",
       ErrorCode::kAlreadyExists,
       "customers.csv:4: domain: 'contoso.com' appears twice in the estate (first at "
       "customers.csv:2)"},
      {"customers.csv",
       "companyName,domain,segment,country,currency\n"
       "Contoso Pharmacy,contoso.com,corporate,US,USD\n",
       ErrorCode::kBadRequest, "customers.csv:2: segment: 'corporate' is not one of"},
      {"licenses.csv",
       "customerDomain,userPrincipalName,skuId,excludedPlans\n"
       "contoso.com,adele@contoso.com,KAIZALA_PRO,aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1\n",
       ErrorCode::kServicePlanNotInSku,
       "licenses.csv:2: excludedPlans: service plan "
       "aebd3021-9f8f-4bf8-bbe3-0ed2f4f047a1 is not part of "
       "KAIZALA_PRO"},
      {"licenses.csv",
       "customerDomain,userPrincipalName,skuId,excludedPlans\n"
       "contoso.com,adele@contoso.com,KAIZALA_PRO,not-a-guid\n",
       ErrorCode::kBadRequest, "licenses.csv:2: excludedPlans: 'not-a-guid' is not a GUID"},
      {"licenses.csv",
       "customerDomain,userPrincipalName,skuId\n"
       "contoso.com,adele@contoso.com,KAIZALA_PRO\n"
       "contoso.com,ADELE@contoso.com,KAIZALA_PRO\n",
       ErrorCode::kAlreadyExists, "licenses.csv:3: skuId: adele@contoso.com already holds"},
      {"licenses.csv",
       "customerDomain,userPrincipalName,skuId\n"
       "contoso.com,nobody@contoso.com,KAIZALA_PRO\n",
       ErrorCode::kNotFound, "licenses.csv:2: userPrincipalName: no user 'nobody@contoso.com'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.content);
    const Error error = ImportError(CsvEstate(c.file, c.content));
    EXPECT_EQ(error.code, c.code) << error.message;
    EXPECT_TRUE(StartsWith(error.message, c.message_start));
    EXPECT_EQ(CustomerCount(), 0);
  }
}

TEST_F(EstateImportTest, ADomainAlreadyInTheDatabaseIsRefused) {
  ASSERT_TRUE(Import({Write("customers.csv", kCustomers)}).ok());
  const Error error = ImportError({Write("more.csv", kCustomers)});
  EXPECT_EQ(error.code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(StartsWith(error.message,
                         "more.csv:2: domain: a customer with domain "
                         "'contoso.com' already exists"));
}

TEST_F(EstateImportTest, LicensesBeyondTheActiveSeatsAreRefused) {
  // One active seat; the suspended subscription's five do not count.
  const Error error = ImportError(
      CsvEstate("subscriptions.csv",
                "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
                "autoRenewEnabled,suspendedAt\n"
                "contoso.com,KAIZALA_PRO,1,active,2026-01-01,2026-12-31,false,\n"
                "contoso.com,KAIZALA_PRO,5,suspended,2026-01-01,2026-12-31,false,2026-11-01\n"
                "fabrikam.com,SPE_F1,5,active,2026-03-01,2027-02-28,true,\n"));
  EXPECT_EQ(error.code, ErrorCode::kNotEnoughLicenses);
  // The second license of contoso.com is the first without a seat.
  EXPECT_TRUE(StartsWith(error.message, "licenses.csv:3: "));
  EXPECT_TRUE(Contains(error.message, "KAIZALA_PRO"));
  EXPECT_TRUE(Contains(error.message, "contoso.com"));
  EXPECT_TRUE(Contains(error.message, "1 seat(s), 2 license(s) assigned"));
  EXPECT_EQ(CustomerCount(), 0);
}

TEST_F(EstateImportTest, ASuspensionWithoutATimeStartsOnImport) {
  auto report = Import(
      CsvEstate("subscriptions.csv",
                "customerDomain,offerId,quantity,status,effectiveStartDate,commitmentEndDate,"
                "autoRenewEnabled\n"
                "contoso.com,KAIZALA_PRO,2,active,2026-01-01,2026-12-31,false\n"
                "contoso.com,KAIZALA_PRO,3,Suspended,2026-01-01,2026-12-31,false\n"
                "fabrikam.com,SPE_F1,5,active,2026-03-01,2027-02-28,true\n"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  const auto subs = SubscriptionsOf(CustomerOf("contoso.com").id);
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[1].suspended_at, clock_.Now());
}

TEST_F(EstateImportTest, JsonErrorsNameThePath) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"customers": [{"companyName": "Contoso", "domain": "contoso.com",
            "segment": "commercial", "country": "US", "currency": "USD",
            "users": [{"userPrincipalName": "adele@contoso.com", "displayName": "Adele",
                       "licenses": [{"skuId": 42}]}]}]})",
       "estate.json:customers[0].users[0].licenses[0].skuId: expected a string"},
      {R"({"customers": [{"companyName": "Contoso", "domain": "contoso.com",
            "segment": "commercial", "country": "US", "currency": "USD",
            "subscriptions": [{"offerId": "KAIZALA_PRO", "seats": 3}]}]})",
       "estate.json:customers[0].subscriptions[0].seats: unknown key"},
      {R"({"customers": [{"companyName": "Contoso", "domain": "contoso.com",
            "segment": "commercial", "country": "US", "currency": "USD",
            "subscriptions": [{"offerId": "KAIZALA_PRO", "quantity": "3"}]}]})",
       "estate.json:customers[0].subscriptions[0].quantity: expected a whole number"},
      {R"({"customers": {"companyName": "Contoso"}})", "estate.json:customers: expected an array"},
      {R"({"customers": [{"companyName": "Contoso", "domain": "contoso.com",
            "segment": "commercial", "country": "US"}]})",
       "estate.json:customers[0].currency: is required"},
      {"{\"customers\": [\n  {\"companyName\": \"Contoso\",,}\n]}",
       "estate.json:2:29: malformed JSON: "},
      {"{\"customers\": [", "estate.json:1:16: malformed JSON: "},
  };
  for (const auto& [json, message_start] : cases) {
    SCOPED_TRACE(json);
    const Error error = ImportError({Write("estate.json", json)});
    EXPECT_EQ(error.code, ErrorCode::kBadRequest);
    EXPECT_TRUE(StartsWith(error.message, message_start));
  }
}

TEST_F(EstateImportTest, JsonRecordsAreNamedByTheirPath) {
  const std::string json = R"({"customers": [{"companyName": "Contoso", "domain": "contoso.com",
      "segment": "commercial", "country": "US", "currency": "USD",
      "users": [{"userPrincipalName": "adele@contoso.com", "displayName": "Adele",
                 "licenses": [{"skuId": "KAIZALA_PRO", "excludedPlans": []}]}],
      "subscriptions": [{"offerId": "KAIZALA_PRO", "quantity": 1, "status": "active",
                         "effectiveStartDate": "2026-01-01", "commitmentEndDate": "2026-12-31",
                         "autoRenewEnabled": true, "suspendedAt": null}]}]})";
  const Error error = ImportError({Write("estate.json", json)});
  EXPECT_EQ(error.code, ErrorCode::kAutoRenewLocked);
  EXPECT_TRUE(StartsWith(error.message,
                         "estate.json:customers[0].subscriptions[0]: "
                         "autoRenewEnabled: must be false"));
}

TEST_F(EstateImportTest, FileProblems) {
  const Error missing = ImportError({(dir_ / "nope.csv").string()});
  EXPECT_EQ(missing.code, ErrorCode::kNotFound);
  EXPECT_TRUE(Contains(missing.message, "nope.csv"));

  const Error kind = ImportError({Write("odd.csv", "name,email\nAnn,ann@contoso.com\n")});
  EXPECT_EQ(kind.code, ErrorCode::kBadRequest);
  EXPECT_TRUE(StartsWith(kind.message, "odd.csv:1: the header is not one of an estate file"));

  const Error width = ImportError({Write(
      "customers.csv", "companyName,domain,segment,country,currency\nContoso,contoso.com\n")});
  EXPECT_TRUE(StartsWith(width.message, "customers.csv:2: 2 fields, but the header has 5"));

  const Error type = ImportError({Write("estate.txt", "")});
  EXPECT_TRUE(Contains(type.message, "expected a .csv or .json name"));
}

TEST_F(EstateImportTest, NeedsThePermissionToManageCustomers) {
  auto estate = import::ReadEstateFiles(CsvEstate());
  ASSERT_TRUE(estate.ok());
  const RequestContext helpdesk{Actor{"helpdesk", Role::kHelpdeskAgent}, "corr"};
  auto result = ImportEstate(Deps(), helpdesk, *estate);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace seatshift::service
