// The Store contract, run against every backend on a real database.
#include "store/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <set>
#include <thread>
#include <tuple>

#include "service/lifecycle_service.hpp"
#include "store/sql/stored_values.hpp"
#include "store/sql/subscription_sql.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/transact.hpp"
#include "testing/dates.hpp"
#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using testing::TestEnv;

// The store contract on each backend, named by the parameter (this suite picks its backends
// itself, so the PostgreSQL pass of the other suites skips it).
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { SEATSHIFT_SQLITE_ONLY(); }
  TestEnv env_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"));

TEST_P(StoreTest, WriteWithoutCommitRollsBack) {
  {
    auto tx = env_.store().Write();
    Customer c{.id = CustomerId(Uuid::V7(1, 2, 3)),
               .company_name = "Gone",
               .domain = "gone.test",
               .country = "US",
               .currency = "USD"};
    ASSERT_TRUE(tx->InsertCustomer(c).ok());
  }
  EXPECT_FALSE(env_.store().Read()->FindCustomerByDomain("gone.test"));
}

TEST_P(StoreTest, DuplicateDomainIsAlreadyExists) {
  env_.NewCustomer("dup.test");
  auto again = env_.customers().Create(
      TestEnv::admin(),
      {.company_name = "Dup", .domain = "DUP.test", .country = "US", .currency = "USD"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

// A clash is a value, and the transaction goes on: on PostgreSQL a failed INSERT would abort it.
TEST_P(StoreTest, AnInsertThatClashesLeavesTheTransactionUsable) {
  const Customer first = env_.NewCustomer("first.test");
  const User user = env_.NewUser(first, "ada");
  auto tx = env_.store().Write();
  Customer clash = first;
  clash.id = CustomerId(Uuid::V7(7, 7, 7));
  EXPECT_EQ(tx->InsertCustomer(clash).error().code, ErrorCode::kAlreadyExists);
  User twin = user;
  twin.id = UserId(Uuid::V7(8, 8, 8));
  EXPECT_EQ(tx->InsertUser(twin).error().code, ErrorCode::kAlreadyExists);
  twin.customer_id = CustomerId(Uuid::V7(9, 9, 9));
  twin.user_principal_name = "nobody@nowhere.test";
  EXPECT_EQ(tx->InsertUser(twin).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->InsertRequest({.agent_id = "a", .request_id = "r", .operation = "o"}).ok(), true);
  EXPECT_EQ(tx->InsertRequest({.agent_id = "a", .request_id = "r", .operation = "o"}).error().code,
            ErrorCode::kAlreadyExists);
  Customer fresh = clash;
  fresh.domain = "fresh.test";
  ASSERT_TRUE(tx->InsertCustomer(fresh).ok());
  tx->Commit();
  EXPECT_TRUE(env_.store().Read()->FindCustomerByDomain("fresh.test"));
  EXPECT_TRUE(env_.store().Read()->FindRequest("a", "r"));
}

// Transact runs a transaction again when the backend reports a conflict, a bounded number of
// times, and lets any other failure through at once.
TEST_P(StoreTest, TransactRetriesConflictsABoundedNumberOfTimes) {
  int runs = 0;
  const int value = store::Transact(env_.store(), [&](store::WriteTransaction& tx) {
    if (++runs < 3) throw store::TransientError("deadlock detected");
    tx.PutSetting("transact", "done");
    tx.Commit();
    return 42;
  });
  EXPECT_EQ(value, 42);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(env_.store().Read()->FindSetting("transact"), "done");
  runs = 0;
  EXPECT_THROW(store::Transact(env_.store(),
                               [&](store::WriteTransaction&) -> int {
                                 ++runs;
                                 throw store::TransientError("could not serialize access");
                               }),
               store::TransientError);
  EXPECT_EQ(runs, store::kTransactAttempts);
  runs = 0;
  EXPECT_THROW(store::Transact(env_.store(),
                               [&](store::WriteTransaction&) -> int {
                                 ++runs;
                                 throw store::StorageError("disk full");
                               }),
               store::StorageError);
  EXPECT_EQ(runs, 1);
}

// The read-change-write of a subscription locks the row: a PATCH without If-Match is never
// refused because a concurrent writer (here, another process acting as the lifecycle engine
// does: lock, read, version-checked write) changed it between the read and the write.
TEST_P(StoreTest, ALockedReadChangeWriteNeverLosesToAConcurrentWriter) {
  const Customer c = env_.NewCustomer("locks.test");
  const Subscription sub = env_.Buy(c, "SPE_E3", 5);
  auto other_process = env_.OpenAgain();
  constexpr int kRounds = 40;
  std::latch start(2);
  std::atomic<int> refused{0};
  std::thread patcher([&] {
    start.arrive_and_wait();
    for (int i = 0; i < kRounds; ++i) {
      auto updated = env_.subscriptions().Update(TestEnv::admin(), c.id, sub.id,
                                                 {.friendly_name = fmt::format("patch {}", i)});
      if (!updated.ok()) ++refused;
    }
  });
  std::thread engine([&] {
    start.arrive_and_wait();
    for (int i = 0; i < kRounds; ++i) {
      const Status done = store::Transact(*other_process, [&](store::WriteTransaction& tx) {
        auto current = tx.LockSubscription(c.id, sub.id);
        current->friendly_name = fmt::format("engine {}", i);
        auto written = tx.UpdateSubscription(*current);
        if (!written.ok()) return Status(std::move(written).error());
        tx.Commit();
        return OkStatus();
      });
      if (!done.ok()) ++refused;
    }
  });
  patcher.join();
  engine.join();
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(env_.store().Read()->FindSubscription(c.id, sub.id)->version,
            sub.version + 2 * kRounds);
}

// Two lifecycle engines share the due work instead of waiting for each other: rows one claimed
// are skipped by the other until it ends. (SQLite has one writer at a time: nothing to skip.)
TEST_P(StoreTest, ClaimedDueRowsAreSkippedByAnotherWriter) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "one writer at a time: the second would wait";
  const Customer c = env_.NewCustomer("claims.test");
  for (int i = 0; i < 4; ++i) env_.Buy(c, "SPE_E3", 1);
  const Instant far = env_.clock().Now() + std::chrono::days(3650);
  auto other_process = env_.OpenAgain();
  auto first = env_.store().Write();
  const auto mine = first->ClaimDue(far, 2);
  ASSERT_EQ(mine.size(), 2u);
  auto second = other_process->Write();
  const auto theirs = second->ClaimDue(far, 10);
  ASSERT_EQ(theirs.size(), 2u);
  for (const auto& claimed : theirs) {
    for (const auto& held : mine) EXPECT_NE(claimed.subscription.id, held.subscription.id);
  }
}

TEST_P(StoreTest, PagingVisitsEveryCustomerOnceInStableOrder) {
  std::set<CustomerId> created;
  for (int i = 0; i < 250; ++i) created.insert(env_.NewCustomer(fmt::format("c{}.test", i)).id);
  std::vector<CustomerId> seen;
  store::PageRequest page{.after = "", .limit = 100};
  int pages = 0;
  do {
    auto result = env_.store().Read()->ListCustomers({}, page);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->total, 250);
    for (const auto& c : result->items) seen.push_back(c.id);
    page.after = result->next;
    ++pages;
  } while (!page.after.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 250u);
  EXPECT_EQ(std::set<CustomerId>(seen.begin(), seen.end()), created);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << "creation order = id order (UUIDv7)";
}

// A page that holds every match counts them itself; any other page asks the database. Both
// give the same total, on every page, in either order.
TEST_P(StoreTest, SubscriptionListsCountEveryMatchOnEveryPage) {
  const Customer c = env_.NewCustomer("totals.test");
  for (int i = 0; i < 3; ++i) env_.Buy(c, "SPE_E3", 1);
  env_.Existing(c, "KAIZALA_PRO", 5, "2027-03-31");
  env_.Buy(env_.NewCustomer("other.test"), "SPE_E3", 1);
  // Each page's total, following continuation tokens.
  const auto totals = [&](const store::SubscriptionFilter& filter, int limit) {
    std::vector<std::int64_t> out;
    store::PageRequest page{.after = "", .limit = limit};
    do {
      auto result = env_.store().Read()->ListSubscriptions(filter, page);
      if (!result.ok()) {
        ADD_FAILURE() << result.error().message;
        break;
      }
      out.push_back(result->total);
      page.after = result->next;
    } while (!page.after.empty());
    return out;
  };
  using Totals = std::vector<std::int64_t>;
  const store::SubscriptionFilter all{.customer_id = c.id};
  const store::SubscriptionFilter e3{.customer_id = c.id, .sku_id = SkuId("SPE_E3")};
  EXPECT_EQ(totals(all, 100), Totals{4});
  EXPECT_EQ(totals(all, 4), Totals{4});
  EXPECT_EQ(totals(all, 3), (Totals{4, 4}));
  EXPECT_EQ(totals(e3, 3), Totals{3});
  EXPECT_EQ(totals(e3, 2), (Totals{3, 3}));
  EXPECT_EQ(totals({.customer_id = c.id, .by_end_date = true}, 3), (Totals{4, 4}));
  EXPECT_EQ(totals({.sku_id = SkuId("SPE_E3")}, 100), Totals{4});
  EXPECT_EQ(totals({.sku_id = SkuId("SPE_E3")}, 2), (Totals{4, 4}));
  EXPECT_EQ(totals({.customer_id = c.id, .status = SubscriptionStatus::kSuspended}, 10), Totals{0});
}

TEST_P(StoreTest, ForeignContinuationTokenIsRefused) {
  auto result = env_.store().Read()->ListCustomers({}, {.after = "../../etc/passwd", .limit = 10});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_P(StoreTest, NamePrefixFilterTreatsWildcardsLiterally) {
  ASSERT_TRUE(env_.customers()
                  .Create(TestEnv::admin(), {.company_name = "100% Widgets",
                                             .domain = "w1.test",
                                             .country = "US",
                                             .currency = "USD"})
                  .ok());
  ASSERT_TRUE(env_.customers()
                  .Create(TestEnv::admin(), {.company_name = "100 Gadgets",
                                             .domain = "w2.test",
                                             .country = "US",
                                             .currency = "USD"})
                  .ok());
  auto result =
      env_.store().Read()->ListCustomers({.name_prefix = "100%"}, {.after = "", .limit = 10});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->items.size(), 1u);
  EXPECT_EQ(result->items[0].company_name, "100% Widgets");
}

TEST_P(StoreTest, SubscriptionUpdateIsCompareAndSwapOnVersion) {
  const Customer c = env_.NewCustomer("cas.test");
  Subscription sub = env_.Buy(c, "SPE_E3", 5);
  auto tx = env_.store().Write();
  sub.quantity = 6;
  auto v2 = tx->UpdateSubscription(sub);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(*v2, 2);
  sub.quantity = 7;  // still claims version 1
  auto stale = tx->UpdateSubscription(sub);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kEtagMismatch);
  tx->Commit();
  EXPECT_EQ(env_.store().Read()->FindSubscription(c.id, sub.id)->quantity, 6);
}

