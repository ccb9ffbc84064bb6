#pragma once

// Partner Center's upgrade of one subscription (its Upgrade and UpgradeResult resources): the
// vocabulary, and when an upgrade is possible. Pure: the plan judged here is the migration
// planner's (PlanCustomer with CustomerEstate::only_source), and the migration engine runs it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/ids.hpp"
#include "domain/migration.hpp"
#include "domain/migration_plan.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

enum class UpgradeType {
  kNone,                        //!< no upgrade (the answer for a subscription without a path)
  kUpgradeOnly,                 //!< buy the target and suspend the source; nobody is moved
  kUpgradeWithLicenseTransfer,  //!< buy the target, move the users, suspend the source
};

//! "none", "upgrade_only", "upgrade_with_license_transfer".
std::string_view ToString(UpgradeType type);
std::optional<UpgradeType> ParseUpgradeType(std::string_view text);

//! The codes of Partner Center's UpgradeErrorCode that seatshift answers with.
enum class UpgradeErrorCode {
  kOther,
  kSubscriptionStatusNotActive,
  kSubscriptionDoesNotHaveAnyUpgradePaths,
  kSubscriptionTargetOfferNotFound,
  kOfferDoesNotSupportBillingCycle,
  //! Another upgrade of the subscription is in flight (planned, running or paused).
  kConcurrencyConflicts,
};

//! Partner Center's wire names: "other", "subscription_status_not_active", ...
std::string_view ToString(UpgradeErrorCode code);

struct UpgradeError {
  UpgradeErrorCode code = UpgradeErrorCode::kOther;
  std::string description;
  std::string additional_details;  //!< empty when there is nothing to add
  bool operator==(const UpgradeError&) const = default;
};

//! One way a subscription can be upgraded, and whether it can be now.
struct Upgrade {
  std::optional<Sku> target;  //!< nullopt only for the no-upgrade-path answer
  UpgradeType type = UpgradeType::kNone;
  bool eligible = false;
  std::int64_t quantity = 0;  //!< seats bought, or added to a target subscription already held
  std::vector<UpgradeError> errors;
};

//! A user whose license the upgrade could not move, and why (the API's error code).
struct UserLicenseError {
  UserId user_id;
  std::string name;   //!< display name
  std::string email;  //!< user principal name
  std::string code;
  std::string description;
};

//! What an upgrade did (or why it did nothing).
struct UpgradeResult {
  SubscriptionId source_subscription_id;
  std::optional<SubscriptionId> target_subscription_id;
  UpgradeType type = UpgradeType::kNone;
  std::vector<UpgradeError> upgrade_errors;
  std::vector<UserLicenseError> license_errors;
  //! The migration that ran it; nullopt when nothing was stored (an ineligible upgrade).
  std::optional<MigrationId> migration_id;
};

//! The type an upgrade to a target is offered with: license transfer when users hold licenses
//! resting on the source's seats (plan.users_to_move), otherwise upgrade_only.
UpgradeType OfferedUpgradeType(const CustomerMigrationPlan& plan);

//! Why `source` cannot be upgraded as `plan` (its plan narrowed to `source`) with `type`: empty
//! when it can. upgrade_only is refused while users rest on the source's seats, since
//! suspending it would leave them without service.
//! REQUIRES: type != kNone.
std::vector<UpgradeError> CheckUpgrade(const Subscription& source,
                                       const CustomerMigrationPlan& plan, UpgradeType type);

//! The answer for a subscription whose SKU has no replacements: one Upgrade without a target
//! offer, type none, not eligible, subscription_does_not_have_any_upgrade_paths.
Upgrade NoUpgradePath(const Subscription& source);

//! The target an upgrade names is not one of the source SKU's replacements.
UpgradeError TargetOfferNotFound(std::string_view target, const SkuId& source);

}  // namespace seatshift
