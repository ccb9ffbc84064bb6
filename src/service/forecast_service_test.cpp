// The service-loss forecast on a real SQLite file with the default catalog: Kaizala Pro (end of
// sale 2020-07-01) includes the KAIZALA_STANDALONE plan, which SPE_E5 includes too (same plan
// id) while SPE_E3 includes another Kaizala plan (KAIZALA_O365_P3). The clock is 2026-11-25.
#include "service/forecast_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::ContextFor;
using testing::D;
using testing::TestEnv;

constexpr const char* kKaizalaPlanId = "0898bdbb-73b0-471a-81e5-20f1fe4dd66e";

class ForecastServiceTest : public ::testing::Test {
 protected:
  service::ForecastService forecast() { return service::ForecastService(env_.deps()); }

  Result<service::ServiceLossPage> Forecast(service::ServiceLossQuery query) {
    return forecast().ServiceLoss(ContextFor(Role::kSalesAgent), query);
  }

  //! Users of `customer` holding Kaizala Pro from a subscription without auto-renew.
  std::vector<User> KaizalaUsers(const Customer& customer, std::vector<const char*> names,
                                 const char* term_end, bool auto_renew = false) {
    env_.Existing(customer, "KAIZALA_PRO", static_cast<std::int64_t>(names.size()), term_end,
                  auto_renew);
    std::vector<User> users;
    for (const char* name : names) {
      users.push_back(env_.NewUser(customer, name));
      EXPECT_TRUE(env_.Assign(customer, users.back(), "KAIZALA_PRO").ok());
    }
    return users;
  }

  //! Walks every page of a partner-wide forecast.
  std::vector<service::ServiceLossPage> AllPages(const char* by, int size) {
    std::vector<service::ServiceLossPage> pages;
    std::string token;
    do {
      auto page = Forecast({.by = D(by), .page = {.after = token, .limit = size}});
      EXPECT_TRUE(page.ok()) << page.error().message;
      if (!page.ok() || pages.size() > 20) break;
      token = page->next;
      pages.push_back(std::move(*page));
    } while (!token.empty());
    return pages;
  }

  TestEnv env_;
  Customer contoso_ = env_.NewCustomer("contoso.test");
};

std::vector<std::string> Upns(const std::vector<ServiceLossRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.user_principal_name);
  return out;
}

TEST_F(ForecastServiceTest, UsersLoseTheKaizalaPlanThirtyDaysAfterTheTermEndsUnlessCovered) {
  // Ends in 20 days; ben also holds E5 (same Kaizala plan), cy E3 (another Kaizala plan).
  const auto users = KaizalaUsers(contoso_, {"ada", "ben", "cy"}, "2026-12-15");
  env_.Buy(contoso_, "SPE_E5", 1);
  env_.Buy(contoso_, "SPE_E3", 1);
  ASSERT_TRUE(env_.Assign(contoso_, users[1], "SPE_E5").ok());
  ASSERT_TRUE(env_.Assign(contoso_, users[2], "SPE_E3").ok());

  auto page = Forecast({.by = D("2027-01-24"), .customer_id = contoso_.id});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(Upns(page->items), (std::vector<std::string>{"ada@contoso.test", "cy@contoso.test"}));
  for (const ServiceLossRow& row : page->items) {
    EXPECT_EQ(row.customer_id, contoso_.id);
    EXPECT_EQ(row.sku_id, SkuId("KAIZALA_PRO"));
    EXPECT_EQ(row.service_plan.name, "KAIZALA_STANDALONE");
    EXPECT_EQ(row.service_plan.id.value().ToString(), kKaizalaPlanId);
    EXPECT_EQ(row.loses_at, At("2027-01-15T00:00:00Z"));  // term ends 12-16 00:00, + 30 days
    EXPECT_EQ(row.reason, LossReason::kExpiry);
    EXPECT_FALSE(row.replacements.empty());
  }
  EXPECT_TRUE(page->next.empty());
  ASSERT_EQ(page->plans.size(), 1u);
  EXPECT_EQ(page->plans[0].users, 2);
  EXPECT_EQ(page->plans[0].earliest_loss, At("2027-01-15T00:00:00Z"));
}

