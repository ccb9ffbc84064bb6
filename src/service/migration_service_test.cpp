// Planned migrations over a real database: the planner on a small fleet built with the real
// services, the record read back, idempotency, refusals, and the store's corruption checks.
#include "service/migration_service.hpp"

#include <fmt/format.h>

#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using service::MigrationRequest;
using service::MigrationService;
using testing::ContextFor;
using testing::TestEnv;

class MigrationServiceTest : public ::testing::Test {
 protected:
  //! A customer on Kaizala Pro with `users` licensed users.
  Customer KaizalaCustomer(const std::string& domain, int users) {
    Customer c = env_.NewCustomer(domain);
    env_.Existing(c, "KAIZALA_PRO", users, "2027-03-31");
    for (int i = 0; i < users; ++i) {
      const User u = env_.NewUser(c, fmt::format("u{}", i));
      EXPECT_TRUE(env_.Assign(c, u, "KAIZALA_PRO").ok());
    }
    return c;
  }

  MigrationService migrations() { return MigrationService(env_.deps()); }

  static MigrationRequest ToE3() {
    return {.source = SkuId("KAIZALA_PRO"), .customers = std::nullopt, .target = SkuId("SPE_E3")};
  }

  std::int64_t Stored() {
    auto page = migrations().List(TestEnv::admin(), {});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }

  TestEnv env_;
  Customer a_ = KaizalaCustomer("a.test", 3);
  Customer b_ = KaizalaCustomer("b.test", 2);
  Customer c_ = KaizalaCustomer("c.test", 1);
  Customer other_ = env_.NewCustomer("other.test");
};

TEST_F(MigrationServiceTest, PlansEveryHolderAndReadsTheRecordBackEqual) {
  const std::int64_t audit = env_.AuditCount();
  auto planned = migrations().Plan(TestEnv::admin(), ToE3());
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_TRUE(planned->stored);
  ASSERT_EQ(planned->customers.size(), 3u);
  EXPECT_EQ(planned->customers[0].plan.customer_id, a_.id);
  EXPECT_EQ(planned->customers[2].plan.customer_id, c_.id);
  for (const MigrationCustomer& mc : planned->customers) {
    EXPECT_EQ(mc.plan.target_sku_id, SkuId("SPE_E3"));
    EXPECT_EQ(mc.plan.action, MigrationAction::kPurchase);
    EXPECT_EQ(mc.step, MigrationStep::kPending);
    EXPECT_EQ(mc.plan.source_subscription_ids.size(), 1u);
  }
  EXPECT_EQ(planned->customers[0].plan.users_to_move, 3);
  EXPECT_EQ(planned->totals.users_to_move, 6);
  EXPECT_EQ(planned->progress.customers_total, 3);
  EXPECT_EQ(planned->progress.users_total, 6);
  EXPECT_EQ(env_.AuditCount(), audit + 1);

  auto read = migrations().Get(ContextFor(Role::kHelpdeskAgent), planned->migration.id);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->migration, planned->migration);
  EXPECT_EQ(read->customers, planned->customers);
  EXPECT_EQ(read->totals, planned->totals);
  EXPECT_EQ(read->progress, planned->progress);
  EXPECT_EQ(read->migration.status, MigrationStatus::kPlanned);
  EXPECT_FALSE(read->migration.lease_owner);
}

TEST_F(MigrationServiceTest, RecommendedWithAnOverrideKeepsTheOverrideAndGivesReasons) {
  MigrationRequest request = ToE3();
  request.target.reset();
  request.overrides.emplace(b_.id, SkuId("SPE_E5"));
  request.seat_policy = SeatPolicy::kSourceQuantity;
  auto planned = migrations().Plan(TestEnv::admin(), request);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  ASSERT_EQ(planned->customers.size(), 3u);
  EXPECT_EQ(planned->customers[1].plan.target_sku_id, SkuId("SPE_E5"));
  EXPECT_TRUE(planned->customers[1].plan.recommendation_reason.empty());
  EXPECT_FALSE(planned->customers[0].plan.recommendation_reason.empty());
  EXPECT_NE(planned->customers[0].plan.target_sku_id, SkuId(""));
  auto read = migrations().Get(TestEnv::admin(), planned->migration.id);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->migration.target_sku_id);
  EXPECT_EQ(read->migration.target_overrides, request.overrides);
  EXPECT_EQ(read->migration.seat_policy, SeatPolicy::kSourceQuantity);
  EXPECT_EQ(read->customers, planned->customers);
}

TEST_F(MigrationServiceTest, AListedCustomerWithoutTheSourceGetsAPlanOfNothing) {
  MigrationRequest request = ToE3();
  request.customers = std::vector<CustomerId>{other_.id, a_.id};
  auto planned = migrations().Plan(TestEnv::admin(), request);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  ASSERT_EQ(planned->customers.size(), 2u);
  EXPECT_EQ(planned->customers[0].plan.customer_id, other_.id);
  EXPECT_EQ(planned->customers[0].plan.action, MigrationAction::kNone);
  EXPECT_TRUE(planned->customers[0].plan.HasWarning(MigrationWarningCode::kNoSourceSubscription));
  EXPECT_EQ(planned->customers[1].plan.action, MigrationAction::kPurchase);
}

TEST_F(MigrationServiceTest, DryRunStoresNothing) {
  MigrationRequest request = ToE3();
  request.dry_run = true;
  const std::int64_t audit = env_.AuditCount();
  auto planned = migrations().Plan(TestEnv::admin(), request);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_FALSE(planned->stored);
  EXPECT_EQ(planned->customers.size(), 3u);
  EXPECT_EQ(Stored(), 0);
  EXPECT_EQ(env_.AuditCount(), audit);
}