TEST_P(StoreTest, DeletingAUserDeletesItsLicenses) {
  const Customer c = env_.NewCustomer("del.test");
  env_.Buy(c, "SPE_E3", 1);
  const User u = env_.NewUser(c, "ada");
  ASSERT_TRUE(env_.Assign(c, u, "SPE_E3").ok());
  EXPECT_EQ(env_.store().Read()->CountSeats(c.id, SkuId("SPE_E3")).assigned, 1);
  ASSERT_TRUE(env_.customers().DeleteUser(TestEnv::admin(), c.id, u.id).ok());
  EXPECT_EQ(env_.store().Read()->CountSeats(c.id, SkuId("SPE_E3")).assigned, 0);
}

// The seat check reads stored counts; they must always equal the licenses actually held,
// whatever mix of assignments, swaps, deletions and rolled-back writes came before.
TEST_P(StoreTest, LicenseCountsAlwaysMatchTheLicenses) {
  const Customer c = env_.NewCustomer("counts.test");
  env_.Existing(c, "KAIZALA_PRO", 5, "2027-03-31");
  env_.Buy(c, "SPE_E3", 5);
  std::vector<User> users;
  for (int i = 0; i < 5; ++i) {
    users.push_back(env_.NewUser(c, fmt::format("u{}", i)));
    ASSERT_TRUE(env_.Assign(c, users.back(), "KAIZALA_PRO").ok());
  }
  ASSERT_TRUE(env_.licenses()
                  .Swap(TestEnv::admin(), c.id,
                        {.from = SkuId("KAIZALA_PRO"), .to = SkuId("SPE_E3"), .user = users[0].id})
                  .ok());
  ASSERT_TRUE(env_.customers().DeleteUser(TestEnv::admin(), c.id, users[1].id).ok());
  {
    auto abandoned = env_.store().Write();
    abandoned->PutLicense(c.id, License{users[2].id, SkuId("SPE_E3"), {}});
    abandoned->DeleteLicense(users[3].id, SkuId("KAIZALA_PRO"));
  }
  ASSERT_TRUE(
      env_.licenses()
          .Swap(TestEnv::admin(), c.id, {.from = SkuId("KAIZALA_PRO"), .to = SkuId("SPE_E3")})
          .ok());
  auto tx = env_.store().Read();
  std::map<SkuId, std::int64_t> held;
  for (const auto& [user, licenses] : tx->LicensesOfCustomer(c.id)) {
    for (const License& l : licenses) ++held[l.sku_id];
  }
  EXPECT_EQ(held[SkuId("SPE_E3")], 4);
  for (const char* sku : {"KAIZALA_PRO", "SPE_E3"}) {
    EXPECT_EQ(tx->CountSeats(c.id, SkuId(sku)).assigned, held[SkuId(sku)]) << sku;
    EXPECT_EQ(tx->CountAllSeats(c.id)[SkuId(sku)].assigned, held[SkuId(sku)]) << sku;
  }
}

