// GET /v1/auditrecords
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/audit_service.hpp"

namespace seatshift::api {
namespace {

Result<store::AuditFilter> AuditFilterOf(const Call& call) {
  store::AuditFilter filter{.resource_id = call.Query("resourceId")};
  if (const std::string& customer = call.Query("customerId"); !customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(filter.customer_id, ParseGuid<CustomerId>(customer, "customerId"));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto from, DateQuery(call, "startDate"));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto to, DateQuery(call, "endDate"));
  if (from) filter.from = StartOf(*from);
  // endDate is inclusive: records up to the end of that day.
  if (to) filter.to = StartOf(*to + std::chrono::days(1));
  return filter;
}

Response ListAudit(service::AuditService audit, Call& call) {
  auto filter = AuditFilterOf(call);
  if (!filter) return ErrorResponse(std::move(filter).error());
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  return Respond(audit.List(call.ctx, *filter, *page), [&](const store::Page<AuditRecord>& result) {
    return PageResponse(result, call, [](const AuditRecord& r) { return codec::ToJson(r); });
  });
}

}  // namespace

void AddAuditRoutes(Router& router, service::Dependencies deps) {
  const service::AuditService audit(deps);
  router.Add(http::verb::get, "/v1/auditrecords", [audit](Call& c) { return ListAudit(audit, c); });
}

}  // namespace seatshift::api
