// PostgreSQL trouble is storage trouble, never a crash: a server whose database goes away
// answers 503 with the API's error body and Retry-After and stays up; the CLI says so in one
// line and exits non-zero.
#include <fmt/format.h>

#include "http_client.hpp"
#include "server_process.hpp"
#include "service/agent_service.hpp"
#include "store/postgres/connection.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

TEST(PostgresFaultsTest, ADatabaseThatGoesAwayIs503AndTheServerStaysUp) {
  if (DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
  TestEnv env("postgresql");
  auto created = service::AgentService(env.deps())
                     .Create(TestEnv::admin(), "ops@partner.test", Role::kAdminAgent);
  ASSERT_TRUE(created.ok());
  ServerProcess server(env.postgres_url(), {"--now", "2026-11-25T09:00:00Z"});
  HttpClient client(server.port(), created->token);
  ASSERT_EQ(client.Get("/v1/customers").status, 200);
  // The schema the server works in disappears from under it (renamed: that takes no lock on the
  // tables, which the server's background passes may hold).
  const std::string schema = env.postgres_url().substr(env.postgres_url().rfind("%3D") + 3);
  store::postgres::Connection::Open(TestPostgresUrl())
      ->Exec(fmt::format("ALTER SCHEMA {0} RENAME TO {0}_gone", schema).c_str());
  for (const char* target : {"/v1/customers", "/v1/subscriptions"}) {
    const HttpResult answer = client.Get(target);
    EXPECT_EQ(answer.status, 503) << answer.body;
    EXPECT_EQ(answer.Header("Retry-After"), "1");
    EXPECT_FALSE(answer.Code().empty()) << "the API's error body: " << answer.body;
  }
  EXPECT_EQ(HttpClient(server.port()).Get("/healthz").status, 200) << "the server is still up";
}

TEST(PostgresFaultsTest, AnUnreachableServerIsOneLineAndANonZeroExitFromTheCli) {
  if (DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
  // Port 1 on 127.0.0.1: nothing listens there.
  const std::string command = std::string(SEATSHIFT_BINARY) +
                              " --db postgresql://postgres@127.0.0.1:1/none customers list 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = pclose(pipe);
  EXPECT_NE(WEXITSTATUS(status), 0);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line: " << out;
  EXPECT_NE(out.find("PostgreSQL: cannot connect"), std::string::npos) << out;
}

}  // namespace
}  // namespace seatshift::testing
