#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/event_stream.hpp"
#include "api/http.hpp"
#include "base/result.hpp"
#include "service/idempotency.hpp"

namespace seatshift::api {

//! A route answering whole responses (nearly all of them).
using Handler = std::function<Response(Call&)>;
//! A route that may answer with an event stream (Reply::stream).
using StreamHandler = std::function<Reply(Call&)>;

struct RouteOptions {
  //! The query parameters the route reads, as its handler spells them. The API refuses any
  //! other (400 naming it) before the handler runs: a parameter a client believes filters or
  //! changes something is never silently ignored. Names match without regard to ASCII case.
  std::vector<std::string> query;
  bool authenticated = true;
  //! What an MS-RequestId sent to the route (POST) is recorded as, by the route's use case
  //! (service/idempotency.hpp); nullopt when the route records none: a key it is sent is then
  //! only checked not to name another request.
  std::optional<service::IdempotentOperation> idempotent;
};

struct Route {
  http::verb method;
  std::string pattern;  //!< e.g. "/v1/customers/{customerId}"; also the route's name in metrics
  RouteOptions options;
  //! Every route answers a Reply; Add wraps a Handler's response into one without a stream.
  StreamHandler handler;
  //! The pattern's segments ("v1", "customers", "{customerId}"), split once when added: every
  //! request is matched against every route's.
  std::vector<std::string> segments;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> path;  //!< parameter name → percent-decoded value
};

//! Maps a method and a path to a handler. Thread-safe once built.
class Router {
 public:
  void Add(http::verb method, std::string pattern, Handler handler, RouteOptions options = {});
  void AddStreaming(http::verb method, std::string pattern, StreamHandler handler,
                    RouteOptions options = {});
  //! The route for `method` and `path` (the target without its query), or 404 when no pattern
  //! matches the path, 405 when one does but not for this method. HEAD finds the GET route:
  //! every GET answers HEAD too, without being listed as a route of its own.
  Result<RouteMatch> Find(http::verb method, std::string_view path) const;
  //! The methods `path` answers, for a 405's Allow header: e.g. "GET, HEAD, POST".
  std::string Allowed(std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace seatshift::api
