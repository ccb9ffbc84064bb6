// Use cases end to end through the services, on a real SQLite file.
#include <gtest/gtest.h>

#include "service/audit_service.hpp"
#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using testing::ContextFor;
using testing::TestEnv;

class ServiceTest : public ::testing::Test {
 protected:
  TestEnv env_;
  Customer customer_ = env_.NewCustomer("contoso.test");
};

std::vector<SkuId> SkusOf(const std::vector<License>& licenses) {
  std::vector<SkuId> out;
  for (const auto& l : licenses) out.push_back(l.sku_id);
  return out;
}

TEST_F(ServiceTest, SwapMovesEveryUserAtomicallyAndAuditsEach) {
  env_.Existing(customer_, "KAIZALA_PRO", 3, "2027-03-31");
  env_.Buy(customer_, "SPE_E3", 3);
  std::vector<User> users;
  for (const char* name : {"ada", "ben", "cy"}) {
    users.push_back(env_.NewUser(customer_, name));
    ASSERT_TRUE(env_.Assign(customer_, users.back(), "KAIZALA_PRO").ok());
  }
  const auto audit_before = env_.AuditCount();
  auto swapped = env_.licenses().Swap(TestEnv::admin(), customer_.id,
                                      {.from = SkuId("KAIZALA_PRO"), .to = SkuId("SPE_E3")});
  ASSERT_TRUE(swapped.ok()) << swapped.error().message;
  EXPECT_EQ(swapped->size(), 3u);
  auto tx = env_.store().Read();
  for (const User& u : users) {
    EXPECT_EQ(SkusOf(tx->LicensesOfUser(u.id)), std::vector<SkuId>{SkuId("SPE_E3")});
  }
  EXPECT_EQ(tx->CountSeats(customer_.id, SkuId("KAIZALA_PRO")).assigned, 0);
  EXPECT_EQ(env_.AuditCount(), audit_before + 3);
}

TEST_F(ServiceTest, SwapWithTooFewTargetSeatsChangesNothing) {
  env_.Existing(customer_, "KAIZALA_PRO", 3, "2027-03-31");
  env_.Buy(customer_, "SPE_E3", 2);
  for (const char* name : {"ada", "ben", "cy"}) {
    ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, name), "KAIZALA_PRO").ok());
  }
  const auto audit_before = env_.AuditCount();
  auto swapped = env_.licenses().Swap(TestEnv::admin(), customer_.id,
                                      {.from = SkuId("KAIZALA_PRO"), .to = SkuId("SPE_E3")});
  ASSERT_FALSE(swapped.ok());
  EXPECT_EQ(swapped.error().code, ErrorCode::kNotEnoughLicenses);
  EXPECT_EQ(swapped.error().details[1].key, "available");
  auto tx = env_.store().Read();
  EXPECT_EQ(tx->CountSeats(customer_.id, SkuId("KAIZALA_PRO")).assigned, 3);
  EXPECT_EQ(tx->CountSeats(customer_.id, SkuId("SPE_E3")).assigned, 0);
  EXPECT_EQ(env_.AuditCount(), audit_before) << "a refused change writes no audit record";
}

TEST_F(ServiceTest, BulkUpdateLetsOneUsersFreedSeatGoToAnother) {
  env_.Buy(customer_, "SPE_E3", 1);
  env_.Buy(customer_, "STANDARDPACK", 1);
  const User ada = env_.NewUser(customer_, "ada");
  const User ben = env_.NewUser(customer_, "ben");
  ASSERT_TRUE(env_.Assign(customer_, ada, "SPE_E3").ok());
  ASSERT_TRUE(env_.Assign(customer_, ben, "STANDARDPACK").ok());
  auto result = env_.licenses().Update(TestEnv::admin(), customer_.id,
                                       {{.user_id = ada.id,
                                         .to_assign = {{SkuId("STANDARDPACK"), {}}},
                                         .to_remove = {SkuId("SPE_E3")}},
                                        {.user_id = ben.id,
                                         .to_assign = {{SkuId("SPE_E3"), {}}},
                                         .to_remove = {SkuId("STANDARDPACK")}}});
  ASSERT_TRUE(result.ok()) << result.error().message;
  auto tx = env_.store().Read();
  EXPECT_EQ(SkusOf(tx->LicensesOfUser(ada.id)), std::vector<SkuId>{SkuId("STANDARDPACK")});
  EXPECT_EQ(SkusOf(tx->LicensesOfUser(ben.id)), std::vector<SkuId>{SkuId("SPE_E3")});
}

