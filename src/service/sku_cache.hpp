#pragma once

#include <map>
#include <optional>

#include "domain/catalog.hpp"
#include "domain/customer.hpp"
#include "domain/license.hpp"
#include "domain/pricing.hpp"
#include "store/store.hpp"

namespace seatshift::service {

//! The SKUs (with their prices) and the margin rules one operation looks at, read once per
//! transaction. Not thread-safe; lives no longer than `tx`.
class SkuCache {
 public:
  explicit SkuCache(store::ReadTransaction& tx) : tx_(tx) {}
  const Sku* Find(const SkuId& id);
  SkuLookup AsLookup() {
    return [this](const SkuId& id) { return Find(id); };
  }

  //! `customer` as pricing sees it, with the partner's margin rules.
  Buyer BuyerOf(const Customer& customer);
  Buyer BuyerOf(const store::LifecycleCandidate& candidate);

 private:
  const std::vector<MarginRule>& Margins();

  store::ReadTransaction& tx_;
  std::map<SkuId, std::optional<Sku>> skus_;
  std::optional<std::vector<MarginRule>> margins_;
};

}  // namespace seatshift::service
