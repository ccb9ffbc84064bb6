#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace seatshift::store {

//! Keyset pagination: `after` is an opaque token from the previous page (empty = first page).
//! List methods refuse a token they did not issue with kBadRequest.
struct PageRequest {
  std::string after;
  int limit = 100;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next;  //!< empty when this is the last page
  std::int64_t total = 0;
};

}  // namespace seatshift::store
