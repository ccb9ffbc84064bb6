#include "codec/price_list_csv.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <map>

#include "codec/named_columns_csv.hpp"
#include "codec/text.hpp"
#include "domain/money.hpp"

namespace seatshift::codec {
// A namespace of its own: the unity build compiles this file beside the other Partner Center
// file readers, whose columns have the same names.
namespace price_list_file {
namespace {

// The columns read, in the order of kColumns.
enum Column : std::size_t {
  kProductId,
  kSkuId,
  kMarket,
  kCurrency,
  kTermDuration,
  kBillingPlan,
  kUnitPrice,
  kEffectiveStartDate,
  kProductTitle,
  kSkuTitle,
  kTierMin,
  kTierMax,
  kEffectiveEndDate,
  kErpPrice,
  kSegment,
};

constexpr std::array<NamedColumn, 15> kColumns{{
    {"ProductId", true},
    {"SkuId", true},
    {"Market", true},
    {"Currency", true},
    {"TermDuration", true},
    {"BillingPlan", true},
    {"UnitPrice", true},
    {"EffectiveStartDate", true},
    {"ProductTitle"},
    {"SkuTitle"},
    {"PricingTierRangeMin"},
    {"PricingTierRangeMax"},
    {"EffectiveEndDate"},
    {"ERP Price"},
    {"Segment"},
}};

//! A decimal amount in the currency's unit, as minor units; the reason in `why` otherwise.
std::optional<std::int64_t> ParseAmount(std::string_view text, std::string_view currency,
                                        std::string& why) {
  const int digits = MinorUnitDigits(currency);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  const auto all_digits = [](std::string_view s) {
    return s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty())) {
    why = fmt::format("'{}' is not an amount (digits, optionally a point and decimals)", text);
    return std::nullopt;
  }
  while (fraction.size() > static_cast<std::size_t>(digits) && fraction.back() == '0') {
    fraction.remove_suffix(1);
  }
  if (fraction.size() > static_cast<std::size_t>(digits)) {
    why = fmt::format("'{}' has more decimals than {}'s {}", text, currency, digits);
    return std::nullopt;
  }
  std::string minor(whole);
  minor.append(fraction);
  minor.append(static_cast<std::size_t>(digits) - fraction.size(), '0');
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(minor.data(), minor.data() + minor.size(), value);
  if (ec != std::errc() || end != minor.data() + minor.size()) {
    why = fmt::format("'{}' is too large", text);
    return std::nullopt;
  }
  return value;
}

//! Whether `text` is a billing plan; `billing` is then its cycle, nullopt for blank or "None"
//! (trials): one payment for the whole term.
bool ParseBillingPlan(std::string_view text, std::optional<BillingCycle>& billing) {
  billing.reset();
  if (text.empty() || EqualsIgnoreCase(text, "None")) return true;
  for (BillingCycle cycle :
       {BillingCycle::kMonthly, BillingCycle::kAnnual, BillingCycle::kTriennial}) {
    if (EqualsIgnoreCase(text, ToString(cycle))) {
      billing = cycle;
      return true;
    }
  }
  return false;
}

class PriceListRows {
 public:
  explicit PriceListRows(NamedColumnsCsv& file) : file_(file) {}

  void Read(const NamedRow& in) {
    line_ = in.line;
    const std::size_t before = file_.ProblemCount();
    const auto field = [&](Column c) { return in.fields[c]; };
    ListPrice row;
    row.offer_id = fmt::format("{}:{}", field(kProductId), field(kSkuId));
    if (!IsOfferId(row.offer_id)) {
      Problem("ProductId",
              fmt::format("'{}' is not ProductId:SkuId (e.g. CFQ7TTC0LDPB:0001)", row.offer_id));
    }
    row.market = std::string(field(kMarket));
    if (!IsCountryCode(row.market)) {
      Problem("Market", fmt::format("'{}' is not a two-letter country code", row.market));
    }
    row.currency = std::string(field(kCurrency));
    row.segment = std::string(field(kSegment));
    ReadTermAndBilling(field(kTermDuration), field(kBillingPlan), row);
    if (Currency::Parse(row.currency)) {
      ReadAmounts(field(kUnitPrice), field(kErpPrice), row);
    } else {
      Problem("Currency", fmt::format("'{}' is not an ISO 4217 code", row.currency));
    }
    ReadTiers(field(kTierMin), field(kTierMax), row);
    ReadDates(field(kEffectiveStartDate), field(kEffectiveEndDate), row);
    row.product_title = std::string(field(kProductTitle));
    row.sku_title = std::string(field(kSkuTitle));
    if (file_.ProblemCount() != before) return;
    const auto [it, fresh] = first_line_.emplace(Key(row), line_);
    if (!fresh) {
      Problem("", fmt::format("the same offer, market, currency, segment, term, billing plan, "
                              "tier and start date as line {}",
                              it->second));
      return;
    }
    rows_.push_back(std::move(row));
  }

