#include "api/router.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/url.hpp>

#include <set>

#include "base/utf8.hpp"

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
  if (RepairUtf8(checked)) return std::nullopt;
  return text;
}

bool IsParameter(std::string_view segment) { return segment.starts_with('{'); }

//! Whether `route` matches the path of `segments`, with its decoded parameters in `match`.
bool Matches(const Route& route, const std::vector<std::string_view>& segments, RouteMatch& match) {
  const std::vector<std::string>& pattern = route.segments;
  if (pattern.size() != segments.size()) return false;
  // Most routes differ from the path in a fixed segment: those are compared before any
  // parameter is decoded.
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!IsParameter(pattern[i]) && pattern[i] != segments[i]) return false;
  }
  match = RouteMatch{&route, {}};
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!IsParameter(pattern[i])) continue;
    auto value = Decode(segments[i]);
    if (!value || value->empty()) return false;
    match.path.emplace(pattern[i].substr(1, pattern[i].size() - 2), std::move(*value));
  }
  return true;
}

}  // namespace

void Router::Add(http::verb method, std::string pattern, Handler handler, RouteOptions options) {
  AddStreaming(
      method, std::move(pattern),
      [handler = std::move(handler)](Call& call) { return Reply(handler(call)); },
      std::move(options));
}

void Router::AddStreaming(http::verb method, std::string pattern, StreamHandler handler,
                          RouteOptions options) {
  const auto views = Segments(pattern);
  std::vector<std::string> segments(views.begin(), views.end());  // before `pattern` moves
  routes_.push_back({.method = method,
                     .pattern = std::move(pattern),
                     .options = std::move(options),
                     .handler = std::move(handler),
                     .segments = std::move(segments)});
}

Result<RouteMatch> Router::Find(http::verb method, std::string_view path) const {
  const auto segments = Segments(path);
  const http::verb wanted = method == http::verb::head ? http::verb::get : method;
  bool path_known = false;
  for (const Route& route : routes_) {
    RouteMatch match;
    if (!Matches(route, segments, match)) continue;
    path_known = true;
    if (route.method == wanted) return match;
  }
  if (path_known) {
    return Error(ErrorCode::kMethodNotAllowed,
                 fmt::format("{} is not allowed on this resource", http::to_string(method)));
  }
  return Error(ErrorCode::kNotFound, "no such resource");
}

std::string Router::Allowed(std::string_view path) const {
  const auto segments = Segments(path);
  std::set<std::string_view> methods;
  for (const Route& route : routes_) {
    RouteMatch match;
    if (!Matches(route, segments, match)) continue;
    methods.insert(http::to_string(route.method));
    if (route.method == http::verb::get) methods.insert(http::to_string(http::verb::head));
  }
  return fmt::format("{}", fmt::join(methods, ", "));
}

}  // namespace seatshift::api
