// The migration planner on the real catalog: the project's default catalog (prices, segments,
// lifecycle, Kaizala Pro's replacements) with the vendor's published service plans imported
// over it through the catalog import (CatalogMerge::kVendorFacts). Kaizala Pro standalone holds
// KAIZALA_STANDALONE; Business Basic and Microsoft 365 A1 hold no Kaizala plan at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "codec/vendor_catalog.hpp"
#include "domain/migration_plan.hpp"
#include "domain/migration_recommend.hpp"
#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using testing::TestEnv;

class MigrationPlanVendorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(SEATSHIFT_VENDOR_CSV)) {
      GTEST_SKIP() << "the shared vendor file is not at " SEATSHIFT_VENDOR_CSV;
    }
    std::ifstream in(SEATSHIFT_VENDOR_CSV, std::ios::binary);
    auto vendor = codec::ParseVendorCatalog(in, "m365-product-service-plans.csv");
    ASSERT_TRUE(vendor.ok()) << vendor.error().message;
    auto merged = env_.catalog().Upsert(TestEnv::admin(), vendor->products, vendor->skus,
                                        service::CatalogMerge::kVendorFacts);
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    auto skus = env_.catalog().ListSkus(TestEnv::admin(), {});
    ASSERT_TRUE(skus.ok()) << skus.error().message;
    for (Sku& sku : *skus) catalog_.emplace(sku.id, std::move(sku));
    ASSERT_TRUE(catalog_.contains(SkuId("KAIZALA_PRO")));
  }

  const Sku& Find(const char* id) { return catalog_.at(SkuId(id)); }
  SkuLookup Lookup() {
    return [this](const SkuId& id) -> const Sku* {
      const auto it = catalog_.find(id);
      return it == catalog_.end() ? nullptr : &it->second;
    };
  }

  //! A customer of `segment` with `users` Kaizala Pro users on one active subscription.
  CustomerEstate Estate(Segment segment, int users) {
    CustomerEstate estate;
    estate.customer = {.id = CustomerId(Uuid::V7(1, 0, 1)), .segment = segment, .currency = "USD"};
    estate.today = env_.clock().Today();
    estate.subscriptions.push_back({.id = SubscriptionId(Uuid::V7(1, 0, 2)),
                                    .customer_id = estate.customer.id,
                                    .sku_id = SkuId("KAIZALA_PRO"),
                                    .quantity = users,
                                    .term_start = estate.today - std::chrono::days(300),
                                    .term_end = estate.today + std::chrono::days(64),
                                    .auto_renew = false});
    estate.source_licenses.push_back({SkuId("KAIZALA_PRO"), {}, users});
    estate.assigned_licenses[SkuId("KAIZALA_PRO")] = users;
    return estate;
  }

  //! Recommends a target and plans it; the plan must keep the Kaizala service.
  CustomerMigrationPlan RecommendAndPlan(const CustomerEstate& estate, TargetChoice& choice) {
    auto recommended = Recommend(Find("KAIZALA_PRO"), Lookup(), estate, SeatPolicy::kAssigned);
    EXPECT_TRUE(recommended.ok()) << recommended.error().message;
    if (!recommended.ok()) return {};
    choice = *recommended;
    CustomerMigrationPlan plan = PlanCustomer(Find("KAIZALA_PRO"), catalog_.at(choice.target),
                                              estate, SeatPolicy::kAssigned);
    EXPECT_FALSE(plan.HasWarning(MigrationWarningCode::kServicePlanNotCovered))
        << choice.target.value();
    return plan;
  }

  TestEnv env_;
  std::map<SkuId, Sku> catalog_;
};

TEST_F(MigrationPlanVendorTest, BusinessBasicAndM365A1LackTheKaizalaPlan) {
  for (const char* target : {"O365_BUSINESS_ESSENTIALS", "M365EDU_A1"}) {
    const CustomerMigrationPlan plan = PlanCustomer(
        Find("KAIZALA_PRO"), Find(target), Estate(Segment::kCommercial, 5), SeatPolicy::kAssigned);
    ASSERT_TRUE(plan.HasWarning(MigrationWarningCode::kServicePlanNotCovered)) << target;
    EXPECT_EQ(plan.warnings.front().message,
              std::string(target) +
                  " lacks service plans users have enabled on KAIZALA_PRO: KAIZALA_STANDALONE "
                  "(Microsoft Kaizala Pro)");
  }
  // E5 holds the very same plan id: nothing to warn about.
  EXPECT_TRUE(PlanCustomer(Find("KAIZALA_PRO"), Find("SPE_E5"), Estate(Segment::kCommercial, 5),
                           SeatPolicy::kAssigned)
                  .warnings.empty());
}

TEST_F(MigrationPlanVendorTest, SmallCommercialCustomerGetsBusinessStandard) {
  TargetChoice choice;
  const CustomerMigrationPlan plan = RecommendAndPlan(Estate(Segment::kCommercial, 42), choice);
  EXPECT_EQ(choice.target, SkuId("O365_BUSINESS_PREMIUM"));  // Microsoft 365 Business Standard
  EXPECT_EQ(choice.reason,
            "commercial, 42 seats ≤ 300: Business family; keeps all 1 service plan users have "
            "(1 as another tier); lowest monthly cost of 2 candidates");
  EXPECT_EQ(plan.action, MigrationAction::kPurchase);
  EXPECT_EQ(plan.seats, 42);
  EXPECT_EQ(plan.monthly_cost_before, (Money{42 * 300, "USD"}));
  EXPECT_EQ(plan.monthly_cost_after, (Money{42 * 1250, "USD"}));
}

TEST_F(MigrationPlanVendorTest, LargeCommercialCustomerGetsAnEnterprisePlan) {
  TargetChoice choice;
  const CustomerMigrationPlan plan = RecommendAndPlan(Estate(Segment::kCommercial, 301), choice);
  EXPECT_EQ(choice.target, SkuId("STANDARDPACK"));  // Office 365 E1, the cheapest with Kaizala
  EXPECT_EQ(choice.reason.rfind("commercial, 301 seats > 300: Enterprise family;", 0), 0u)
      << choice.reason;
  EXPECT_EQ(plan.seats, 301);
}

TEST_F(MigrationPlanVendorTest, EducationCustomerGetsAnAPlanWithKaizala) {
  TargetChoice choice;
  RecommendAndPlan(Estate(Segment::kEducation, 30), choice);
  EXPECT_EQ(choice.target, SkuId("STANDARDWOFFPACK_FACULTY"));  // Office 365 A1, not M365 A1
  EXPECT_EQ(choice.reason.rfind("education, 30 seats: education family;", 0), 0u) << choice.reason;
}

TEST_F(MigrationPlanVendorTest, FrontlineCustomerGetsAnFPlan) {
  TargetChoice choice;
  RecommendAndPlan(Estate(Segment::kFrontline, 80), choice);
  EXPECT_EQ(choice.target, SkuId("DESKLESSPACK"));  // Office 365 F3
  EXPECT_EQ(choice.reason.rfind("frontline, 80 seats: frontline family;", 0), 0u) << choice.reason;
}

}  // namespace
}  // namespace seatshift
