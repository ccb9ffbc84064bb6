#pragma once

#include <cstddef>
#include <istream>
#include <string_view>
#include <vector>

#include "codec/vendor_catalog.hpp"
#include "domain/offer_matrix.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

struct SkuQuery {
  store::SkuFilter filter;
  std::optional<bool> purchasable;  //!< on the service's today
};

//! How incoming SKU definitions combine with stored ones.
enum class CatalogMerge {
  //! The incoming definition is the whole truth (the project's default catalog).
  kReplace,
  //! Vendor facts only (title, GUID, product, service plans); what the partner set up
  //! (segment, quantities, prices, lifecycle, replacements) is kept for known SKUs.
  kVendorFacts,
};

struct CatalogUpsertCounts {
  int products_created = 0;
  int skus_created = 0;
  int skus_updated = 0;
  int skus_unchanged = 0;
  int service_plans = 0;  //!< plans held by the SKUs written or confirmed
};

//! What a vendor-list import did: the rows read, what the upsert changed, and the rows left out
//! or kept with repaired text (each with its line and reason).
struct VendorImport {
  std::size_t rows = 0;  //!< data rows read, excluding the header
  std::size_t skus = 0;  //!< distinct SKUs in the file
  CatalogUpsertCounts counts;
  std::vector<codec::RowProblem> rejected;
  std::vector<codec::RowProblem> repaired;
};

//! A SKU as a caller names it: its id ("SPE_E3"), or its vendor GUID, which Partner Center
//! clients send (`skuId` in the vendor's list). A GUID no SKU has is kept as given, so the
//! caller's "not found" names what was sent.
SkuId CanonicalSkuId(store::ReadTransaction& tx, const SkuId& named);

class CatalogService {
 public:
  explicit CatalogService(Dependencies deps) : deps_(deps) {}

  Result<std::vector<Product>> ListProducts(const RequestContext& ctx);
  Result<std::vector<Sku>> ListSkus(const RequestContext& ctx, const SkuQuery& query);
  Result<Sku> GetSku(const RequestContext& ctx, const SkuId& id);
  //! Writes products and SKUs in one transaction, auditing each SKU that changes. Re-running
  //! with the same input changes nothing and counts every SKU as unchanged.
  Result<CatalogUpsertCounts> Upsert(const RequestContext& ctx,
                                     const std::vector<Product>& products,
                                     const std::vector<Sku>& skus, CatalogMerge merge);
  //! Reads the vendor's product and service-plan list (CSV; codec::ParseVendorCatalog) from `csv`
  //! and upserts it with CatalogMerge::kVendorFacts. Fails with kBadRequest, naming
  //! `source_name`, when the CSV or its header is malformed; bad rows are reported, not fatal.
  Result<VendorImport> ImportVendorCsv(const RequestContext& ctx, std::istream& csv,
                                       std::string_view source_name);
  //! Reads Microsoft's offer matrix (codec::ReadOfferMatrix: CSV or zipped CSV) and updates, in
  //! one transaction, each SKU a row names (by GUID, else String_Id, else offer id): its offer
  //! id, seat limits, markets, prerequisites, conversions (added to its replacements, marked)
  //! and end of sale (ApplyOfferMatrixRow). Rows of SKUs the catalog lacks are listed, not
  //! applied; rows that contradict it are listed as conflicts. Audited per SKU changed.
  Result<OfferMatrixImport> ImportOfferMatrix(const RequestContext& ctx, std::string_view bytes,
                                              std::string_view source_name);
  //! Maps `sku` to Microsoft's offer `offer_id` ("ProductId:SkuId"), or unmaps it (nullopt):
  //! the price list's rows of that offer then price it. kAlreadyExists when another SKU has the
  //! offer; audited as `catalog.sku.update`.
  Result<Sku> SetOfferId(const RequestContext& ctx, const SkuId& sku,
                         const std::optional<std::string>& offer_id);
  Date Today() const { return deps_.clock.Today(); }

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
