// GET /healthz (no authentication), /metrics, /openapi.json
#include "api/api.hpp"
#include "api/responses.hpp"

namespace seatshift::api {

extern const std::string_view kOpenApiJson;

namespace {

Response Text(std::string_view content_type, std::string body) {
  Response response(http::status::ok, 11);
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace

void AddOperationsRoutes(Router& router, Metrics& metrics) {
  router.Add(http::verb::get, "/healthz",
             [](Call&) { return Text("application/json", R"({"status":"ok"})"); },
             {.authenticated = false});
  router.Add(http::verb::get, "/metrics",
             [&metrics](Call&) { return Text("text/plain; version=0.0.4", metrics.Render()); });
  router.Add(http::verb::get, "/openapi.json",
             [](Call&) { return Text("application/json", std::string(kOpenApiJson)); });
}

}  // namespace seatshift::api
