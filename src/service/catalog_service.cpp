#include "service/catalog_service.hpp"

#include <fmt/format.h>

#include <map>

#include "codec/json.hpp"
#include "codec/offer_matrix_csv.hpp"
#include "service/audit.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

Sku MergeVendorFacts(const Sku& stored, const Sku& vendor) {
  Sku merged = stored;
  merged.guid = vendor.guid;
  merged.title = vendor.title;
  merged.product_id = vendor.product_id;
  merged.service_plans = vendor.service_plans;
  return merged;
}

//! One offer is one SKU: refuses `sku` if another SKU is mapped to its offer id.
Status CheckOfferFree(store::ReadTransaction& tx, const Sku& sku) {
  if (sku.offer_id.empty()) return OkStatus();
  for (const Sku& other : tx.ListSkus({})) {
    if (other.offer_id == sku.offer_id && other.id != sku.id) {
      return Error(
          ErrorCode::kAlreadyExists,
          fmt::format("offer {} is already mapped to SKU {}", sku.offer_id, other.id.value()),
          {{"offerId", sku.offer_id}, {"skuId", other.id.value()}});
    }
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<Product>> CatalogService::ListProducts(const RequestContext& ctx) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  return deps_.store.Read()->ListProducts();
}

Result<std::vector<Sku>> CatalogService::ListSkus(const RequestContext& ctx,
                                                  const SkuQuery& query) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  std::vector<Sku> skus = deps_.store.Read()->ListSkus(query.filter);
  if (query.purchasable) {
    const Date today = Today();
    std::erase_if(skus,
                  [&](const Sku& s) { return s.IsPurchasableOn(today) != *query.purchasable; });
  }
  return skus;
}

SkuId CanonicalSkuId(store::ReadTransaction& tx, const SkuId& named) {
  const auto guid = Uuid::Parse(named.value());
  if (!guid) return named;
  return tx.FindSkuIdByGuid(*guid).value_or(named);
}

Result<Sku> CatalogService::GetSku(const RequestContext& ctx, const SkuId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  auto sku = tx->FindSku(CanonicalSkuId(*tx, id));
  if (!sku) {
    return Error(ErrorCode::kNotFound, fmt::format("SKU {} not found", id.value()),
                 {{"skuId", id.value()}});
  }
  return std::move(*sku);
}

Result<CatalogUpsertCounts> CatalogService::Upsert(const RequestContext& ctx,
                                                   const std::vector<Product>& products,
                                                   const std::vector<Sku>& skus,
                                                   CatalogMerge merge) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageCatalog));
  for (const Sku& sku : skus) SEATSHIFT_TRY(ValidateSku(sku));
  const Instant now = deps_.clock.Now();
  const Date today = DayOf(now);
  // The counts are the committed attempt's: a transaction run again (Transact) counts afresh.
  return store::Transact(
      deps_.store, [&](store::WriteTransaction& tx) -> Result<CatalogUpsertCounts> {
        CatalogUpsertCounts counts;
        std::map<ProductId, Product> stored_products;
        for (Product& p : tx.ListProducts()) stored_products.emplace(p.id, std::move(p));
        for (const Product& product : products) {
          const auto it = stored_products.find(product.id);
          if (it != stored_products.end() &&
              (merge == CatalogMerge::kVendorFacts || it->second == product)) {
            continue;
          }
          if (tx.UpsertProduct(product)) ++counts.products_created;
          stored_products.insert_or_assign(product.id, product);
        }
        for (const Sku& incoming : skus) {
          if (!stored_products.contains(incoming.product_id)) {
            return Error(ErrorCode::kBadRequest,
                         fmt::format("SKU {} names unknown product {}", incoming.id.value(),
                                     incoming.product_id.value()));
          }
          const std::optional<Sku> stored = tx.FindSku(incoming.id);
          Sku next = stored && merge == CatalogMerge::kVendorFacts
                         ? MergeVendorFacts(*stored, incoming)
                         : incoming;
          // The price list's rows come with the offer, and the offer matrix's facts with its
          // import, never from a catalog file.
          if (stored) {
            if (stored->offer_id == next.offer_id) next.list_prices = stored->list_prices;
            next.markets = stored->markets;
            next.prerequisite_offers = stored->prerequisite_offers;
            next.conversions = stored->conversions;
          }
          SEATSHIFT_TRY(CheckOfferFree(tx, next));
          counts.service_plans += static_cast<int>(next.service_plans.size());
          if (stored && *stored == next) {
            ++counts.skus_unchanged;
            continue;
          }
          tx.UpsertSku(next);
          ++(stored ? counts.skus_updated : counts.skus_created);
          RecordAudit(tx, ctx, now,
                      {.operation = stored ? "catalog.sku.update" : "catalog.sku.create",
                       .resource_type = "Sku",
                       .resource_id = next.id.value(),
                       .customer_id = std::nullopt,
                       .before = stored ? codec::Serialize(codec::ToJson(*stored, today)) : "",
                       .after = codec::Serialize(codec::ToJson(next, today))});
        }
        tx.Commit();
        return counts;
      });
}

