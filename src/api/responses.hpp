#pragma once

#include <boost/json.hpp>
#include <string>

#include "api/http.hpp"
#include "base/error.hpp"
#include "store/store.hpp"

namespace seatshift::api {

Response JsonResponse(http::status status, const boost::json::value& body);
//! The API's error body with the status of the error's code (domain/error.cpp).
Response ErrorResponse(const Error& error);
Response EmptyResponse(http::status status);

//! The API's collection: items, totalCount, continuationToken and links for this and the next
//! page (`base_uri` is the request path with its query minus the token).
boost::json::object Collection(boost::json::array items, std::int64_t total,
                               const std::string& next_token, const Call& call);

//! Renders a page of T with `to_json` into a collection response.
template <typename T, typename ToJson>
Response PageResponse(const store::Page<T>& page, const Call& call, ToJson to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const T& item : page.items) items.push_back(to_json(item));
  return JsonResponse(http::status::ok, Collection(std::move(items), page.total, page.next, call));
}

}  // namespace seatshift::api
