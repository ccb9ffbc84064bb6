#pragma once

// Reading the event stream (GET /v1/events, seatshift events tail).

#include <vector>

#include "service/request_context.hpp"

namespace seatshift::service {

class EventService {
 public:
  //! The most events one read returns.
  static constexpr int kMaxLimit = 1000;

  explicit EventService(Dependencies deps) : deps_(deps) {}

  //! Events after event `after` (0: from the start), oldest first. Requires kReadAudit.
  //! kBadRequest for a limit outside 1..kMaxLimit or an unknown event name; kNotFound for an
  //! `after` that names no event.
  Result<std::vector<Event>> After(const RequestContext& ctx, std::int64_t after,
                                   const store::EventFilter& filter, int limit);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
