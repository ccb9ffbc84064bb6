// Rows damaged behind the program's back (with the real `sqlite3` tool) are reported as
// corruption by the store and as 503 by the API; nothing reads them as a made-up value.
#include <fmt/format.h>

#include <cstdio>

#include "api_fixture.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

//! Runs `sql` on `file` with the sqlite3 command-line tool, CHECK constraints off (the damage
//! a constraint would refuse is exactly what a decoder must not trust).
void Damage(const std::string& file, const std::string& sql) {
  const std::string command = fmt::format("sqlite3 -bail '{}'", file);
  FILE* tool = popen(command.c_str(), "w");
  ASSERT_NE(tool, nullptr) << command;
  std::fputs(fmt::format("PRAGMA ignore_check_constraints = ON;\n{};\n", sql).c_str(), tool);
  ASSERT_EQ(pclose(tool), 0) << command << " < " << sql;
}

class CorruptRowsTest : public ApiTest {
 protected:
  std::string File() const { return env_.dir().File("seatshift.db"); }
  Customer customer_ = env_.NewCustomer("contoso.test");
  Subscription sub_ = env_.Buy(customer_, "SPE_E3", 5);
};

TEST_F(CorruptRowsTest, UnknownSubscriptionStatusIsCorruptionNot200) {
  SEATSHIFT_SQLITE_ONLY();
  Damage(File(), "UPDATE subscriptions SET status = 'frozen'");
  try {
    (void)env_.store().Read()->FindSubscription(customer_.id, sub_.id);
    ADD_FAILURE() << "read a subscription with status 'frozen'";
  } catch (const store::CorruptionError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("subscriptions.status"), std::string::npos) << what;
    EXPECT_NE(what.find("frozen"), std::string::npos) << what;
  }
  const auto answer = Admin().Get(SubscriptionPath(customer_, sub_));
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.Code(), "storageError");
}

TEST_F(CorruptRowsTest, BadDateIsCorruption) {
  SEATSHIFT_SQLITE_ONLY();
  Damage(File(), "UPDATE subscriptions SET term_end = '2026-02-30'");
  EXPECT_THROW((void)env_.store().Read()->FindSubscription(customer_.id, sub_.id),
               store::CorruptionError);
  EXPECT_EQ(Admin().Get(CustomerPath(customer_) + "/subscriptions").status, 503);
}

TEST_F(CorruptRowsTest, UnknownAuditRoleIsCorruptionNotSystem) {
  SEATSHIFT_SQLITE_ONLY();
  Damage(File(), "UPDATE audit_records SET role = 'overlord'");
  EXPECT_THROW((void)env_.store().Read()->ListAudit({}, {.after = "", .limit = 100}),
               store::CorruptionError);
  const auto answer = Admin().Get("/v1/auditrecords");
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.Header("Retry-After"), "1");
}

TEST_F(CorruptRowsTest, UnknownCustomerSegmentIsCorruption) {
  SEATSHIFT_SQLITE_ONLY();
  Damage(File(), "UPDATE customers SET segment = 'galactic'");
  EXPECT_THROW((void)env_.store().Read()->FindCustomer(customer_.id), store::CorruptionError);
  EXPECT_EQ(Admin().Get(CustomerPath(customer_)).status, 503);
}

}  // namespace
}  // namespace seatshift::testing
