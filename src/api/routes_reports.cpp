// GET /v1/auditrecords and GET /v1/reports/serviceloss (JSON or CSV)
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/csv.hpp"
#include "codec/json.hpp"
#include "service/audit_service.hpp"
#include "service/forecast_service.hpp"

namespace seatshift::api {
namespace {

Result<store::AuditFilter> AuditFilterOf(const Call& call) {
  store::AuditFilter filter{.resource_id = call.Query("resourceId")};
  if (const std::string& customer = call.Query("customerId"); !customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(filter.customer_id, ParseGuid<CustomerId>(customer, "customerId"));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto from, DateQuery(call, "startDate"));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto to, DateQuery(call, "endDate"));
  // Oldest first unless asked: Partner Center's scripts page the log in the order it grows.
  if (const std::string& order = call.Query("order"); order == "desc") {
    filter.newest_first = true;
  } else if (!order.empty() && order != "asc") {
    return Error(ErrorCode::kBadRequest, "order must be asc (oldest first) or desc (newest first)",
                 {{"field", std::string("order")}});
  }
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

Result<service::ServiceLossQuery> ServiceLossQueryOf(const Call& call) {
  service::ServiceLossQuery query;
  SEATSHIFT_ASSIGN_OR_RETURN(const auto by, DateQuery(call, "date"));
  if (!by) {
    return Error(ErrorCode::kBadRequest, "date is required: the day to forecast to (YYYY-MM-DD)",
                 {{"field", std::string("date")}});
  }
  query.by = *by;
  if (const std::string& customer = call.Query("customerId"); !customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(query.customer_id, ParseGuid<CustomerId>(customer, "customerId"));
  }
  if (const std::string& offer = call.Query("offerId"); !offer.empty()) query.sku_id = SkuId(offer);
  if (const std::string& plan = call.Query("servicePlan"); !plan.empty()) query.service_plan = plan;
  SEATSHIFT_ASSIGN_OR_RETURN(query.page, PageOf(call));
  return query;
}

Response ServiceLoss(service::ForecastService forecast, Call& call) {
  auto query = ServiceLossQueryOf(call);
  if (!query) return ErrorResponse(std::move(query).error());
  auto page = forecast.ServiceLoss(call.ctx, *query);
  if (!page) return ErrorResponse(std::move(page).error());
  if (WantsCsv(call)) return CsvResponse(codec::ServiceLossCsv(page->items), page->next);
  boost::json::array items;
  for (const ServiceLossRow& row : page->items) items.push_back(codec::ToJson(row));
  boost::json::array plans;
  for (const PlanLossSummary& plan : page->plans) plans.push_back(codec::ToJson(plan));
  boost::json::object json = Collection(std::move(items), page->total, page->next, call);
  json["plans"] = std::move(plans);
  json["users"] = page->users;
  return JsonResponse(http::status::ok, std::move(json));
}

}  // namespace

void AddAuditRoutes(Router& router, service::Dependencies deps) {
  const service::AuditService audit(deps);
  router.Add(http::verb::get, "/v1/auditrecords", [audit](Call& c) { return ListAudit(audit, c); },
             {.query = PagedQuery({"customerId", "resourceId", "startDate", "endDate", "order"})});
  const service::ForecastService forecast(deps);
  router.Add(http::verb::get, "/v1/reports/serviceloss",
             [forecast](Call& c) { return ServiceLoss(forecast, c); },
             {.query = PagedQuery({"date", "customerId", "offerId", "servicePlan"})});
}

}  // namespace seatshift::api
