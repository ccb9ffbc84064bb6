#include "codec/vendor_catalog.hpp"

#include <fmt/format.h>

#include <array>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "codec/csv_reader.hpp"
#include "codec/text.hpp"

namespace seatshift::codec {
namespace {

enum Column : std::size_t {
  kTitle,
  kStringId,
  kGuid,
  kPlanName,
  kPlanId,
  kPlanFriendlyName,
  kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "Product_Display_Name", "String_Id",       "GUID",
    "Service_Plan_Name",    "Service_Plan_Id", "Service_Plans_Included_Friendly_Names"};

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char ToUpperAscii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Lower-case ASCII words joined by '-': "Microsoft 365 E3" -> "microsoft-365-e3".
std::string Slug(std::string_view title) {
  std::string slug;
  for (const char c : title) {
    if (IsAsciiAlnum(c)) {
      slug.push_back(ToLowerAscii(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "product" : slug;
}

Segment InferSegment(std::string_view id, std::string_view title) {
  const std::string text = fmt::format("{} {}", id, title);
  std::string upper;
  std::set<std::string> words;
  std::string word;
  for (const char c : text) {
    upper.push_back(ToUpperAscii(c));
    if (IsAsciiAlnum(c)) {
      word.push_back(ToUpperAscii(c));
    } else if (!word.empty()) {
      words.insert(std::exchange(word, {}));
    }
  }
  if (!word.empty()) words.insert(word);
  const auto contains = [&](std::string_view needle) {
    return upper.find(needle) != std::string::npos;
  };
  const auto has_word = [&](std::initializer_list<std::string_view> candidates) {
    for (const std::string_view candidate : candidates) {
      if (words.contains(std::string(candidate))) return true;
    }
    return false;
  };
  // Upper-case "EDU" only, so that "Scheduling" does not count; likewise GOV only as a word,
  // so that "Governance" does not.
  if (text.find("EDU") != std::string::npos || contains("EDUCATION") || contains("STUDENT") ||
      contains("FACULTY") || has_word({"A1", "A3", "A5"})) {
    return Segment::kEducation;
  }
  if (has_word({"F1", "F3", "F5"}) || contains("FRONTLINE") || contains("DESKLESS")) {
    return Segment::kFrontline;
  }
  if (contains("GCC") || contains("GOVERNMENT") || has_word({"GOV", "USGOV", "DOD"})) {
    return Segment::kGovernment;
  }
  return Segment::kCommercial;
}

class CatalogBuilder {
 public:
  explicit CatalogBuilder(std::string_view source_name) : source_name_(source_name) {}

  Status Add(const CsvRecord& record) {
    if (!header_read_) return ReadHeader(record);
    ++catalog_.rows;
    if (std::optional<std::string> problem = AddRow(record)) {
      catalog_.rejected.push_back({record.line, std::move(*problem)});
    } else if (!record.repaired_fields.empty()) {
      std::string fields;
      for (const std::size_t index : record.repaired_fields) {
        if (!fields.empty()) fields += ", ";
        fields += kColumnNames[column_at_[index]];
      }
      catalog_.repaired.push_back(
          {record.line, fmt::format("{}: invalid UTF-8 replaced by U+FFFD", fields)});
    }
    return OkStatus();
  }

  Result<VendorCatalog> Finish() && {
    if (!header_read_) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("{}: no header; the file is empty", source_name_));
    }
    return std::move(catalog_);
  }

 private:
  struct SkuState {
    std::size_t index;                      // into catalog_.skus
    std::size_t line;                       // of the SKU's first row
    std::map<Uuid, std::size_t> plan_line;  // first row of each service plan
  };

  Status ReadHeader(const CsvRecord& record) {
    std::array<std::optional<std::size_t>, kColumnCount> index_of{};
    std::optional<std::string> other_problem;  // reported only if no column is missing
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      const std::string_view name = Trim(record.fields[i]);
      std::size_t column = 0;
      while (column < kColumnCount && !EqualsIgnoreCase(name, kColumnNames[column])) ++column;
      if (column == kColumnCount) {
        if (!other_problem) other_problem = fmt::format("unexpected column '{}'", name);
        continue;
      }
      if (index_of[column]) {
        if (!other_problem) other_problem = fmt::format("column '{}' appears twice", name);
        continue;
      }
      index_of[column] = i;
      column_at_.push_back(static_cast<Column>(column));
    }
    for (std::size_t column = 0; column < kColumnCount; ++column) {
      if (!index_of[column]) {
        return HeaderError(record, fmt::format("missing column '{}'", kColumnNames[column]));
      }
      index_of_[column] = *index_of[column];
    }
    if (other_problem) return HeaderError(record, *other_problem);
    header_read_ = true;
    return OkStatus();
  }

  Error HeaderError(const CsvRecord& record, std::string_view reason) const {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("{}:{}: header: {}", source_name_, record.line, reason));
  }

  // Returns why the row cannot be used, or nothing once it has been added.
  std::optional<std::string> AddRow(const CsvRecord& record) {
    if (record.fields.size() != kColumnCount) {
      return fmt::format("expected {} fields, found {}", kColumnCount, record.fields.size());
    }
    const auto field = [&](Column column) { return Trim(record.fields[index_of_[column]]); };
    const std::string_view title = field(kTitle);
    const std::string_view sku_id = field(kStringId);
    const std::string_view plan_name = field(kPlanName);
    if (title.empty()) return "Product_Display_Name: empty";
    if (sku_id.empty()) return "String_Id: empty";
    if (plan_name.empty()) return "Service_Plan_Name: empty";
    const std::optional<Uuid> guid = Uuid::Parse(field(kGuid));
    if (!guid) return fmt::format("GUID: '{}' is not a GUID", field(kGuid));
    const std::optional<Uuid> plan_id = Uuid::Parse(field(kPlanId));
    if (!plan_id) return fmt::format("Service_Plan_Id: '{}' is not a GUID", field(kPlanId));

    const auto existing = skus_.find(std::string(sku_id));
    if (existing == skus_.end()) {
      if (const auto other = sku_by_guid_.find(*guid); other != sku_by_guid_.end()) {
        return fmt::format("GUID: {} already belongs to String_Id '{}'", guid->ToString(),
                           other->second);
      }
      AddSku(record.line, sku_id, *guid, title);
    } else {
      const SkuState& state = existing->second;
      const Sku& sku = catalog_.skus[state.index];
      if (*guid != sku.guid) {
        return fmt::format("GUID: {} differs from {} given for String_Id '{}' on line {}",
                           guid->ToString(), sku.guid.ToString(), sku_id, state.line);
      }
      if (title != sku.title) {
        return fmt::format(
            "Product_Display_Name: '{}' differs from '{}' given for String_Id '{}' on line {}",
            title, sku.title, sku_id, state.line);
      }
      if (const auto plan = state.plan_line.find(*plan_id); plan != state.plan_line.end()) {
        return fmt::format("Service_Plan_Id: duplicate service plan {} of String_Id '{}' (line {})",
                           plan_id->ToString(), sku_id, plan->second);
      }
    }
    SkuState& state = skus_.at(std::string(sku_id));
    state.plan_line.emplace(*plan_id, record.line);
    catalog_.skus[state.index].service_plans.push_back(
        {ServicePlanId(*plan_id), std::string(plan_name), std::string(field(kPlanFriendlyName))});
    return std::nullopt;
  }

  void AddSku(std::size_t line, std::string_view id, const Uuid& guid, std::string_view title) {
    Sku sku;
    sku.id = SkuId(std::string(id));
    sku.guid = guid;
    sku.title = std::string(title);
    sku.segment = InferSegment(id, title);
    sku.product_id = ProductFor(sku);
    sku.minimum_quantity = 1;
    sku.maximum_quantity = 10000;
    skus_.emplace(std::string(id), SkuState{catalog_.skus.size(), line, {}});
    sku_by_guid_.emplace(guid, std::string(id));
    catalog_.skus.push_back(std::move(sku));
  }

  // The product named by the SKU's title, created with the SKU's segment if new. Titles whose
  // slugs collide get "-2", "-3", ... so that each title keeps its own product.
  ProductId ProductFor(const Sku& sku) {
    if (const auto found = product_by_title_.find(sku.title); found != product_by_title_.end()) {
      return found->second;
    }
    const std::string base = Slug(sku.title);
    std::string slug = base;
    for (int n = 2; !product_slugs_.insert(slug).second; ++n) slug = fmt::format("{}-{}", base, n);
    ProductId id(slug);
    product_by_title_.emplace(sku.title, id);
    catalog_.products.push_back({id, sku.title, "", sku.segment});
    return id;
  }

  std::string_view source_name_;
  bool header_read_ = false;
  std::array<std::size_t, kColumnCount> index_of_{};  // field index of each column
  std::vector<Column> column_at_;                     // column of each field index
  VendorCatalog catalog_;
  std::unordered_map<std::string, SkuState> skus_;
  std::map<Uuid, std::string> sku_by_guid_;
  std::unordered_map<std::string, ProductId> product_by_title_;
  std::set<std::string> product_slugs_;
};

}  // namespace

Result<VendorCatalog> ParseVendorCatalog(std::istream& in, std::string_view source_name) {
  CatalogBuilder builder(source_name);
  SEATSHIFT_TRY(
      ReadCsv(in, source_name, [&](const CsvRecord& record) { return builder.Add(record); }));
  return std::move(builder).Finish();
}

}  // namespace seatshift::codec
