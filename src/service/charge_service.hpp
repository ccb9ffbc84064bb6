#pragma once

#include "service/context.hpp"

namespace seatshift::service {

//! What customers were charged: cycle charges of the lifecycle engine and prorations.
class ChargeService {
 public:
  explicit ChargeService(Dependencies deps) : deps_(deps) {}

  //! Charges of the customer whose period starts in [from, to] (either end may be open).
  Result<store::Page<Charge>> List(const RequestContext& ctx, const store::ChargeFilter& filter,
                                   const store::PageRequest& page);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
