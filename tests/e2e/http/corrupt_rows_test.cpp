// Rows damaged behind the program's back (with the real `sqlite3` tool, or past PostgreSQL's
// dropped CHECK constraints) are reported as corruption by the store and as 503 by the API;
// nothing reads them as a made-up value.
#include <fmt/format.h>

#include <cstdio>

#include "api_fixture.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

//! Runs `sql` on `file` with the sqlite3 command-line tool, CHECK constraints off (the damage
//! a constraint would refuse is exactly what a decoder must not trust).
void DamageWithTool(const std::string& file, const std::string& sql) {
  const std::string command = fmt::format("sqlite3 -bail '{}'", file);
  FILE* tool = popen(command.c_str(), "w");
  ASSERT_NE(tool, nullptr) << command;
  std::fputs(fmt::format("PRAGMA ignore_check_constraints = ON;\n{};\n", sql).c_str(), tool);
  ASSERT_EQ(pclose(tool), 0) << command << " < " << sql;
}

class CorruptRowsTest : public ApiTest {
 protected:
  //! Damages `table` with `sql` past its CHECK constraints: on SQLite with the sqlite3 tool, on
  //! PostgreSQL with the constraints dropped from the test's schema (the server cannot be told
  //! to ignore them).
  void Damage(const std::string& table, const std::string& sql) {
    if (env_.backend() == "postgresql") {
      env_.SqlUnchecked(sql, {table});
    } else {
      DamageWithTool(env_.dir().File("seatshift.db"), sql);
    }
  }
  Customer customer_ = env_.NewCustomer("contoso.test");
  Subscription sub_ = env_.Buy(customer_, "SPE_E3", 5);
};

TEST_F(CorruptRowsTest, UnknownSubscriptionStatusIsCorruptionNot200) {
  Damage("subscriptions", "UPDATE subscriptions SET status = 'frozen'");
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
  Damage("subscriptions", "UPDATE subscriptions SET term_end = '2026-02-30'");
  EXPECT_THROW((void)env_.store().Read()->FindSubscription(customer_.id, sub_.id),
               store::CorruptionError);
  EXPECT_EQ(Admin().Get(CustomerPath(customer_) + "/subscriptions").status, 503);
}

TEST_F(CorruptRowsTest, UnknownAuditRoleIsCorruptionNotSystem) {
  Damage("audit_records", "UPDATE audit_records SET role = 'overlord'");
  EXPECT_THROW((void)env_.store().Read()->ListAudit({}, {.after = "", .limit = 100}),
               store::CorruptionError);
  const auto answer = Admin().Get("/v1/auditrecords");
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.Header("Retry-After"), "1");
}

TEST_F(CorruptRowsTest, UnknownCustomerSegmentIsCorruption) {
  Damage("customers", "UPDATE customers SET segment = 'galactic'");
  EXPECT_THROW((void)env_.store().Read()->FindCustomer(customer_.id), store::CorruptionError);
  EXPECT_EQ(Admin().Get(CustomerPath(customer_)).status, 503);
}

}  // namespace
}  // namespace seatshift::testing
