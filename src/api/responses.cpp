#include "api/responses.hpp"

#include <algorithm>
#include <boost/url.hpp>
#include <cassert>

#include "codec/json.hpp"

namespace seatshift::api {

const std::string& Call::Query(const std::string& name) const {
  static const std::string kEmpty;
  // A handler that reads an undeclared parameter would never see it (the API refuses it
  // first): fail loudly in tests instead.
  assert(!declared_query ||
         std::find(declared_query->begin(), declared_query->end(), name) != declared_query->end());
  const auto it = query.find(name);
  return it == query.end() ? kEmpty : it->second;
}

Response JsonResponse(http::status status, const boost::json::value& body) {
  Response response(status, 11);
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

Response ErrorResponse(const Error& error) {
  Response response = JsonResponse(static_cast<http::status>(Describe(error.code).http_status),
                                   codec::ToJson(error));
  // RFC 9110: a 401 names the scheme that would succeed; clients (the .NET SDK's handlers
  // among them) read it to decide to fetch a token.
  if (response.result() == http::status::unauthorized) {
    response.set(http::field::www_authenticate, R"(Bearer realm="seatshift")");
  }
  return response;
}

Response EmptyResponse(http::status status) {
  Response response(status, 11);
  response.prepare_payload();
  return response;
}

boost::json::object Collection(boost::json::array items, std::int64_t total,
                               const std::string& next_token, const Call& call) {
  // Links keep the caller's query parameters; only the continuation token changes.
  auto parsed = boost::urls::parse_origin_form(
      boost::urls::string_view(call.request.target().data(), call.request.target().size()));
  boost::urls::url self = parsed ? boost::urls::url(*parsed) : boost::urls::url("/");
  self.params().erase("continuationToken");
  boost::json::object links{
      {"self", {{"uri", self.buffer()}, {"method", "GET"}, {"headers", boost::json::array()}}}};
  if (!next_token.empty()) {
    // Partner Center's form (seekOperation=Next, the token in the MS-ContinuationToken header)
    // and, for clients that follow the URI alone, the token in the URI too.
    boost::urls::url next = self;
    next.params().set("seekOperation", "Next");
    next.params().set("continuationToken", next_token);
    links["next"] = {{"uri", next.buffer()},
                     {"method", "GET"},
                     {"headers", {{{"key", "MS-ContinuationToken"}, {"value", next_token}}}}};
  }
  return {{"totalCount", total},
          {"items", std::move(items)},
          {"continuationToken",
           next_token.empty() ? boost::json::value(nullptr) : boost::json::value(next_token)},
          {"links", std::move(links)},
          {"attributes", {{"objectType", "Collection"}}}};
}

}  // namespace seatshift::api
