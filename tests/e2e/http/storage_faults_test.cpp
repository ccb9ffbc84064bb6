// The real server on a database whose disk fills: it stays up, answers 503 with the API's error
// body and Retry-After, loses no write it acknowledged, and recovers once space is freed.
#include <fmt/format.h>

#include <vector>

#include "api_fixture.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

class StorageFaultsTest : public ApiTest {
 protected:
  StorageFaultsTest() : ApiTest("sqlite-faulty") {}
  ~StorageFaultsTest() override { FaultyVfs().Clear(); }

  HttpResult CreateCustomer(HttpClient& client, const std::string& domain) {
    return client.Post("/v1/customers",
                       fmt::format(R"({{"companyProfile":{{"companyName":"C","domain":"{}"}},)"
                                   R"("country":"US","currency":"USD"}})",
                                   domain));
  }

  //! Whether `domain` is in the database file, read on a connection of its own (default VFS).
  bool InFile(const std::string& domain) {
    auto store = env_.OpenAgain();
    return store->Read()->FindCustomerByDomain(domain).has_value();
  }
};

TEST_F(StorageFaultsTest, FullDiskIs503WithRetryAfterAndNoAcknowledgedWriteIsLost) {
  SEATSHIFT_SQLITE_ONLY();
  auto admin = Admin();
  ASSERT_EQ(CreateCustomer(admin, "before.test").status, 201);

  FaultyVfs().disk_full = true;
  std::vector<std::string> refused;
  for (int i = 0; i < 3; ++i) {
    const std::string domain = fmt::format("full{}.test", i);
    const auto answer = CreateCustomer(admin, domain);
    EXPECT_EQ(answer.status, 503) << answer.body;
    EXPECT_EQ(answer.Header("Retry-After"), "1");
    const auto body = answer.Json();
    EXPECT_EQ(body.at("code"), "storageError");
    EXPECT_TRUE(body.at("description").is_string());
    EXPECT_TRUE(body.as_object().contains("data"));
    EXPECT_EQ(body.at("source"), "seatshift");
    refused.push_back(domain);
  }
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200) << "the server stays up";
  EXPECT_EQ(admin.Get("/v1/customers").status, 200) << "reads still work";
  EXPECT_GT(FaultyVfs().refused_writes.load(), 0);

  FaultyVfs().disk_full = false;
  ASSERT_EQ(CreateCustomer(admin, "after.test").status, 201) << "space was freed";

  EXPECT_TRUE(InFile("before.test"));
  EXPECT_TRUE(InFile("after.test"));
  for (const auto& domain : refused) EXPECT_FALSE(InFile(domain)) << domain;
}

TEST_F(StorageFaultsTest, FailingFsyncIs503AndTheServerRecovers) {
  SEATSHIFT_SQLITE_ONLY();
  auto admin = Admin();
  FaultyVfs().sync_fails = true;
  const auto answer = CreateCustomer(admin, "unsynced.test");
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.Code(), "storageError");
  FaultyVfs().sync_fails = false;
  EXPECT_EQ(CreateCustomer(admin, "synced.test").status, 201);
  EXPECT_TRUE(InFile("synced.test"));
}

}  // namespace
}  // namespace seatshift::testing
