#pragma once

// What the partner is told about: one change (or alert) as an event of the outbox. Events are
// written in the transaction of the change they announce (service/outbox.hpp), so a committed
// change always has its events and a rolled-back one has none. Partner Center's webhook
// envelope names the fields (EventName, ResourceUri, ResourceName, AuditUri,
// ResourceChangeUtcDate).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/time.hpp"
#include "domain/ids.hpp"

namespace seatshift {

struct Event {
  //! Assigned by the store when appended: the event's stable id, and the stream's cursor.
  std::int64_t id = 0;
  std::string name;           //!< e.g. "subscription-updated" (events::kNames)
  std::string resource_name;  //!< e.g. "subscription"
  std::string resource_uri;   //!< the API route reading the resource now
  std::string audit_uri;      //!< the audit records of the change ("" for none)
  std::optional<CustomerId> customer_id;
  Instant time{};  //!< when the change happened (the business clock)
  std::string correlation_id;
  //! Details as a JSON object (an alert's rule and values); "" for none.
  std::string data;
};

namespace events {

inline constexpr std::string_view kSubscriptionCreated = "subscription-created";
inline constexpr std::string_view kSubscriptionUpdated = "subscription-updated";
inline constexpr std::string_view kSubscriptionRenewed = "subscription-renewed";
inline constexpr std::string_view kSubscriptionExpired = "subscription-expired";
inline constexpr std::string_view kSubscriptionSuspended = "subscription-suspended";
inline constexpr std::string_view kSubscriptionDeleted = "subscription-deleted";
inline constexpr std::string_view kLicensesUpdated = "licenses-updated";
inline constexpr std::string_view kUserCreated = "user-created";
inline constexpr std::string_view kUserUpdated = "user-updated";
inline constexpr std::string_view kUserDeleted = "user-deleted";
inline constexpr std::string_view kCustomerCreated = "customer-created";
inline constexpr std::string_view kOrderCreated = "order-created";
inline constexpr std::string_view kMigrationStarted = "migration-started";
inline constexpr std::string_view kMigrationPaused = "migration-paused";
inline constexpr std::string_view kMigrationResumed = "migration-resumed";
inline constexpr std::string_view kMigrationStepFailed = "migration-step-failed";
inline constexpr std::string_view kMigrationCompleted = "migration-completed";
inline constexpr std::string_view kMigrationRolledBack = "migration-rolled-back";
inline constexpr std::string_view kAlertRaised = "alert-raised";
//! Partner Center's validation event: sent to one registration on request, to no one else.
inline constexpr std::string_view kTestCreated = "test-created";

//! Every event name a webhook may subscribe to, in the order the API lists them.
std::span<const std::string_view> Names();
bool IsKnownName(std::string_view name);

}  // namespace events
}  // namespace seatshift
