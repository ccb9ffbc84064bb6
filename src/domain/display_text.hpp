#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.hpp"

namespace seatshift {

//! The rule for every free-text name a person gives and others read (company, user display
//! and subscription friendly names): 1 to `max_bytes` bytes of UTF-8 with no control character
//! (C0, DEL, C1) and no Unicode bidirectional control (U+200E, U+200F, U+202A–U+202E,
//! U+2066–U+2069), which could make a name show as something other than what it holds.
//! kBadRequest naming `field` otherwise.
Status CheckDisplayText(std::string_view field, std::string_view text, std::size_t max_bytes);

}  // namespace seatshift
