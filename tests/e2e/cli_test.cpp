// The seatshift binary as scripts use it: real processes, a real database file, exit codes,
// stdout and stderr.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/json/src.hpp>  // Boost.JSON compiled once for the whole e2e binary
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace json = boost::json;

using seatshift::e2e::Outcome;

class CliTest : public seatshift::e2e::CliFixture {
 protected:
  std::string CreateCustomer(const std::string& domain) {
    const Outcome created = Run({"--json", "customers", "create", "--name", "Test " + domain,
                                 "--domain", domain, "--country", "US", "--currency", "USD"});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    return std::string(created.Json().at("id").as_string());
  }
};

TEST_F(CliTest, AFreshDatabaseHasTheDefaultCatalog) {
  const Outcome list = Run({"--json", "catalog", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json::value catalog = list.Json();
  EXPECT_EQ(catalog.at("items").as_array().size(), 18u);
  const Outcome kaizala = Run({"--json", "catalog", "show", "KAIZALA_PRO"});
  ASSERT_EQ(kaizala.exit_code, 0);
  const auto sku = kaizala.Json();
  EXPECT_EQ(sku.at("isPurchasable").as_bool(), false);
  EXPECT_EQ(sku.at("lifecycle").at("endOfSaleDate").as_string(), "2020-07-01");
  EXPECT_EQ(sku.at("replacementSkuIds").as_array().size(), 16u);
}

TEST_F(CliTest, GlobalFlagsAreAcceptedBeforeOrAfterTheSubcommand) {
  const std::string db = Path("flags.db");
  const Outcome after = RunExactly({"catalog", "list", "--db", db, "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.Json().at("totalCount").as_int64(), 18);
  const Outcome between =
      RunExactly({"customers", "--json", "list", "--db", db, "--now", "2026-01-01"});
  ASSERT_EQ(between.exit_code, 0) << between.err;
  EXPECT_EQ(between.Json().at("totalCount").as_int64(), 0);
  const Outcome before = RunExactly({"--db", db, "--json", "catalog", "show", "KAIZALA_PRO"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(before.Json().at("id").as_string(), "KAIZALA_PRO");

  // What no command takes is still refused, in any position, with a usage error.
  const Outcome unknown = RunExactly({"catalog", "list", "--db", db, "--bogus"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--bogus"), std::string::npos) << unknown.err;
  const Outcome two = RunExactly({"catalog", "list", "--db", db, "customers", "list"});
  EXPECT_EQ(two.exit_code, 2) << two.out;
}

TEST_F(CliTest, VendorCsvImportLoadsEverySkuAndIsIdempotent) {
  if (!std::filesystem::exists(SEATSHIFT_VENDOR_CSV)) {
    GTEST_SKIP() << "the shared vendor file is not at " SEATSHIFT_VENDOR_CSV;
  }
  const Outcome first = Run({"--json", "catalog", "import", SEATSHIFT_VENDOR_CSV});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto report = first.Json();
  EXPECT_EQ(report.at("rows").as_int64(), 3276);
  EXPECT_EQ(report.at("skusCreated").as_int64() + report.at("skusUpdated").as_int64() +
                report.at("skusUnchanged").as_int64(),
            413);
  // Two rows repeat an earlier SKU's plans; they are reported with their lines, not dropped.
  EXPECT_EQ(report.at("rejected").as_array().size(), 2u);
  EXPECT_EQ(report.at("servicePlans").as_int64(), 3274);
  EXPECT_GT(report.at("repaired").as_array().size(), 0u);

  // The 413 vendor SKUs plus the project's own Kaizala Pro standalone SKU.
  EXPECT_EQ(Run({"--json", "catalog", "list"}).Json().at("totalCount").as_int64(), 414);

  const auto again = Run({"--json", "catalog", "import", SEATSHIFT_VENDOR_CSV}).Json();
  EXPECT_EQ(again.at("skusCreated").as_int64(), 0);
  EXPECT_EQ(again.at("skusUpdated").as_int64(), 0);
  EXPECT_EQ(again.at("skusUnchanged").as_int64(), 413);

  // Vendor facts never overwrite what the partner set up: prices and lifecycle survive.
  const auto e3 = Run({"--json", "catalog", "show", "SPE_E3"}).Json();
  EXPECT_FALSE(e3.at("prices").as_array().empty());
}

TEST_F(CliTest, TheProcedureStepByStep) {
  ASSERT_EQ(Run({"import", std::string(SEATSHIFT_EXAMPLES_DIR) + "/estate.json"}).exit_code, 0);
  const Outcome customers = Run({"--json", "customers", "list"});
  ASSERT_EQ(customers.exit_code, 0);
  const std::string customer(
      customers.Json().at("items").at(0).at("companyProfile").at("domain").as_string());

  const auto subs = Run({"--json", "subscriptions", "list", "--customer", customer}).Json();
  std::string kaizala_sub;
  std::int64_t kaizala_seats = 0;
  for (const auto& s : subs.at("items").as_array()) {
    if (s.at("offerId") == "KAIZALA_PRO") {
      kaizala_sub = std::string(s.at("id").as_string());
      kaizala_seats = s.at("quantity").as_int64();
    }
  }
  ASSERT_FALSE(kaizala_sub.empty()) << "the example estate starts on Kaizala Pro";

  // A. Purchase the replacement.
  const Outcome order = Run({"--json", "orders", "create", "--customer", customer, "--item",
                             "SPE_E3:" + std::to_string(kaizala_seats), "--request-id", "step-a"});
  ASSERT_EQ(order.exit_code, 0) << order.err;
  // B. Move every user in one transaction.
  const Outcome swap =
      Run({"licenses", "swap", "--customer", customer, "--from", "KAIZALA_PRO", "--to", "SPE_E3"});
  ASSERT_EQ(swap.exit_code, 0) << swap.err;
  // C. Suspend the old subscription: nobody depends on it any more.
  const Outcome suspend =
      Run({"--json", "subscriptions", "suspend", "--customer", customer, kaizala_sub});
  ASSERT_EQ(suspend.exit_code, 0) << suspend.err;
  const auto suspended = suspend.Json();
  EXPECT_EQ(suspended.at("status"), "suspended");
  EXPECT_EQ(suspended.at("deprovisionDate"), "2027-03-25T09:00:00Z");

  const auto skus = Run({"--json", "licenses", "skus", "--customer", customer}).Json();
  for (const auto& s : skus.at("items").as_array()) {
    if (s.at("productSku").at("id") == "KAIZALA_PRO") {
      EXPECT_EQ(s.at("consumedUnits").as_int64(), 0);
    }
  }
}

TEST_F(CliTest, ExitCodesTellTheErrorClass) {
  CreateCustomer("contoso.test");
  const Outcome usage = Run({"customers", "list", "--no-such-flag"});
  EXPECT_EQ(usage.exit_code, 2);

  const Outcome bad = Run({"customers", "create", "--name", "X", "--domain", "x.test", "--country",
                           "US", "--currency", "dollars"});
  EXPECT_EQ(bad.exit_code, 3);
  ExpectOneLineError(bad, "currency");

  const Outcome missing = Run({"customers", "show", "nowhere.test"});
  EXPECT_EQ(missing.exit_code, 4);
  ExpectOneLineError(missing, "nowhere.test");

  const Outcome duplicate = Run({"customers", "create", "--name", "Again", "--domain",
                                 "contoso.test", "--country", "US", "--currency", "USD"});
  EXPECT_EQ(duplicate.exit_code, 5);
  ExpectOneLineError(duplicate, "already exists");

  const Outcome retired =
      Run({"orders", "create", "--customer", "contoso.test", "--item", "KAIZALA_PRO:5"});
  EXPECT_EQ(retired.exit_code, 5);
  ExpectOneLineError(retired, "offerNotPurchasable");

  const std::string sub = std::string(
      Run({"--json", "orders", "create", "--customer", "contoso.test", "--item", "SPE_E3:5"})
          .Json()
          .at("lineItems")
          .at(0)
          .at("subscriptionId")
          .as_string());
  ASSERT_EQ(
      Run({"subscriptions", "set-quantity", "--customer", "contoso.test", sub, "6"}).exit_code, 0);
  const Outcome stale = Run(
      {"subscriptions", "set-quantity", "--customer", "contoso.test", sub, "7", "--if-match", "1"});
  EXPECT_EQ(stale.exit_code, 6);
  ExpectOneLineError(stale, "2055");

  const Outcome not_a_db = Run({"catalog", "list"}, "../../../../../proc/version");
  EXPECT_EQ(not_a_db.exit_code, 8);
  ExpectOneLineError(not_a_db, "storageError");
}

TEST_F(CliTest, HostileInputIsStoredVerbatimNeverExecuted) {
  const std::string name = "Robert'); DROP TABLE customers;--";
  const Outcome created = Run({"--json", "customers", "create", "--name", name, "--domain",
                               "bobby.test", "--country", "US", "--currency", "USD"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(Run({"--json", "customers", "show", "bobby.test"})
                .Json()
                .at("companyProfile")
                .at("companyName")
                .as_string(),
            name);
  const Outcome control = Run({"customers", "create", "--name", "bell\x07", "--domain", "bell.test",
                               "--country", "US", "--currency", "USD"});
  EXPECT_EQ(control.exit_code, 3);
}

TEST_F(CliTest, DemoSeedIsReproducible) {
  const auto seed = [&](const std::string& db) {
    const Outcome o = Run({"--json", "demo", "seed", "--customers", "20", "--users-per-customer",
                           "10", "--seed", "5"},
                          db);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return o.Json();
  };
  const auto a = seed("a.db");
  seed("b.db");
  EXPECT_EQ(a.at("users").as_int64(), 200);
  EXPECT_EQ(Run({"--json", "customers", "list"}, "a.db").out,
            Run({"--json", "customers", "list"}, "b.db").out);
}

TEST_F(CliTest, AFailedEstateImportChangesNothing) {
  std::ofstream(Path("customers.csv")) << "companyName,domain,segment,country,currency\n"
                                          "Alpha,alpha.test,commercial,US,USD\n";
  std::ofstream(Path("users.csv")) << "customerDomain,userPrincipalName,displayName,usageLocation\n"
                                      "alpha.test,ada@alpha.test,Ada,US\n"
                                      "beta.test,ben@beta.test,Ben,US\n";
  const Outcome failed = Run({"import", Path("customers.csv"), Path("users.csv")});
  EXPECT_NE(failed.exit_code, 0);
  ExpectOneLineError(failed, "users.csv:3");
  EXPECT_EQ(Run({"--json", "customers", "list"}).Json().at("totalCount").as_int64(), 0);
}

}  // namespace