TEST_F(ServiceTest, ExcludedPlanOutsideTheSkuIsRefused) {
  env_.Buy(customer_, "SPE_E3", 1);
  const User ada = env_.NewUser(customer_, "ada");
  auto kaizala_plan = *env_.catalog().GetSku(TestEnv::admin(), SkuId("KAIZALA_PRO"));
  auto result = env_.licenses().Update(
      TestEnv::admin(), customer_.id,
      {{.user_id = ada.id,
        .to_assign = {{SkuId("SPE_E3"), {kaizala_plan.service_plans.front().id}}}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServicePlanNotInSku);
  EXPECT_TRUE(env_.store().Read()->LicensesOfUser(ada.id).empty());
}

TEST_F(ServiceTest, SuspendRefusedWhileLicensesDependOnItUnlessForced) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "ada"), "SPE_E3").ok());
  auto refused = env_.subscriptions().Update(TestEnv::admin(), customer_.id, sub.id,
                                             {.status = SubscriptionStatus::kSuspended});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLicensesStillAssigned);
  const auto& first_users =
      std::get<std::vector<std::string>>(refused.error().details.back().value);
  EXPECT_EQ(first_users, std::vector<std::string>{"ada@contoso.test"});

  auto forced =
      env_.subscriptions().Update(TestEnv::admin(), customer_.id, sub.id,
                                  {.status = SubscriptionStatus::kSuspended, .force = true});
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->status, SubscriptionStatus::kSuspended);
  EXPECT_EQ(forced->version, 2);
  EXPECT_EQ(*forced->DeprovisionAt(), env_.clock().Now() + std::chrono::days(120));
}

TEST_F(ServiceTest, SuspendAllowedWhenAnotherSubscriptionCarriesTheUsers) {
  const Subscription first = env_.Buy(customer_, "SPE_E3", 2);
  env_.Buy(customer_, "SPE_E3", 2);
  ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "ada"), "SPE_E3").ok());
  auto suspended = env_.subscriptions().Update(TestEnv::admin(), customer_.id, first.id,
                                               {.status = SubscriptionStatus::kSuspended});
  EXPECT_TRUE(suspended.ok());
}

TEST_F(ServiceTest, QuantityBelowAssignedIsRefused) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "ada"), "SPE_E3").ok());
  ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "ben"), "SPE_E3").ok());
  auto refused =
      env_.subscriptions().Update(TestEnv::admin(), customer_.id, sub.id, {.quantity = 1});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kQuantityBelowAssigned);
}

TEST_F(ServiceTest, StaleEtagIsRefusedAndChangesNothing) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  ASSERT_TRUE(
      env_.subscriptions().Update(TestEnv::admin(), customer_.id, sub.id, {.quantity = 3}).ok());
  auto stale = env_.subscriptions().Update(TestEnv::admin(), customer_.id, sub.id,
                                           {.quantity = 4, .if_match = 1});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kEtagMismatch);
  EXPECT_EQ(env_.store().Read()->FindSubscription(customer_.id, sub.id)->quantity, 3);
}

TEST_F(ServiceTest, AutoRenewCannotBeEnabledOnARetiredSku) {
  const Subscription sub = env_.Existing(customer_, "KAIZALA_PRO", 5, "2027-01-31");
  auto refused =
      env_.subscriptions().Update(TestEnv::admin(), customer_.id, sub.id, {.auto_renew = true});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kAutoRenewLocked);
}

TEST_F(ServiceTest, OrderOfARetiredSkuNamesTheReplacements) {
  auto refused = env_.orders().Create(
      TestEnv::admin(), customer_.id,
      {{.line_item_number = 1, .offer_id = SkuId("KAIZALA_PRO"), .quantity = 5}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kOfferNotPurchasable);
  EXPECT_NE(refused.error().message.find("SPE_E3"), std::string::npos);
}

TEST_F(ServiceTest, OrderIsAllOrNothing) {
  auto refused =
      env_.orders().Create(TestEnv::admin(), customer_.id,
                           {{.line_item_number = 1, .offer_id = SkuId("SPE_E3"), .quantity = 5},
                            {.line_item_number = 2, .offer_id = SkuId("SPB"), .quantity = 301}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kQuantityOutOfRange);
  auto subs = env_.store().Read()->ListSubscriptions({.customer_id = customer_.id},
                                                     {.after = "", .limit = 10});
  EXPECT_EQ(subs->total, 0);
}

TEST_F(ServiceTest, RetriedOrderWithTheSameRequestIdBuysOnce) {
  auto ctx = TestEnv::admin();
  ctx.idempotency = service::IdempotencyKey{"req-1", ""};
  const std::vector<OrderLineItem> items{
      {.line_item_number = 1, .offer_id = SkuId("SPE_E3"), .quantity = 5}};
  auto first = env_.orders().Create(ctx, customer_.id, items);
  auto retry = env_.orders().Create(ctx, customer_.id, items);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(first->order.id, retry->order.id);
  EXPECT_EQ(first->subscriptions, retry->subscriptions);
  auto subs = env_.store().Read()->ListSubscriptions({.customer_id = customer_.id},
                                                     {.after = "", .limit = 10});
  EXPECT_EQ(subs->total, 1);

  const Customer other = env_.NewCustomer("other.test");
  auto reused = env_.orders().Create(ctx, other.id, items);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kRequestIdReused);
}

TEST_F(ServiceTest, RolesAreEnforcedByTheServices) {
  auto helpdesk = ContextFor(Role::kHelpdeskAgent);
  auto order =
      env_.orders().Create(helpdesk, customer_.id,
                           {{.line_item_number = 1, .offer_id = SkuId("SPE_E3"), .quantity = 1}});
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code, ErrorCode::kForbidden);
  auto billing = ContextFor(Role::kBillingAdmin);
  EXPECT_EQ(env_.customers()
                .CreateUser(billing, customer_.id,
                            {.user_principal_name = "x@contoso.test", .display_name = "X"})
                .error()
                .code,
            ErrorCode::kForbidden);
  EXPECT_TRUE(env_.customers()
                  .CreateUser(helpdesk, customer_.id,
                              {.user_principal_name = "x@contoso.test", .display_name = "X"})
                  .ok());
}

