#pragma once

// Microsoft's offer matrix: per New Commerce offer, who may buy it where, how many seats, what it
// needs and what it converts to. Importing it updates the catalog's SKUs it names.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "base/uuid.hpp"
#include "domain/catalog.hpp"

namespace seatshift {

//! One row of the offer matrix.
struct OfferMatrixRow {
  std::size_t line = 0;  //!< in the file, for the report
  std::string offer_id;  //!< "ProductId:SkuId"
  std::string product_title;
  std::string sku_title;
  std::optional<Uuid> provisioning_id;  //!< the SKU's GUID, when given
  std::string provisioning_string;      //!< the SKU's String_Id, when given
  int minimum_quantity = 1;
  int maximum_quantity = 1;
  std::vector<std::string> prerequisites;  //!< offer ids, one of which must be held
  std::vector<std::string> conversions;    //!< offer ids it may be converted (upgraded) to
  std::vector<std::string> markets;        //!< ISO 3166 alpha-2; empty: every market
  std::optional<Date> end_of_sale;         //!< where published
};

//! What importing an offer matrix did.
struct OfferMatrixImport {
  std::int64_t rows = 0;
  std::int64_t skus_updated = 0;
  std::int64_t skus_unchanged = 0;
  //! Rows whose SKU the catalog does not hold (by GUID, String_Id or offer id): listed, not
  //! applied; import the vendor catalog first, or add the SKU, then import again.
  std::vector<OfferMatrixRow> unknown;
  //! Rows not applied because they contradict the catalog (e.g. an offer another SKU is mapped
  //! to), each "line N: why".
  std::vector<std::string> conflicts;
};

//! `sku` as the matrix row describes it: its offer id, seat limits, markets, prerequisites and
//! end of sale (an earlier one the partner set is kept: the vendor's later date never extends a
//! sale the partner ended); each conversion whose offer `sku_of_offer` knows is added to its
//! replacements (after the partner's own) and listed in its conversions.
Sku ApplyOfferMatrixRow(Sku sku, const OfferMatrixRow& row,
                        const std::function<const Sku*(std::string_view offer_id)>& sku_of_offer);

//! OK when `sku` may be sold to a customer in `country` (it lists no markets, or lists it);
//! offerNotPurchasable naming the market otherwise.
Status CheckSoldIn(const Sku& sku, std::string_view country);

}  // namespace seatshift
