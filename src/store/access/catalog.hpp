#pragma once

// The catalog: products and SKUs with their plans, prices and replacements.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/catalog.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

struct SkuFilter {
  std::optional<ProductId> product_id;
  std::optional<Segment> segment;
};

//! Reads, in any transaction.
class CatalogReads {
 public:
  virtual ~CatalogReads() = default;

  virtual std::vector<Product> ListProducts() = 0;
  virtual std::vector<Sku> ListSkus(const SkuFilter& filter) = 0;
  virtual std::optional<Sku> FindSku(const SkuId& id) = 0;
  //! The id of the SKU whose vendor GUID is `guid` (Partner Center clients name SKUs so).
  virtual std::optional<SkuId> FindSkuIdByGuid(const Uuid& guid) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class CatalogWrites {
 public:
  virtual ~CatalogWrites() = default;

  //! Insert or replace a catalog entry; returns whether it was new.
  virtual bool UpsertProduct(const Product& product) = 0;
  virtual bool UpsertSku(const Sku& sku) = 0;
};

}  // namespace seatshift::store
