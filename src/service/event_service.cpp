#include "service/event_service.hpp"

#include <fmt/format.h>

namespace seatshift::service {

Result<std::vector<Event>> EventService::After(const RequestContext& ctx, std::int64_t after,
                                               const store::EventFilter& filter, int limit) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadAudit));
  if (limit < 1 || limit > kMaxLimit) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("limit must be 1 to {}, not {}", kMaxLimit, limit),
                 {{"field", "limit"}});
  }
  if (after < 0) {
    return Error(ErrorCode::kBadRequest, "after must be an event id (0: from the start)",
                 {{"field", "after"}});
  }
  for (const std::string& name : filter.names) {
    if (!events::IsKnownName(name)) {
      return Error(ErrorCode::kBadRequest, fmt::format("'{}' is not an event name", name),
                   {{"field", "eventName"}, {"value", name}});
    }
  }
  return deps_.store.Read()->EventsAfter(after, filter, limit);
}

}  // namespace seatshift::service
