#pragma once

// Reading the named values of an error in tests.

#include <string_view>

#include "base/error.hpp"

namespace seatshift::testing {

//! The detail of `error` named `key`, or null.
inline const ErrorDetail* FindDetail(const Error& error, std::string_view key) {
  for (const ErrorDetail& d : error.details) {
    if (d.key == key) return &d;
  }
  return nullptr;
}

}  // namespace seatshift::testing
