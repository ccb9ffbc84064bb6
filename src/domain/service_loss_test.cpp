#include "domain/service_loss.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "testing/dates.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::D;

using S = SubscriptionStatus;

ServicePlan Plan(std::uint64_t n, const char* name) {
  return {ServicePlanId(Uuid::V7(n, 0, 0)), name, std::string("Plan ") + name};
}

const ServicePlan kKaizala = Plan(1, "KAIZALA_STANDALONE");
const ServicePlan kKaizalaP3 = Plan(2, "KAIZALA_O365_P3");
const ServicePlan kExchange = Plan(3, "EXCHANGE_S_ENTERPRISE");
const ServicePlan kTeams = Plan(4, "TEAMS1");

Sku MakeSku(const char* id, std::vector<ServicePlan> plans, std::optional<Date> eos = {}) {
  Sku sku;
  sku.id = SkuId(id);
  sku.service_plans = std::move(plans);
  sku.end_of_sale = eos;
  return sku;
}

// Kaizala Pro as the vendor retired it; E5 includes the very same Kaizala plan, E3 another one.
class ServiceLossTest : public ::testing::Test {
 protected:
  ServiceLossTest() {
    Sku kaizala = MakeSku("KAIZALA_PRO", {kKaizala}, D("2020-07-01"));
    kaizala.replacements = {SkuId("SPE_E3"), SkuId("SPE_E5")};
    for (Sku sku : {kaizala, MakeSku("SPE_E3", {kKaizalaP3, kExchange, kTeams}),
                    MakeSku("SPE_E5", {kKaizala, kExchange, kTeams}),
                    MakeSku("ENTERPRISEWITHSCAL", {kExchange, kTeams}, D("2020-07-01"))}) {
      catalog_.emplace(sku.id, std::move(sku));
    }
  }

  SkuLookup Lookup() const {
    return [this](const SkuId& id) -> const Sku* {
      const auto it = catalog_.find(id);
      return it == catalog_.end() ? nullptr : &it->second;
    };
  }
  const Sku& Find(const char* id) const { return catalog_.at(SkuId(id)); }

  Subscription Sub(const char* sku, const char* term_end, bool auto_renew = false) {
    Subscription sub;
    sub.id = SubscriptionId(Uuid::V7(100 + next_id_++, 0, 0));
    sub.customer_id = customer_;
    sub.sku_id = SkuId(sku);
    sub.quantity = 10;
    sub.term_end = D(term_end);
    sub.term_start = AddMonths(sub.term_end, -12) + std::chrono::days(1);
    sub.auto_renew = auto_renew;
    sub.created_at = At("2025-01-01T00:00:00Z");
    return sub;
  }

  User NewUser(const char* name, std::vector<License> licenses) {
    User user{.id = UserId(Uuid::V7(200 + next_id_++, 0, 0)),
              .customer_id = customer_,
              .user_principal_name = std::string(name) + "@contoso.test"};
    for (License& l : licenses) l.user_id = user.id;
    licenses_[user.id] = std::move(licenses);
    users_.push_back(user);
    return user;
  }

  std::vector<ServiceLossRow> Forecast(const std::vector<Subscription>& subs, const char* by) {
    return ForecastServiceLoss(subs, users_, licenses_, Lookup(), D(by));
  }

  std::map<SkuId, Sku> catalog_;
  CustomerId customer_{Uuid::V7(9, 9, 9)};
  std::vector<User> users_;
  std::map<UserId, std::vector<License>> licenses_;
  std::uint64_t next_id_ = 0;
};

License Holds(const char* sku, std::vector<ServicePlanId> excluded = {}) {
  return {UserId{}, SkuId(sku), std::move(excluded)};
}

std::vector<std::string> PlanNames(const std::vector<ServiceLossRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.service_plan.name);
  return out;
}

