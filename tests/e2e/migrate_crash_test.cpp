// The crash harness of issue 9: `seatshift migrate start` on a fleet of 300 customers, moved two
// users per transaction so that a customer's move spans several batches, SIGKILLed at 20+
// random instants (after N progress lines, never after a sleep) — between a customer's batches
// and inside a step's transaction — and `migrate resume`d until the migration completes; then
// the invariants, read from the database itself.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <random>

#include "cli_runner.hpp"
#include "migration_invariants.hpp"

namespace {

using seatshift::e2e::Outcome;
using seatshift::e2e::Rows;

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

  Rows Query(const std::string& sql) { return seatshift::e2e::Query(Path("seatshift.db"), sql); }
};

TEST_F(MigrateCrashTest, SigkillAtRandomInstantsThenResumeLosesAndRepeatsNothing) {
  const Outcome seeded = Run({"demo", "seed", "--customers", "300", "--users-per-customer", "5"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  const Outcome plan =
      Run({"--json", "migrate", "plan", "--from", "KAIZALA_PRO", "--to", "recommended"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::string id(plan.Json().at("id").as_string());
  const seatshift::e2e::FleetBefore before =
      seatshift::e2e::Snapshot(Path("seatshift.db"), "KAIZALA_PRO");
  ASSERT_FALSE(before.holders.empty());

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

  seatshift::e2e::ExpectMigrated(Path("seatshift.db"), id, "KAIZALA_PRO", before);
}

}  // namespace
