#pragma once

// Alerts: the rules of domain/alert.hpp evaluated on the business clock (each lifecycle pass,
// each advance of a simulated clock), raised once per occurrence with an event
// (alert-raised, so webhooks hear of them), listed and dismissed by agents.

#include "domain/alert.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

class AlertService {
 public:
  explicit AlertService(Dependencies deps, AlertHorizons horizons = {})
      : deps_(deps), horizons_(horizons) {}

  //! Evaluates every rule at the clock's now and raises what was not raised before, with its
  //! event, in one transaction; how many were raised.
  int RunPass();

  //! Newest first. Require kReadReports.
  Result<store::Page<Alert>> List(const RequestContext& ctx, const store::AlertFilter& filter,
                                  const store::PageRequest& page);
  Result<Alert> Get(const RequestContext& ctx, const AlertId& id);
  //! kInvalidStatusTransition (409) when it was dismissed already.
  Result<Alert> Dismiss(const RequestContext& ctx, const AlertId& id);

 private:
  Dependencies deps_;
  AlertHorizons horizons_;
};

}  // namespace seatshift::service