  std::vector<ListPrice> Take() && { return std::move(rows_); }

 private:
  void Problem(std::string_view column, std::string reason) {
    file_.Problem(line_, column, std::move(reason));
  }

  void ReadTermAndBilling(std::string_view term, std::string_view billing, ListPrice& row) {
    if (const auto parsed = ParseTermDuration(term)) {
      row.term = *parsed;
    } else {
      Problem("TermDuration", fmt::format("'{}' is not P1M, P1Y or P3Y", term));
    }
    if (!ParseBillingPlan(billing, row.billing)) {
      Problem("BillingPlan",
              fmt::format("'{}' is not Monthly, Annual, Triennial, None or blank", billing));
      return;
    }
    if (row.billing && MonthsIn(*row.billing) > MonthsIn(row.term)) {
      Problem("BillingPlan",
              fmt::format("{} billing is longer than the {} term", billing, ToString(row.term)));
    }
  }

  void ReadAmounts(std::string_view unit, std::string_view erp, ListPrice& row) {
    std::string why;
    if (const auto price = ParseAmount(unit, row.currency, why)) {
      row.unit_price = *price;
    } else {
      Problem("UnitPrice", why);
    }
    if (erp.empty()) return;
    row.erp_price = ParseAmount(erp, row.currency, why);
    if (!row.erp_price) Problem("ERP Price", why);
  }

  void ReadTiers(std::string_view min, std::string_view max, ListPrice& row) {
    if (!min.empty()) {
      if (const auto value = ParseCount(min)) {
        row.tier_min = *value;
      } else {
        Problem("PricingTierRangeMin", fmt::format("'{}' is not a count", min));
      }
    }
    if (max.empty()) return;
    row.tier_max = ParseCount(max);
    if (!row.tier_max) {
      Problem("PricingTierRangeMax", fmt::format("'{}' is not a count", max));
    } else if (*row.tier_max < row.tier_min) {
      Problem("PricingTierRangeMax",
              fmt::format("{} is below PricingTierRangeMin {}", *row.tier_max, row.tier_min));
    }
  }

  void ReadDates(std::string_view start, std::string_view end, ListPrice& row) {
    if (const auto day = ParseIsoDay(start)) {
      row.effective_start = *day;
    } else {
      Problem("EffectiveStartDate", fmt::format("'{}' is not an ISO 8601 date", start));
    }
    if (end.empty()) return;
    row.effective_end = ParseIsoDay(end);
    if (!row.effective_end) {
      Problem("EffectiveEndDate", fmt::format("'{}' is not an ISO 8601 date", end));
    } else if (*row.effective_end < row.effective_start) {
      Problem("EffectiveEndDate", fmt::format("{} is before EffectiveStartDate", end));
    }
  }

  static std::string Key(const ListPrice& row) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", row.offer_id, row.market, row.currency,
                       row.segment, ToString(row.term), row.billing ? ToString(*row.billing) : "",
                       row.tier_min, FormatDate(row.effective_start));
  }

  NamedColumnsCsv& file_;
  std::size_t line_ = 0;
  std::vector<ListPrice> rows_;
  std::map<std::string, std::size_t> first_line_;
};

}  // namespace
}  // namespace price_list_file

Result<std::vector<ListPrice>> ReadPriceList(std::string_view bytes, std::string_view source_name) {
  NamedColumnsCsv file(source_name, price_list_file::kColumns);
  price_list_file::PriceListRows rows(file);
  SEATSHIFT_TRY(file.Read(bytes, [&](const NamedRow& row) { rows.Read(row); }));
  SEATSHIFT_TRY(file.Verdict());
  return std::move(rows).Take();
}

}  // namespace seatshift::codec
