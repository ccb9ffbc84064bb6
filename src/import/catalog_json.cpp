#include "import/catalog_json.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "codec/json_reader.hpp"

namespace seatshift::import {

extern const std::string_view kDefaultCatalogJson;

namespace {

namespace json = boost::json;

//! Reads typed fields of one JSON object, remembering the path for error messages.
class Fields {
 public:
  Fields(const json::value& value, std::string path) : path_(std::move(path)) {
    object_ = value.if_object();
  }
  bool IsObject() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }

  Result<std::string> String(std::string_view key) const {
    const json::value* v = Find(key);
    if (!v || !v->is_string()) return Bad(key, "expected a string");
    return std::string(v->get_string());
  }
  Result<std::int64_t> Integer(std::string_view key) const {
    const json::value* v = Find(key);
    if (!v || !(v->is_int64() || v->is_uint64())) return Bad(key, "expected an integer");
    if (v->is_uint64() && v->get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) {
      return Bad(key, "integer too large");
    }
    return v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
  }
  Result<std::optional<Date>> OptionalDate(std::string_view key) const {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::optional<Date>();
    if (v->is_string()) {
      if (auto day = ParseDate(v->get_string())) return std::optional<Date>(*day);
    }
    return Bad(key, "expected a YYYY-MM-DD date or null");
  }
  const json::array* Array(std::string_view key) const {
    const json::value* v = Find(key);
    return v ? v->if_array() : nullptr;
  }
  //! The member `key` as a Fields of its own, if it is an object.
  std::optional<Fields> Child(std::string_view key) const {
    const json::value* v = Find(key);
    if (!v || !v->is_object()) return std::nullopt;
    return Fields(*v, fmt::format("{}.{}", path_, key));
  }
  Error Bad(std::string_view key, std::string_view why) const {
    return Error(ErrorCode::kBadRequest, fmt::format("{}.{}: {}", path_, key, why));
  }
  //! The string at `key`; "" when absent or null.
  Result<std::string> OptionalString(std::string_view key) const {
    const json::value* v = Find(key);
    if (!v || v->is_null()) return std::string();
    if (!v->is_string()) return Bad(key, "expected a string or null");
    return std::string(v->get_string());
  }

 private:
  const json::value* Find(std::string_view key) const {
    return object_ ? object_->if_contains(key) : nullptr;
  }
  const json::object* object_ = nullptr;
  std::string path_;
};

Result<Segment> SegmentField(const Fields& f) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string text, f.String("segment"));
  if (auto s = ParseSegment(text)) return *s;
  return f.Bad("segment", "expected commercial, education, frontline or government");
}

Result<Product> ReadProduct(const Fields& f) {
  if (!f.IsObject()) return Error(ErrorCode::kBadRequest, f.path() + ": expected an object");
  Product p;
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string id, f.String("id"));
  p.id = ProductId(id);
  SEATSHIFT_ASSIGN_OR_RETURN(p.title, f.String("title"));
  SEATSHIFT_ASSIGN_OR_RETURN(p.description, f.String("description"));
  SEATSHIFT_ASSIGN_OR_RETURN(p.segment, SegmentField(f));
  return p;
}

Result<Uuid> UuidField(const Fields& f, std::string_view key) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string text, f.String(key));
  if (auto id = Uuid::Parse(text)) return *id;
  return f.Bad(key, "expected a GUID");
}

Result<Price> ReadPrice(const Fields& f) {
  Price price;
  SEATSHIFT_ASSIGN_OR_RETURN(price.currency, f.String("currency"));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string term, f.String("termDuration"));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string cycle, f.String("billingCycle"));
  SEATSHIFT_ASSIGN_OR_RETURN(price.unit_price, f.Integer("unitPrice"));
  const auto parsed_term = ParseTermDuration(term);
  const auto parsed_cycle = ParseBillingCycle(cycle);
  if (!parsed_term) return f.Bad("termDuration", "expected P1M or P1Y");
  if (!parsed_cycle) return f.Bad("billingCycle", "expected monthly or annual");
  price.term = *parsed_term;
  price.billing_cycle = *parsed_cycle;
  return price;
}