// License changes are planned from the licenses as the transaction read them. A change whose
// plan no longer matches the rows (a license to delete that is gone, one to insert that is there)
// is refused where its answer is read, at the latest by the commit, and nothing of the
// transaction lands: the counts never drift from the rows.
TEST_P(StoreTest, LicenseChangesPlannedFromStaleLicensesNeverCommit) {
  const Customer c = env_.NewCustomer("stale.test");
  env_.Existing(c, "KAIZALA_PRO", 2, "2027-03-31");
  env_.Buy(c, "SPE_E3", 2);
  const User ada = env_.NewUser(c, "ada");
  const User ben = env_.NewUser(c, "ben");
  ASSERT_TRUE(env_.Assign(c, ada, "KAIZALA_PRO").ok());
  const License kaizala{ada.id, SkuId("KAIZALA_PRO"), {}};
  const License e3{ada.id, SkuId("SPE_E3"), {}};
  // Ben holds no Kaizala Pro to delete; Ada holds one already where an insert is planned.
  const std::vector<LicenseChange> stale[] = {
      {{.user_id = ben.id, .to_delete = {SkuId("KAIZALA_PRO")}, .before = {kaizala}}},
      {{.user_id = ada.id, .to_put = {kaizala}, .before = {}}},
  };
  for (const auto& changes : stale) {
    EXPECT_THROW(
        {
          auto tx = env_.store().Write();
          tx->PutLicense(c.id, License{ben.id, SkuId("SPE_E3"), {}});  // lands only on commit
          tx->ApplyLicenseChanges(c.id, changes);
          tx->Commit();
        },
        store::StorageError);
  }
  // A good change after a refused one commits on the same backend connection.
  {
    auto tx = env_.store().Write();
    tx->ApplyLicenseChanges(c.id, {{.user_id = ada.id,
                                    .to_put = {e3},
                                    .to_delete = {SkuId("KAIZALA_PRO")},
                                    .before = {kaizala}}});
    tx->Commit();
  }
  auto tx = env_.store().Read();
  EXPECT_EQ(tx->LicensesOfUser(ben.id).size(), 0u);
  EXPECT_EQ(tx->LicensesOfUser(ada.id).size(), 1u);
  EXPECT_EQ(tx->CountSeats(c.id, SkuId("SPE_E3")).assigned, 1);
  EXPECT_EQ(tx->CountSeats(c.id, SkuId("KAIZALA_PRO")).assigned, 0);
}

// The reads a change to one user's licenses starts from, sent together, answer as the reads one
// at a time do: the customer, the user (of that customer only), its licenses, and the seats of
// the SKUs asked with the licenses this transaction assigned and has not counted in yet.
TEST_P(StoreTest, LicenseChangeBasisAnswersAsTheSingleReads) {
  const Customer c = env_.NewCustomer("basis.test");
  const Customer other = env_.NewCustomer("basis-other.test");
  env_.Existing(c, "KAIZALA_PRO", 2, "2027-03-31");
  env_.Buy(c, "SPE_E3", 3);
  const User ada = env_.NewUser(c, "ada");
  const User ben = env_.NewUser(c, "ben");
  const User eve = env_.NewUser(other, "eve");
  ASSERT_TRUE(env_.Assign(c, ada, "KAIZALA_PRO").ok());
  ASSERT_TRUE(env_.Assign(c, ada, "SPE_E3").ok());
  const SkuId e3("SPE_E3");
  const SkuId kaizala("KAIZALA_PRO");
  // An id the catalog lacks, spelled with what a list of texts must escape.
  const std::vector<SkuId> skus = {e3, kaizala, SkuId("NO \"SUCH\"\\SKU\n")};

  auto tx = env_.store().Write();
  tx->PutLicense(c.id, License{ben.id, e3, {}});
  const store::UserLicenseBasis basis = tx->LockForLicenseChange(c.id, ada.id, skus);
  ASSERT_TRUE(basis.customer);
  EXPECT_EQ(*basis.customer, *tx->FindCustomer(c.id));
  EXPECT_TRUE(basis.user_found);
  EXPECT_EQ(basis.licenses.size(), 2u);
  EXPECT_EQ(basis.licenses, tx->LicensesOfUser(ada.id));
  EXPECT_EQ(basis.seats.size(), 2u);  // not the one the catalog lacks
  EXPECT_EQ(basis.seats.at(e3), (SeatCount{.seats = 3, .assigned = 2}));
  for (const SkuId& sku : {e3, kaizala}) EXPECT_EQ(basis.seats.at(sku), tx->CountSeats(c.id, sku));

  const store::UserLicenseBasis unlicensed =
      tx->LockForLicenseChange(other.id, eve.id, {SkuId("SPE_E3")});
  EXPECT_TRUE(unlicensed.customer && unlicensed.user_found);
  EXPECT_TRUE(unlicensed.licenses.empty());
  EXPECT_EQ(unlicensed.seats.at(e3), SeatCount{});
  const store::UserLicenseBasis strange = tx->LockForLicenseChange(c.id, eve.id, skus);
  EXPECT_TRUE(strange.customer && !strange.user_found);
  EXPECT_TRUE(strange.licenses.empty());
  EXPECT_FALSE(tx->LockForLicenseChange(CustomerId(Uuid::V7(9, 9, 9)), ada.id, skus).customer);
}

