#include "domain/commitment.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/enum_names.hpp"

namespace seatshift {
namespace {

constexpr EnumNames<Commerce, 2> kCommerceNames{{
    {Commerce::kLegacy, "legacy"},
    {Commerce::kNewCommerce, "newCommerce"},
}};

//! The last day of the month before `day`'s.
Date EndOfPreviousMonth(Date day) {
  const std::chrono::year_month_day ymd(day);
  return Date(ymd.year() / ymd.month() / 1) - std::chrono::days(1);
}

}  // namespace

std::string_view ToString(Commerce value) { return NameOf(kCommerceNames, value); }
std::optional<Commerce> ParseCommerce(std::string_view text) {
  return ValueNamed(kCommerceNames, text);
}

std::vector<RefundableLot> RefundableLots(const std::vector<PurchaseLot>& lots, Instant now) {
  std::vector<RefundableLot> open;
  for (const PurchaseLot& lot : lots) {
    if (lot.quantity > 0 && now < lot.RefundableUntil()) open.push_back(lot);
  }
  return open;
}

std::int64_t RefundableQuantity(const std::vector<PurchaseLot>& lots, Instant now) {
  std::int64_t seats = 0;
  for (const RefundableLot& lot : RefundableLots(lots, now)) seats += lot.quantity;
  return seats;
}

std::vector<PurchaseLot> ReturnSeats(std::vector<PurchaseLot> lots, std::int64_t seats,
                                     Instant now) {
  for (auto lot = lots.rbegin(); lot != lots.rend() && seats > 0; ++lot) {
    if (now >= lot->RefundableUntil()) continue;
    const std::int64_t taken = std::min(seats, lot->quantity);
    lot->quantity -= taken;
    seats -= taken;
  }
  return lots;
}

std::optional<Instant> OldestLotReturned(const std::vector<PurchaseLot>& lots, std::int64_t seats,
                                         Instant now) {
  std::optional<Instant> oldest;
  for (auto lot = lots.rbegin(); lot != lots.rend() && seats > 0; ++lot) {
    if (now >= lot->RefundableUntil() || lot->quantity == 0) continue;
    seats -= std::min(seats, lot->quantity);
    oldest = lot->bought_at;
  }
  return oldest;
}

std::vector<CustomTermEnd> CustomTermEnds(Date start, TermDuration term,
                                          const std::vector<CotermCandidate>& others) {
  const Date own_end = TermEnd(start, term);
  std::vector<CustomTermEnd> ends;
  const auto at = [&](Date end) -> CustomTermEnd& {
    for (CustomTermEnd& known : ends) {
      if (known.end == end) return known;
    }
    return ends.emplace_back(CustomTermEnd{.end = end});
  };
  // When the own end is a month end, that is the term's own end: the one before it is offered.
  if (const Date month_end = EndOfPreviousMonth(own_end); month_end > start) {
    at(month_end).calendar_month_end = true;
  }
  for (const CotermCandidate& other : others) {
    if (other.end <= start || other.end >= own_end) continue;
    const bool monthly = other.term == TermDuration::kOneMonth;
    if (term != TermDuration::kOneMonth && monthly) continue;
    const unsigned day = static_cast<unsigned>(std::chrono::year_month_day(other.end).day());
    const bool month_end =
        EndOfPreviousMonth(other.end + std::chrono::days(1)) != EndOfPreviousMonth(other.end);
    if (term == TermDuration::kOneMonth && day >= 28 && day <= 30 && !month_end) continue;
    at(other.end).coterm_subscriptions.push_back(other.id);
  }
  std::sort(ends.begin(), ends.end(),
            [](const CustomTermEnd& a, const CustomTermEnd& b) { return a.end < b.end; });
  return ends;
}

Status CheckCustomTermEnd(Date end, Date start, TermDuration term,
                          const std::vector<CotermCandidate>& others) {
  std::vector<std::string> names;
  for (const CustomTermEnd& allowed : CustomTermEnds(start, term, others)) {
    if (allowed.end == end) return OkStatus();
    names.push_back(FormatDate(allowed.end));
  }
  return Error(
      ErrorCode::kCustomTermEndNotAllowed,
      fmt::format("customTermEndDate {} is not allowed for a {} term starting {}: it "
                  "must be one of [{}]",
                  FormatDate(end), ToString(term), FormatDate(start), fmt::join(names, ", ")),
      {{"field", std::string("customTermEndDate")}, {"allowed", std::move(names)}});
}

}  // namespace seatshift
