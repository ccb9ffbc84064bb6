#pragma once

#include "service/request_context.hpp"

namespace seatshift::service {

//! One page of a customer's charges, with the total of every charge the filter selects.
struct ChargePage {
  store::Page<Charge> page;
  std::int64_t total_amount = 0;  //!< minor units, all pages
  std::string currency;           //!< the customer's
};

//! What customers were charged: cycle charges of the lifecycle engine and prorations.
class ChargeService {
 public:
  explicit ChargeService(Dependencies deps) : deps_(deps) {}

  //! Charges of the customer whose period starts in [from, to] (either end may be open).
  Result<ChargePage> List(const RequestContext& ctx, const store::ChargeFilter& filter,
                          const store::PageRequest& page);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