TEST_F(ServiceTest, AuditRecordsWhoDidWhatWithBeforeAndAfter) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 2);
  auto sales = ContextFor(Role::kSalesAgent, "sam@partner.test");
  ASSERT_TRUE(env_.subscriptions().Update(sales, customer_.id, sub.id, {.quantity = 4}).ok());
  auto page = service::AuditService(env_.deps())
                  .List(TestEnv::admin(), {.resource_id = sub.id.value().ToString()},
                        {.after = "", .limit = 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  const AuditRecord& update = page->items[1];
  EXPECT_EQ(update.operation, "subscription.update");
  EXPECT_EQ(update.agent_id, "sam@partner.test");
  EXPECT_EQ(update.role, Role::kSalesAgent);
  EXPECT_EQ(update.time, env_.clock().Now());
  EXPECT_NE(update.before.find("\"quantity\":2"), std::string::npos);
  EXPECT_NE(update.after.find("\"quantity\":4"), std::string::npos);
}

TEST_F(ServiceTest, DeletingAUserFreesItsSeatAndAuditsTheLicensesItHad) {
  env_.Buy(customer_, "SPE_E3", 1);
  const User ada = env_.NewUser(customer_, "ada");
  ASSERT_TRUE(env_.Assign(customer_, ada, "SPE_E3").ok());
  ASSERT_TRUE(env_.customers().DeleteUser(TestEnv::admin(), customer_.id, ada.id).ok());
  EXPECT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "ben"), "SPE_E3").ok());
  auto page = service::AuditService(env_.deps())
                  .List(TestEnv::admin(), {.resource_id = ada.id.value().ToString()},
                        {.after = "", .limit = 10});
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page->items.back().before.find("SPE_E3"), std::string::npos);
}

TEST_F(ServiceTest, SubscribedSkusCountActiveSuspendedAndConsumedUnits) {
  env_.Buy(customer_, "SPE_E3", 3);
  const Subscription extra = env_.Buy(customer_, "SPE_E3", 2);
  ASSERT_TRUE(env_.Assign(customer_, env_.NewUser(customer_, "ada"), "SPE_E3").ok());
  ASSERT_TRUE(env_.subscriptions()
                  .Update(TestEnv::admin(), customer_.id, extra.id,
                          {.status = SubscriptionStatus::kSuspended})
                  .ok());
  auto skus = env_.licenses().SubscribedSkus(TestEnv::admin(), customer_.id);
  ASSERT_TRUE(skus.ok());
  ASSERT_EQ(skus->size(), 1u);
  EXPECT_EQ((*skus)[0].active_units, 3);
  EXPECT_EQ((*skus)[0].suspended_units, 2);
  EXPECT_EQ((*skus)[0].consumed_units, 1);
}

TEST_F(ServiceTest, UnknownIdsAreNotFound) {
  const CustomerId nobody(Uuid::V7(1, 1, 1));
  EXPECT_EQ(env_.customers().Get(TestEnv::admin(), nobody).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(env_.subscriptions()
                .Get(TestEnv::admin(), customer_.id, SubscriptionId(Uuid::V7(1, 1, 1)))
                .error()
                .code,
            ErrorCode::kSubscriptionNotFound);
  EXPECT_EQ(env_.customers().Find(TestEnv::admin(), "nowhere.test").error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(env_.customers().Find(TestEnv::admin(), "CONTOSO.test").ok());
}

}  // namespace
}  // namespace seatshift
