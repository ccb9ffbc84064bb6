#include "service/charge_service.hpp"

#include <fmt/format.h>

namespace seatshift::service {

Result<ChargePage> ChargeService::List(const RequestContext& ctx, const store::ChargeFilter& filter,
                                       const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadCharges));
  if (filter.from && filter.to && *filter.from > *filter.to) {
    return Error(
        ErrorCode::kBadRequest,
        fmt::format("from ({}) is after to ({})", FormatDate(*filter.from), FormatDate(*filter.to)),
        {{"field", std::string("from")}});
  }
  auto tx = deps_.store.Read();  // one snapshot: the total matches the pages
  const auto customer = tx->FindCustomer(filter.customer_id);
  if (!customer) return CustomerNotFound(filter.customer_id);
  SEATSHIFT_ASSIGN_OR_RETURN(store::Page<Charge> charges, tx->ListCharges(filter, page));
  return ChargePage{.page = std::move(charges),
                    .total_amount = tx->SumCharges(filter),
                    .currency = customer->currency};
}

}  // namespace seatshift::service
