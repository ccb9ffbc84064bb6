#include "store/sql/dialect.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace seatshift::store::sql {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string_view> SplitArgs(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return parts;
}

//! The spelling of construct `name` with `args`, as `spellings` give it.
std::string Expand(std::span<const Spelling> spellings, std::string_view name,
                   const std::vector<std::string_view>& args, std::string_view sql) {
  const auto spelling = std::find_if(spellings.begin(), spellings.end(),
                                     [&](const Spelling& s) { return s.construct == name; });
  if (spelling == spellings.end() || spelling->arity != args.size()) {
    throw std::invalid_argument(fmt::format(
        "unknown SQL construct {{{{{}}}}} with {} argument(s) in: {}", name, args.size(), sql));
  }
  fmt::dynamic_format_arg_store<fmt::format_context> values;
  for (std::string_view arg : args) values.push_back(arg);
  return fmt::vformat(spelling->pattern, values);
}

}  // namespace

std::string Dialect::Render(std::string_view sql) const {
  // First the named constructs (their arguments may hold parameters), then the parameters.
  std::string expanded;
  expanded.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size();) {
    if (sql.compare(i, 2, "{{") != 0) {
      expanded.push_back(sql[i++]);
      continue;
    }
    const std::size_t end = sql.find("}}", i);
    if (end == std::string_view::npos) {
      throw std::invalid_argument(fmt::format("unclosed {{{{ in SQL: {}", sql));
    }
    std::vector<std::string_view> parts = SplitArgs(sql.substr(i + 2, end - i - 2));
    const std::string_view name = parts.front();
    parts.erase(parts.begin());
    expanded += Expand(traits_.spellings, name, parts, sql);
    i = end + 2;
  }
  std::string out;
  out.reserve(expanded.size());
  for (std::size_t i = 0; i < expanded.size();) {
    if (expanded[i] == '?' && i + 1 < expanded.size() && IsDigit(expanded[i + 1])) {
      int n = 0;
      std::size_t j = i + 1;
      for (; j < expanded.size() && IsDigit(expanded[j]); ++j) n = n * 10 + (expanded[j] - '0');
      out += traits_.parameter_prefix;
      out += std::to_string(n);
      i = j;
    } else {
      out.push_back(expanded[i++]);
    }
  }
  return out;
}

}  // namespace seatshift::store::sql
