#include "api/router.hpp"

#include <fmt/format.h>

#include <boost/url.hpp>

#include "import/csv_reader.hpp"

#include "import/csv_reader.hpp"

namespace seatshift::api {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

//! Percent-decodes one path segment; nullopt when the encoding is broken.
std::optional<std::string> Decode(std::string_view segment) {
  auto decoded =
      boost::urls::make_pct_string_view(boost::urls::string_view(segment.data(), segment.size()));
  if (!decoded) return std::nullopt;
  // The bytes must be UTF-8: they end up in JSON error bodies and in logs.
  std::string text = decoded->decode();
  std::string checked = text;
  if (import::RepairUtf8(checked)) return std::nullopt;
  return text;
}

}  // namespace

void Router::Add(http::verb method, std::string pattern, Handler handler, bool authenticated) {
  routes_.push_back({method, std::move(pattern), authenticated, std::move(handler)});
}

Result<RouteMatch> Router::Find(http::verb method, std::string_view path) const {
  const auto segments = Segments(path);
  bool path_known = false;
  for (const Route& route : routes_) {
    const auto pattern = Segments(route.pattern);
    if (pattern.size() != segments.size()) continue;
    RouteMatch match{&route, {}};
    bool matches = true;
    for (std::size_t i = 0; i < pattern.size() && matches; ++i) {
      if (pattern[i].starts_with('{')) {
        auto value = Decode(segments[i]);
        if (!value || value->empty()) {
          matches = false;
          break;
        }
        match.path.emplace(std::string(pattern[i].substr(1, pattern[i].size() - 2)),
                           std::move(*value));
      } else {
        matches = pattern[i] == segments[i];
      }
    }
    if (!matches) continue;
    path_known = true;
    if (route.method == method) return match;
  }
  if (path_known) {
    return Error(ErrorCode::kMethodNotAllowed,
                 fmt::format("{} is not allowed on this resource", http::to_string(method)));
  }
  return Error(ErrorCode::kNotFound, "no such resource");
}

}  // namespace seatshift::api
