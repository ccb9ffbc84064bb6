#include "domain/migration.hpp"

#include <array>
#include <utility>

namespace seatshift {
namespace {

constexpr std::array<std::pair<MigrationStatus, std::string_view>, 7> kStatusNames{{
    {MigrationStatus::kPlanned, "planned"},
    {MigrationStatus::kRunning, "running"},
    {MigrationStatus::kPaused, "paused"},
    {MigrationStatus::kCompleted, "completed"},
    {MigrationStatus::kCompletedWithErrors, "completed_with_errors"},
    {MigrationStatus::kRolledBack, "rolled_back"},
    {MigrationStatus::kFailed, "failed"},
}};

constexpr std::array<std::pair<MigrationStep, std::string_view>, 7> kStepNames{{
    {MigrationStep::kPending, "pending"},
    {MigrationStep::kPurchased, "purchased"},
    {MigrationStep::kMoving, "moving"},
    {MigrationStep::kSuspended, "suspended"},
    {MigrationStep::kDone, "done"},
    {MigrationStep::kFailed, "failed"},
    {MigrationStep::kRolledBack, "rolled_back"},
}};

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                            std::string_view text) {
  for (const auto& [v, name] : names) {
    if (name == text) return v;
  }
  return std::nullopt;
}

//! Parses by trying every value's ToString, so the names live in one place.
template <typename Enum, int Count>
std::optional<Enum> ParseByName(std::string_view text) {
  for (int i = 0; i < Count; ++i) {
    const auto value = static_cast<Enum>(i);
    if (ToString(value) == text) return value;
  }
  return std::nullopt;
}

bool SameTerm(const PlannedTerm& a, const PlannedTerm& b) {
  return a.term == b.term && a.billing_cycle == b.billing_cycle;
}

}  // namespace

std::string_view ToString(MigrationStatus status) { return NameOf(kStatusNames, status); }
std::optional<MigrationStatus> ParseMigrationStatus(std::string_view text) {
  return ValueOf(kStatusNames, text);
}

bool IsSettled(MigrationStatus status) {
  switch (status) {
    case MigrationStatus::kPlanned:
    case MigrationStatus::kRunning:
    case MigrationStatus::kPaused:
      return false;
    case MigrationStatus::kCompleted:
    case MigrationStatus::kCompletedWithErrors:
    case MigrationStatus::kRolledBack:
    case MigrationStatus::kFailed:
      return true;
  }
  return false;
}

std::string_view ToString(MigrationStep step) { return NameOf(kStepNames, step); }
std::optional<MigrationStep> ParseMigrationStep(std::string_view text) {
  return ValueOf(kStepNames, text);
}

std::optional<MigrationAction> ParseMigrationAction(std::string_view text) {
  return ParseByName<MigrationAction, static_cast<int>(MigrationAction::kSkip) + 1>(text);
}

std::optional<MigrationWarningCode> ParseMigrationWarningCode(std::string_view text) {
  return ParseByName<MigrationWarningCode,
                     static_cast<int>(MigrationWarningCode::kChangedSincePlanning) + 1>(text);
}

MigrationProgress& MigrationProgress::operator+=(const MigrationProgress& other) {
  customers_total += other.customers_total;
  customers_done += other.customers_done;
  users_total += other.users_total;
  users_moved += other.users_moved;
  subscriptions_purchased += other.subscriptions_purchased;
  subscriptions_suspended += other.subscriptions_suspended;
  customers_with_errors += other.customers_with_errors;
  return *this;
}

MigrationProgress& MigrationProgress::operator-=(const MigrationProgress& other) {
  customers_total -= other.customers_total;
  customers_done -= other.customers_done;
  users_total -= other.users_total;
  users_moved -= other.users_moved;
  subscriptions_purchased -= other.subscriptions_purchased;
  subscriptions_suspended -= other.subscriptions_suspended;
  customers_with_errors -= other.customers_with_errors;
  return *this;
}

MigrationProgress ProgressOf(const MigrationCustomer& customer) {
  const MigrationStep step = customer.step;
  const bool past_purchase = step == MigrationStep::kPurchased || step == MigrationStep::kMoving ||
                             step == MigrationStep::kSuspended || step == MigrationStep::kDone;
  // A skipped customer is done without step C: its sources were not active to begin with.
  const bool suspended = (step == MigrationStep::kSuspended || step == MigrationStep::kDone) &&
                         customer.plan.action != MigrationAction::kSkip;
  return {.customers_total = 1,
          .customers_done = step == MigrationStep::kDone ? 1 : 0,
          .users_total = customer.plan.users_to_move,
          .users_moved = customer.users_moved,
          .subscriptions_purchased =
              customer.plan.action == MigrationAction::kPurchase && past_purchase ? 1 : 0,
          .subscriptions_suspended = suspended ? 1 : 0,
          .customers_with_errors = customer.error_code.empty() ? 0 : 1};
}

bool MigrationCustomer::operator==(const MigrationCustomer& other) const {
  const CustomerMigrationPlan& a = plan;
  const CustomerMigrationPlan& b = other.plan;
  return position == other.position && step == other.step && users_moved == other.users_moved &&
         error_code == other.error_code && error_description == other.error_description &&
         error_parameters == other.error_parameters && a.customer_id == b.customer_id &&
         a.source_subscription_ids == b.source_subscription_ids &&
         a.target_sku_id == b.target_sku_id && a.action == b.action &&
         a.target_subscription_id == b.target_subscription_id && SameTerm(a.term, b.term) &&
         a.seats == b.seats && a.users_to_move == b.users_to_move &&
         a.monthly_cost_before == b.monthly_cost_before &&
         a.monthly_cost_after == b.monthly_cost_after &&
         a.monthly_resale_before == b.monthly_resale_before &&
         a.monthly_resale_after == b.monthly_resale_after && a.currency == b.currency &&
         a.recommendation_reason == b.recommendation_reason &&
         a.recommendation_code == b.recommendation_code &&
         a.recommendation_parameters == b.recommendation_parameters && a.warnings == b.warnings;
}

}  // namespace seatshift
