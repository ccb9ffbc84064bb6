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
  return ParseByName<MigrationAction, 3>(text);
}

std::optional<MigrationWarningCode> ParseMigrationWarningCode(std::string_view text) {
  return ParseByName<MigrationWarningCode,
                     static_cast<int>(MigrationWarningCode::kPriceMissing) + 1>(text);
}

bool MigrationCustomer::operator==(const MigrationCustomer& other) const {
  const CustomerMigrationPlan& a = plan;
  const CustomerMigrationPlan& b = other.plan;
  return position == other.position && step == other.step && users_moved == other.users_moved &&
         error_code == other.error_code && error_description == other.error_description &&
         a.customer_id == b.customer_id && a.source_subscription_ids == b.source_subscription_ids &&
         a.target_sku_id == b.target_sku_id && a.action == b.action &&
         a.target_subscription_id == b.target_subscription_id && SameTerm(a.term, b.term) &&
         a.seats == b.seats && a.users_to_move == b.users_to_move &&
         a.monthly_cost_before == b.monthly_cost_before &&
         a.monthly_cost_after == b.monthly_cost_after && a.currency == b.currency &&
         a.recommendation_reason == b.recommendation_reason && a.warnings == b.warnings;
}

}  // namespace seatshift
