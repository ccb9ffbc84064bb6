#pragma once

#include <string>
#include <string_view>

// UTF-8 checks for text that arrives as bytes (CSV files, URLs, passwords): the standard library
// has none, and libcsv parses bytes without validating their encoding.

namespace seatshift {

//! Replaces each maximal invalid subpart of a UTF-8 sequence (Unicode's recommended practice)
//! with U+FFFD. Returns true if `text` changed.
bool RepairUtf8(std::string& text);

}  // namespace seatshift