TEST_F(MigrationServiceTest, ARetryWithTheSameRequestIdCreatesOneMigration) {
  service::RequestContext ctx = ContextFor(Role::kSalesAgent);
  ctx.idempotency = service::IdempotencyKey{"plan-1", ""};
  auto first = migrations().Plan(ctx, ToE3());
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto again = migrations().Plan(ctx, ToE3());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->migration.id, first->migration.id);
  EXPECT_EQ(again->customers, first->customers);
  EXPECT_EQ(Stored(), 1);
}

TEST_F(MigrationServiceTest, RefusesWhatItCannotPlan) {
  const auto code = [&](MigrationRequest request, const service::RequestContext& ctx) {
    auto result = migrations().Plan(ctx, request);
    return result.ok() ? std::optional<ErrorCode>() : result.error().code;
  };
  const auto admin = TestEnv::admin();
  MigrationRequest r = ToE3();
  r.source = SkuId("NO_SUCH_SKU");
  EXPECT_EQ(code(r, admin), ErrorCode::kNotFound);
  r = ToE3();
  r.target = SkuId("NO_SUCH_SKU");
  EXPECT_EQ(code(r, admin), ErrorCode::kNotFound);
  r = ToE3();
  r.target = SkuId("KAIZALA_PRO");
  EXPECT_EQ(code(r, admin), ErrorCode::kBadRequest);
  r = ToE3();
  r.source = SkuId("SPE_E3");
  r.target.reset();  // SPE_E3 has no replacements to recommend
  EXPECT_EQ(code(r, admin), ErrorCode::kBadRequest);
  r = ToE3();
  r.customers = std::vector<CustomerId>{a_.id, a_.id};
  EXPECT_EQ(code(r, admin), ErrorCode::kBadRequest);
  r = ToE3();
  r.overrides.emplace(other_.id, SkuId("SPE_E5"));  // holds no Kaizala: not in "all"
  EXPECT_EQ(code(r, admin), ErrorCode::kBadRequest);
  r = ToE3();
  r.customers = std::vector<CustomerId>(MigrationService::kMaxListedCustomers + 1, a_.id);
  EXPECT_EQ(code(r, admin), ErrorCode::kBadRequest);
  EXPECT_EQ(code(ToE3(), ContextFor(Role::kHelpdeskAgent)), ErrorCode::kForbidden);
  EXPECT_EQ(code(ToE3(), ContextFor(Role::kBillingAdmin)), ErrorCode::kForbidden);

  r = ToE3();
  const CustomerId ghost(Uuid::V7(7, 7, 7));
  r.customers = std::vector<CustomerId>{a_.id, ghost};
  auto unknown = migrations().Plan(admin, r);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find(ToString(ghost)), std::string::npos);
  EXPECT_EQ(Stored(), 0);
}

TEST_F(MigrationServiceTest, ListPagesNewestFirst) {
  std::vector<MigrationId> ids;
  for (int i = 0; i < 3; ++i) {
    auto planned = migrations().Plan(TestEnv::admin(), ToE3());
    ASSERT_TRUE(planned.ok());
    ids.push_back(planned->migration.id);
  }
  auto first = migrations().List(TestEnv::admin(), {.after = "", .limit = 2});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 3);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].migration.id, ids[2]);
  EXPECT_EQ(first->items[0].progress.customers_total, 3);
  ASSERT_FALSE(first->next.empty());
  auto second = migrations().List(TestEnv::admin(), {.after = first->next, .limit = 2});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].migration.id, ids[0]);
  EXPECT_TRUE(second->next.empty());
}

TEST_F(MigrationServiceTest, TheStoredCustomersReadInPagesAreTheWholeListInOrder) {
  auto planned = migrations().Plan(TestEnv::admin(), ToE3());
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  const MigrationId id = planned->migration.id;
  auto tx = env_.store().Read();
  std::vector<MigrationCustomer> paged;
  for (int after = -1;;) {
    const auto page = tx->MigrationCustomersAfter(id, after, 2);
    if (page.empty()) break;
    EXPECT_LE(page.size(), 2u);
    after = page.back().position;
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(paged, tx->ListMigrationCustomers(id));
  EXPECT_EQ(paged, planned->customers);
  EXPECT_TRUE(tx->MigrationCustomersAfter(id, 2, 10).empty());
}

TEST_F(MigrationServiceTest, AStoredValueItCannotDecodeIsRefusedNotDefaulted) {
  auto planned = migrations().Plan(TestEnv::admin(), ToE3());
  ASSERT_TRUE(planned.ok());
  env_.SqlUnchecked("UPDATE migrations SET status = 'halfway'", {"migrations"});
  try {
    (void)env_.store().Read()->FindMigration(planned->migration.id);
    FAIL() << "a corrupt status was decoded";
  } catch (const store::CorruptionError& e) {
    EXPECT_NE(std::string(e.what()).find("migrations.status"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("halfway"), std::string::npos) << e.what();
  }
  env_.SqlUnchecked(
      "UPDATE migrations SET status = 'planned'; UPDATE migration_customers SET step = 'sideways'",
      {"migration_customers"});
  try {
    (void)env_.store().Read()->ListMigrationCustomers(planned->migration.id);
    FAIL() << "a corrupt step was decoded";
  } catch (const store::CorruptionError& e) {
    EXPECT_NE(std::string(e.what()).find("migration_customers.step"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace seatshift
