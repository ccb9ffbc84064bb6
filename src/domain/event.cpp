#include "domain/event.hpp"

#include <algorithm>
#include <array>

namespace seatshift::events {
namespace {

constexpr std::array kAllNames{
    kSubscriptionCreated,   kSubscriptionUpdated, kSubscriptionRenewed, kSubscriptionExpired,
    kSubscriptionSuspended, kSubscriptionDeleted, kLicensesUpdated,     kUserCreated,
    kUserUpdated,           kUserDeleted,         kCustomerCreated,     kOrderCreated,
    kMigrationStarted,      kMigrationPaused,     kMigrationResumed,    kMigrationStepFailed,
    kMigrationCompleted,    kMigrationRolledBack, kAlertRaised,         kTestCreated,
};

}  // namespace

std::span<const std::string_view> Names() { return kAllNames; }

bool IsKnownName(std::string_view name) {
  return std::find(kAllNames.begin(), kAllNames.end(), name) != kAllNames.end();
}

}  // namespace seatshift::events
