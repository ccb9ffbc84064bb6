// The crash harness of issue 9: `seatshift migrate start` on a fleet of 300 customers, moved two
// users per transaction so that a customer's move spans several batches, SIGKILLed at 20+
// random instants (after N progress lines, never after a sleep) — between a customer's batches
// and inside a step's transaction — and `migrate resume`d until the migration completes; then
// the invariants, read from the database itself.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "cli_runner.hpp"

namespace {

using seatshift::e2e::Outcome;

//! What reading a child's output until the kill instant found.
struct Interrupted {
  bool killed = false;  //!< false: the child ended on its own before `lines` progress lines
  int exit_code = -1;
  long users_moved = -1;  //!< as the last progress line before the kill said
};

class MigrateCrashTest : public seatshift::e2e::CliFixture {
 protected:
  //! Runs `seatshift --db ... --now ... args`, and SIGKILLs it once it printed `lines`
  //! progress lines.
  Interrupted RunAndKill(const std::vector<std::string>& args, int lines) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    const std::string db = Path("seatshift.db");
    std::vector<std::string> words{SEATSHIFT_BINARY, "--db", db, "--now", "2026-11-25T09:00:00Z"};
    words.insert(words.end(), args.begin(), args.end());
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (auto& w : words) argv.push_back(w.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    FILE* in = fdopen(out[0], "r");
    char buffer[512];
    int seen = 0;
    Interrupted result;
    while (seen < lines && std::fgets(buffer, sizeof buffer, in)) {
      if (!std::string_view(buffer).starts_with("progress:")) continue;
      ++seen;
      long customers_done = 0, customers = 0, users_moved = 0;
      if (std::sscanf(buffer, "progress: %ld/%ld customers, %ld/", &customers_done, &customers,
                      &users_moved) == 3) {
        result.users_moved = users_moved;
      }
    }
    if (seen == lines) {
      kill(pid, SIGKILL);
      result.killed = true;
    }
    while (std::fgets(buffer, sizeof buffer, in)) {
    }
    std::fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }

  std::string Status(const std::string& id) {
    const Outcome o = Run({"--json", "migrate", "status", id});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return std::string(o.Json().at("status").as_string());
  }

