#pragma once

#include <fmt/format.h>

#include <boost/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/http.hpp"
#include "api/json_input.hpp"
#include "api/responses.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace seatshift::api {

//! A GUID id from the path or the body; a malformed one is 400 naming what it should identify.
template <typename Id>
Result<Id> ParseGuid(std::string_view text, std::string_view what) {
  if (const auto uuid = Uuid::Parse(text)) return Id(*uuid);
  // Echo at most 64 bytes, cut at a character boundary so the body stays UTF-8.
  std::size_t shown = std::min<std::size_t>(text.size(), 64);
  while (shown > 0 && shown < text.size() &&
         (static_cast<unsigned char>(text[shown]) & 0xC0) == 0x80) {
    --shown;
  }
  return Error(ErrorCode::kBadRequest,
               fmt::format("'{}' is not a valid {} (a GUID)", text.substr(0, shown), what),
               {{"field", std::string(what)}});
}

//! `size` (1..1000, default 100) and the continuation token from the query or the
//! MS-ContinuationToken header.
Result<store::PageRequest> PageOf(const Call& call);
//! `text` (a query or path parameter named `field`) as a whole number from `min` up; kBadRequest
//! naming the field otherwise.
Result<std::int64_t> WholeNumber(std::string_view text, std::string_view field,
                                 std::int64_t min = 0);

//! Partner Center's own pattern is GET a resource, change a field, PATCH the whole object back.
//! The fields of `stored` (the resource as GET answers it) that are not `writable` are
//! read-only: the body may carry them when they equal the stored values, and is refused (400,
//! naming the field) when one differs. `attributes` must name `object_type`; its `etag` is the
//! version the copy was read at, taken as `if_match` when no If-Match header gave one.
Status AcceptReadOnly(ObjectReader& reader, const boost::json::object& stored,
                      std::string_view object_type, std::span<const std::string_view> writable,
                      std::optional<std::int64_t>& if_match);
//! Whether `body` carries fields beyond `writable` (the whole resource, as AcceptReadOnly reads).
bool CarriesReadOnly(const boost::json::object& body, std::span<const std::string_view> writable);
//! What a paged list route declares (RouteOptions::query): PageOf's size, continuationToken and
//! seekOperation, then `more`.
std::vector<std::string> PagedQuery(std::vector<std::string> more = {});

//! The body as a JSON object; 415 unless it is declared as JSON.
Result<boost::json::object> JsonBody(const Call& call);

//! A date query parameter (YYYY-MM-DD), nullopt when absent.
Result<std::optional<Date>> DateQuery(const Call& call, const std::string& name);
//! A boolean query parameter ("true"/"false"), nullopt when absent.
Result<std::optional<bool>> BoolQuery(const Call& call, const std::string& name);

//! Turns a Result into the response: `ok` renders the value, an error its body.
template <typename T, typename Render>
Response Respond(Result<T> result, Render render) {
  if (!result) return ErrorResponse(std::move(result).error());
  return render(*result);
}

//! A CSV document (header and rows, CRLF line ends), with the next page's token if any.
Response CsvResponse(std::string csv, const std::string& next_page);
//! Whether the client asked for CSV (Accept: text/csv) rather than JSON.
bool WantsCsv(const Call& call);

//! An updatable resource's GET: its JSON with the ETag header (its version, quoted).
Response WithEtag(Response response, std::int64_t version);

//! The If-Match header as a version: nullopt when absent or "*", 2055 when not one we issued.
Result<std::optional<std::int64_t>> IfMatch(const Call& call);

}  // namespace seatshift::api
