#include "codec/price_list_csv.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "codec/csv_reader.hpp"
#include "codec/text.hpp"
#include "domain/money.hpp"

namespace seatshift::codec {
namespace {

constexpr std::size_t kProblemsInMessage = 20;

enum class PriceColumn {
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
};

struct PriceColumnName {
  PriceColumn column;
  std::string_view name;
  bool required;
};

constexpr PriceColumnName kPriceColumns[] = {
    {PriceColumn::kProductId, "ProductId", true},
    {PriceColumn::kSkuId, "SkuId", true},
    {PriceColumn::kMarket, "Market", true},
    {PriceColumn::kCurrency, "Currency", true},
    {PriceColumn::kTermDuration, "TermDuration", true},
    {PriceColumn::kBillingPlan, "BillingPlan", true},
    {PriceColumn::kUnitPrice, "UnitPrice", true},
    {PriceColumn::kEffectiveStartDate, "EffectiveStartDate", true},
    {PriceColumn::kProductTitle, "ProductTitle", false},
    {PriceColumn::kSkuTitle, "SkuTitle", false},
    {PriceColumn::kTierMin, "PricingTierRangeMin", false},
    {PriceColumn::kTierMax, "PricingTierRangeMax", false},
    {PriceColumn::kEffectiveEndDate, "EffectiveEndDate", false},
    {PriceColumn::kErpPrice, "ERP Price", false},
};

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

std::optional<std::int64_t> ParseCount(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

//! "2026-12-01", or "2026-12-01T00:00:00Z" with any fraction of a second that is zero.
std::optional<Date> ParseIsoDay(std::string_view text) {
  if (text.size() > 10) {
    const std::string_view time = text.substr(10);
    if (time.find_first_not_of("T0:.Z") != std::string_view::npos || time.front() != 'T') {
      return std::nullopt;
    }
  }
  return ParseDate(text.substr(0, 10));
}

std::optional<std::optional<BillingCycle>> ParseBillingPlan(std::string_view text) {
  if (text.empty()) return std::optional<BillingCycle>();
  for (BillingCycle cycle :
       {BillingCycle::kMonthly, BillingCycle::kAnnual, BillingCycle::kTriennial}) {
    if (EqualsIgnoreCase(text, ToString(cycle))) return std::optional<BillingCycle>(cycle);
  }
  return std::nullopt;
}

class PriceListParser {
 public:
  explicit PriceListParser(std::string_view source) : source_(source) {}

  Status OnRecord(const CsvRecord& record) {
    if (header_.empty()) return ReadHeader(record);
    if (record.fields.size() != width_) {
      Problem(record.line, "",
              fmt::format("expected {} fields, found {}", width_, record.fields.size()));
      return OkStatus();
    }
    ReadRow(record);
    return OkStatus();
  }

  Result<std::vector<ListPrice>> Finish() && {
    if (header_.empty()) return Error(ErrorCode::kBadRequest, fmt::format("{}: empty", source_));
    if (problems_.empty()) return std::move(rows_);
    std::vector<std::string> shown(
        problems_.begin(), problems_.begin() + static_cast<std::ptrdiff_t>(
                                                   std::min(problems_.size(), kProblemsInMessage)));
    std::string message = fmt::format("{} row problem(s), nothing imported: {}", problems_.size(),
                                      fmt::join(shown, "; "));
    if (problems_.size() > shown.size()) {
      message += fmt::format("; and {} more", problems_.size() - shown.size());
    }
    return Error(ErrorCode::kBadRequest, std::move(message), {{"problems", problems_}});
  }

 private:
  Status ReadHeader(const CsvRecord& record) {
    width_ = record.fields.size();
    for (const PriceColumnName& known : kPriceColumns) {
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (EqualsIgnoreCase(Trim(record.fields[i]), known.name)) header_[known.column] = i;
      }
      if (known.required && !header_.contains(known.column)) {
        return Error(ErrorCode::kBadRequest,
                     fmt::format("{}:{}: header: no column {}", source_, record.line, known.name));
      }
    }
    return OkStatus();
  }

  std::string_view Field(const CsvRecord& record, PriceColumn column) const {
    const auto it = header_.find(column);
    return it == header_.end() ? std::string_view() : Trim(record.fields[it->second]);
  }

  void Problem(std::size_t line, std::string_view column, std::string reason) {
    problems_.push_back(column.empty()
                            ? fmt::format("{}:{}: {}", source_, line, reason)
                            : fmt::format("{}:{}: {}: {}", source_, line, column, reason));
  }

  void ReadRow(const CsvRecord& record) {
    const std::size_t line = record.line;
    const std::size_t before = problems_.size();
    const auto field = [&](PriceColumn c) { return Field(record, c); };
    ListPrice row;
    const std::string_view product = field(PriceColumn::kProductId);
    const std::string_view sku = field(PriceColumn::kSkuId);
    row.offer_id = fmt::format("{}:{}", product, sku);
    if (!IsOfferId(row.offer_id)) {
      Problem(line, "ProductId",
              fmt::format("'{}:{}' is not ProductId:SkuId (e.g. "
                          "CFQ7TTC0LDPB:0001)",
                          product, sku));
    }
    row.market = std::string(field(PriceColumn::kMarket));
    if (row.market.size() != 2 ||
        row.market.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
      Problem(line, "Market", fmt::format("'{}' is not a two-letter country code", row.market));
    }
    row.currency = std::string(field(PriceColumn::kCurrency));
    const bool currency_ok = Currency::Parse(row.currency).has_value();
    if (!currency_ok) {
      Problem(line, "Currency", fmt::format("'{}' is not an ISO 4217 code", row.currency));
    }
    if (const auto term = ParseTermDuration(field(PriceColumn::kTermDuration))) {
      row.term = *term;
    } else {
      Problem(line, "TermDuration",
              fmt::format("'{}' is not P1M, P1Y or P3Y", field(PriceColumn::kTermDuration)));
    }
    if (const auto billing = ParseBillingPlan(field(PriceColumn::kBillingPlan))) {
      row.billing = *billing;
      if (row.billing && MonthsIn(*row.billing) > MonthsIn(row.term)) {
        Problem(line, "BillingPlan",
                fmt::format("{} billing is longer than the {} term",
                            field(PriceColumn::kBillingPlan), ToString(row.term)));
      }
    } else {
      Problem(line, "BillingPlan",
              fmt::format("'{}' is not Monthly, Annual, Triennial or blank",
                          field(PriceColumn::kBillingPlan)));
    }
    std::string why;
    if (currency_ok) {
      if (const auto price = ParseAmount(field(PriceColumn::kUnitPrice), row.currency, why)) {
        row.unit_price = *price;
      } else {
        Problem(line, "UnitPrice", why);
      }
      if (const std::string_view erp = field(PriceColumn::kErpPrice); !erp.empty()) {
        row.erp_price = ParseAmount(erp, row.currency, why);
        if (!row.erp_price) Problem(line, "ERP Price", why);
      }
    }
    ReadTiers(record, row);
    ReadDates(record, row);
    row.product_title = std::string(field(PriceColumn::kProductTitle));
    row.sku_title = std::string(field(PriceColumn::kSkuTitle));
    if (problems_.size() != before) return;
    const auto [it, fresh] = first_line_.emplace(Key(row), line);
    if (!fresh) {
      Problem(line, "",
              fmt::format("the same offer, market, currency, term, billing plan, tier "
                          "and start date as line {}",
                          it->second));
      return;
    }
    rows_.push_back(std::move(row));
  }

  void ReadTiers(const CsvRecord& record, ListPrice& row) {
    const std::string_view min = Field(record, PriceColumn::kTierMin);
    const std::string_view max = Field(record, PriceColumn::kTierMax);
    if (!min.empty()) {
      if (const auto value = ParseCount(min)) {
        row.tier_min = *value;
      } else {
        Problem(record.line, "PricingTierRangeMin", fmt::format("'{}' is not a count", min));
      }
    }
    if (!max.empty()) {
      row.tier_max = ParseCount(max);
      if (!row.tier_max) {
        Problem(record.line, "PricingTierRangeMax", fmt::format("'{}' is not a count", max));
      } else if (*row.tier_max < row.tier_min) {
        Problem(record.line, "PricingTierRangeMax",
                fmt::format("{} is below PricingTierRangeMin {}", *row.tier_max, row.tier_min));
      }
    }
  }

  void ReadDates(const CsvRecord& record, ListPrice& row) {
    const std::string_view start = Field(record, PriceColumn::kEffectiveStartDate);
    if (const auto day = ParseIsoDay(start)) {
      row.effective_start = *day;
    } else {
      Problem(record.line, "EffectiveStartDate",
              fmt::format("'{}' is not an ISO 8601 date", start));
    }
    const std::string_view end = Field(record, PriceColumn::kEffectiveEndDate);
    if (end.empty()) return;
    row.effective_end = ParseIsoDay(end);
    if (!row.effective_end) {
      Problem(record.line, "EffectiveEndDate", fmt::format("'{}' is not an ISO 8601 date", end));
    } else if (*row.effective_end < row.effective_start) {
      Problem(record.line, "EffectiveEndDate", fmt::format("{} is before EffectiveStartDate", end));
    }
  }

  static std::string Key(const ListPrice& row) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}", row.offer_id, row.market, row.currency,
                       ToString(row.term), row.billing ? ToString(*row.billing) : "", row.tier_min,
                       FormatDate(row.effective_start));
  }

  std::string source_;
  std::map<PriceColumn, std::size_t> header_;
  std::size_t width_ = 0;
  std::vector<ListPrice> rows_;
  std::vector<std::string> problems_;
  std::map<std::string, std::size_t> first_line_;
};

