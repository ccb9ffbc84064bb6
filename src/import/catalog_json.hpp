#pragma once

#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/catalog.hpp"

namespace seatshift::import {

//! A whole catalog as the project writes it (data/default-catalog.json): the same field names
//! as the API's Product and Sku.
struct CatalogDocument {
  std::vector<Product> products;
  std::vector<Sku> skus;
};

//! Parses a catalog document (codec::ReadJson: malformed JSON and repeated keys fail with their
//! line and column); errors in values name the JSON path of the bad value.
Result<CatalogDocument> ParseCatalogJson(std::string_view text, std::string_view source_name);

//! The catalog compiled into the program: Kaizala Pro standalone (end of sale 2020-07-01),
//! Office 365 E4, and every replacement plan with illustrative prices.
Result<CatalogDocument> DefaultCatalog();

}  // namespace seatshift::import
