#include "service/charge_service.hpp"

#include <fmt/format.h>

namespace seatshift::service {

Result<store::Page<Charge>> ChargeService::List(const RequestContext& ctx,
                                                const store::ChargeFilter& filter,
                                                const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadCharges));
  if (filter.from && filter.to && *filter.from > *filter.to) {
    return Error(
        ErrorCode::kBadRequest,
        fmt::format("from ({}) is after to ({})", FormatDate(*filter.from), FormatDate(*filter.to)),
        {{"field", std::string("from")}});
  }
  auto tx = deps_.store.Read();
  if (!tx->FindCustomer(filter.customer_id)) return CustomerNotFound(filter.customer_id);
  return tx->ListCharges(filter, page);
}

}  // namespace seatshift::service
