#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace seatshift::codec {

//! How ReadJson treats an object that names a key twice (Boost.JSON would keep the last one,
//! so a document that says two things would be read as saying one of them).
enum class DuplicateKeys {
  kAllowed,
  kRefused,              //!< the same key, byte for byte
  kRefusedIgnoringCase,  //!< also keys that differ only in ASCII case ("Quantity", "quantity")
};

struct JsonReadOptions {
  //! Names the text in error messages: a file's path, "body".
  std::string_view source = "input";
  //! Nesting deeper than this is refused, so that no document can exhaust the stack.
  std::size_t max_depth = 32;
  DuplicateKeys duplicate_keys = DuplicateKeys::kAllowed;
};

//! Reads one JSON document: the reader of every JSON input (API bodies, catalog and estate
//! files). A text that is not one well-formed document (or is nested too deep) fails with
//! kBadRequest "<source>:<line>:<column>: malformed JSON: <why>"; a repeated key, when refused,
//! with "<source>:<line>:<column>: field '<key>' is given twice" and the detail "field". Both
//! carry the details "line" and "column": 1-based, columns counted in bytes, where the reader
//! stopped.
Result<boost::json::value> ReadJson(std::string_view text, const JsonReadOptions& options = {});

//! `text` with ASCII letters in lower case: how names are compared without regard to case.
std::string FoldAsciiCase(std::string_view text);

}  // namespace seatshift::codec
