// What a request with an MS-RequestId costs the store, and that a retry of it makes no second
// effect: the key is replayed and recorded inside the use case's one write transaction.

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "api/api.hpp"
#include "api/server.hpp"
#include "http_client.hpp"
#include "service/agent_service.hpp"
#include "testing/counting_store.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

//! The real HTTP server over a store that counts the transactions each request opens.
class IdempotencyTest : public ::testing::Test {
 protected:
  IdempotencyTest()
      : counting_(env_.store()),
        deps_(Over(counting_, env_.deps())),
        api_(deps_, {.access_log = nullptr, .simulated_clock = &env_.clock()}),
        server_(api_, {.port = 0, .io_threads = 2, .worker_threads = 4}) {
    server_.Start();
    auto created = service::AgentService(deps_).Create(TestEnv::admin(), "sales@partner.test",
                                                       Role::kSalesAgent);
    EXPECT_TRUE(created.ok());
    token_ = created->token;
    customer_ = env_.NewCustomer("once.test");
    env_.Buy(customer_, "SPE_E3", 5);
    ada_ = env_.NewUser(customer_, "ada");
    ben_ = env_.NewUser(customer_, "ben");
  }
  ~IdempotencyTest() override {
    server_.Shutdown();
    server_.Wait();
  }

  //! `deps` with `store` instead of its own.
  static service::Dependencies Over(store::Store& store, const service::Dependencies& deps) {
    return {store, deps.clock, deps.ids, deps.monotonic, deps.wall};
  }

  //! A client of the sales agent. Its token is authenticated (and cached) once here, so that
  //! the requests measured read no agent.
  std::unique_ptr<HttpClient> Sales() {
    auto client = std::make_unique<HttpClient>(server_.port(), token_);
    EXPECT_EQ(client->Get("/v1/customers/" + ToString(customer_.id)).status, 200);
    return client;
  }
  std::string LicenseUpdates(const User& user) const {
    return "/v1/customers/" + ToString(customer_.id) + "/users/" + ToString(user.id) +
           "/licenseupdates";
  }
  //! The audit records of license updates of `user`: one per effect.
  std::int64_t LicenseUpdatesAudited(const User& user) {
    const auto page = env_.store().Read()->ListAudit({.resource_id = ToString(user.id)},
                                                     {.after = "", .limit = 100});
    EXPECT_TRUE(page.ok());
    std::int64_t n = 0;
    for (const AuditRecord& r : page->items) n += r.operation == "license.update" ? 1 : 0;
    return n;
  }
  std::int64_t SeatsAssigned() {
    return env_.store().Read()->CountSeats(customer_.id, SkuId("SPE_E3")).assigned;
  }

  static constexpr const char* kAssignE3 = R"({"licensesToAssign":[{"skuId":"SPE_E3"}]})";

  TestEnv env_;
  CountingStore counting_;
  service::Dependencies deps_;
  api::Api api_;
  api::HttpServer server_;
  std::string token_;
  Customer customer_;
  User ada_;
  User ben_;
};

TEST_F(IdempotencyTest, ALicenseUpdateWithARequestIdIsOneWriteTransactionAndItsRetryDoesNothing) {
  auto sales_client = Sales();
  HttpClient& sales = *sales_client;
  counting_.Reset();
  const auto first = sales.Post(LicenseUpdates(ada_), kAssignE3, {{"MS-RequestId", "assign-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  // The key is looked up, the licenses changed and the key recorded with the response, all in
  // one write transaction; the token was cached, so nothing else reads.
  EXPECT_EQ(counting_.writes(), 1);
  EXPECT_EQ(counting_.reads(), 0);
  EXPECT_EQ(LicenseUpdatesAudited(ada_), 1);
  EXPECT_EQ(SeatsAssigned(), 1);

  counting_.Reset();
  const auto retry = sales.Post(LicenseUpdates(ada_), kAssignE3, {{"MS-RequestId", "assign-1"}});
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.Header("MS-RequestId"), "assign-1");
  // The replay finds the key in the write transaction that would have made the effect (which
  // then rolls back): a retry racing its first request is told apart inside one transaction.
  EXPECT_EQ(counting_.writes(), 1);
  EXPECT_EQ(counting_.reads(), 0);
  EXPECT_EQ(LicenseUpdatesAudited(ada_), 1) << "the retry made a second effect";
  EXPECT_EQ(SeatsAssigned(), 1);
}

TEST_F(IdempotencyTest, AKeyIsBoundToItsTargetAndAFailureDoesNotUseItUp) {
  auto sales_client = Sales();
  HttpClient& sales = *sales_client;
  const auto unknown =
      sales.Post(LicenseUpdates(ada_), R"({"licensesToAssign":[{"skuId":"NO_SUCH_SKU"}]})",
                 {{"MS-RequestId", "assign-2"}});
  ASSERT_GE(unknown.status, 400) << unknown.body;
  EXPECT_EQ(LicenseUpdatesAudited(ada_), 0);
  // The failure recorded nothing: the corrected request with the same key goes through.
  const auto fixed = sales.Post(LicenseUpdates(ada_), kAssignE3, {{"MS-RequestId", "assign-2"}});
  ASSERT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(LicenseUpdatesAudited(ada_), 1);

  // The same key on another user's licenses is another request: refused, nothing done.
  const auto elsewhere =
      sales.Post(LicenseUpdates(ben_), kAssignE3, {{"MS-RequestId", "assign-2"}});
  EXPECT_EQ(elsewhere.status, 409) << elsewhere.body;
  EXPECT_EQ(elsewhere.Code(), "requestIdReused");
  EXPECT_EQ(LicenseUpdatesAudited(ben_), 0);
  // And on a create.
  const auto order =
      sales.Post("/v1/customers/" + ToString(customer_.id) + "/orders",
                 R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":1}]})",
                 {{"MS-RequestId", "assign-2"}});
  EXPECT_EQ(order.status, 409) << order.body;
}

TEST_F(IdempotencyTest, ConcurrentRequestsWithOneKeyMakeOneEffect) {
  constexpr int kClients = 6;
  std::vector<HttpResult> results(kClients);
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(Sales());
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      results[static_cast<std::size_t>(i)] = clients[static_cast<std::size_t>(i)]->Post(
          LicenseUpdates(ben_), kAssignE3, {{"MS-RequestId", "race-1"}});
    });
  }
  for (std::thread& t : threads) t.join();
  for (const HttpResult& r : results) {
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.body, results.front().body);
  }
  EXPECT_EQ(LicenseUpdatesAudited(ben_), 1);
}

TEST_F(IdempotencyTest, ACreateWithARequestIdIsOneWriteTransaction) {
  auto sales_client = Sales();
  HttpClient& sales = *sales_client;
  counting_.Reset();
  const std::string path = "/v1/customers/" + ToString(customer_.id) + "/orders";
  const std::string body =
      R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":2}]})";
  const auto bought = sales.Post(path, body, {{"MS-RequestId", "buy-1"}});
  ASSERT_EQ(bought.status, 201) << bought.body;
  EXPECT_EQ(counting_.writes(), 1);
  EXPECT_EQ(counting_.reads(), 0);
  const auto again = sales.Post(path, body, {{"MS-RequestId", "buy-1"}});
  EXPECT_EQ(again.body, bought.body);
  const auto record = env_.store().Read()->FindRequest("sales@partner.test", "buy-1");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->operation, "order.create");
  EXPECT_EQ(record->resource_id, std::string(bought.Json().at("id").as_string()));
  EXPECT_EQ(record->response_status, 201);
}

}  // namespace
}  // namespace seatshift::testing