TEST_F(ServiceLossTest, ActiveWithoutAutoRenewLosesServiceWhenDisabledAfterTheGracePeriod) {
  const auto loss = WhenServiceEnds(Sub("SPE_E3", "2026-12-14"), Find("SPE_E3"));
  ASSERT_TRUE(loss.has_value());
  // The term ends at the start of 12-15; users keep working 30 days, then it is disabled.
  EXPECT_EQ(*loss, (ServiceLossAt{At("2027-01-14T00:00:00Z"), LossReason::kExpiry}));
}

TEST_F(ServiceLossTest, AutoRenewingSubscriptionOfASkuStillSoldNeverLosesService) {
  EXPECT_FALSE(WhenServiceEnds(Sub("SPE_E3", "2026-12-14", true), Find("SPE_E3")).has_value());
}

TEST_F(ServiceLossTest, AutoRenewingSubscriptionLosesServiceAtTheFirstTermEndPastEndOfSale) {
  Sku e3 = Find("SPE_E3");
  e3.end_of_sale = D("2026-12-15");  // not sold the day after the term ends: no renewal
  EXPECT_EQ(WhenServiceEnds(Sub("SPE_E3", "2026-12-14", true), e3),
            (ServiceLossAt{At("2027-01-14T00:00:00Z"), LossReason::kExpiry}));
  e3.end_of_sale = D("2026-12-16");  // still sold on 12-15: renews once, for a year
  EXPECT_EQ(WhenServiceEnds(Sub("SPE_E3", "2026-12-14", true), e3),
            (ServiceLossAt{At("2028-01-14T00:00:00Z"), LossReason::kExpiry}));
  e3.end_of_sale.reset();
  e3.retirement = D("2026-12-01");
  EXPECT_EQ(WhenServiceEnds(Sub("SPE_E3", "2026-12-14", true), e3),
            (ServiceLossAt{At("2027-01-14T00:00:00Z"), LossReason::kExpiry}));
}

TEST_F(ServiceLossTest, LossInstantOfEachStatus) {
  Subscription expired = Sub("KAIZALA_PRO", "2026-10-31");
  expired.status = S::kExpired;
  expired.status_changed_at = At("2026-11-01T00:00:00Z");
  EXPECT_EQ(WhenServiceEnds(expired, Find("KAIZALA_PRO")),
            (ServiceLossAt{At("2026-12-01T00:00:00Z"), LossReason::kExpiry}));

  Subscription disabled = Sub("KAIZALA_PRO", "2026-09-30");
  disabled.status = S::kDisabled;
  disabled.status_changed_at = At("2026-10-31T00:00:00Z");
  EXPECT_EQ(WhenServiceEnds(disabled, Find("KAIZALA_PRO")),
            (ServiceLossAt{At("2026-10-31T00:00:00Z"), LossReason::kDisabled}));

  Subscription suspended = Sub("KAIZALA_PRO", "2027-03-31");
  suspended.status = S::kSuspended;
  suspended.suspended_at = At("2026-11-20T10:30:00Z");
  suspended.status_changed_at = suspended.suspended_at;
  EXPECT_EQ(WhenServiceEnds(suspended, Find("KAIZALA_PRO")),
            (ServiceLossAt{At("2026-11-20T10:30:00Z"), LossReason::kSuspension}));
  EXPECT_EQ(ToString(LossReason::kSuspension), "suspension");
}

TEST_F(ServiceLossTest, ALossOnTheForecastDayCountsAndTheCandidateBoundAgrees) {
  // Term ends 2026-12-14: users lose access on 2027-01-14.
  const Subscription sub = Sub("KAIZALA_PRO", "2026-12-14");
  EXPECT_EQ(LosingSkus({sub}, Lookup(), D("2027-01-14")).size(), 1u);
  EXPECT_TRUE(LosingSkus({sub}, Lookup(), D("2027-01-13")).empty());
  EXPECT_LT(sub.term_end, TermsEndingBefore(D("2027-01-14")));
  EXPECT_GE(sub.term_end, TermsEndingBefore(D("2027-01-13")));
}

