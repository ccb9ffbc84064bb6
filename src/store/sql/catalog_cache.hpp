#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "domain/catalog.hpp"

namespace seatshift::store::sql {

//! Every SKU of the catalog as of one committed catalog version, shared by all transactions
//! of a process. Backends count catalog changes in the database (a version every catalog
//! write increments, in the writing transaction), so a snapshot is valid exactly while the
//! version a transaction reads equals the snapshot's, in this process or any other.
class CatalogCache {
 public:
  using Skus = std::map<SkuId, Sku>;

  //! The SKUs at `version`, or nullptr when the cache holds another version (or none).
  std::shared_ptr<const Skus> At(std::int64_t version) const {
    std::lock_guard lock(mutex_);
    return version == version_ ? skus_ : nullptr;
  }

  //! Keeps `skus`, read at committed `version`, unless a newer version is already held.
  //! Only read transactions may offer: a write transaction's version may still roll back.
  void Offer(std::int64_t version, Skus skus) {
    auto shared = std::make_shared<const Skus>(std::move(skus));
    std::lock_guard lock(mutex_);
    if (skus_ && version_ >= version) return;
    version_ = version;
    skus_ = std::move(shared);
  }

 private:
  mutable std::mutex mutex_;
  std::int64_t version_ = -1;         // GUARDED_BY(mutex_)
  std::shared_ptr<const Skus> skus_;  // GUARDED_BY(mutex_)
};

}  // namespace seatshift::store::sql
