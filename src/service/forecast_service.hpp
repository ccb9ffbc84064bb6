#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/service_loss.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

//! Who would lose which service plan by the end of `by` if nothing is done.
struct ServiceLossQuery {
  Date by{};
  std::optional<CustomerId> customer_id;    //!< one customer; nullopt = partner-wide
  std::optional<SkuId> sku_id;              //!< only plans lost with this SKU
  std::optional<std::string> service_plan;  //!< only this plan: its id (GUID) or name, any case
  //! `after`: the previous page's `next` (empty = first page). `limit`: the most rows a page
  //! holds, except that a customer is never split over pages: a page holds at least one whole
  //! customer, however many rows that is.
  store::PageRequest page;
};

struct ServiceLossPage {
  std::vector<ServiceLossRow> items;  //!< by customer id, then user principal name
  //! Over every row the query selects (all pages), by plan name: what an agent plans by.
  std::vector<PlanLossSummary> plans;
  std::int64_t total = 0;  //!< rows the query selects over all pages
  std::int64_t users = 0;  //!< distinct users among them
  std::string next;        //!< continuation token; empty when no customer is left
};

//! Forecasts over the partner's customers, for the agents who act before users lose service.
class ForecastService {
 public:
  explicit ForecastService(Dependencies deps) : deps_(deps) {}

  //! Requires the reports permission. kNotFound for an unknown customer or SKU, or a service
  //! plan no SKU of the catalog includes; kBadRequest for a limit below 1 or a foreign token.
  //! Partner-wide, only customers holding licenses of a SKU with a subscription that may stop
  //! serving by `by` are looked at (a store query over indexes), one whole customer at a time.
  Result<ServiceLossPage> ServiceLoss(const RequestContext& ctx, const ServiceLossQuery& query);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
