#include "api/event_stream.hpp"

#include <fmt/format.h>

namespace seatshift::api {

Response EventStreamHead() {
  Response response(http::status::ok, 11);
  response.set(http::field::content_type, "text/event-stream; charset=utf-8");
  response.set(http::field::cache_control, "no-cache");
  // nginx would otherwise hold the events back until its buffer fills.
  response.set("X-Accel-Buffering", "no");
  return response;
}

std::string FormatEvent(std::string_view name, std::int64_t id, std::string_view data) {
  return fmt::format("event: {}\nid: {}\ndata: {}\n\n", name, id, data);
}

}  // namespace seatshift::api
