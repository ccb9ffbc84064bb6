// Two real `seatshift serve` processes on one database file, both running migrations, both
// looking at one migration from its start: the lease lets one apply its steps. That one is
// SIGKILLed mid-run, and the other finishes it at its next look (the holder is a dead process of
// this host, so its lease is freed before it expires). Every step applied once.
#include <fmt/format.h>

#include <array>
#include <memory>

#include "http_client.hpp"
#include "migration_invariants.hpp"
#include "server_process.hpp"
#include "service/migration_engine.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

TEST(MigrationTakeoverTest, AServerKilledMidRunIsTakenOverByTheOtherAndEveryStepAppliedOnce) {
  TempDir dir;
  const std::string db = dir.File("seatshift.db");
  RunCli(
      fmt::format("--db {} --now 2026-11-25T09:00:00Z demo seed --customers 150 "
                  "--users-per-customer 6",
                  db));
  const auto created = boost::json::parse(RunCli(
      fmt::format("--db {} --json agents create --email ops@partner.test --role admin_agent", db)));
  const std::string token(created.at("token").as_string());
  const e2e::FleetBefore before = e2e::Snapshot(db, "KAIZALA_PRO");
  ASSERT_FALSE(before.holders.empty());

  // Business time stays at the seeding instant (no source expires under the run); leases are
  // timed on the wall clock regardless.
  const std::vector<std::string> args{"--migration-poll", "1", "--now", "2026-11-25T09:00:00Z"};
  std::array<std::unique_ptr<ServerProcess>, 2> servers{std::make_unique<ServerProcess>(db, args),
                                                        std::make_unique<ServerProcess>(db, args)};
  ASSERT_NE(servers[0]->port(), 0);
  ASSERT_NE(servers[1]->port(), 0);
  HttpClient client(servers[0]->port(), token);
  const HttpResult planned = client.Post(
      "/v1/migrations",
      R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"recommended"})");
  ASSERT_EQ(planned.status, 201) << planned.body;
  const std::string id(planned.Json().at("id").as_string());
  ASSERT_EQ(client.Post("/v1/migrations/" + id + "/start", "").status, 202);

  // Both look at the running migration; the lease lets one of them apply its steps.
  for (;;) {
    const HttpResult seen = client.Get("/v1/migrations/" + id);
    ASSERT_EQ(seen.status, 200);
    const boost::json::value migration = seen.Json();
    ASSERT_EQ(migration.at("status").as_string(), "running") << "finished before the kill";
    if (migration.at("progress").at("customersDone").as_int64() >= 20) break;
  }
  const e2e::Rows holder =
      e2e::Query(db, "SELECT lease_owner FROM migrations WHERE lower(hex(guid)) = replace('" + id +
                         "', '-', '')");
  ASSERT_EQ(holder.size(), 1u);
  const auto holds = [&](const ServerProcess& server) {
    return holder[0][0].find(fmt::format(":{}:", server.pid())) != std::string::npos;
  };
  ASSERT_TRUE(holds(*servers[0]) || holds(*servers[1])) << holder[0][0];
  const std::size_t killed = holds(*servers[0]) ? 0 : 1;
  servers[killed]->Kill();
  ServerProcess& survivor = *servers[1 - killed];

  // Within the lease's 30 s: the survivor must not have waited for the dead holder's lease to
  // expire (the rest of the run takes a second or two).
  static_assert(service::MigrationEngine::kLeaseDuration > std::chrono::seconds(20));
  const auto finished = survivor.WaitForLine(R"("status":"completed")", std::chrono::seconds(20));
  ASSERT_TRUE(finished.has_value()) << "the surviving server did not finish the migration";
  EXPECT_NE(finished->find(id), std::string::npos) << *finished;
  HttpClient to_survivor(survivor.port(), token);
  const HttpResult done = to_survivor.Get("/v1/migrations/" + id);
  EXPECT_EQ(done.Json().at("status").as_string(), "completed") << done.body;
  e2e::ExpectMigrated(db, id, "KAIZALA_PRO", before);
}

}  // namespace
}  // namespace seatshift::testing
