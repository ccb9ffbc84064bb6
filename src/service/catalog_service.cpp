#include "service/catalog_service.hpp"

#include <fmt/format.h>

#include "codec/json.hpp"
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
      return Error(ErrorCode::kAlreadyExists,
                   fmt::format("offer {} is already mapped to SKU {}", sku.offer_id,
                               other.id.value()),
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
          // The price list's rows come with the offer, never from a catalog file.
          if (stored && stored->offer_id == next.offer_id) next.list_prices = stored->list_prices;
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

}  // namespace seatshift::service
