// Every row lock the store takes on PostgreSQL, held by one transaction, makes a second
// connection that asks for the same row wait — and, with a short lock_timeout, fail with
// lock_not_available. Dropping a lock clause from the store's SQL fails one of these at once,
// where before only timing-dependent races noticed (the pg.* pass only).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <string>

#include "store/postgres/connection.hpp"
#include "testing/test_env.hpp"

namespace seatshift::store::postgres {
namespace {

//! A GUID column's value as PostgreSQL's SQL writes it (bytea).
std::string GuidLiteral(const Uuid& id) {
  std::string hex = id.ToString();
  std::erase(hex, '-');
  return "decode('" + hex + "', 'hex')";
}

class PgLocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::DefaultTestBackend() != "postgresql") GTEST_SKIP() << "runs in the pg.* pass";
    env_.emplace();
    customer_ = env_->NewCustomer("contoso.test");
  }

  //! Whether `sql`, which asks for a row lock, fails for want of it on a connection of its own
  //! (lock_timeout 100 ms): true exactly while another transaction holds a conflicting lock.
  bool LockedElsewhere(const std::string& sql) {
    auto conn = Connection::Open(env_->postgres_url());
    conn->Exec("SET lock_timeout = '100ms'");
    PgResult result(PQexec(conn->handle(), sql.c_str()), &PQclear);
    if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) return false;
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    EXPECT_STREQ(state, "55P03") << PQresultErrorMessage(result.get());
    return true;
  }
  bool SubscriptionLockedElsewhere(const Subscription& sub) {
    return LockedElsewhere("SELECT 1 FROM subscriptions WHERE guid = " +
                           GuidLiteral(sub.id.value()) + " FOR NO KEY UPDATE");
  }

  std::optional<testing::TestEnv> env_;
  Customer customer_;
};

TEST_F(PgLocksTest, LockCustomerHoldsTheCustomersRow) {
  const std::string other =
      "SELECT 1 FROM customers WHERE guid = " + GuidLiteral(customer_.id.value()) +
      " FOR NO KEY UPDATE";
  EXPECT_FALSE(LockedElsewhere(other));
  auto tx = env_->store().Write();
  tx->LockCustomer(customer_.id);
  EXPECT_TRUE(LockedElsewhere(other));
}

TEST_F(PgLocksTest, LockSubscriptionHoldsItsRow) {
  const Subscription sub = env_->Buy(customer_, "SPE_E3", 2);
  EXPECT_FALSE(SubscriptionLockedElsewhere(sub));
  auto tx = env_->store().Write();
  ASSERT_TRUE(tx->LockSubscription(customer_.id, sub.id));
  EXPECT_TRUE(SubscriptionLockedElsewhere(sub));
}

TEST_F(PgLocksTest, ClaimDueHoldsTheRowsItReturnsWaitingOrNot) {
  const Subscription sub = env_->Existing(customer_, "KAIZALA_PRO", 5, "2026-12-01");
  for (const bool wait_for_held : {false, true}) {
    auto tx = env_->store().Write();
    const auto claimed = tx->ClaimDue(testing::At("2030-01-01T00:00:00Z"), 10, wait_for_held);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_TRUE(SubscriptionLockedElsewhere(sub)) << "wait_for_held " << wait_for_held;
  }
}

TEST_F(PgLocksTest, ClaimAutoRenewingHoldsTheRowsItReturns) {
  const Subscription sub = env_->Buy(customer_, "SPE_E3", 2);
  auto tx = env_->store().Write();
  ASSERT_EQ(tx->ClaimAutoRenewing({SkuId("SPE_E3")}, 10).size(), 1u);
  EXPECT_TRUE(SubscriptionLockedElsewhere(sub));
}

TEST_F(PgLocksTest, ASettingReadToBeChangedIsHeld) {
  {
    auto tx = env_->store().Write();
    tx->PutSetting("lock-test", "1");
    tx->Commit();
  }
  const std::string other = "SELECT 1 FROM settings WHERE key = 'lock-test' FOR NO KEY UPDATE";
  auto tx = env_->store().Write();
  ASSERT_EQ(tx->FindSetting("lock-test"), "1");
  EXPECT_TRUE(LockedElsewhere(other));
}

}  // namespace
}  // namespace seatshift::store::postgres
