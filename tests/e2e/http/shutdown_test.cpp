// SIGTERM while clients are writing: the real `seatshift serve` process stops accepting,
// answers what it accepted, exits 0, and every acknowledged write is in the database.
#include <fmt/format.h>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "http_client.hpp"
#include "server_process.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

TEST(ServerShutdownTest, SigtermDuringWritesLosesNoAcknowledgedChange) {
  SEATSHIFT_SQLITE_ONLY();
  TempDir dir;
  const std::string db = dir.File("seatshift.db");
  const auto created = boost::json::parse(RunCli(
      fmt::format("--db {} --json agents create --email ops@partner.test --role admin_agent", db)));
  const std::string token(created.at("token").as_string());
  ServerProcess server(db);
  ASSERT_NE(server.port(), 0);

  constexpr int kClients = 4;
  constexpr int kAcknowledgedBeforeSigterm = 200;
  std::mutex mutex;
  std::condition_variable enough;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(server.port(), token);
      for (int i = 0; !stop; ++i) {
        HttpResult result;
        try {
          result = client.Post(
              "/v1/customers",
              fmt::format(
                  R"({{"companyProfile":{{"companyName":"C","domain":"c{}-{}.test"}},"country":"US","currency":"USD"}})",
                  c, i));
        } catch (const std::exception&) {
          return;  // the server has stopped accepting: this request was never acknowledged
        }
        if (result.status != 201) return;
        std::lock_guard lock(mutex);
        acknowledged.insert(std::string(result.Json().at("id").as_string()));
        if (acknowledged.size() == kAcknowledgedBeforeSigterm) enough.notify_all();
      }
    });
  }
  {
    std::unique_lock lock(mutex);
    enough.wait(lock, [&] { return acknowledged.size() >= kAcknowledgedBeforeSigterm; });
  }
  server.Terminate();
  EXPECT_EQ(server.Wait(), 0) << "a graceful stop exits 0";
  stop = true;
  for (auto& t : clients) t.join();

  auto store = store::sqlite::SqliteStore::Open(db);
  auto tx = store->Read();
  for (const std::string& id : acknowledged) {
    EXPECT_TRUE(tx->FindCustomer(CustomerId(*Uuid::Parse(id)))) << id << " was acknowledged";
  }
  // No partial writes: every stored customer has the audit record of its creation.
  const auto customers = tx->ListCustomers({}, {.after = "", .limit = 1000});
  EXPECT_GE(customers->total, static_cast<std::int64_t>(acknowledged.size()));
  std::int64_t creations = 0;
  store::PageRequest page{.after = "", .limit = 1000};
  do {
    const auto records = tx->ListAudit({}, page);
    for (const AuditRecord& r : records->items) creations += r.operation == "customer.create";
    page.after = records->next;
  } while (!page.after.empty());
  EXPECT_EQ(creations, customers->total);
}

// A server on a simulated clock keeps its "now" in the database: stopped and started again (even
// without the flag), it carries on from there, never back to the real time.
TEST(ServerShutdownTest, SimulatedClockSurvivesARestart) {
  SEATSHIFT_SQLITE_ONLY();
  TempDir dir;
  const std::string db = dir.File("seatshift.db");
  const auto created = boost::json::parse(RunCli(
      fmt::format("--db {} --json agents create --email ops@partner.test --role admin_agent", db)));
  const std::string token(created.at("token").as_string());
  std::string now;
  {
    ServerProcess server(db, {"--simulated-clock"});
    ASSERT_NE(server.port(), 0);
    HttpClient client(server.port(), token);
    const auto advanced = client.Post("/v1/clock/advance", R"({"days":400})");
    ASSERT_EQ(advanced.status, 200) << advanced.body;
    now = std::string(advanced.Json().at("now").as_string());
    server.Terminate();
    EXPECT_EQ(server.Wait(), 0);
  }
  ServerProcess restarted(db);
  ASSERT_NE(restarted.port(), 0);
  HttpClient client(restarted.port(), token);
  const auto clock = client.Get("/v1/clock").Json();
  EXPECT_EQ(clock.at("simulated"), true);
  EXPECT_EQ(clock.at("now").as_string(), now);
  EXPECT_EQ(client.Post("/v1/clock/advance", R"({"days":1})").status, 200);
  restarted.Terminate();
  EXPECT_EQ(restarted.Wait(), 0);
}

}  // namespace
}  // namespace seatshift::testing
