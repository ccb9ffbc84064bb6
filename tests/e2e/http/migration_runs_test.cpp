// POST /v1/migrations/{id}/start|pause|resume over the real server with its migration runner:
// a fleet moved to its target, a pause honoured between steps and a resume that finishes, and
// the refusals (roles, states, unknown ids) with the API's error body.
#include <fmt/format.h>

#include <future>

#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

constexpr int kFleet = 3;
constexpr int kUsersEach = 3;

class MigrationRunsApiTest : public ApiTest {
 protected:
  MigrationRunsApiTest() : ApiTest(DefaultTestBackend(), /*run_migrations=*/true) {
    for (int i = 0; i < kFleet; ++i) {
      Customer c = env_.NewCustomer(fmt::format("f{}.test", i));
      env_.Existing(c, "KAIZALA_PRO", kUsersEach, "2027-03-31");
      for (int u = 0; u < kUsersEach; ++u) {
        User user = env_.NewUser(c, fmt::format("u{}", u));
        EXPECT_TRUE(env_.Assign(c, user, "KAIZALA_PRO").ok());
        users_.emplace_back(c, user);
      }
    }
  }

  //! A stored plan moving every holder of KAIZALA_PRO to SPE_E3; its id.
  std::string Plan() {
    const auto created = Admin().Post(
        "/v1/migrations",
        R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"SPE_E3"})");
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(created.Json().at("id").as_string());
  }

  //! GET /v1/migrations/{id} until its status is `status` (true) or 60 s passed.
  bool AwaitStatus(const std::string& id, std::string_view status) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      const auto got = Admin().Get("/v1/migrations/" + id);
      if (got.status == 200 && got.Json().at("status").as_string() == status) return true;
    }
    return false;
  }

  void ExpectEveryoneOnTheTarget() {
    for (const auto& [customer, user] : users_) {
      const auto held = Admin().Get(UserPath(customer, user) + "/licenses").Json();
      const auto& items = held.at("items").as_array();
      ASSERT_EQ(items.size(), 1u) << held;
      EXPECT_EQ(items[0].at("productSku").at("id"), "SPE_E3");
    }
  }

  std::vector<std::pair<Customer, User>> users_;
};

TEST_F(MigrationRunsApiTest, StartAnswers202AndTheServerRunsItToCompletion) {
  const std::string id = Plan();
  const auto started = As(Role::kSalesAgent).Post("/v1/migrations/" + id + "/start", "");
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.Json().at("id").as_string(), id);
  EXPECT_EQ(started.Json().at("progress").at("customersTotal").as_int64(), kFleet);
  EXPECT_TRUE(started.Json().as_object().contains("plan"));

  ASSERT_TRUE(AwaitStatus(id, "completed"));
  const auto done = Admin().Get("/v1/migrations/" + id).Json();
  EXPECT_EQ(done.at("progress").at("customersDone").as_int64(), kFleet);
  EXPECT_EQ(done.at("progress").at("usersMoved").as_int64(), kFleet * kUsersEach);
  EXPECT_TRUE(done.at("errors").as_array().empty());
  ExpectEveryoneOnTheTarget();

  // Done is done: starting, pausing or resuming it again is a state conflict.
  for (const char* change : {"start", "pause", "resume"}) {
    const auto again = Admin().Post(fmt::format("/v1/migrations/{}/{}", id, change), "");
    EXPECT_EQ(again.status, 409) << change << ": " << again.body;
    EXPECT_NE(again.Json().at("description").as_string().find("is completed"), std::string::npos)
        << again.body;
    EXPECT_EQ(again.Json().at("source").as_string(), "seatshift");
  }
}

TEST_F(MigrationRunsApiTest, PauseStopsTheRunnerBetweenStepsAndResumeFinishes) {
  // The runner reports right after taking the lease; it waits there until the pause is in.
  // (Paused before the runner took it, the migration would never be run, nor its pause logged.)
  auto reached = std::make_shared<std::promise<void>>();
  std::future<void> at_gate = reached->get_future();
  std::promise<void> paused;
  std::shared_future<void> gate = paused.get_future().share();
  auto first = std::make_shared<std::atomic<bool>>(true);
  on_progress_ = [gate, first, reached](const MigrationId&, const MigrationProgress&) {
    if (!first->exchange(false)) return;
    reached->set_value();
    gate.wait();
  };
  const std::string id = Plan();
  ASSERT_EQ(Admin().Post("/v1/migrations/" + id + "/start", "").status, 202);
  ASSERT_EQ(at_gate.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  const auto pause = As(Role::kSalesAgent).Post("/v1/migrations/" + id + "/pause", "");
  paused.set_value();
  ASSERT_EQ(pause.status, 202) << pause.body;
  EXPECT_EQ(pause.Json().at("status"), "paused");
  ASSERT_TRUE(WaitForRunnerLog(R"("status":"paused")"));

  const auto stopped = Admin().Get("/v1/migrations/" + id).Json();
  EXPECT_EQ(stopped.at("status"), "paused");
  EXPECT_EQ(stopped.at("progress").at("usersMoved").as_int64(), 0);
  EXPECT_EQ(Admin().Post("/v1/migrations/" + id + "/pause", "").status, 409);
  EXPECT_EQ(Admin().Post("/v1/migrations/" + id + "/start", "").status, 409);

  const auto resumed = As(Role::kSalesAgent).Post("/v1/migrations/" + id + "/resume", "");
  ASSERT_EQ(resumed.status, 202) << resumed.body;
  EXPECT_EQ(resumed.Json().at("status"), "running");
  ASSERT_TRUE(AwaitStatus(id, "completed"));
  ExpectEveryoneOnTheTarget();
  // One purchase per customer, though the first one was made again after the pause.
  const auto orders = Admin().Get(CustomerPath(users_.front().first) + "/orders").Json();
  EXPECT_EQ(orders.at("totalCount").as_int64(), 1);
}

TEST_F(MigrationRunsApiTest, RolesUnknownIdsAndBadIdsAreRefused) {
  const std::string id = Plan();
  for (Role role : {Role::kHelpdeskAgent, Role::kBillingAdmin}) {
    for (const char* change : {"start", "pause", "resume"}) {
      const auto refused = As(role).Post(fmt::format("/v1/migrations/{}/{}", id, change), "");
      EXPECT_EQ(refused.status, 403) << change << " as " << ToString(role);
      EXPECT_EQ(refused.Json().at("source").as_string(), "seatshift");
    }
  }
  EXPECT_EQ(Admin().Get("/v1/migrations/" + id).Json().at("status"), "planned");
  // A planned migration is neither paused nor resumed.
  EXPECT_EQ(Admin().Post("/v1/migrations/" + id + "/pause", "").status, 409);
  EXPECT_EQ(Admin().Post("/v1/migrations/" + id + "/resume", "").status, 409);
  const auto unknown =
      Admin().Post("/v1/migrations/01a22435-2768-757e-bb68-6f6822eb9250/start", "");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_FALSE(unknown.Json().at("description").as_string().empty());
  EXPECT_EQ(Admin().Post("/v1/migrations/not-a-guid/start", "").status, 400);
}

}  // namespace
}  // namespace seatshift::testing