// Planning reads a page of customers' holdings at once: each customer's licenses counted per SKU
// and excluded plans (who holds them is not read), in the order asked, an unknown customer left
// out and one asked twice answered once.
TEST_P(StoreTest, HoldingsCountEachCustomersLicensesPerSkuAndExcludedPlans) {
  const Customer c = env_.NewCustomer("groups.test");
  const Customer other = env_.NewCustomer("groups-other.test");
  env_.Existing(c, "KAIZALA_PRO", 5, "2027-03-31");
  env_.Buy(c, "SPE_E3", 2);
  env_.Existing(other, "KAIZALA_PRO", 1, "2027-03-31");
  const SkuId kaizala("KAIZALA_PRO");
  const SkuId e3("SPE_E3");
  const ServicePlanId off(Uuid::V7(1, 2, 3));
  const ServicePlanId also_off(Uuid::V7(1, 2, 4));
  std::vector<User> users;
  for (int i = 0; i < 5; ++i) users.push_back(env_.NewUser(c, fmt::format("u{}", i)));
  const User eve = env_.NewUser(other, "eve");
  const User fay = env_.NewUser(other, "fay");
  {
    auto tx = env_.store().Write();
    tx->PutLicense(c.id, License{users[0].id, kaizala, {}});
    tx->PutLicense(c.id, License{users[1].id, kaizala, {}});
    tx->PutLicense(c.id, License{users[2].id, kaizala, {off}});
    tx->PutLicense(c.id, License{users[3].id, kaizala, {off, also_off}});
    tx->PutLicense(c.id, License{users[4].id, kaizala, {off}});
    tx->PutLicense(c.id, License{users[0].id, e3, {}});
    tx->PutLicense(other.id, License{eve.id, kaizala, {}});
    tx->Commit();
  }
  const auto sorted = [](std::vector<LicenseGroup> groups) {
    std::sort(groups.begin(), groups.end(), [](const LicenseGroup& a, const LicenseGroup& b) {
      return std::tie(a.sku_id, a.excluded_plans) < std::tie(b.sku_id, b.excluded_plans);
    });
    return groups;
  };
  const std::vector<store::CustomerHoldings> holdings =
      env_.store().Read()->HoldingsOf({CustomerId(Uuid::V7(9, 9, 9)), c.id, other.id, c.id});
  ASSERT_EQ(holdings.size(), 2u);
  EXPECT_EQ(holdings[0].customer, c);
  EXPECT_EQ(holdings[1].customer, other);
  EXPECT_EQ(
      sorted(holdings[0].licenses),
      sorted({{kaizala, {}, 2}, {kaizala, {off}, 2}, {kaizala, {off, also_off}, 1}, {e3, {}, 1}}));
  EXPECT_EQ(holdings[0].seats.at(kaizala), (SeatCount{.seats = 5, .assigned = 5}));
  EXPECT_EQ(holdings[0].subscriptions.size(), 2u);
  EXPECT_EQ(holdings[1].licenses, (std::vector<LicenseGroup>{{kaizala, {}, 1}}));

  // A write transaction counts the licenses it has put and not committed yet.
  auto tx = env_.store().Write();
  tx->PutLicense(other.id, License{fay.id, kaizala, {}});
  tx->PutLicense(other.id, License{fay.id, e3, {off}});
  EXPECT_EQ(sorted(tx->HoldingsOf({other.id}).front().licenses),
            sorted({{kaizala, {}, 2}, {e3, {off}, 1}}));
}

// A savepoint undoes what was written after it, rows and license counts alike, and keeps what
// came before it and what a released savepoint wrote.
TEST_P(StoreTest, RollingBackToASavepointKeepsTheRestOfTheTransaction) {
  const Customer c = env_.NewCustomer("savepoint.test");
  env_.Existing(c, "KAIZALA_PRO", 4, "2027-03-31");
  std::vector<User> users;
  for (int i = 0; i < 4; ++i) users.push_back(env_.NewUser(c, fmt::format("u{}", i)));
  const SkuId sku("KAIZALA_PRO");
  {
    auto tx = env_.store().Write();
    tx->PutLicense(c.id, License{users[0].id, sku, {}});
    tx->Savepoint();
    tx->PutLicense(c.id, License{users[1].id, sku, {}});
    tx->ReleaseSavepoint();
    tx->Savepoint();
    tx->PutLicense(c.id, License{users[2].id, sku, {}});
    tx->Savepoint();
    tx->DeleteLicense(users[0].id, sku);
    tx->RollBackToSavepoint();
    EXPECT_EQ(tx->CountSeats(c.id, sku).assigned, 3);
    tx->RollBackToSavepoint();
    EXPECT_EQ(tx->CountSeats(c.id, sku).assigned, 2);
    tx->PutLicense(c.id, License{users[3].id, sku, {}});
    tx->Commit();
  }
  auto tx = env_.store().Read();
  EXPECT_EQ(tx->LicensesOfUser(users[0].id).size(), 1u);
  EXPECT_EQ(tx->LicensesOfUser(users[1].id).size(), 1u);
  EXPECT_TRUE(tx->LicensesOfUser(users[2].id).empty());
  EXPECT_EQ(tx->LicensesOfUser(users[3].id).size(), 1u);
  EXPECT_EQ(tx->CountSeats(c.id, sku).assigned, 3);
  EXPECT_EQ(tx->LicensesOfCustomer(c.id).size(), 3u);
}

