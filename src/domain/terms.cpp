#include "domain/terms.hpp"

#include <array>
#include <utility>

namespace seatshift {
namespace {

struct TermName {
  TermDuration value;
  std::string_view name;
  int months;
};
struct CycleName {
  BillingCycle value;
  std::string_view name;
  int months;
};

constexpr std::array<TermName, 3> kTerms{{
    {TermDuration::kOneMonth, "P1M", 1},
    {TermDuration::kOneYear, "P1Y", 12},
    {TermDuration::kThreeYears, "P3Y", 36},
}};
constexpr std::array<CycleName, 3> kCycles{{
    {BillingCycle::kMonthly, "monthly", 1},
    {BillingCycle::kAnnual, "annual", 12},
    {BillingCycle::kTriennial, "triennial", 36},
}};

template <typename Table, typename Enum>
const auto& EntryOf(const Table& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry;
  }
  return table.front();  // unreachable: every enumerator has its row
}

template <typename Table>
auto ParseIn(const Table& table, std::string_view text)
    -> std::optional<decltype(table.front().value)> {
  for (const auto& entry : table) {
    if (entry.name == text) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(TermDuration value) { return EntryOf(kTerms, value).name; }
std::string_view ToString(BillingCycle value) { return EntryOf(kCycles, value).name; }
std::optional<TermDuration> ParseTermDuration(std::string_view text) {
  return ParseIn(kTerms, text);
}
std::optional<BillingCycle> ParseBillingCycle(std::string_view text) {
  return ParseIn(kCycles, text);
}
int MonthsIn(TermDuration term) { return EntryOf(kTerms, term).months; }
int MonthsIn(BillingCycle cycle) { return EntryOf(kCycles, cycle).months; }

BillingCycle PaidUpfront(TermDuration term) {
  for (const CycleName& cycle : kCycles) {
    if (cycle.months == MonthsIn(term)) return cycle.value;
  }
  return BillingCycle::kMonthly;  // unreachable: every term has its cycle
}

Date TermEnd(Date start, TermDuration term) {
  return AddMonths(start, MonthsIn(term)) - std::chrono::days(1);
}

}  // namespace seatshift
