#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/catalog.hpp"

namespace seatshift::codec {

//! A data row of the vendor file that was not used as it stands.
struct RowProblem {
  std::size_t line = 0;  //!< 1-based physical line where the row starts
  std::string reason;    //!< names the field, e.g. "GUID: 'xyz' is not a GUID"
};

//! The vendor's "Product names and service plan identifiers for licensing" list as SKUs.
struct VendorCatalog {
  std::vector<Product> products;     //!< one per distinct Product_Display_Name, first-seen order
  std::vector<Sku> skus;             //!< one per distinct String_Id, first-seen order
  std::size_t rows = 0;              //!< data rows read, excluding the header
  std::vector<RowProblem> rejected;  //!< rows left out, each with its reason
  std::vector<RowProblem> repaired;  //!< rows kept with invalid UTF-8 replaced by U+FFFD
};

//! Parses the vendor CSV (columns Product_Display_Name, String_Id, GUID, Service_Plan_Name,
//! Service_Plan_Id, Service_Plans_Included_Friendly_Names in any order; one row per SKU and
//! included service plan). A bad row is rejected and reported, never fatal. Fails with
//! kBadRequest if the CSV is malformed or the header is missing or has other columns.
//! SKUs get an inferred segment, quantities 1..10000, and no prices or lifecycle dates.
Result<VendorCatalog> ParseVendorCatalog(std::istream& in, std::string_view source_name);

}  // namespace seatshift::codec