Result<VendorImport> CatalogService::ImportVendorCsv(const RequestContext& ctx, std::istream& csv,
                                                     std::string_view source_name) {
  SEATSHIFT_ASSIGN_OR_RETURN(codec::VendorCatalog vendor,
                             codec::ParseVendorCatalog(csv, source_name));
  SEATSHIFT_ASSIGN_OR_RETURN(const CatalogUpsertCounts counts,
                             Upsert(ctx, vendor.products, vendor.skus, CatalogMerge::kVendorFacts));
  return VendorImport{.rows = vendor.rows,
                      .skus = vendor.skus.size(),
                      .counts = counts,
                      .rejected = std::move(vendor.rejected),
                      .repaired = std::move(vendor.repaired)};
}

namespace {

//! The SKU an offer matrix row describes: by GUID, else String_Id, else the offer it is mapped to.
std::optional<Sku> SkuOfRow(store::ReadTransaction& tx, const OfferMatrixRow& row,
                            const std::map<std::string, SkuId>& by_offer) {
  if (row.provisioning_id) {
    if (const auto id = tx.FindSkuIdByGuid(*row.provisioning_id)) return tx.FindSku(*id);
  }
  if (!row.provisioning_string.empty()) {
    if (auto sku = tx.FindSku(SkuId(row.provisioning_string))) return sku;
  }
  if (const auto it = by_offer.find(row.offer_id); it != by_offer.end()) {
    return tx.FindSku(it->second);
  }
  return std::nullopt;
}

}  // namespace