TEST_F(ForecastServiceTest, NothingIsLostBeforeTheGracePeriodEnds) {
  KaizalaUsers(contoso_, {"ada"}, "2026-12-15");
  auto page = Forecast({.by = D("2027-01-14"), .customer_id = contoso_.id});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_TRUE(page->items.empty());
  auto partner_wide = Forecast({.by = D("2027-01-14")});
  ASSERT_TRUE(partner_wide.ok()) << partner_wide.error().message;
  EXPECT_TRUE(partner_wide->items.empty());
}

TEST_F(ForecastServiceTest, ARenewingSubscriptionOfTheSkuKeepsItsUsersServed) {
  KaizalaUsers(contoso_, {"ada"}, "2026-12-15");
  env_.Buy(contoso_, "SPE_E3", 2);
  ASSERT_TRUE(env_.Assign(contoso_, env_.NewUser(contoso_, "ben"), "SPE_E3").ok());
  env_.Existing(contoso_, "SPE_E3", 1, "2026-12-01");  // ends, but the bought one renews
  auto page = Forecast({.by = D("2027-06-30")});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(Upns(page->items), std::vector<std::string>{"ada@contoso.test"});
}

TEST_F(ForecastServiceTest, PartnerWidePagesHoldWholeCustomersInIdOrder) {
  const Customer fabrikam = env_.NewCustomer("fabrikam.test");
  const Customer tailspin = env_.NewCustomer("tailspin.test");
  const Customer migrated = env_.NewCustomer("migrated.test");
  const Customer renewing = env_.NewCustomer("renewing.test");
  KaizalaUsers(contoso_, {"ada", "ben"}, "2026-12-15");
  // Auto-renew still on, but Kaizala Pro is past its end of sale: it will not renew either.
  KaizalaUsers(fabrikam, {"cy"}, "2026-12-20", true);
  KaizalaUsers(tailspin, {"dee", "eve", "fay"}, "2026-12-01");
  // Moved off Kaizala already: its suspended subscription has no licenses left.
  const Subscription old = env_.Existing(migrated, "KAIZALA_PRO", 1, "2026-12-15");
  ASSERT_TRUE(
      env_.subscriptions()
          .Update(TestEnv::admin(), migrated.id, old.id, {.status = SubscriptionStatus::kSuspended})
          .ok());
  env_.Buy(renewing, "SPE_E3", 1);
  ASSERT_TRUE(env_.Assign(renewing, env_.NewUser(renewing, "gus"), "SPE_E3").ok());

  const auto pages = AllPages("2027-02-28", 2);
  ASSERT_EQ(pages.size(), 3u);  // a page never splits a customer: tailspin's 3 rows stay whole
  std::vector<CustomerId> order;
  std::vector<std::size_t> sizes;
  for (const auto& page : pages) {
    sizes.push_back(page.items.size());
    for (const auto& row : page.items) {
      if (order.empty() || order.back() != row.customer_id) order.push_back(row.customer_id);
    }
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 1, 3}));
  EXPECT_EQ(order, (std::vector<CustomerId>{contoso_.id, fabrikam.id, tailspin.id}));
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(pages[1].items[0].loses_at, At("2027-01-20T00:00:00Z"));

  // A page size larger than everything: one page, no token.
  const auto one = AllPages("2027-02-28", 100);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].items.size(), 6u);
  EXPECT_EQ(one[0].plans.at(0).users, 6);
  EXPECT_EQ(one[0].plans.at(0).earliest_loss, At("2027-01-01T00:00:00Z"));  // tailspin's
}

