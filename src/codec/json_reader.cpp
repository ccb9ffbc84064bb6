#include "codec/json_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parser.hpp>
#include <optional>
#include <set>
#include <vector>

namespace seatshift::codec {
namespace json = boost::json;
namespace {

//! A Boost.JSON SAX handler that builds nothing and stops at the first key an object repeats
//! (compared as `fold` says).
class DuplicateKeyFinder {
 public:
  static constexpr std::size_t max_array_size = -1;
  static constexpr std::size_t max_object_size = -1;
  static constexpr std::size_t max_string_size = -1;
  static constexpr std::size_t max_key_size = -1;

  explicit DuplicateKeyFinder(bool fold) : fold_(fold) {}

  //! The first repeated key, once parsing stopped on it.
  const std::optional<std::string>& duplicate() const { return duplicate_; }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) { return true; }
  bool on_array_end(std::size_t, boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    keys_.pop_back();
    return true;
  }
  bool on_key_part(json::string_view part, std::size_t, boost::system::error_code&) {
    key_.append(part.data(), part.size());
    return true;
  }
  bool on_key(json::string_view part, std::size_t, boost::system::error_code& ec) {
    key_.append(part.data(), part.size());
    if (!keys_.back().insert(fold_ ? FoldAsciiCase(key_) : key_).second) {
      duplicate_ = std::move(key_);
      ec = json::error::syntax;  // any error stops the parser
      return false;
    }
    key_.clear();
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, boost::system::error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, boost::system::error_code&) { return true; }
  bool on_double(double, json::string_view, boost::system::error_code&) { return true; }
  bool on_bool(bool, boost::system::error_code&) { return true; }
  bool on_null(boost::system::error_code&) { return true; }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

 private:
  const bool fold_;
  std::vector<std::set<std::string, std::less<>>> keys_;  // one per open object
  std::string key_;
  std::optional<std::string> duplicate_;
};

struct Position {
  std::int64_t line = 1;
  std::int64_t column = 1;
};

//! The line and column just after the first `used` bytes of `text`.
Position PositionAfter(std::string_view text, std::size_t used) {
  const std::string_view before = text.substr(0, std::min(used, text.size()));
  const std::size_t line_start = before.rfind('\n');
  return {.line = 1 + static_cast<std::int64_t>(std::ranges::count(before, '\n')),
          .column = 1 + static_cast<std::int64_t>(line_start == std::string_view::npos
                                                      ? before.size()
                                                      : before.size() - line_start - 1)};
}

Error Refused(std::string_view source, Position at, std::string_view what,
              std::vector<ErrorDetail> details = {}) {
  details.push_back({"line", at.line});
  details.push_back({"column", at.column});
  return Error(ErrorCode::kBadRequest,
               fmt::format("{}:{}:{}: {}", source, at.line, at.column, what), std::move(details));
}

}  // namespace

std::string FoldAsciiCase(std::string_view text) {
  std::string folded(text);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

Result<json::value> ReadJson(std::string_view text, const JsonReadOptions& options) {
  json::parse_options parse_options;
  parse_options.max_depth = options.max_depth;
  // One whole document: text after it (but whitespace) is "extra data", a cut one "incomplete".
  json::parser parser({}, parse_options);
  boost::system::error_code ec;
  const std::size_t used = parser.write(text.data(), text.size(), ec);
  if (ec) {
    return Refused(options.source, PositionAfter(text, used),
                   fmt::format("malformed JSON: {}", ec.message()));
  }
  json::value value = parser.release();
  if (options.duplicate_keys != DuplicateKeys::kAllowed) {
    json::basic_parser<DuplicateKeyFinder> finder(
        parse_options, options.duplicate_keys == DuplicateKeys::kRefusedIgnoringCase);
    const std::size_t read = finder.write_some(false, text.data(), text.size(), ec);
    if (const auto& key = finder.handler().duplicate()) {
      return Refused(options.source, PositionAfter(text, read),
                     fmt::format("field '{}' is given twice", *key), {{"field", *key}});
    }
  }
  return value;
}

}  // namespace seatshift::codec
