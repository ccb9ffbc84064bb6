#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace seatshift::codec {

struct CsvRecord {
  std::size_t line = 0;                      //!< 1-based physical line where the record starts
  std::vector<std::string> fields;           //!< always valid UTF-8
  std::vector<std::size_t> repaired_fields;  //!< fields whose invalid UTF-8 became U+FFFD
};

//! Reads the RFC 4180 records of `in` in order, calling `on_record` for each, and returns the
//! first error `on_record` returns. Accepts CRLF or LF line ends, quoted fields holding commas,
//! doubled quotes and newlines, a UTF-8 byte order mark and a last line without a newline;
//! skips blank lines. Reads in fixed-size chunks, so memory is bounded by the longest record.
//! Malformed CSV fails with kBadRequest "<source_name>:<line>: <reason>".
Status ReadCsv(std::istream& in, std::string_view source_name,
               const std::function<Status(const CsvRecord&)>& on_record);

}  // namespace seatshift::codec