TEST_F(ForecastServiceTest, SuspendedAndExpiredSubscriptionsAreReportedWithTheirInstants) {
  const Customer fabrikam = env_.NewCustomer("fabrikam.test");
  KaizalaUsers(contoso_, {"ada"}, "2027-03-31");
  const Subscription suspended =
      env_.store().Read()->ListSubscriptions({.customer_id = contoso_.id}, {})->items.at(0);
  env_.clock().Set(At("2026-11-26T10:00:00Z"));
  ASSERT_TRUE(env_.subscriptions()
                  .Update(TestEnv::admin(), contoso_.id, suspended.id,
                          {.status = SubscriptionStatus::kSuspended, .force = true})
                  .ok());
  KaizalaUsers(fabrikam, {"ben"}, "2026-11-20");
  {
    auto tx = env_.store().Write();
    auto sub = tx->ListSubscriptions({.customer_id = fabrikam.id}, {})->items.at(0);
    sub.status = SubscriptionStatus::kExpired;
    sub.status_changed_at = At("2026-11-21T00:00:00Z");
    ASSERT_TRUE(tx->UpdateSubscription(sub).ok());
    tx->Commit();
  }
  auto page = Forecast({.by = D("2026-12-31")});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].reason, LossReason::kSuspension);
  EXPECT_EQ(page->items[0].loses_at, At("2026-11-26T10:00:00Z"));
  EXPECT_EQ(page->items[1].reason, LossReason::kExpiry);
  EXPECT_EQ(page->items[1].loses_at, At("2026-12-21T00:00:00Z"));
}

TEST_F(ForecastServiceTest, FiltersBySkuAndServicePlan) {
  KaizalaUsers(contoso_, {"ada"}, "2026-12-15");
  const service::ServiceLossQuery base{.by = D("2027-02-28")};
  const auto rows = [&](auto change) {
    service::ServiceLossQuery query = base;
    change(query);
    auto page = Forecast(query);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->items.size() : 99u;
  };
  EXPECT_EQ(rows([](auto& q) { q.sku_id = SkuId("KAIZALA_PRO"); }), 1u);
  EXPECT_EQ(rows([](auto& q) { q.sku_id = SkuId("SPE_E3"); }), 0u);
  EXPECT_EQ(rows([](auto& q) { q.service_plan = "kaizala_standalone"; }), 1u);
  EXPECT_EQ(rows([](auto& q) { q.service_plan = kKaizalaPlanId; }), 1u);
  EXPECT_EQ(rows([](auto& q) { q.service_plan = "KAIZALA_O365_P3"; }), 0u);
  EXPECT_EQ(rows([](auto& q) {
              q.service_plan = "KAIZALA_STANDALONE";
              q.sku_id = SkuId("SPE_E3");  // E3 does not include it
            }),
            0u);
}

TEST_F(ForecastServiceTest, RefusesWhatItCannotAnswer) {
  const auto code = [&](service::ServiceLossQuery query, Role role = Role::kSalesAgent) {
    auto page = forecast().ServiceLoss(ContextFor(role), query);
    return page.ok() ? std::optional<ErrorCode>() : page.error().code;
  };
  const Date by = D("2027-02-28");
  EXPECT_EQ(code({.by = by}, Role::kHelpdeskAgent), ErrorCode::kForbidden);
  EXPECT_FALSE(code({.by = by}, Role::kBillingAdmin).has_value());
  EXPECT_EQ(code({.by = by, .customer_id = CustomerId(Uuid::V7(1, 2, 3))}), ErrorCode::kNotFound);
  EXPECT_EQ(code({.by = by, .sku_id = SkuId("NO_SUCH_SKU")}), ErrorCode::kNotFound);
  EXPECT_EQ(code({.by = by, .service_plan = "NO_SUCH_PLAN"}), ErrorCode::kNotFound);
  EXPECT_EQ(code({.by = by, .page = {.after = "k12", .limit = 10}}), ErrorCode::kBadRequest);
  EXPECT_EQ(code({.by = by, .page = {.after = "", .limit = 0}}), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace seatshift
