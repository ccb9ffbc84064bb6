#pragma once

// Partner Center's New Commerce offer matrix file: CSV, or the same CSV zipped.

#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/offer_matrix.hpp"

namespace seatshift::codec {

//! Every row of the offer matrix in `bytes`. Columns by name, in any order: ProductId, SkuId,
//! MinLicenses and MaxLicenses are required; ProductTitle, SkuTitle, ProvisioningId (the SKU's
//! GUID), ProvisioningString (its String_Id), ProductSkuPreRequisites and ProductSkuConversion
//! (offers as "ProductId/SkuId" or "ProductId:SkuId", separated by commas or semicolons),
//! AllowedCountries (two-letter codes separated by semicolons) and EndOfSaleDate are read when
//! present. All or nothing, as ReadPriceList: every unreadable row is named.
Result<std::vector<OfferMatrixRow>> ReadOfferMatrix(std::string_view bytes,
                                                    std::string_view source_name);

}  // namespace seatshift::codec