// Audit records come back as appended, in order, whatever their text (a backend may write them
// in batches: quotes, backslashes, braces, commas and NULL-like words must survive), a
// transaction reads its own, and a rollback to a savepoint takes back those appended after it.
TEST_P(StoreTest, AuditRecordsRoundTripInOrderThroughSavepoints) {
  const Customer c = env_.NewCustomer("audit.test");
  const auto record = [&](std::string operation, std::optional<CustomerId> customer) {
    return AuditRecord{.id = 0,
                       .time = env_.clock().Now(),
                       .agent_id = "agent \"q\" \\ {x}",
                       .role = Role::kSalesAgent,
                       .operation = std::move(operation),
                       .resource_type = "CustomerUser",
                       .resource_id = "NULL",
                       .customer_id = customer,
                       .before = R"({"skuId":"A,B","plans":["x\"y","\\"]})",
                       .after = "",
                       .correlation_id = "línea 1\nlínea 2\t{},\"\\"};
  };
  const std::int64_t before = env_.AuditCount();
  std::vector<AuditRecord> batch;
  for (int i = 0; i < 1500; ++i) {
    batch.push_back(record(fmt::format("batch.{}", i), i % 3 ? std::optional(c.id) : std::nullopt));
  }
  {
    auto tx = env_.store().Write();
    tx->AppendAudit(record("first", c.id));
    tx->Savepoint();
    tx->AppendAudit(record("kept", std::nullopt));
    tx->ReleaseSavepoint();
    tx->Savepoint();
    tx->AppendAudit(record("undone", c.id));
    tx->AppendAudit(std::vector<AuditRecord>{record("undone too", c.id)});
    tx->RollBackToSavepoint();
    tx->AppendAudit(batch);
    auto own = tx->ListAudit({.customer_id = c.id}, {.after = "", .limit = 1});
    ASSERT_TRUE(own.ok());
    // Its creation's record, "first" and the batch's records of the customer.
    EXPECT_EQ(own->total, 1 + 1 + 1000);
    tx->AppendAudit(record("last", c.id));
    tx->Commit();
  }
  std::vector<AuditRecord> all;
  for (std::string after;;) {
    auto page = env_.store().Read()->ListAudit({}, {.after = after, .limit = 1000});
    ASSERT_TRUE(page.ok());
    all.insert(all.end(), page->items.begin(), page->items.end());
    if (page->next.empty()) break;
    after = page->next;
  }
  ASSERT_EQ(std::ssize(all), before + 3 + 1500);
  std::vector<AuditRecord> expected{record("first", c.id), record("kept", std::nullopt)};
  expected.insert(expected.end(), batch.begin(), batch.end());
  expected.push_back(record("last", c.id));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const AuditRecord& got = all[static_cast<std::size_t>(before) + i];
    const AuditRecord& want = expected[i];
    SCOPED_TRACE(fmt::format("record {}: {}", i, got.operation));
    EXPECT_GT(got.id, 0);
    ASSERT_EQ(got.operation, want.operation);
    EXPECT_EQ(got.time, want.time);
    EXPECT_EQ(got.agent_id, want.agent_id);
    EXPECT_EQ(got.role, want.role);
    EXPECT_EQ(got.resource_type, want.resource_type);
    EXPECT_EQ(got.resource_id, want.resource_id);
    EXPECT_EQ(got.customer_id, want.customer_id);
    EXPECT_EQ(got.before, want.before);
    EXPECT_EQ(got.after, want.after);
    EXPECT_EQ(got.correlation_id, want.correlation_id);
  }
}

// A bulk change (a migration batch moving users between the same license lists) writes records
// alike but for their resource: what they share is stored once, and every record still reads
// whole, by its customer and by its resource. Records of one batch come back group by group,
// each group in the order given.
TEST_P(StoreTest, AuditRecordsOfABulkChangeStoreWhatTheyShareOnce) {
  const Customer c = env_.NewCustomer("bulk-audit.test");
  const Instant now = env_.clock().Now();
  const auto record = [&](const std::string& group, int user, Instant time) {
    return AuditRecord{.id = 0,
                       .time = time,
                       .agent_id = "system",
                       .role = Role::kSystem,
                       .operation = "license.update",
                       .resource_type = "CustomerUser",
                       .resource_id = fmt::format("user-{} \"q\" \\ \n", user),
                       .customer_id = c.id,
                       .before = group + R"( before {"q":"\"\\"})",
                       .after = group + " after",
                       .correlation_id = "migration:bulk"};
  };
  std::vector<AuditRecord> batch;
  std::vector<AuditRecord> evens, odds;
  for (int user = 0; user < 1200; ++user) {
    batch.push_back(record(user % 2 ? "odd" : "even", user, now));
    (user % 2 ? odds : evens).push_back(batch.back());
  }
  // Alike but for their time: a group of their own.
  const std::vector<AuditRecord> later{record("even", 9000, now + std::chrono::seconds(60)),
                                       record("even", 9001, now + std::chrono::seconds(60))};
  const AuditRecord alone = record("alone", 5000, now);
  batch.insert(batch.begin() + 600, alone);
  batch.insert(batch.begin() + 601, later.begin(), later.end());
  std::vector<AuditRecord> expected = evens;
  expected.insert(expected.end(), odds.begin(), odds.end());
  expected.push_back(alone);
  expected.insert(expected.end(), later.begin(), later.end());

  const std::int64_t before = env_.AuditCount();
  {
    auto tx = env_.store().Write();
    tx->Savepoint();
    tx->AppendAudit(std::vector<AuditRecord>{record("undone", 1, now), record("undone", 2, now)});
    tx->RollBackToSavepoint();
    tx->AppendAudit(batch);
    tx->Commit();
  }
  auto page = env_.store().Read()->ListAudit({.customer_id = c.id}, {.after = "", .limit = 5000});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1 + std::ssize(batch));  // its creation's record and the batch
  ASSERT_EQ(std::ssize(page->items), 1 + std::ssize(batch));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const AuditRecord& got = page->items[i + 1];
    const AuditRecord& want = expected[i];
    SCOPED_TRACE(fmt::format("record {}", i));
    ASSERT_EQ(got.resource_id, want.resource_id);
    EXPECT_EQ(got.time, want.time);
    EXPECT_EQ(got.agent_id, want.agent_id);
    EXPECT_EQ(got.role, want.role);
    EXPECT_EQ(got.operation, want.operation);
    EXPECT_EQ(got.resource_type, want.resource_type);
    EXPECT_EQ(got.customer_id, want.customer_id);
    EXPECT_EQ(got.before, want.before);
    EXPECT_EQ(got.after, want.after);
    EXPECT_EQ(got.correlation_id, want.correlation_id);
  }
  auto one = env_.store().Read()->ListAudit(
      {.customer_id = c.id, .resource_id = record("odd", 7, now).resource_id},
      {.after = "", .limit = 10});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].before, record("odd", 7, now).before);
  EXPECT_EQ(env_.AuditCount(), before + std::ssize(batch));

  const std::vector<std::string> stored = env_.EveryStoredValue();
  const auto times_stored = [&](const std::string& value) {
    return std::count(stored.begin(), stored.end(), value);
  };
  EXPECT_EQ(times_stored(record("even", 0, now).before), 2);  // now, and a minute later
  EXPECT_EQ(times_stored(record("odd", 1, now).after), 1);
  EXPECT_EQ(times_stored("migration:bulk"), 4);  // once per group of two or more, and alone's
  EXPECT_EQ(times_stored(alone.before), 1);
  EXPECT_EQ(times_stored(record("undone", 1, now).before), 0);  // rolled back with its records
}

