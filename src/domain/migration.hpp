#pragma once

// A migration as a durable record: what was planned (per customer, from migration_plan.hpp) and
// the state the execution engine advances. Pure types; the store keeps them, the service makes
// them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/ids.hpp"
#include "domain/migration_inputs.hpp"
#include "domain/migration_plan.hpp"

namespace seatshift {

using MigrationId = StrongId<struct MigrationIdTag, Uuid>;

enum class MigrationStatus {
  kPlanned,
  kRunning,
  kPaused,
  kCompleted,
  kCompletedWithErrors,
  kRolledBack,
  kFailed,
};

//! "planned", "running", "paused", "completed", "completed_with_errors", "rolled_back", "failed".
std::string_view ToString(MigrationStatus status);
std::optional<MigrationStatus> ParseMigrationStatus(std::string_view text);
//! Whether no executor will move the migration on: completed, completed_with_errors, failed or
//! rolled_back. Only an agent's rollback can still change the first three.
bool IsSettled(MigrationStatus status);

//! How far the engine took one customer: A (purchased) → B (moving, users_moved grows) →
//! C (suspended) → done; failed or rolled_back end it otherwise.
enum class MigrationStep {
  kPending,
  kPurchased,
  kMoving,
  kSuspended,
  kDone,
  kFailed,
  kRolledBack,
};

//! "pending", "purchased", "moving", "suspended", "done", "failed", "rolled_back".
std::string_view ToString(MigrationStep step);
std::optional<MigrationStep> ParseMigrationStep(std::string_view text);

std::optional<MigrationAction> ParseMigrationAction(std::string_view text);
std::optional<MigrationWarningCode> ParseMigrationWarningCode(std::string_view text);

//! One customer of a migration: its plan and the engine's progress on it.
struct MigrationCustomer {
  int position = 0;  //!< the order the engine works in, from 0
  CustomerMigrationPlan plan;
  MigrationStep step = MigrationStep::kPending;
  std::int64_t users_moved = 0;
  std::string error_code;  //!< empty unless the customer failed
  std::string error_description;
  Parameters error_parameters;  //!< the error's values (its details)
  bool operator==(const MigrationCustomer& other) const;
};

//! What a migration's answer names besides ids, for a client to show: company names by
//! customer, SKU titles by SKU id. An id missing here is answered with a null name.
struct MigrationNames {
  std::map<CustomerId, std::string> companies;
  std::map<SkuId, std::string> sku_titles;
  //! What step A commits each customer to (CommitmentOf), where it commits to anything.
  std::map<CustomerId, StepCommitment> commitments;
};

//! What step B took from one user, kept so that a rollback gives back exactly that.
struct MovedUser {
  UserId user_id;
  //! The source license's excluded plans when B removed it.
  std::vector<ServicePlanId> excluded_plans;
  //! Whether B assigned the target (false: the user held it before the migration).
  bool target_assigned = false;
  bool operator==(const MovedUser&) const = default;
};

//! Counts derived from the customers' steps (never kept as counters: see the store).
struct MigrationProgress {
  std::int64_t customers_total = 0;
  std::int64_t customers_done = 0;
  std::int64_t users_total = 0;
  std::int64_t users_moved = 0;
  std::int64_t subscriptions_purchased = 0;
  std::int64_t subscriptions_suspended = 0;
  //! Customers with an error on their row (failed, or their rollback refused): the length of
  //! the API's `errors`.
  std::int64_t customers_with_errors = 0;
  bool operator==(const MigrationProgress&) const = default;
  MigrationProgress& operator+=(const MigrationProgress& other);
  MigrationProgress& operator-=(const MigrationProgress& other);
};

//! What one customer's row adds to its migration's progress: the rule the store counts by (one
//! customer; done when its step is done; its users to move and moved; a purchase once the
//! action purchase reached step purchased, moving, suspended or done; suspended at step
//! suspended or done; an error when its row holds one). The engine keeps a migration's progress up
//! to date with it, step by step, instead of counting every row again.
MigrationProgress ProgressOf(const MigrationCustomer& customer);

struct Migration {
  MigrationId id;
  SkuId source_sku_id;
  //! The target for every customer without an override; nullopt: each one's recommendation.
  std::optional<SkuId> target_sku_id;
  std::map<CustomerId, SkuId> target_overrides;
  SeatPolicy seat_policy = SeatPolicy::kAssigned;
  //! Set when the migration replaces this one subscription of its single customer (Partner
  //! Center's upgrade): step B moves only the users resting on its seats, step C suspends it
  //! alone. nullopt: every source subscription of each customer.
  std::optional<SubscriptionId> source_subscription_id;
  MigrationStatus status = MigrationStatus::kPlanned;
  std::string created_by;  //!< the actor id
  Instant created_at{};
  Instant updated_at{};
  std::int64_t version = 1;  //!< bumped by every change of the row (compare-and-swap)
  //! The executor holding the job and until when; nullopt while nobody runs it.
  std::optional<std::string> lease_owner;
  std::optional<Instant> lease_expires_at;
  bool operator==(const Migration&) const = default;
};

//! Who holds a running migration's lease (see Store::LeasedMigrations).
struct MigrationLease {
  MigrationId id;
  std::string owner;
};

//! What a migration's target field says: a SKU id, or "recommended".
inline constexpr std::string_view kRecommendedTarget = "recommended";

}  // namespace seatshift
