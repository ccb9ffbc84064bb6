#pragma once

// Partner Center's downloadable files (the price list, the offer matrix): a CSV, or the same CSV
// zipped, whose header names its columns. Read all or nothing: every row that cannot be read is
// named with its line and column, and a file with any is refused whole.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"

namespace seatshift::codec {

struct NamedColumn {
  std::string_view name;  //!< as in the header, compared without regard to ASCII case
  bool required = false;
};

//! One data row: the trimmed field of each NamedColumn, in the order given ("" when the file
//! has no such column).
struct NamedRow {
  std::size_t line = 0;
  std::vector<std::string_view> fields;
};

class NamedColumnsCsv {
 public:
  NamedColumnsCsv(std::string_view source_name, std::span<const NamedColumn> columns)
      : source_(source_name), columns_(columns) {}

  //! Reads `bytes` (a CSV, or a zip archive holding exactly one .csv), calling `on_row` for each
  //! data row whose field count matches the header's. Fails at once on a malformed CSV, a
  //! header without a required column or an unreadable archive; row problems are collected.
  Status Read(std::string_view bytes, const std::function<void(const NamedRow&)>& on_row);

  //! Records that `column` of `line` cannot be read ("" for the row as a whole).
  void Problem(std::size_t line, std::string_view column, std::string reason);
  std::size_t ProblemCount() const { return problems_.size(); }
  //! OK, or kBadRequest naming the problems (the first 20 in the message, all in `problems`).
  Status Verdict() const;

 private:
  std::string source_;
  std::span<const NamedColumn> columns_;
  std::vector<std::string> problems_;
};

// Field parsers the files share; nullopt when the text is not one.

//! A count: digits only ("0", "300").
std::optional<std::int64_t> ParseCount(std::string_view text);
//! An ISO 8601 day ("2026-12-01"), or a date and UTC time ("2026-12-01T00:00:00Z",
//! "9999-11-30T23:59:59.0000000Z" as Partner Center writes them): the day.
std::optional<Date> ParseIsoDay(std::string_view text);
//! Whether `text` is a two-letter upper-case country code.
bool IsCountryCode(std::string_view text);

}  // namespace seatshift::codec
