// GET /v1/clock and POST /v1/clock/advance (simulated clock only)
#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/clock_service.hpp"

namespace seatshift::api {
namespace {

boost::json::object ClockJson(const service::ClockReading& reading) {
  return {{"now", FormatInstant(reading.now)}, {"simulated", reading.simulated}};
}

Response Get(const service::ClockService& clock, Call& call) {
  if (Status allowed = service::Require(call.ctx, Permission::kRead); !allowed) {
    return ErrorResponse(std::move(allowed).error());
  }
  return JsonResponse(http::status::ok, ClockJson(clock.Read()));
}

Response Advance(service::ClockService clock, Metrics& metrics, Call& call) {
  // Who may, and whether time can move here, before what the body says.
  if (Status allowed = service::Require(call.ctx, Permission::kControlClock); !allowed) {
    return ErrorResponse(std::move(allowed).error());
  }
  if (!clock.Read().simulated) {
    return ErrorResponse(service::ClockService::RealClockCannotMove());
  }
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  auto days = reader.Integer("days", 1, 3650);
  if (!days) return ErrorResponse(std::move(days).error());
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  return Respond(clock.Advance(call.ctx, *days), [&](const service::ClockAdvance& advanced) {
    metrics.RecordLifecycle(advanced.lifecycle);
    boost::json::object json = ClockJson(advanced.clock);
    json["lifecycle"] = codec::ToJson(advanced.lifecycle);
    return JsonResponse(http::status::ok, std::move(json));
  });
}

}  // namespace

void AddClockRoutes(Router& router, service::Dependencies deps, SimulatedClock* simulated,
                    Metrics& metrics) {
  const service::ClockService clock(deps, simulated);
  router.Add(http::verb::get, "/v1/clock", [clock](Call& c) { return Get(clock, c); });
  router.Add(http::verb::post, "/v1/clock/advance",
             [clock, &metrics](Call& c) { return Advance(clock, metrics, c); });
}

}  // namespace seatshift::api
