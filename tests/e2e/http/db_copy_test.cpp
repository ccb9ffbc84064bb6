// `seatshift db copy --from FILE --to postgresql://…`: a fleet seeded on SQLite, copied, reads
// the same through the PostgreSQL backend, and a server on the copy accepts the tokens issued on
// the file.
#include <fmt/format.h>

#include <algorithm>
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
  // A migration on the file: its batches' audit records share detail rows (schema 24).
  const auto plan = boost::json::parse(RunCli(fmt::format(
      "--db {} --now 2026-11-25T09:00:00Z --json migrate plan --from KAIZALA_PRO --to recommended",
      file)));
  const std::string migration(plan.at("id").as_string());
  ASSERT_EQ(RunCliStatus(fmt::format("--db {} --now 2026-11-25T09:00:00Z migrate start {}", file,
                                     migration)),
            0);
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
  const auto copied_audit = to->ListAudit({}, {.after = "", .limit = 5000});
  const auto audit = from->ListAudit({}, {.after = "", .limit = 5000});
  ASSERT_TRUE(copied_audit.ok() && audit.ok());
  ASSERT_EQ(copied_audit->items.size(), audit->items.size());
  for (std::size_t i = 0; i < audit->items.size(); ++i) {
    const AuditRecord& got = copied_audit->items[i];
    const AuditRecord& want = audit->items[i];
    ASSERT_EQ(got.id, want.id);
    EXPECT_EQ(got.operation, want.operation) << "record " << want.id;
    EXPECT_EQ(got.resource_id, want.resource_id) << "record " << want.id;
    EXPECT_EQ(got.before, want.before) << "record " << want.id;
    EXPECT_EQ(got.after, want.after) << "record " << want.id;
    EXPECT_EQ(got.correlation_id, want.correlation_id) << "record " << want.id;
  }
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

  // A bulk change on the copy draws detail keys after the copied ones: rolling the migration
  // back writes its batches' records again.
  ASSERT_EQ(RunCliStatus(fmt::format("--db '{}' --now 2026-11-25T09:00:00Z migrate rollback {}",
                                     url, migration)),
            0);
  const auto rolled_back = copy->Read()->ListAudit({}, {.after = "", .limit = 5000});
  ASSERT_TRUE(rolled_back.ok());
  const auto moved_back = std::count_if(
      rolled_back->items.begin(), rolled_back->items.end(), [&](const AuditRecord& r) {
        return r.id > audit->items.back().id && r.operation == "license.update" &&
               r.correlation_id == "migration:" + migration && !r.before.empty() &&
               !r.after.empty();
      });
  EXPECT_GT(moved_back, 1);

  EXPECT_NE(RunCliStatus(fmt::format("db copy --from {} --to '{}'", file, url)), 0)
      << "a target that holds data is refused";
  EXPECT_NE(RunCliStatus(fmt::format("db copy --from {} --to '{}'", dir.File("none.db"), url)), 0);
}

}  // namespace
}  // namespace seatshift::testing
