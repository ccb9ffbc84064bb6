#pragma once

// How long a subscription commits for and how often it is billed.

#include <optional>
#include <string_view>

#include "base/time.hpp"

namespace seatshift {

enum class TermDuration { kOneMonth, kOneYear, kThreeYears };  // "P1M", "P1Y", "P3Y"
enum class BillingCycle { kMonthly, kAnnual, kTriennial };

std::string_view ToString(TermDuration value);
std::string_view ToString(BillingCycle value);
std::optional<TermDuration> ParseTermDuration(std::string_view text);
std::optional<BillingCycle> ParseBillingCycle(std::string_view text);

int MonthsIn(TermDuration term);
int MonthsIn(BillingCycle cycle);
//! The billing cycle that pays a whole term at once (P1M: monthly, P1Y: annual, P3Y: triennial).
BillingCycle PaidUpfront(TermDuration term);

//! The last day of a term that starts on `start` (the term ends at the start of the next day).
Date TermEnd(Date start, TermDuration term);

}  // namespace seatshift