bool IsZip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

//! The one .csv member of the zip archive in `bytes`.
Result<std::string> UnzipCsv(std::string_view bytes, std::string_view source) {
  const auto fail = [&](std::string_view why) {
    return Error(ErrorCode::kBadRequest, fmt::format("{}: {}", source, why));
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) return fail("not a readable zip archive");
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(src);
    return fail("not a readable zip archive");
  }
  const std::unique_ptr<zip_t, decltype(&zip_discard)> owned(archive, &zip_discard);
  std::optional<zip_uint64_t> member;
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const std::string_view name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (name.size() < 4 || !EqualsIgnoreCase(name.substr(name.size() - 4), ".csv")) continue;
    if (member) return fail("the archive holds more than one .csv file");
    member = static_cast<zip_uint64_t>(i);
  }
  if (!member) return fail("the archive holds no .csv file");
  zip_stat_t stat;
  if (zip_stat_index(archive, *member, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) {
    return fail("the archive's .csv file cannot be read");
  }
  constexpr zip_uint64_t kMaxCsv = 1ULL << 30;  // a zip bomb stops here
  if (stat.size > kMaxCsv) return fail("the archive's .csv file is larger than 1 GiB");
  const std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
      zip_fopen_index(archive, *member, 0), &zip_fclose);
  if (!file) return fail("the archive's .csv file cannot be read");
  std::string out(stat.size, '\0');
  zip_uint64_t done = 0;
  while (done < stat.size) {
    const zip_int64_t n = zip_fread(file.get(), out.data() + done, stat.size - done);
    if (n <= 0) return fail("the archive's .csv file is damaged");
    done += static_cast<zip_uint64_t>(n);
  }
  return out;
}

}  // namespace

Result<std::vector<ListPrice>> ReadPriceList(std::string_view bytes, std::string_view source_name) {
  std::string unzipped;
  if (IsZip(bytes)) {
    SEATSHIFT_ASSIGN_OR_RETURN(unzipped, UnzipCsv(bytes, source_name));
    bytes = unzipped;
  }
  PriceListParser parser(source_name);
  std::istringstream in{std::string(bytes)};
  SEATSHIFT_TRY(ReadCsv(in, source_name, [&](const CsvRecord& r) { return parser.OnRecord(r); }));
  return std::move(parser).Finish();
}

}  // namespace seatshift::codec
