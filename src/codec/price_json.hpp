#pragma once

// The API's JSON shapes of the price list, the offer matrix's import, margin rules and price
// reports (CLI --json too).

#include <boost/json.hpp>

#include "domain/offer_matrix.hpp"
#include "domain/pricing.hpp"

namespace seatshift::codec {

boost::json::object ToJson(const ListPrice& price);
boost::json::object ToJson(const PriceListImport& report);
boost::json::object ToJson(const MarginRule& rule);
boost::json::object ToJson(const PriceChange& change);
boost::json::object ToJson(const OfferMatrixImport& report);
boost::json::object ToJson(const Quote& quote);

}  // namespace seatshift::codec
