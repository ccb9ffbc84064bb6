// `seatshift db copy --from FILE --to postgresql://…`: a fleet seeded on SQLite, copied, reads
// the same through the PostgreSQL backend, and a server on the copy accepts the tokens issued on
// the file.
#include <fmt/format.h>

#include <cstdlib>

#include "http_client.hpp"
#include "server_process.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

int RunCliStatus(const std::string& args) {
  const int status =
      std::system((std::string(SEATSHIFT_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<Customer> AllCustomers(store::Store& store) {
  std::vector<Customer> out;
  store::PageRequest page{.after = "", .limit = 1000};
  auto tx = store.Read();
  do {
    auto customers = tx->ListCustomers({}, page);
    EXPECT_TRUE(customers.ok());
    out.insert(out.end(), customers->items.begin(), customers->items.end());
    page.after = customers->next;
  } while (!page.after.empty());
  return out;
}

TEST(DbCopyTest, ASeededFileCopiedToPostgresReadsTheSameAndKeepsItsTokens) {
  if (DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
  TempDir dir;
  const std::string file = dir.File("seatshift.db");
  RunCli(
      fmt::format("--db {} --now 2026-11-25T09:00:00Z demo seed --customers 12 "
                  "--users-per-customer 5",
                  file));
  const auto created = boost::json::parse(RunCli(fmt::format(
      "--db {} --json agents create --email ops@partner.test --role admin_agent", file)));
  const std::string token(created.at("token").as_string());
  const std::string url = FreshPostgresSchema();

  ASSERT_EQ(RunCliStatus(fmt::format("db copy --from {} --to '{}'", file, url)), 0);
  auto source = OpenLocation(file);
  auto copy = OpenLocation(url);
  const std::vector<Customer> customers = AllCustomers(*source);
  ASSERT_EQ(customers.size(), 12u);
  EXPECT_EQ(AllCustomers(*copy), customers);
  auto from = source->Read();
  auto to = copy->Read();
  for (const Customer& c : customers) {
    EXPECT_EQ(to->LicensesOfCustomer(c.id), from->LicensesOfCustomer(c.id));
    EXPECT_EQ(to->CountAllSeats(c.id), from->CountAllSeats(c.id));
    const store::SubscriptionFilter of_customer{.customer_id = c.id};
    EXPECT_EQ(to->ListSubscriptions(of_customer, {})->items,
              from->ListSubscriptions(of_customer, {})->items)
        << "every field, versions (ETags) included";
    EXPECT_EQ(to->ListUsers(c.id, {})->items, from->ListUsers(c.id, {})->items);
    EXPECT_EQ(to->ListCharges({.customer_id = c.id}, {})->total,
              from->ListCharges({.customer_id = c.id}, {})->total);
  }
  EXPECT_EQ(to->ListAudit({}, {})->total, from->ListAudit({}, {})->total);
  EXPECT_EQ(to->ListSkus({}), from->ListSkus({}));
  EXPECT_EQ(to->ListAgents(), from->ListAgents());

  // New rows continue after the copied keys, and the token issued on the file works.
  ServerProcess server(url, {"--now", "2026-11-25T09:00:00Z"});
  HttpClient client(server.port(), token);
  EXPECT_EQ(client.Get("/v1/customers?size=1").status, 200);
  EXPECT_EQ(client
                .Post("/v1/customers",
                      R"({"companyProfile":{"companyName":"After","domain":"after.test"},)"
                      R"("country":"US","currency":"USD"})")
                .status,
            201);

  EXPECT_NE(RunCliStatus(fmt::format("db copy --from {} --to '{}'", file, url)), 0)
      << "a target that holds data is refused";
  EXPECT_NE(RunCliStatus(fmt::format("db copy --from {} --to '{}'", dir.File("none.db"), url)), 0);
}

}  // namespace
}  // namespace seatshift::testing
