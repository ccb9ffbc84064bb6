#pragma once

#include <map>
#include <optional>

#include "domain/catalog.hpp"
#include "domain/license.hpp"
#include "store/store.hpp"

namespace seatshift::service {

//! The SKUs one operation looks at, read once per transaction. Not thread-safe; lives no longer
//! than `tx`.
class SkuCache {
 public:
  explicit SkuCache(store::ReadTransaction& tx) : tx_(tx) {}
  const Sku* Find(const SkuId& id);
  SkuLookup AsLookup() {
    return [this](const SkuId& id) { return Find(id); };
  }

 private:
  store::ReadTransaction& tx_;
  std::map<SkuId, std::optional<Sku>> skus_;
};

}  // namespace seatshift::service
