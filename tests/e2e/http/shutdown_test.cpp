// SIGTERM while clients are writing: the real `seatshift serve` process stops accepting,
// answers what it accepted, exits 0, and every acknowledged write is in the database.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "http_client.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "testing/test_env.hpp"

extern char** environ;

namespace seatshift::testing {
namespace {

//! Runs the seatshift binary and returns its stdout (for one-shot commands).
std::string RunCli(const std::string& args) {
  std::FILE* pipe =
      popen((std::string(SEATSHIFT_BINARY) + " " + args + " 2>/dev/null").c_str(), "r");
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

//! `seatshift serve` as a child process; its stderr tells the port it bound.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db, std::vector<std::string> extra_args = {}) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> args = {SEATSHIFT_BINARY, "--db",         db,    "serve", "--listen",
                                     "127.0.0.1:0",    "--access-log", "none"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, SEATSHIFT_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stderr_ = fdopen(fds[0], "r");
    char line[512];
    const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    while (std::fgets(line, sizeof line, stderr_)) {
      std::cmatch m;
      if (std::regex_search(line, m, listening)) {
        port_ = static_cast<unsigned short>(std::stoi(m[1]));
        break;
      }
    }
  }
  ~ServerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (stderr_) std::fclose(stderr_);
  }
  unsigned short port() const { return port_; }
  void Terminate() { kill(pid_, SIGTERM); }
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* stderr_ = nullptr;
  unsigned short port_ = 0;
  bool exited_ = false;
};

TEST(ServerShutdownTest, SigtermDuringWritesLosesNoAcknowledgedChange) {
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