Result<OfferMatrixImport> CatalogService::ImportOfferMatrix(const RequestContext& ctx,
                                                            std::string_view bytes,
                                                            std::string_view source_name) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageCatalog));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::vector<OfferMatrixRow> rows,
                             codec::ReadOfferMatrix(bytes, source_name));
  const Instant now = deps_.clock.Now();
  const Date today = DayOf(now);
  return store::Transact(
      deps_.store, [&](store::WriteTransaction& tx) -> Result<OfferMatrixImport> {
        OfferMatrixImport report{.rows = static_cast<std::int64_t>(rows.size())};
        // Which SKU each offer is: as mapped now, then as this file's rows name them, so that
        // conversions to offers described further down the file resolve too.
        std::map<std::string, SkuId> by_offer;
        for (const Sku& sku : tx.ListSkus({})) {
          if (!sku.offer_id.empty()) by_offer.emplace(sku.offer_id, sku.id);
        }
        std::vector<std::pair<const OfferMatrixRow*, Sku>> matched;
        std::map<SkuId, std::size_t> line_of_sku;
        for (const OfferMatrixRow& row : rows) {
          std::optional<Sku> sku = SkuOfRow(tx, row, by_offer);
          if (!sku) {
            report.unknown.push_back(row);
            continue;
          }
          if (const auto [it, fresh] = line_of_sku.emplace(sku->id, row.line); !fresh) {
            report.conflicts.push_back(fmt::format("line {}: SKU {} is described on line {}",
                                                   row.line, sku->id.value(), it->second));
            continue;
          }
          const auto owner = by_offer.find(row.offer_id);
          if (owner != by_offer.end() && owner->second != sku->id) {
            report.conflicts.push_back(fmt::format("line {}: offer {} is mapped to SKU {}, not {}",
                                                   row.line, row.offer_id, owner->second.value(),
                                                   sku->id.value()));
            continue;
          }
          if (!sku->offer_id.empty() && sku->offer_id != row.offer_id)
            by_offer.erase(sku->offer_id);
          by_offer.insert_or_assign(row.offer_id, sku->id);
          matched.emplace_back(&row, std::move(*sku));
        }
        std::map<SkuId, Sku> skus;
        const auto sku_of_offer = [&](std::string_view offer) -> const Sku* {
          const auto it = by_offer.find(std::string(offer));
          if (it == by_offer.end()) return nullptr;
          auto found = skus.find(it->second);
          if (found == skus.end()) {
            auto stored = tx.FindSku(it->second);
            if (!stored) return nullptr;
            found = skus.emplace(it->second, std::move(*stored)).first;
          }
          return &found->second;
        };
        for (auto& [row, stored] : matched) {
          const Sku next = ApplyOfferMatrixRow(stored, *row, sku_of_offer);
          if (next == stored) {
            ++report.skus_unchanged;
            continue;
          }
          SEATSHIFT_TRY(ValidateSku(next));
          tx.UpsertSku(next);
          ++report.skus_updated;
          RecordAudit(tx, ctx, now,
                      {.operation = "catalog.sku.update",
                       .resource_type = "Sku",
                       .resource_id = next.id.value(),
                       .customer_id = std::nullopt,
                       .before = codec::Serialize(codec::ToJson(stored, today)),
                       .after = codec::Serialize(codec::ToJson(next, today))});
        }
        tx.Commit();
        return report;
      });
}

Result<Sku> CatalogService::SetOfferId(const RequestContext& ctx, const SkuId& sku_id,
                                       const std::optional<std::string>& offer_id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageCatalog));
  if (offer_id && !IsOfferId(*offer_id)) {
    return Error(
        ErrorCode::kBadRequest,
        fmt::format("offerId '{}' is not ProductId:SkuId (e.g. CFQ7TTC0LDPB:0001)", *offer_id),
        {{"field", std::string("offerId")}});
  }
  const Instant now = deps_.clock.Now();
  const Date today = DayOf(now);
  auto written = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<SkuId> {
    const auto stored = tx.FindSku(CanonicalSkuId(tx, sku_id));
    if (!stored) {
      return Error(ErrorCode::kNotFound, fmt::format("SKU {} not found", sku_id.value()),
                   {{"skuId", sku_id.value()}});
    }
    Sku next = *stored;
    next.offer_id = offer_id.value_or("");
    if (next.offer_id == stored->offer_id) return next.id;
    SEATSHIFT_TRY(CheckOfferFree(tx, next));
    tx.UpsertSku(next);
    RecordAudit(tx, ctx, now,
                {.operation = "catalog.sku.update",
                 .resource_type = "Sku",
                 .resource_id = next.id.value(),
                 .customer_id = std::nullopt,
                 .before = codec::Serialize(codec::ToJson(*stored, today)),
                 .after = codec::Serialize(codec::ToJson(next, today))});
    tx.Commit();
    return next.id;
  });
  if (!written) return std::move(written).error();
  // Read back: the SKU now carries its offer's price-list rows.
  auto sku = deps_.store.Read()->FindSku(*written);
  if (!sku) return Error(ErrorCode::kNotFound, fmt::format("SKU {} not found", sku_id.value()));
  return std::move(*sku);
}

}  // namespace seatshift::service
