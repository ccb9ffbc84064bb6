#pragma once

// Microsoft's price list as imported, and the partner's margin rules.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/list_price.hpp"
#include "domain/pricing.hpp"

namespace seatshift::store {

struct PriceListFilter {
  std::optional<std::string> offer_id;
  std::optional<std::string> market;
};

//! What storing rows of a price list did, by ListPrice::Key.
struct PriceListCounts {
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t unchanged = 0;
};

//! Reads, in any transaction.
class PriceReads {
 public:
  virtual ~PriceReads() = default;

  //! Ordered by offer id, market, currency, term, billing plan, tier and start.
  virtual std::vector<ListPrice> ListListPrices(const PriceListFilter& filter) = 0;
  //! The distinct offer ids of the price list that no SKU is mapped to, in order.
  virtual std::vector<std::string> UnmappedOfferIds() = 0;
  //! Ordered by scope, then key.
  virtual std::vector<MarginRule> ListMarginRules() = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class PriceWrites {
 public:
  virtual ~PriceWrites() = default;

  //! Adds each row, or replaces the stored row with its key; a catalog change (SKUs carry
  //! their offer's rows).
  virtual PriceListCounts UpsertListPrices(const std::vector<ListPrice>& rows) = 0;
  virtual void PutMarginRule(const MarginRule& rule) = 0;
  //! Whether there was such a rule.
  virtual bool DeleteMarginRule(MarginScope scope, const std::string& key) = 0;
};

}  // namespace seatshift::store
