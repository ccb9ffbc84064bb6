// GET /v1/auditrecords and GET /v1/customers/{customerId}/charges
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/audit_service.hpp"
#include "service/customer_service.hpp"

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

// Charges accrue with the lifecycle engine; until then every customer's list is empty, but the
// route already checks the caller, the customer and the dates as it will then.
Response ListCharges(service::Dependencies deps, Call& call) {
  if (Status allowed = service::Require(call.ctx, Permission::kReadCharges); !allowed) {
    return ErrorResponse(std::move(allowed).error());
  }
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  for (const char* name : {"from", "to"}) {
    if (auto day = DateQuery(call, name); !day) return ErrorResponse(std::move(day).error());
  }
  auto found = service::CustomerService(deps).Get(call.ctx, *customer);
  if (!found) return ErrorResponse(std::move(found).error());
  return JsonResponse(http::status::ok, Collection({}, 0, "", call));
}

}  // namespace

void AddAuditRoutes(Router& router, service::Dependencies deps) {
  const service::AuditService audit(deps);
  router.Add(http::verb::get, "/v1/auditrecords", [audit](Call& c) { return ListAudit(audit, c); });
  router.Add(http::verb::get, "/v1/customers/{customerId}/charges",
             [deps](Call& c) { return ListCharges(deps, c); });
}

}  // namespace seatshift::api
