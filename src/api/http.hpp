#pragma once

#include <boost/beast/http.hpp>
#include <map>
#include <string>
#include <vector>

#include "service/request_context.hpp"

namespace seatshift::api {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

//! One request on its way through a handler: the parsed path and query, and who asks.
struct Call {
  const Request& request;
  std::map<std::string, std::string> path;   //!< route parameters, percent-decoded
  std::map<std::string, std::string> query;  //!< query parameters, percent-decoded
  service::RequestContext ctx;
  //! The parameters the route declared (RouteOptions::query); reading another one is a bug.
  const std::vector<std::string>* declared_query = nullptr;

  //! A query parameter, or "" when absent. REQUIRES: the route declared `name`.
  const std::string& Query(const std::string& name) const;
  const std::string& Path(const std::string& name) const { return path.at(name); }
};

}  // namespace seatshift::api
