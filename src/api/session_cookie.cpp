#include "api/session_cookie.hpp"

#include <fmt/format.h>

#include <boost/algorithm/string/predicate.hpp>

namespace seatshift::api {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> SessionCookie(const Request& request) {
  // RFC 6265: "name=value" pairs separated by "; ", possibly in several Cookie headers.
  const auto [first, last] = request.equal_range(http::field::cookie);
  for (auto field = first; field != last; ++field) {
    std::string_view rest = field->value();
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view pair = Trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != kSessionCookie) continue;
      return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

std::string SessionCookieHeader(const Request& request, std::string_view value,
                                std::chrono::seconds max_age) {
  // A proxy chain appends: "https, http" means the first proxy was reached over HTTPS.
  const std::string_view proto = request["X-Forwarded-Proto"];
  const bool over_https =
      boost::algorithm::iequals(Trim(proto.substr(0, proto.find(','))), "https");
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie,
                     value, max_age.count(), over_https ? "; Secure" : "");
}

Status CheckCsrf(const Request& request) {
  if (request.method() == http::verb::get || request.method() == http::verb::head) {
    return OkStatus();
  }
  const auto it = request.find(kCsrfHeader);
  if (it != request.end() && !it->value().empty()) return OkStatus();
  return Error(ErrorCode::kForbidden,
               fmt::format("a request signed in by the session cookie must carry the {} header "
                           "to change anything (protection against cross-site requests)",
                           kCsrfHeader),
               {{"header", std::string(kCsrfHeader)}});
}

}  // namespace seatshift::api