Result<Sku> ReadSku(const Fields& f) {
  if (!f.IsObject()) return Error(ErrorCode::kBadRequest, f.path() + ": expected an object");
  Sku sku;
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string id, f.String("id"));
  sku.id = SkuId(id);
  SEATSHIFT_ASSIGN_OR_RETURN(sku.guid, UuidField(f, "guid"));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string product, f.String("productId"));
  sku.product_id = ProductId(product);
  SEATSHIFT_ASSIGN_OR_RETURN(sku.title, f.String("title"));
  SEATSHIFT_ASSIGN_OR_RETURN(sku.segment, SegmentField(f));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t min, f.Integer("minimumQuantity"));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t max, f.Integer("maximumQuantity"));
  if (min < 0 || max > 1'000'000 || min > max) return f.Bad("maximumQuantity", "invalid range");
  sku.minimum_quantity = static_cast<int>(min);
  sku.maximum_quantity = static_cast<int>(max);

  const json::array* plans = f.Array("servicePlans");
  if (!plans) return f.Bad("servicePlans", "expected an array");
  for (std::size_t i = 0; i < plans->size(); ++i) {
    const Fields plan((*plans)[i], fmt::format("{}.servicePlans[{}]", f.path(), i));
    SEATSHIFT_ASSIGN_OR_RETURN(const Uuid plan_id, UuidField(plan, "id"));
    SEATSHIFT_ASSIGN_OR_RETURN(std::string name, plan.String("name"));
    SEATSHIFT_ASSIGN_OR_RETURN(std::string display, plan.String("displayName"));
    sku.service_plans.push_back({ServicePlanId(plan_id), std::move(name), std::move(display)});
  }
  if (const auto lifecycle = f.Child("lifecycle")) {
    SEATSHIFT_ASSIGN_OR_RETURN(sku.end_of_sale, lifecycle->OptionalDate("endOfSaleDate"));
    SEATSHIFT_ASSIGN_OR_RETURN(sku.retirement, lifecycle->OptionalDate("retirementDate"));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(sku.offer_id, f.OptionalString("offerId"));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string commerce, f.OptionalString("commerce"));
  if (!commerce.empty()) {
    const auto parsed = ParseCommerce(commerce);
    if (!parsed) return f.Bad("commerce", "expected \"legacy\" or \"newCommerce\"");
    sku.commerce = *parsed;
  }
  if (const json::array* replacements = f.Array("replacementSkuIds")) {
    for (const json::value& r : *replacements) {
      if (!r.is_string()) return f.Bad("replacementSkuIds", "expected strings");
      sku.replacements.emplace_back(std::string(r.get_string()));
    }
  }
  if (const json::array* prices = f.Array("prices")) {
    for (std::size_t i = 0; i < prices->size(); ++i) {
      SEATSHIFT_ASSIGN_OR_RETURN(
          Price price, ReadPrice(Fields((*prices)[i], fmt::format("{}.prices[{}]", f.path(), i))));
      sku.prices.push_back(std::move(price));
    }
  }
  SEATSHIFT_TRY(ValidateSku(sku));
  return sku;
}

}  // namespace

Result<CatalogDocument> ParseCatalogJson(std::string_view text, std::string_view source_name) {
  SEATSHIFT_ASSIGN_OR_RETURN(
      const json::value root,
      codec::ReadJson(text, {.source = source_name,
                             .max_depth = 32,
                             .duplicate_keys = codec::DuplicateKeys::kRefused}));
  const Fields top(root, std::string(source_name));
  const json::array* products = top.Array("products");
  const json::array* skus = top.Array("skus");
  if (!products || !skus) return top.Bad("products/skus", "expected two arrays");
  CatalogDocument doc;
  for (std::size_t i = 0; i < products->size(); ++i) {
    SEATSHIFT_ASSIGN_OR_RETURN(
        Product p,
        ReadProduct(Fields((*products)[i], fmt::format("{}:products[{}]", source_name, i))));
    doc.products.push_back(std::move(p));
  }
  for (std::size_t i = 0; i < skus->size(); ++i) {
    SEATSHIFT_ASSIGN_OR_RETURN(
        Sku sku, ReadSku(Fields((*skus)[i], fmt::format("{}:skus[{}]", source_name, i))));
    doc.skus.push_back(std::move(sku));
  }
  return doc;
}

Result<CatalogDocument> DefaultCatalog() {
  return ParseCatalogJson(kDefaultCatalogJson, "default-catalog.json");
}

}  // namespace seatshift::import
