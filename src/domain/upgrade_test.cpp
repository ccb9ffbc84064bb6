// Partner Center's upgrade vocabulary and CheckUpgrade's rules, on hand-made plans.
#include "domain/upgrade.hpp"

#include <gtest/gtest.h>

namespace seatshift {
namespace {

Subscription Source(SubscriptionStatus status = SubscriptionStatus::kActive) {
  return {.id = SubscriptionId(Uuid::V7(1, 0, 7)),
          .customer_id = CustomerId(Uuid::V7(1, 0, 8)),
          .sku_id = SkuId("KAIZALA_PRO"),
          .quantity = 10,
          .status = status};
}

//! A plan buying `seats` of E3 for `users` users, with `warnings`.
CustomerMigrationPlan PlanOf(std::int64_t users, std::vector<MigrationWarning> warnings = {},
                             MigrationAction action = MigrationAction::kPurchase) {
  CustomerMigrationPlan plan;
  plan.target_sku_id = SkuId("SPE_E3");
  plan.action = action;
  plan.seats = 10;
  plan.users_to_move = users;
  plan.warnings = std::move(warnings);
  return plan;
}

std::vector<UpgradeErrorCode> Codes(const std::vector<UpgradeError>& errors) {
  std::vector<UpgradeErrorCode> out;
  for (const UpgradeError& e : errors) out.push_back(e.code);
  return out;
}

TEST(Upgrade, NamesArePartnerCentersWireNames) {
  for (UpgradeType type :
       {UpgradeType::kNone, UpgradeType::kUpgradeOnly, UpgradeType::kUpgradeWithLicenseTransfer}) {
    EXPECT_EQ(ParseUpgradeType(ToString(type)), type);
  }
  EXPECT_EQ(ToString(UpgradeType::kUpgradeWithLicenseTransfer), "upgrade_with_license_transfer");
  EXPECT_EQ(ParseUpgradeType("UpgradeOnly"), std::nullopt);
  EXPECT_EQ(ToString(UpgradeErrorCode::kSubscriptionStatusNotActive),
            "subscription_status_not_active");
  EXPECT_EQ(ToString(UpgradeErrorCode::kSubscriptionDoesNotHaveAnyUpgradePaths),
            "subscription_does_not_have_any_upgrade_paths");
  EXPECT_EQ(ToString(UpgradeErrorCode::kSubscriptionTargetOfferNotFound),
            "subscription_target_offer_not_found");
  EXPECT_EQ(ToString(UpgradeErrorCode::kOfferDoesNotSupportBillingCycle),
            "offer_does_not_support_billing_cycle");
  EXPECT_EQ(ToString(UpgradeErrorCode::kOther), "other");
}

TEST(Upgrade, TransferIsOfferedWhileUsersRestOnTheSourceUpgradeOnlyOtherwise) {
  EXPECT_EQ(OfferedUpgradeType(PlanOf(3)), UpgradeType::kUpgradeWithLicenseTransfer);
  EXPECT_EQ(OfferedUpgradeType(PlanOf(0)), UpgradeType::kUpgradeOnly);
}

TEST(Upgrade, AnActiveSourceWithAPlannedPurchaseIsEligibleEitherWayWhenNobodyRestsOnIt) {
  EXPECT_TRUE(CheckUpgrade(Source(), PlanOf(4), UpgradeType::kUpgradeWithLicenseTransfer).empty());
  EXPECT_TRUE(CheckUpgrade(Source(), PlanOf(0), UpgradeType::kUpgradeOnly).empty());
  EXPECT_TRUE(CheckUpgrade(Source(), PlanOf(0), UpgradeType::kUpgradeWithLicenseTransfer).empty());
}

TEST(Upgrade, ASourceThatIsNotActiveIsRefusedWithItsStatus) {
  for (SubscriptionStatus status : {SubscriptionStatus::kSuspended, SubscriptionStatus::kExpired,
                                    SubscriptionStatus::kDisabled}) {
    const auto errors =
        CheckUpgrade(Source(status), PlanOf(4), UpgradeType::kUpgradeWithLicenseTransfer);
    ASSERT_EQ(Codes(errors), std::vector{UpgradeErrorCode::kSubscriptionStatusNotActive});
    EXPECT_EQ(errors[0].additional_details, ToString(status));
  }
}

TEST(Upgrade, UpgradeOnlyIsRefusedWhileUsersRestOnTheSource) {
  const auto errors = CheckUpgrade(Source(), PlanOf(3), UpgradeType::kUpgradeOnly);
  ASSERT_EQ(Codes(errors), std::vector{UpgradeErrorCode::kOther});
  EXPECT_NE(errors[0].description.find("3 user(s)"), std::string::npos) << errors[0].description;
  EXPECT_NE(errors[0].description.find("upgrade_with_license_transfer"), std::string::npos);
}

TEST(Upgrade, ThePlannersBlockingWarningsBecomeUpgradeErrors) {
  const MigrationWarning retired{MigrationWarningCode::kTargetNotPurchasable,
                                 "SPE_E3 is past its end of sale"};
  const auto blocked = CheckUpgrade(Source(), PlanOf(2, {retired}, MigrationAction::kNone),
                                    UpgradeType::kUpgradeWithLicenseTransfer);
  ASSERT_EQ(Codes(blocked), std::vector{UpgradeErrorCode::kOther});
  EXPECT_EQ(blocked[0].description, retired.message);
  EXPECT_EQ(blocked[0].additional_details, "targetNotPurchasable");

  const MigrationWarning unpriced{MigrationWarningCode::kPriceMissing, "no EUR price"};
  const auto price =
      CheckUpgrade(Source(), PlanOf(2, {unpriced}), UpgradeType::kUpgradeWithLicenseTransfer);
  EXPECT_EQ(Codes(price), std::vector{UpgradeErrorCode::kOfferDoesNotSupportBillingCycle});
  // Seats added to a held target need no new price list entry of the order path.
  EXPECT_TRUE(CheckUpgrade(Source(), PlanOf(2, {unpriced}, MigrationAction::kAddSeats),
                           UpgradeType::kUpgradeWithLicenseTransfer)
                  .empty());

  const MigrationWarning short_of{MigrationWarningCode::kNotEnoughSeats, "2 seats for 5 users"};
  EXPECT_EQ(Codes(CheckUpgrade(Source(), PlanOf(5, {short_of}),
                               UpgradeType::kUpgradeWithLicenseTransfer)),
            std::vector{UpgradeErrorCode::kOther});
  // Warnings that do not stop the run leave the upgrade eligible.
  const MigrationWarning coverage{MigrationWarningCode::kServicePlanNotCovered, "no Kaizala"};
  EXPECT_TRUE(
      CheckUpgrade(Source(), PlanOf(5, {coverage}), UpgradeType::kUpgradeWithLicenseTransfer)
          .empty());
}

TEST(Upgrade, ASubscriptionWithoutAPathAnswersOneUpgradeWithoutATarget) {
  const Upgrade none = NoUpgradePath(Source());
  EXPECT_FALSE(none.target);
  EXPECT_EQ(none.type, UpgradeType::kNone);
  EXPECT_FALSE(none.eligible);
  EXPECT_EQ(none.quantity, 10);
  EXPECT_EQ(Codes(none.errors),
            std::vector{UpgradeErrorCode::kSubscriptionDoesNotHaveAnyUpgradePaths});
  const UpgradeError unknown = TargetOfferNotFound("SPE_E7", SkuId("KAIZALA_PRO"));
  EXPECT_EQ(unknown.code, UpgradeErrorCode::kSubscriptionTargetOfferNotFound);
  EXPECT_EQ(unknown.additional_details, "SPE_E7");
}

}  // namespace
}  // namespace seatshift