TEST_F(ServiceLossTest, ASecondSubscriptionOfTheSkuThatRenewsKeepsItsLicensesWorking) {
  NewUser("ada", {Holds("SPE_E3")});
  const std::vector<Subscription> subs = {Sub("SPE_E3", "2026-12-14"),
                                          Sub("SPE_E3", "2027-06-30", true)};
  EXPECT_TRUE(LosingSkus(subs, Lookup(), D("2030-01-01")).empty());
  EXPECT_TRUE(Forecast(subs, "2030-01-01").empty());
}

TEST_F(ServiceLossTest, TheSkuLosesServiceWhenTheLastOfItsSubscriptionsDoes) {
  Subscription deleted = Sub("KAIZALA_PRO", "2026-06-30", true);  // deleted: counts for nothing
  deleted.status = S::kDeleted;
  const std::vector<Subscription> subs = {Sub("KAIZALA_PRO", "2026-12-14"),
                                          Sub("KAIZALA_PRO", "2027-01-31"), deleted};
  EXPECT_TRUE(LosingSkus(subs, Lookup(), D("2027-02-01")).empty());
  const auto losing = LosingSkus(subs, Lookup(), D("2027-03-31"));
  ASSERT_EQ(losing.size(), 1u);
  EXPECT_EQ(losing[0].sku_id, SkuId("KAIZALA_PRO"));
  EXPECT_EQ(losing[0].loss.at, At("2027-03-03T00:00:00Z"));  // 2027-02-01 + 30 days
}

TEST_F(ServiceLossTest, EachPlanOfTheLosingLicenseIsReportedWithTheReplacements) {
  const User ada = NewUser("ada", {Holds("KAIZALA_PRO")});
  const auto rows = Forecast({Sub("KAIZALA_PRO", "2026-12-14")}, "2027-02-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (ServiceLossRow{.customer_id = customer_,
                                     .user_id = ada.id,
                                     .user_principal_name = "ada@contoso.test",
                                     .sku_id = SkuId("KAIZALA_PRO"),
                                     .service_plan = kKaizala,
                                     .loses_at = At("2027-01-14T00:00:00Z"),
                                     .reason = LossReason::kExpiry,
                                     .replacements = {SkuId("SPE_E3"), SkuId("SPE_E5")}}));
}