  //! Rows of a query with integer/text columns, as text.
  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(Path("seatshift.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  }
};

TEST_F(MigrateCrashTest, SigkillAtRandomInstantsThenResumeLosesAndRepeatsNothing) {
  const Outcome seeded = Run({"demo", "seed", "--customers", "300", "--users-per-customer", "5"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  const Outcome plan =
      Run({"--json", "migrate", "plan", "--from", "KAIZALA_PRO", "--to", "recommended"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::string id(plan.Json().at("id").as_string());
  const std::string correlation = "migration:" + id;
  // Who holds the source before: each of them must end with exactly one license of its target.
  const auto holders = Query(
      "SELECT lower(hex(u.guid)), l.customer FROM licenses l JOIN skus k ON k.id = l.sku "
      "JOIN users u ON u.id = l.user WHERE k.sku_id = 'KAIZALA_PRO'");
  ASSERT_FALSE(holders.empty());
  const auto active_sources = Query(
      "SELECT lower(hex(s.guid)) FROM subscriptions s JOIN skus k ON k.id = s.sku "
      "WHERE k.sku_id = 'KAIZALA_PRO' AND s.status = 'active'");

  const unsigned seed = std::random_device{}();
  std::printf("crash seed %u\n", seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> instant(1, 50);
  int kills = 0;
  int between_batches = 0;  // a customer left with some of its users moved, not all
  int inside_step = 0;      // the step after the last progress line had not committed
  std::vector<std::string> command{"migrate", "start", id, "--batch-size", "2"};
  for (int round = 0; round < 100 && kills < 22; ++round) {
    const int lines = instant(random);
    const Interrupted run = RunAndKill(command, lines);
    command = {"migrate", "resume", id, "--batch-size", "2"};
    if (!run.killed) break;
    ++kills;
    const auto moved = Query("SELECT coalesce(sum(users_moved), 0) FROM migration_customers");
    const bool uncommitted = std::stol(moved[0][0]) == run.users_moved;
    const bool partial = !Query(
                              "SELECT 1 FROM migration_customers WHERE users_moved > 0 AND "
                              "users_moved < users_to_move")
                              .empty();
    inside_step += uncommitted ? 1 : 0;
    between_batches += partial ? 1 : 0;
    std::printf("kill %d after %d progress lines: %s%s\n", kills, lines,
                uncommitted ? "the step in progress had not committed" : "committed",
                partial ? ", a customer between batches" : "");
  }
  EXPECT_GE(kills, 20);
  EXPECT_GE(between_batches, 1);
  EXPECT_GE(inside_step, 1);
  for (int round = 0; round < 20 && Status(id) == "running"; ++round) {
    const Outcome resumed = Run({"migrate", "resume", id});
    EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  }
  const std::string status = Status(id);
  ASSERT_TRUE(status == "completed" || status == "completed_with_errors") << status;

  // Every customer done, users_moved equal to the users to move.
  const auto customers = Query(
      "SELECT lower(hex(c.guid)), mc.step, mc.users_moved, mc.users_to_move, mc.target_sku_id, "
      "mc.action, mc.customer FROM migration_customers mc JOIN customers c ON c.id = mc.customer");
  std::map<std::string, std::string> target_of;  // customers.id → target SKU
  int purchases = 0;
  for (const auto& row : customers) {
    EXPECT_EQ(row[1], "done") << "customer " << row[0];
    EXPECT_EQ(row[2], row[3]) << "customer " << row[0];
    target_of[row[6]] = row[4];
    purchases += row[5] == "purchase" ? 1 : 0;
  }
  // One purchase (order) per customer, one target subscription per customer.
  EXPECT_TRUE(Query("SELECT customer FROM orders GROUP BY customer HAVING count(*) > 1").empty());
  EXPECT_TRUE(Query("SELECT mc.customer FROM migration_customers mc JOIN subscriptions s "
                    "ON s.customer = mc.customer JOIN skus k ON k.id = s.sku "
                    "AND k.sku_id = mc.target_sku_id GROUP BY mc.customer HAVING count(*) <> 1")
                  .empty());
  // Nobody unlicensed: each former holder holds one license, of its customer's target.
  const auto licenses = Query(
      "SELECT lower(hex(u.guid)), k.sku_id FROM licenses l JOIN skus k ON k.id = l.sku "
      "JOIN users u ON u.id = l.user");
  std::map<std::string, std::vector<std::string>> held;
  for (const auto& row : licenses) held[row[0]].push_back(row[1]);
  for (const auto& row : holders) {
    const auto& skus = held[row[0]];
    ASSERT_EQ(skus.size(), 1u) << "user " << row[0];
    EXPECT_EQ(skus[0], target_of[row[1]]) << "user " << row[0];
  }
  // No seat over-assigned; every source suspended, with the instant its deprovisioning is
  // dated from.
  EXPECT_TRUE(Query("SELECT s.customer FROM subscriptions s WHERE s.status = 'active' GROUP BY "
                    "s.customer, s.sku HAVING sum(s.quantity) < (SELECT count(*) FROM licenses l "
                    "WHERE l.customer = s.customer AND l.sku = s.sku)")
                  .empty());
  const auto sources = Query(
      "SELECT s.status FROM subscriptions s JOIN skus k ON k.id = s.sku "
      "WHERE k.sku_id = 'KAIZALA_PRO' AND (s.status NOT IN ('suspended', 'expired', 'disabled') "
      "OR (s.status = 'suspended' AND s.suspended_at IS NULL))");
  EXPECT_TRUE(sources.empty());

  // One audit record per effect: per user moved, per purchase, per source suspended.
  const auto count = [&](const std::string& operation) {
    return std::stoi(Query("SELECT count(*) FROM audit_records WHERE correlation_id = '" +
                           correlation + "' AND operation = '" + operation + "'")[0][0]);
  };
  EXPECT_EQ(count("license.update"), static_cast<int>(holders.size()));
  EXPECT_TRUE(Query("SELECT resource_id FROM audit_records WHERE correlation_id = '" + correlation +
                    "' AND operation = 'license.update' GROUP BY resource_id HAVING count(*) > 1")
                  .empty());
  EXPECT_EQ(count("order.create"), purchases);
  EXPECT_EQ(count("subscription.create"), purchases);
  EXPECT_EQ(count("subscription.update"), static_cast<int>(active_sources.size()));
  EXPECT_EQ(count("migration.complete"), 1);
  // Charges as the lifecycle rules say: a purchase charges its first period, once.
  EXPECT_TRUE(Query("SELECT subscription FROM charges GROUP BY subscription, kind, period_start "
                    "HAVING count(*) > 1")
                  .empty());
  EXPECT_TRUE(Query("SELECT s.id FROM migration_customers mc JOIN subscriptions s ON s.guid = "
                    "mc.target_subscription WHERE mc.action = 'purchase' AND (SELECT count(*) "
                    "FROM charges c WHERE c.subscription = s.id AND c.kind = 'cycle') <> 1")
                  .empty());
}

}  // namespace