// A plan is stored whole or not at all: the first customer (in the plan's order) that does not
// exist, or appears a second time, refuses it with that customer named.
TEST_P(StoreTest, APlanNamingAMissingOrRepeatedCustomerIsRefusedWhole) {
  const Customer a = env_.NewCustomer("plan-a.test");
  const Customer b = env_.NewCustomer("plan-b.test");
  const CustomerId missing(*Uuid::Parse("01900000-0000-7000-8000-00000000beef"));
  const auto plan_of = [](const std::vector<CustomerId>& customers) {
    std::vector<MigrationCustomer> out;
    for (const CustomerId& id : customers) {
      MigrationCustomer mc;
      mc.position = static_cast<int>(out.size());
      mc.plan.customer_id = id;
      mc.plan.target_sku_id = SkuId("O365_BUSINESS_PREMIUM");
      mc.plan.action = MigrationAction::kPurchase;
      mc.plan.seats = 3;
      mc.plan.users_to_move = 3;
      mc.plan.currency = "USD";
      // Its own source (a GUID of its own, as a subscription's) and warning.
      mc.plan.source_subscription_ids = {SubscriptionId(id.value())};
      mc.plan.warnings.push_back({.code = MigrationWarningCode::kChangedSincePlanning,
                                  .message = "a warning kept with " + ToString(id),
                                  .parameters = {}});
      out.push_back(std::move(mc));
    }
    return out;
  };
  int next = 1;
  const auto store_plan = [&](const std::vector<CustomerId>& customers) {
    Migration m;
    m.id = MigrationId(*Uuid::Parse(fmt::format("01900000-0000-7000-8000-{:012}", next++)));
    m.source_sku_id = SkuId("KAIZALA_PRO");
    m.created_by = "test";
    auto tx = env_.store().Write();
    const Status stored = tx->InsertMigration(m, plan_of(customers));
    if (stored.ok()) tx->Commit();
    return std::pair(m.id, stored);
  };

  const auto [refused_missing, not_found] = store_plan({a.id, missing, b.id, a.id});
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(not_found.error().code, ErrorCode::kNotFound);
  EXPECT_NE(not_found.error().message.find(ToString(missing)), std::string::npos);
  const auto [refused_twice, twice] = store_plan({a.id, b.id, a.id, missing});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(twice.error().message.find(ToString(a.id)), std::string::npos);
  EXPECT_FALSE(env_.store().Read()->FindMigration(refused_missing));
  EXPECT_FALSE(env_.store().Read()->FindMigration(refused_twice));

  const auto [kept, stored] = store_plan({b.id, a.id});
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  const std::vector<MigrationCustomer> read = env_.store().Read()->ListMigrationCustomers(kept);
  EXPECT_EQ(read, plan_of({b.id, a.id})) << "each customer with its own source and warning";
}

TEST_P(StoreTest, CatalogRoundTripsEveryField) {
  auto doc = import::DefaultCatalog();
  ASSERT_TRUE(doc.ok());
  auto tx = env_.store().Read();
  for (const Sku& sku : doc->skus) {
    auto stored = tx->FindSku(sku.id);
    ASSERT_TRUE(stored) << sku.id.value();
    EXPECT_EQ(*stored, sku) << sku.id.value();
  }
}

// Readers serve SKUs from a process-wide cache; a catalog change committed by another
// process (another Store on the file) must be seen by the next read, and a change that rolls
// back must never be served.
TEST_P(StoreTest, CatalogReadsSeeEveryCommittedChangeAndNoRolledBackOne) {
  const SkuId id("SPE_E3");
  const std::string title = env_.store().Read()->FindSku(id)->title;
  auto other_process = env_.OpenAgain();
  Sku renamed = *other_process->Read()->FindSku(id);
  renamed.title = "Renamed elsewhere";
  {
    auto tx = other_process->Write();
    tx->UpsertSku(renamed);
    EXPECT_EQ(tx->FindSku(id)->title, "Renamed elsewhere") << "a writer sees its own change";
    // Rolled back: neither store may serve it.
  }
  EXPECT_EQ(other_process->Read()->FindSku(id)->title, title);
  EXPECT_EQ(env_.store().Read()->FindSku(id)->title, title);
  {
    auto tx = other_process->Write();
    tx->UpsertSku(renamed);
    tx->Commit();
  }
  EXPECT_EQ(env_.store().Read()->FindSku(id)->title, "Renamed elsewhere");
  EXPECT_EQ(env_.store().Read()->ListSkus({}).size(), other_process->Read()->ListSkus({}).size());
  store::SkuFilter only_e3_product{.product_id = renamed.product_id, .segment = std::nullopt};
  for (const Sku& sku : env_.store().Read()->ListSkus(only_e3_product)) {
    EXPECT_EQ(sku.product_id, renamed.product_id);
  }

  // Write transactions, which may fill the cache too (a process that only writes), see the
  // latest committed version, and so do the reads after them.
  auto writer_only = env_.OpenAgain();
  EXPECT_EQ(writer_only->Write()->FindSku(id)->title, "Renamed elsewhere");
  renamed.title = "Renamed again";
  {
    auto tx = other_process->Write();
    tx->UpsertSku(renamed);
    tx->Commit();
  }
  EXPECT_EQ(writer_only->Write()->FindSku(id)->title, "Renamed again");
  EXPECT_EQ(writer_only->Read()->FindSku(id)->title, "Renamed again");
  EXPECT_EQ(env_.store().Write()->FindSku(id)->title, "Renamed again");
}