TEST_F(ServiceLossTest, APlanAnotherWorkingLicenseIncludesIsNotLost) {
  NewUser("ada", {Holds("KAIZALA_PRO"), Holds("SPE_E5")});  // E5 has the same Kaizala plan id
  NewUser("ben", {Holds("KAIZALA_PRO"), Holds("SPE_E3")});  // E3's Kaizala plan is another id
  const std::vector<Subscription> subs = {Sub("KAIZALA_PRO", "2026-12-14"),
                                          Sub("SPE_E5", "2027-06-30", true),
                                          Sub("SPE_E3", "2027-06-30", true)};
  const auto rows = Forecast(subs, "2027-02-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].user_principal_name, "ben@contoso.test");
  EXPECT_EQ(rows[0].service_plan, kKaizala);
}

TEST_F(ServiceLossTest, ALicenseThatExcludesThePlanDoesNotCoverIt) {
  NewUser("ada", {Holds("KAIZALA_PRO"), Holds("SPE_E5", {kKaizala.id})});
  const std::vector<Subscription> subs = {Sub("KAIZALA_PRO", "2026-12-14"),
                                          Sub("SPE_E5", "2027-06-30", true)};
  EXPECT_EQ(PlanNames(Forecast(subs, "2027-02-01")),
            std::vector<std::string>{"KAIZALA_STANDALONE"});
}

TEST_F(ServiceLossTest, APlanTwoLosingLicensesIncludeIsLostOnceWhenTheLaterOneGoes) {
  NewUser("ada", {Holds("KAIZALA_PRO"), Holds("SPE_E5")});
  const std::vector<Subscription> subs = {Sub("KAIZALA_PRO", "2026-12-14"),
                                          Sub("SPE_E5", "2027-01-31")};
  const auto rows = Forecast(subs, "2027-06-30");
  EXPECT_EQ(PlanNames(rows),
            (std::vector<std::string>{"EXCHANGE_S_ENTERPRISE", "KAIZALA_STANDALONE", "TEAMS1"}));
  for (const auto& row : rows) {
    // E5 keeps the Kaizala plan working after Kaizala Pro has gone: the loss is E5's.
    EXPECT_EQ(row.sku_id, SkuId("SPE_E5"));
    EXPECT_EQ(row.loses_at, At("2027-03-03T00:00:00Z"));
  }
}

TEST_F(ServiceLossTest, ExcludedPlansOfTheLosingLicenseAreNotReported) {
  NewUser("ada", {Holds("ENTERPRISEWITHSCAL", {kTeams.id})});
  const auto rows = Forecast({Sub("ENTERPRISEWITHSCAL", "2026-12-14", true)}, "2027-02-01");
  EXPECT_EQ(PlanNames(rows), std::vector<std::string>{"EXCHANGE_S_ENTERPRISE"});
}

TEST_F(ServiceLossTest, SuspendedSubscriptionReportsTheSuspensionInstant) {
  NewUser("ada", {Holds("KAIZALA_PRO")});
  Subscription suspended = Sub("KAIZALA_PRO", "2027-03-31");
  suspended.status = S::kSuspended;
  suspended.suspended_at = At("2026-11-20T10:30:00Z");
  const auto rows = Forecast({suspended}, "2026-11-25");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].loses_at, At("2026-11-20T10:30:00Z"));
  EXPECT_EQ(rows[0].reason, LossReason::kSuspension);
}

TEST_F(ServiceLossTest, UsersOfOtherCustomersAndWithoutLicensesAreNotReported) {
  NewUser("ada", {});
  User other = NewUser("ben", {Holds("KAIZALA_PRO")});
  other.customer_id = CustomerId(Uuid::V7(8, 8, 8));
  users_.back() = other;
  EXPECT_TRUE(Forecast({Sub("KAIZALA_PRO", "2026-12-14")}, "2027-02-01").empty());
}

TEST(MatchesServicePlan, ByIdOrByNameInAnyCase) {
  EXPECT_TRUE(MatchesServicePlan(kKaizala, kKaizala.id.value().ToString()));
  EXPECT_TRUE(MatchesServicePlan(kKaizala, "kaizala_standalone"));
  EXPECT_FALSE(MatchesServicePlan(kKaizala, "KAIZALA"));
  EXPECT_FALSE(MatchesServicePlan(kKaizala, kTeams.id.value().ToString()));
}

TEST(SummariseByPlan, CountsDistinctUsersAndTheEarliestLossPerPlanName) {
  const UserId ada(Uuid::V7(1, 1, 1));
  const UserId ben(Uuid::V7(2, 2, 2));
  const auto row = [](UserId user, const ServicePlan& plan, const char* at) {
    return ServiceLossRow{.user_id = user, .service_plan = plan, .loses_at = At(at)};
  };
  const auto summary = SummariseByPlan(
      {row(ada, kKaizala, "2027-01-14T00:00:00Z"), row(ben, kKaizala, "2027-01-10T00:00:00Z"),
       row(ben, kKaizala, "2027-01-20T00:00:00Z"), row(ada, kTeams, "2027-03-01T00:00:00Z")});
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0], (PlanLossSummary{"KAIZALA_STANDALONE", "Plan KAIZALA_STANDALONE", 2,
                                         At("2027-01-10T00:00:00Z")}));
  EXPECT_EQ(summary[1].service_plan_name, "TEAMS1");
  EXPECT_EQ(summary[1].users, 1);
}

}  // namespace
}  // namespace seatshift
