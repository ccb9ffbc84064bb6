#include "domain/list_price.hpp"

#include <cctype>

namespace seatshift {
namespace {

bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool BillingMatches(const ListPrice& row, const PriceQuery& query) {
  if (row.billing) return *row.billing == query.billing;
  return MonthsIn(query.billing) == MonthsIn(row.term);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view PriceListSegment(Segment segment) {
  switch (segment) {
    case Segment::kEducation:
      return "Education";
    case Segment::kGovernment:
      return "Government";
    case Segment::kCommercial:
    case Segment::kFrontline:
      break;
  }
  return "Commercial";
}

bool IsOfferId(std::string_view text) {
  if (text.size() != 17 || text[12] != ':') return false;
  for (std::size_t i = 0; i < 12; ++i) {
    if (!IsUpperAlnum(text[i])) return false;
  }
  for (std::size_t i = 13; i < 17; ++i) {
    if (!IsUpperAlnum(text[i])) return false;
  }
  return true;
}

bool ListPrice::Covers(Date day, std::int64_t quantity) const {
  if (day < effective_start || (effective_end && day > *effective_end)) return false;
  return quantity >= tier_min && (!tier_max || quantity <= *tier_max);
}

const ListPrice* SelectListPrice(std::span<const ListPrice> prices, const PriceQuery& query) {
  const ListPrice* best = nullptr;
  for (const ListPrice& row : prices) {
    if (row.market != query.market || row.currency != query.currency || row.term != query.term)
      continue;
    if (!row.segment.empty() && !EqualsIgnoreCase(row.segment, query.segment)) continue;
    if (!BillingMatches(row, query) || !row.Covers(query.on, query.quantity)) continue;
    if (!best || row.effective_start > best->effective_start) best = &row;
  }
  return best;
}

std::optional<std::int64_t> MonthlyAmount(const SeatPrice& price, std::int64_t seats) {
  __extension__ using Int128 = __int128;
  const Int128 total = static_cast<Int128>(price.per_period) * seats;
  const Int128 months = price.months_per_period;
  const Int128 half = months / 2;
  const Int128 rounded = total >= 0 ? (total + half) / months : -((-total + half) / months);
  if (rounded > INT64_MAX || rounded < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(rounded);
}

}  // namespace seatshift