// Two connections (two Store objects on one file, as two processes would be) race for the
// last seat: exactly one assignment wins, the other gets 60012, and consumed never exceeds
// the seats.
TEST_P(StoreTest, TwoConnectionsRaceForTheLastSeatExactlyOneWins) {
  const Customer c = env_.NewCustomer("race.test");
  env_.Buy(c, "SPE_E3", 1);
  auto second_store = env_.OpenAgain();
  service::LicenseService first(env_.deps());
  service::LicenseService second({*second_store, env_.clock(), env_.deps().ids});
  for (int round = 0; round < 10; ++round) {
    const User a = env_.NewUser(c, fmt::format("a{}", round));
    const User b = env_.NewUser(c, fmt::format("b{}", round));
    std::latch start(2);
    Status ra = OkStatus(), rb = OkStatus();
    const auto assign = [&](service::LicenseService& svc, const User& u, Status& out) {
      start.arrive_and_wait();
      auto r = svc.Update(TestEnv::admin(), c.id,
                          {{.user_id = u.id, .to_assign = {{SkuId("SPE_E3"), {}}}}});
      out = r.ok() ? OkStatus() : Status(std::move(r).error());
    };
    std::thread ta(assign, std::ref(first), std::cref(a), std::ref(ra));
    std::thread tb(assign, std::ref(second), std::cref(b), std::ref(rb));
    ta.join();
    tb.join();
    ASSERT_NE(ra.ok(), rb.ok()) << "round " << round << ": exactly one must win";
    const Status& loser = ra.ok() ? rb : ra;
    EXPECT_EQ(loser.error().code, ErrorCode::kNotEnoughLicenses);
    EXPECT_EQ(env_.store().Read()->CountSeats(c.id, SkuId("SPE_E3")).assigned, 1);
    // Free the seat for the next round.
    const User& winner = ra.ok() ? a : b;
    ASSERT_TRUE(env_.licenses()
                    .Update(TestEnv::admin(), c.id,
                            {{.user_id = winner.id, .to_remove = {SkuId("SPE_E3")}}})
                    .ok());
  }
}

// Writers that arrive while another writes share its commit, and none of them returns from
// Commit before its change is durable (visible to a fresh reader on another connection).
TEST(SqliteStoreTest, ConcurrentWritersShareOneCommitAndReturnOnlyWhenDurable) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  auto store = store::sqlite::SqliteStore::Open(dir.File("s.db"));
  std::atomic<int> commits{0};
  store->ObserveCommits([&](std::chrono::nanoseconds) { ++commits; });
  const auto customer = [](int i) {
    return Customer{.id = CustomerId(Uuid::V7(1, 0, static_cast<std::uint64_t>(i) + 1)),
                    .company_name = "C",
                    .domain = fmt::format("c{}.test", i),
                    .country = "US",
                    .currency = "USD"};
  };
  constexpr int kWriters = 8;
  auto first = store->Write();
  ASSERT_TRUE(first->InsertCustomer(customer(0)).ok());
  std::vector<std::thread> writers;
  std::atomic<int> visible_after_commit{0};
  for (int i = 1; i <= kWriters; ++i) {
    writers.emplace_back([&, i] {
      auto tx = store->Write();
      ASSERT_TRUE(tx->InsertCustomer(customer(i)).ok());
      if (i == 3) return;  // abandoned: rolls back alone, the batch goes on
      tx->Commit();
      if (store->Read()->FindCustomerByDomain(fmt::format("c{}.test", i))) ++visible_after_commit;
    });
  }
  while (store->WritersWaiting() < kWriters) std::this_thread::yield();
  first->Commit();
  for (auto& t : writers) t.join();
  EXPECT_EQ(commits.load(), 1) << "nine transactions, one durable commit";
  EXPECT_EQ(visible_after_commit.load(), kWriters - 1);
  auto tx = store->Read();
  EXPECT_TRUE(tx->FindCustomerByDomain("c0.test"));
  EXPECT_FALSE(tx->FindCustomerByDomain("c3.test"));
  EXPECT_EQ(tx->ListCustomers({}, {.after = "", .limit = 20})->total, kWriters);
}

TEST(SqliteStoreTest, OpensWithWalForeignKeysAndFullSync) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  auto store = store::sqlite::SqliteStore::Open(dir.File("s.db"));
  auto conn = store::sqlite::Connection::Open(dir.File("s.db"), {});
  auto mode = conn->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.Step());
  EXPECT_EQ(mode.Text(0), "wal");
  auto fk = conn->Prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.Step());
  EXPECT_EQ(fk.Int(0), 1);
  auto sync = conn->Prepare("PRAGMA synchronous");
  ASSERT_TRUE(sync.Step());
  EXPECT_EQ(sync.Int(0), 2) << "FULL";
  auto version = conn->Prepare("PRAGMA user_version");
  ASSERT_TRUE(version.Step());
  EXPECT_EQ(version.Int(0), store::sqlite::LatestSchemaVersion());
}

TEST(SqliteStoreTest, ReopeningMigratesNothingTwiceAndNewerSchemaIsRefused) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  store::sqlite::SqliteStore::Open(dir.File("s.db"));
  EXPECT_NO_THROW(store::sqlite::SqliteStore::Open(dir.File("s.db")));
  {
    auto conn = store::sqlite::Connection::Open(dir.File("s.db"), {});
    conn->Exec("PRAGMA user_version = 99");
  }
  EXPECT_THROW(store::sqlite::SqliteStore::Open(dir.File("s.db")), store::StorageError);
}

