#include "domain/upgrade.hpp"

#include <fmt/format.h>

#include <array>

namespace seatshift {
namespace {

const MigrationWarning* FindWarning(const CustomerMigrationPlan& plan, MigrationWarningCode code) {
  for (const MigrationWarning& w : plan.warnings) {
    if (w.code == code) return &w;
  }
  return nullptr;
}

}  // namespace

std::string_view ToString(UpgradeType type) {
  static constexpr std::array<std::string_view, 3> kNames{"none", "upgrade_only",
                                                          "upgrade_with_license_transfer"};
  return kNames.at(static_cast<std::size_t>(type));
}

std::optional<UpgradeType> ParseUpgradeType(std::string_view text) {
  for (UpgradeType type :
       {UpgradeType::kNone, UpgradeType::kUpgradeOnly, UpgradeType::kUpgradeWithLicenseTransfer}) {
    if (ToString(type) == text) return type;
  }
  return std::nullopt;
}

std::string_view ToString(UpgradeErrorCode code) {
  static constexpr std::array<std::string_view, 6> kNames{
      "other",
      "subscription_status_not_active",
      "subscription_does_not_have_any_upgrade_paths",
      "subscription_target_offer_not_found",
      "offer_does_not_support_billing_cycle",
      "concurrency_conflicts"};
  return kNames.at(static_cast<std::size_t>(code));
}

UpgradeType OfferedUpgradeType(const CustomerMigrationPlan& plan) {
  return plan.users_to_move > 0 ? UpgradeType::kUpgradeWithLicenseTransfer
                                : UpgradeType::kUpgradeOnly;
}

std::vector<UpgradeError> CheckUpgrade(const Subscription& source,
                                       const CustomerMigrationPlan& plan, UpgradeType type) {
  std::vector<UpgradeError> errors;
  if (source.status != SubscriptionStatus::kActive) {
    errors.push_back({.code = UpgradeErrorCode::kSubscriptionStatusNotActive,
                      .description = fmt::format("subscription {} is {}: only an active "
                                                 "subscription can be upgraded",
                                                 ToString(source.id), ToString(source.status)),
                      .additional_details = std::string(ToString(source.status))});
    return errors;
  }
  if (type == UpgradeType::kUpgradeOnly && plan.users_to_move > 0) {
    errors.push_back(
        {.code = UpgradeErrorCode::kOther,
         .description = fmt::format(
             "{} user(s) hold licenses that rest on subscription {}: upgrade_only would leave "
             "them without service; use upgrade_with_license_transfer",
             plan.users_to_move, ToString(source.id)),
         .additional_details = ""});
  }
  if (plan.action == MigrationAction::kNone) {
    // The planner says why in a warning (the target is past its end of sale, or no live source).
    const MigrationWarning* why = FindWarning(plan, MigrationWarningCode::kTargetNotPurchasable);
    if (!why) why = FindWarning(plan, MigrationWarningCode::kNoSourceSubscription);
    errors.push_back(
        {.code = UpgradeErrorCode::kOther,
         .description =
             why ? why->message : fmt::format("{} cannot be planned", plan.target_sku_id.value()),
         .additional_details = why ? std::string(ToString(why->code)) : ""});
    return errors;
  }
  if (plan.action == MigrationAction::kPurchase) {
    // An order needs a price in the customer's currency for the term and billing cycle bought.
    if (const auto* missing = FindWarning(plan, MigrationWarningCode::kPriceMissing)) {
      errors.push_back({.code = UpgradeErrorCode::kOfferDoesNotSupportBillingCycle,
                        .description = missing->message,
                        .additional_details = std::string(ToString(plan.term.billing_cycle))});
    }
  }
  if (type == UpgradeType::kUpgradeWithLicenseTransfer) {
    if (const auto* short_of = FindWarning(plan, MigrationWarningCode::kNotEnoughSeats)) {
      errors.push_back({.code = UpgradeErrorCode::kOther,
                        .description = short_of->message,
                        .additional_details = std::string(ToString(short_of->code))});
    }
  }
  return errors;
}

Upgrade NoUpgradePath(const Subscription& source) {
  return {.target = std::nullopt,
          .type = UpgradeType::kNone,
          .eligible = false,
          .quantity = source.quantity,
          .errors = {{.code = UpgradeErrorCode::kSubscriptionDoesNotHaveAnyUpgradePaths,
                      .description = fmt::format(
                          "{} has no replacement SKUs in the catalog: subscription {} has no "
                          "upgrade path",
                          source.sku_id.value(), ToString(source.id)),
                      .additional_details = ""}}};
}

UpgradeError TargetOfferNotFound(std::string_view target, const SkuId& source) {
  return {.code = UpgradeErrorCode::kSubscriptionTargetOfferNotFound,
          .description = fmt::format("{} is not an upgrade path of {}: choose one of the upgrades "
                                     "GET .../upgrades lists",
                                     target, source.value()),
          .additional_details = std::string(target)};
}

}  // namespace seatshift
