// The real `seatshift serve` process at its limits: out of file descriptors it waits instead of
// spinning and recovers when connections close; at --max-connections it leaves clients in the
// listen backlog until one closes; its access log survives a crash and tells wall time.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "base/time.hpp"
#include "http_client.hpp"
#include "raw_socket.hpp"
#include "server_process.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::string_view kHealthRequest = "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n";

//! CPU time (user + system) the process has used so far, from /proc/PID/stat.
milliseconds CpuTime(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::vector<std::string> values;
  for (std::string v; fields >> v;) values.push_back(v);
  const long ticks = std::stol(values.at(11)) + std::stol(values.at(12));
  return milliseconds(ticks * 1000 / sysconf(_SC_CLK_TCK));
}

TEST(ServerLimitsTest, OutOfDescriptorsTheServerWaitsInsteadOfSpinningAndRecovers) {
  TempDir dir;
  // A sanitized build cannot run out of descriptors and live: UBSan checks each dynamic type the
  // first time it meets it, through a pipe, and aborts when none can be made. So the server here
  // is the unsanitized build when the suite names one (scripts/test.sh builds it first), else
  // this build's, which is made to meet its types before descriptors run out (below).
  const char* unsanitized = std::getenv("SEATSHIFT_UNSANITIZED_BINARY");
  // A cap far above the descriptor limit, so accepting runs into EMFILE itself.
  ServerProcess server(
      dir.File("seatshift.db"),
      {.extra_args = {"--max-connections", "10000", "--workers", "2", "--threads", "1"},
       .descriptor_limit = 64,
       .binary = unsanitized ? unsanitized : ""});
  ASSERT_NE(server.port(), 0);
  // A sanitized build checks each dynamic type the first time it meets it, and that check needs
  // a descriptor (a pipe) of its own: whatever the server does for the first time while out of
  // descriptors aborts it. So the start-up passes of its background loops must be over (they
  // meet the store's types first), and the paths recovery will take (a client that closes) are
  // taken before descriptors run out. The second round trip comes after the first client's close.
  ASSERT_TRUE(server.WaitForLines(
      {R"("event":"lifecycle","atStart":true)", R"("event":"migration","atStart":true)"},
      seconds(30)))
      << server.Output();
  for (int i = 0; i < 2; ++i) {
    RawConnection warm_up(server.port());
    ASSERT_TRUE(warm_up.Send(kHealthRequest));
    ASSERT_TRUE(warm_up.ReadResponse());
  }

  // More idle connections than the server has descriptors: the kernel completes them all, the
  // server accepts until it runs out and the rest wait in the listen backlog.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 80; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  ASSERT_TRUE(server.WaitForLine("cannot accept connections", seconds(30)))
      << "the server never ran out of descriptors; its stderr:\n"
      << server.Output();
  RawConnection probe(server.port());
  ASSERT_TRUE(probe.Send(kHealthRequest));

  // Saturated, the server cannot answer the probe; it must not burn a core trying either. The
  // wait is bounded because the event it waits for (an answer) must not come: 1 s is enough for
  // a spinning accept loop to use most of it, and short for the suite.
  const auto cpu_before = CpuTime(server.pid());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(probe.Readable(milliseconds(1000)))
      << "answered while out of descriptors; the server's stderr:\n"
      << server.Output();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  const auto cpu = CpuTime(server.pid()) - cpu_before;
  EXPECT_LT(cpu * 4, elapsed) << "the server used " << cpu.count() << " ms of CPU in "
                              << std::chrono::duration_cast<milliseconds>(elapsed).count()
                              << " ms while saturated";

  idle.clear();
  const auto answer = probe.ReadResponse(seconds(30));
  ASSERT_TRUE(answer) << "no answer once the idle connections closed; the server's stderr:\n"
                      << server.Output();
  EXPECT_EQ(answer->result_int(), 200);
  EXPECT_TRUE(server.WaitForLine("accepting connections again", seconds(30)));
  EXPECT_EQ(HttpClient(server.port()).Get("/healthz").status, 200);
}

TEST(ServerLimitsTest, AtMaxConnectionsTheNextClientWaitsUntilOneCloses) {
  TempDir dir;
  ServerProcess server(dir.File("seatshift.db"), {"--max-connections", "4"});
  ASSERT_NE(server.port(), 0);
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(open.back()->Send(kHealthRequest));
    const auto answer = open.back()->ReadResponse();
    ASSERT_TRUE(answer) << "connection " << i << " within the cap was not served";
    EXPECT_EQ(answer->result_int(), 200);
    EXPECT_TRUE(answer->keep_alive());
  }
  RawConnection fifth(server.port());
  ASSERT_TRUE(fifth.connected()) << "the fifth client waits in the backlog, not refused";
  ASSERT_TRUE(fifth.Send(kHealthRequest));
  // Bounded: the event waited for (an answer) must not come while four connections are open.
  EXPECT_FALSE(fifth.Readable(milliseconds(500))) << "a fifth connection was served at the cap";

  open.front()->Close();
  const auto answer = fifth.ReadResponse(seconds(30));
  ASSERT_TRUE(answer) << "the fifth client was not served after a connection closed";
  EXPECT_EQ(answer->result_int(), 200);
  // The four others are still served.
  for (std::size_t i = 1; i < open.size(); ++i) {
    ASSERT_TRUE(open[i]->Send(kHealthRequest));
    EXPECT_TRUE(open[i]->ReadResponse()) << "connection " << i;
  }
}

TEST(ServerLimitsTest, AccessLogLinesSurviveACrashAndTellWallTime) {
  TempDir dir;
  const std::string db = dir.File("seatshift.db");
  const std::string log = dir.File("access.log");
  const auto created = boost::json::parse(RunCli(
      fmt::format("--db {} --json agents create --email ops@partner.test --role admin_agent", db)));
  const std::string token(created.at("token").as_string());
  ServerProcess server(db, {.extra_args = {"--simulated-clock"}, .access_log = log});
  ASSERT_NE(server.port(), 0);
  HttpClient client(server.port(), token);
  ASSERT_EQ(client.Post("/v1/clock/advance", R"({"days":3650})").status, 200);
  const auto clock = client.Get("/v1/clock");
  ASSERT_EQ(clock.status, 200);
  const auto simulated_now = ParseInstant(clock.Json().at("now").as_string());
  ASSERT_TRUE(simulated_now);
  // The test's only reading of the wall clock: the log's time must be the real one.
  const auto real_now = std::chrono::floor<seconds>(std::chrono::system_clock::now());
  server.Kill();

  std::ifstream in(log);
  std::vector<boost::json::value> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line));
  ASSERT_EQ(lines.size(), 2u) << "each request's line is written before the crash";
  const auto& last = lines.back().as_object();
  EXPECT_EQ(last.at("route").as_string(), "/v1/clock");
  const auto time = ParseInstant(last.at("time").as_string());
  ASSERT_TRUE(time);
  EXPECT_LT(std::chrono::abs(*time - real_now), std::chrono::minutes(5))
      << "time is wall time: " << last.at("time").as_string();
  ASSERT_TRUE(last.contains("simulatedTime"));
  EXPECT_EQ(ParseInstant(last.at("simulatedTime").as_string()), simulated_now);
  EXPECT_GT(*simulated_now - real_now, std::chrono::days(9 * 365));
}

}  // namespace
}  // namespace seatshift::testing