std::string QueryPlan(const std::string& file, const char* sql) {
  auto conn = store::sqlite::Connection::Open(file, {});
  auto plan = conn->Prepare(fmt::format("EXPLAIN QUERY PLAN {}", sql).c_str());
  std::string details;
  while (plan.Step()) details += plan.Text(3) + "\n";
  return details;
}

// The statements the store runs (not look-alikes) walk their partial indexes.
TEST(SqliteStoreTest, ExpiringReportAndLifecycleQueriesUseTheirIndexes) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  auto store = store::sqlite::SqliteStore::Open(dir.File("s.db"));
  // Either of the report's indexes will do here: SQLite's end among their columns with the rowid.
  const auto report_index = [](const std::string& plan) {
    return plan.find("USING INDEX subscriptions_expiring") != std::string::npos ||
           plan.find("USING INDEX subscriptions_ending") != std::string::npos ||
           plan.find("USING COVERING INDEX subscriptions_e") != std::string::npos;
  };
  const std::string expiring = QueryPlan(dir.File("s.db"), store::sql::kExpiringCount);
  EXPECT_TRUE(report_index(expiring)) << expiring;
  EXPECT_EQ(expiring.find("SCAN s\n"), std::string::npos) << expiring;
  // The report's page, soonest end first, walks one in its order: no sort.
  const std::string by_end = QueryPlan(dir.File("s.db"), store::sql::kExpiringByEnd);
  EXPECT_TRUE(report_index(by_end)) << by_end;
  EXPECT_EQ(by_end.find("TEMP B-TREE"), std::string::npos) << "no sort: " << by_end;
  const std::string due = QueryPlan(dir.File("s.db"), store::sql::kClaimDue);
  EXPECT_NE(due.find("subscriptions_due"), std::string::npos) << due;
  EXPECT_EQ(due.find("TEMP B-TREE"), std::string::npos) << "no sort: " << due;
}

// A message's parameters are stored in one text and read back as they were: integers, texts
// with the separators and '%' in them, lists (empty ones too); anything else is corruption.
TEST(StoredValuesTest, ParametersRoundTripAndRefuseWhatTheyDidNotWrite) {
  const Parameters parameters{{"seats", std::int64_t{-42}},
                              {"name", std::string("50% \x1e of \x1f plans %1F")},
                              {"empty", std::string()},
                              {"plans", std::vector<std::string>{"Exchange", "", "Teams%"}},
                              {"none", std::vector<std::string>{}}};
  const std::string text = store::EncodeParameters(parameters);
  const auto decoded = store::DecodeParameters(text);
  ASSERT_TRUE(decoded.has_value()) << text;
  EXPECT_EQ(*decoded, parameters);
  EXPECT_EQ(store::EncodeParameters({}), "");
  EXPECT_EQ(store::DecodeParameters(""), Parameters{});
  // (Each separator is a literal of its own: "\x1f" "a" is not "\x1fa".)
  for (const char* bad : {"seats",
                          "seats\x1f"
                          "i\x1f"
                          "many",
                          "seats\x1f"
                          "x\x1f"
                          "1",
                          "\x1f"
                          "s\x1f"
                          "a",
                          "k\x1f"
                          "s\x1f"
                          "%4",
                          "k\x1f"
                          "s\x1f"
                          "a\x1f"
                          "b",
                          "k\x1f"
                          "i"}) {
    EXPECT_FALSE(store::DecodeParameters(bad).has_value()) << bad;
  }
}

// A database as the previous release left it (schema v3, no lifecycle columns) is upgraded in
// place: its subscriptions join the lifecycle (charged from their next term, looked at by the
// first pass, which leaves them as they are and fixes their due instant) and expire on time.
TEST(SqliteStoreTest, UpgradedDatabaseKeepsItsSubscriptionsInTheLifecycle) {
  SEATSHIFT_SQLITE_ONLY();
  testing::TempDir dir;
  {
    auto conn = store::sqlite::Connection::Open(dir.File("s.db"), {});
    store::sqlite::Migrate(*conn, 3);
    conn->Exec(
        "INSERT INTO products VALUES ('p', 'Product', '', 'commercial');"
        "INSERT INTO skus (id, sku_id, guid, product_id, title, segment, minimum_quantity, "
        "maximum_quantity) VALUES (1, 'OLD_SKU', X'01900000000070008000000000000009', 'p', 'Old', "
        "'commercial', 1, 100);"
        "INSERT INTO sku_prices VALUES (1, 0, 'USD', 'P1Y', 'monthly', 500);"
        "INSERT INTO customers VALUES (1, X'01900000000070008000000000000001', 'C', 'c.test', "
        "'commercial', 'US', 'USD', 0);"
        "INSERT INTO subscriptions (id, guid, customer, sku, friendly_name, quantity, status, "
        "term_start, term_end, term, billing_cycle, auto_renew, created_at, version) VALUES (1, "
        "X'01900000000070008000000000000002', 1, 1, 'S', 5, 'active', '2026-01-01', "
        "'2026-12-31', 'P1Y', 'monthly', 0, 0, 1);");
  }
  auto store = store::sqlite::SqliteStore::Open(dir.File("s.db"));
  const CustomerId customer(*Uuid::Parse("01900000-0000-7000-8000-000000000001"));
  const SubscriptionId id(*Uuid::Parse("01900000-0000-7000-8000-000000000002"));
  const auto upgraded = store->Read()->FindSubscription(customer, id);
  ASSERT_TRUE(upgraded);
  EXPECT_EQ(upgraded->next_charge_on, testing::D("2027-01-01"));

  SimulatedClock clock(testing::At("2026-11-25T09:00:00Z"));
  UuidV7Generator ids(clock, 1);
  service::LifecycleService engine({*store, clock, ids});
  const service::RequestContext system{Actor{"system", Role::kSystem}, "test"};
  const auto first = engine.Run(system);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->subscriptions, 0) << "nothing was due yet";
  {
    auto tx = store->Write();
    EXPECT_TRUE(tx->ClaimDue(clock.Now(), 10).empty()) << "its due instant was fixed";
  }
  clock.Advance(std::chrono::days(40));
  const auto later = engine.Run(system);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->expiries, 1);
  EXPECT_EQ(later->charges, 0) << "its last term was billed before the upgrade";
}

}  // namespace
}  // namespace seatshift
