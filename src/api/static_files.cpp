#include "api/static_files.hpp"

#include <algorithm>
#include <boost/url.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "api/responses.hpp"

namespace seatshift::api {
namespace {

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kImmutableDir = "assets";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";
constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

const std::map<std::string, std::string, std::less<>> kContentTypes = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

std::string_view ContentType(const std::filesystem::path& file) {
  const auto it = kContentTypes.find(file.extension().string());
  return it == kContentTypes.end() ? "application/octet-stream" : std::string_view(it->second);
}

//! The decoded segments of `path`, or nullopt when one could step outside the root or is not a
//! plain name.
std::optional<std::vector<std::string>> SafeSegments(std::string_view path) {
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  if (path.empty()) return segments;
  while (true) {
    const auto slash = path.find('/');
    const std::string_view raw = path.substr(0, slash);
    auto decoded =
        boost::urls::make_pct_string_view(boost::urls::string_view(raw.data(), raw.size()));
    if (!decoded) return std::nullopt;
    std::string segment = decoded->decode();
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return std::nullopt;
    }
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

//! Whether `file` (canonical) lies under `root` (canonical).
bool Under(const std::filesystem::path& root, const std::filesystem::path& file) {
  return std::mismatch(root.begin(), root.end(), file.begin(), file.end()).first == root.end();
}

std::optional<std::string> ReadFile(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

Response NotFound() { return ErrorResponse(Error(ErrorCode::kNotFound, "no such resource")); }

void SetSecurityHeaders(Response& response) {
  // The portal loads its scripts, styles and data from this origin only; nothing may frame it.
  response.set("Content-Security-Policy",
               "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) {
  std::error_code ec;
  root_ = std::filesystem::canonical(root, ec);
  if (ec) root_.clear();
}

Response StaticFiles::Serve(std::string_view path) const {
  Response response = [&] {
    const auto segments = SafeSegments(path);
    if (root_.empty() || !segments) return NotFound();
    std::filesystem::path wanted = root_;
    for (const auto& segment : *segments) wanted /= segment;
    std::error_code ec;
    std::filesystem::path file = std::filesystem::canonical(wanted, ec);
    if (ec || !std::filesystem::is_regular_file(file, ec)) {
      // The portal's own routes (no extension) are pages of index.html; a missing asset is not.
      if (!segments->empty() && wanted.has_extension()) return NotFound();
      file = root_ / kIndex;
    }
    if (!Under(root_, file)) return NotFound();
    auto body = ReadFile(file);
    if (!body) return NotFound();
    Response ok(http::status::ok, 11);
    ok.set(http::field::content_type, ContentType(file));
    const bool immutable =
        !segments->empty() && segments->front() == kImmutableDir && file.filename() != kIndex;
    ok.set(http::field::cache_control, immutable ? kImmutable : kRevalidate);
    ok.body() = std::move(*body);
    ok.prepare_payload();
    return ok;
  }();
  SetSecurityHeaders(response);
  return response;
}

}  // namespace seatshift::api
