#include "codec/offer_matrix_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "codec/named_columns_csv.hpp"

namespace seatshift::codec {
// A namespace of its own: the unity build compiles this file beside the other Partner Center
// file readers, whose columns have the same names.
namespace offer_matrix_file {
namespace {

enum Column : std::size_t {
  kProductId,
  kSkuId,
  kMinLicenses,
  kMaxLicenses,
  kProductTitle,
  kSkuTitle,
  kProvisioningId,
  kProvisioningString,
  kPrerequisites,
  kConversions,
  kAllowedCountries,
  kEndOfSale,
};

constexpr std::array<NamedColumn, 12> kColumns{{
    {"ProductId", true},
    {"SkuId", true},
    {"MinLicenses", true},
    {"MaxLicenses", true},
    {"ProductTitle"},
    {"SkuTitle"},
    {"ProvisioningId"},
    {"ProvisioningString"},
    {"ProductSkuPreRequisites"},
    {"ProductSkuConversion"},
    {"AllowedCountries"},
    {"EndOfSaleDate"},
}};

//! The non-empty items of `text` split at any of `separators`, each trimmed.
std::vector<std::string_view> Split(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t cut = text.find_first_of(separators);
    std::string_view item = text.substr(0, cut);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
  return out;
}

class OfferMatrixRows {
 public:
  explicit OfferMatrixRows(NamedColumnsCsv& file) : file_(file) {}

  void Read(const NamedRow& in) {
    line_ = in.line;
    const std::size_t before = file_.ProblemCount();
    const auto field = [&](Column c) { return in.fields[c]; };
    OfferMatrixRow row;
    row.line = in.line;
    row.offer_id = fmt::format("{}:{}", field(kProductId), field(kSkuId));
    if (!IsOfferId(row.offer_id)) {
      Problem("ProductId",
              fmt::format("'{}' is not ProductId:SkuId (e.g. CFQ7TTC0LDPB:0001)", row.offer_id));
    }
    row.product_title = std::string(field(kProductTitle));
    row.sku_title = std::string(field(kSkuTitle));
    ReadLicenses(field(kMinLicenses), field(kMaxLicenses), row);
    if (const std::string_view guid = field(kProvisioningId); !guid.empty()) {
      row.provisioning_id = Uuid::Parse(guid);
      if (!row.provisioning_id) Problem("ProvisioningId", fmt::format("'{}' is not a GUID", guid));
    }
    row.provisioning_string = std::string(field(kProvisioningString));
    row.prerequisites = Offers("ProductSkuPreRequisites", field(kPrerequisites));
    row.conversions = Offers("ProductSkuConversion", field(kConversions));
    ReadCountries(field(kAllowedCountries), row);
    if (const std::string_view day = field(kEndOfSale); !day.empty()) {
      row.end_of_sale = ParseIsoDay(day);
      if (!row.end_of_sale) {
        Problem("EndOfSaleDate", fmt::format("'{}' is not an ISO 8601 date", day));
      }
    }
    if (file_.ProblemCount() != before) return;
    const auto [it, fresh] = first_line_.emplace(row.offer_id, line_);
    if (!fresh) {
      Problem("",
              fmt::format("offer {} is described on line {} already", row.offer_id, it->second));
      return;
    }
    rows_.push_back(std::move(row));
  }

  std::vector<OfferMatrixRow> Take() && { return std::move(rows_); }

 private:
  void Problem(std::string_view column, std::string reason) {
    file_.Problem(line_, column, std::move(reason));
  }

  void ReadLicenses(std::string_view min, std::string_view max, OfferMatrixRow& row) {
    constexpr std::int64_t kMost = std::numeric_limits<int>::max();
    const auto minimum = ParseCount(min);
    const auto maximum = ParseCount(max);
    if (!minimum || *minimum > kMost) {
      Problem("MinLicenses", fmt::format("'{}' is not a count", min));
    }
    if (!maximum || *maximum > kMost) {
      Problem("MaxLicenses", fmt::format("'{}' is not a count", max));
    }
    if (!minimum || !maximum || *minimum > kMost || *maximum > kMost) return;
    if (*maximum < *minimum) {
      Problem("MaxLicenses", fmt::format("{} is below MinLicenses {}", *maximum, *minimum));
    }
    row.minimum_quantity = static_cast<int>(*minimum);
    row.maximum_quantity = static_cast<int>(*maximum);
  }

  //! Offer ids written "ProductId/SkuId" (the matrix's own form) or "ProductId:SkuId".
  std::vector<std::string> Offers(std::string_view column, std::string_view text) {
    std::vector<std::string> out;
    for (std::string_view item : Split(text, ",;")) {
      std::string offer(item);
      std::replace(offer.begin(), offer.end(), '/', ':');
      if (!IsOfferId(offer)) {
        Problem(column, fmt::format("'{}' is not ProductId/SkuId", item));
        continue;
      }
      out.push_back(std::move(offer));
    }
    return out;
  }

  void ReadCountries(std::string_view text, OfferMatrixRow& row) {
    for (std::string_view country : Split(text, ";,")) {
      if (!IsCountryCode(country)) {
        Problem("AllowedCountries", fmt::format("'{}' is not a two-letter country code", country));
      } else if (std::find(row.markets.begin(), row.markets.end(), country) != row.markets.end()) {
        Problem("AllowedCountries", fmt::format("{} is listed twice", country));
      } else {
        row.markets.emplace_back(country);
      }
    }
  }

  NamedColumnsCsv& file_;
  std::size_t line_ = 0;
  std::vector<OfferMatrixRow> rows_;
  std::map<std::string, std::size_t> first_line_;
};

}  // namespace
}  // namespace offer_matrix_file

Result<std::vector<OfferMatrixRow>> ReadOfferMatrix(std::string_view bytes,
                                                    std::string_view source_name) {
  NamedColumnsCsv file(source_name, offer_matrix_file::kColumns);
  offer_matrix_file::OfferMatrixRows rows(file);
  SEATSHIFT_TRY(file.Read(bytes, [&](const NamedRow& row) { rows.Read(row); }));
  SEATSHIFT_TRY(file.Verdict());
  return std::move(rows).Take();
}

}  // namespace seatshift::codec
