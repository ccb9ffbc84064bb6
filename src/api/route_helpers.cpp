#include "api/route_helpers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <charconv>

namespace seatshift::api {

Result<std::int64_t> WholeNumber(std::string_view text, std::string_view field, std::int64_t min) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("{} '{}': expected a whole number, {} or more", field, text, min),
                 {{"field", std::string(field)}});
  }
  return value;
}

Result<store::PageRequest> PageOf(const Call& call) {
  store::PageRequest page;
  if (const std::string& size = call.Query("size"); !size.empty()) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(size.data(), size.data() + size.size(), value);
    if (ec != std::errc() || ptr != size.data() + size.size() || value < 1 || value > 1000) {
      return Error(ErrorCode::kBadRequest, "size must be an integer from 1 to 1000",
                   {{"field", std::string("size")}});
    }
    page.limit = value;
  }
  // Partner Center pages with `seekOperation=Next` and the token in the MS-ContinuationToken
  // header; seatshift also takes the token as a parameter. Any other seek is not offered.
  if (const std::string& seek = call.Query("seekOperation");
      !seek.empty() && !boost::algorithm::iequals(seek, "next")) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("seekOperation '{}' is not supported: only Next", seek),
                 {{"parameter", std::string("seekOperation")}});
  }
  page.after = call.Query("continuationToken");
  if (const auto it = call.request.find("MS-ContinuationToken"); it != call.request.end()) {
    // A client following links.next sends the token twice; two different tokens are a mistake.
    if (!page.after.empty() && page.after != it->value()) {
      return Error(ErrorCode::kBadRequest,
                   "the continuationToken parameter and the MS-ContinuationToken header differ",
                   {{"parameter", std::string("continuationToken")}});
    }
    page.after = std::string(it->value());
  }
  return page;
}

namespace {

std::string_view TrimSpace(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

//! "application/json" (any case) with optional parameters; a charset, if given, is UTF-8 (the
//! only one JSON has).
bool IsJsonContentType(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (!boost::beast::iequals(TrimSpace(content_type.substr(0, semicolon)), "application/json")) {
    return false;
  }
  if (semicolon == std::string_view::npos) return true;
  for (const auto& param : http::param_list(content_type.substr(semicolon))) {
    if (boost::beast::iequals(param.first, "charset") &&
        !boost::beast::iequals(param.second, "utf-8")) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<boost::json::object> JsonBody(const Call& call) {
  if (!IsJsonContentType(call.request[http::field::content_type])) {
    return Error(ErrorCode::kUnsupportedMediaType, "the body must be application/json");
  }
  return ParseObject(call.request.body());
}

namespace {

bool IsWritable(std::string_view field, std::span<const std::string_view> writable) {
  return std::any_of(writable.begin(), writable.end(),
                     [&](std::string_view name) { return boost::algorithm::iequals(field, name); });
}

}  // namespace

Status AcceptReadOnly(ObjectReader& reader, const boost::json::object& stored,
                      std::string_view object_type, std::span<const std::string_view> writable,
                      std::optional<std::int64_t>& if_match) {
  // The version first: a stale copy is refused as stale (412), not for the fields that moved.
  if (stored.contains("attributes") && reader.Value("attributes")) {
    SEATSHIFT_ASSIGN_OR_RETURN(const auto etag, reader.Attributes(object_type));
    if (etag && !if_match) {
      std::int64_t version = 0;
      const auto [end, ec] = std::from_chars(etag->data(), etag->data() + etag->size(), version);
      if (ec != std::errc() || end != etag->data() + etag->size()) {
        return Error(ErrorCode::kEtagMismatch, "attributes.etag is not one this server issued");
      }
      if_match = version;
    }
  }
  const boost::json::value* current = stored.contains("attributes")
                                          ? stored.at("attributes").as_object().if_contains("etag")
                                          : nullptr;
  if (if_match && current && current->is_string() &&
      current->get_string() != std::to_string(*if_match)) {
    return Error(ErrorCode::kEtagMismatch,
                 fmt::format("the resource has changed: ETag {} is stale (now {})", *if_match,
                             std::string_view(current->get_string())),
                 {{"currentEtag", std::string(current->get_string())}});
  }
  for (const auto& [key, value] : stored) {
    if (IsWritable(key, writable) || key == "attributes") continue;
    const boost::json::value* sent = reader.Value(key);
    if (!sent) continue;
    if (*sent != value) return reader.Bad(key, "is read-only and differs from the stored value");
  }
  return OkStatus();
}

bool CarriesReadOnly(const boost::json::object& body, std::span<const std::string_view> writable) {
  return std::any_of(body.begin(), body.end(),
                     [&](const auto& field) { return !IsWritable(field.key(), writable); });
}

std::vector<std::string> PagedQuery(std::vector<std::string> more) {
  more.insert(more.begin(), {"size", "continuationToken", "seekOperation"});
  return more;
}

Result<std::optional<Date>> DateQuery(const Call& call, const std::string& name) {
  const std::string& text = call.Query(name);
  if (text.empty()) return std::optional<Date>();
  if (const auto day = ParseDate(text)) return std::optional<Date>(*day);
  return Error(ErrorCode::kBadRequest, fmt::format("{} must be a date YYYY-MM-DD", name),
               {{"field", name}});
}

Result<std::optional<bool>> BoolQuery(const Call& call, const std::string& name) {
  const std::string& text = call.Query(name);
  if (text.empty()) return std::optional<bool>();
  if (text == "true") return std::optional<bool>(true);
  if (text == "false") return std::optional<bool>(false);
  return Error(ErrorCode::kBadRequest, fmt::format("{} must be true or false", name),
               {{"field", name}});
}

Response WithEtag(Response response, std::int64_t version) {
  response.set(http::field::etag, fmt::format("\"{}\"", version));
  return response;
}

Result<std::optional<std::int64_t>> IfMatch(const Call& call) {
  const auto it = call.request.find(http::field::if_match);
  if (it == call.request.end()) return std::optional<std::int64_t>();
  std::string_view value = it->value();
  if (value == "*") return std::optional<std::int64_t>();
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  std::int64_t version = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    return Error(ErrorCode::kEtagMismatch, "the If-Match ETag is not one this server issued");
  }
  return std::optional<std::int64_t>(version);
}

Response CsvResponse(std::string csv, const std::string& next_page) {
  Response response(http::status::ok, 11);
  response.set(http::field::content_type, "text/csv; charset=utf-8");
  if (!next_page.empty()) response.set("MS-ContinuationToken", next_page);
  response.body() = std::move(csv);
  response.prepare_payload();
  return response;
}

bool WantsCsv(const Call& call) {
  return call.request[http::field::accept].starts_with("text/csv");
}

}  // namespace seatshift::api
