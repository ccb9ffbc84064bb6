#include "domain/charge.hpp"

#include <fmt/format.h>

#include "domain/money.hpp"
#include "domain/subscription.hpp"

namespace seatshift {
namespace {

__extension__ using Int128 = __int128;

Error Overflow(const Subscription& sub) {
  return Error(ErrorCode::kBadRequest,
               fmt::format("the charge of subscription {} overflows", sub.id.value().ToString()));
}

}  // namespace

std::string_view ToString(ChargeKind kind) {
  return kind == ChargeKind::kCycle ? "cycle" : "proration";
}

std::optional<ChargeKind> ParseChargeKind(std::string_view text) {
  for (ChargeKind kind : {ChargeKind::kCycle, ChargeKind::kProration}) {
    if (text == ToString(kind)) return kind;
  }
  return std::nullopt;
}

BillingPeriod PeriodContaining(const Subscription& sub, Date day) {
  const int step = MonthsIn(sub.billing_cycle);
  // Months between the term start and `day`, rounded down to whole periods; the loop below
  // corrects the estimate for days of month the clamping moved.
  const auto start = std::chrono::year_month_day(sub.term_start);
  const auto target = std::chrono::year_month_day(day);
  int months = (static_cast<int>(target.year()) - static_cast<int>(start.year())) * 12 +
               (static_cast<int>(static_cast<unsigned>(target.month())) -
                static_cast<int>(static_cast<unsigned>(start.month())));
  int k = std::max(0, months / step);
  while (k > 0 && AddMonths(sub.term_start, k * step) > day) --k;
  while (AddMonths(sub.term_start, (k + 1) * step) <= day) ++k;
  BillingPeriod period{AddMonths(sub.term_start, k * step),
                       AddMonths(sub.term_start, (k + 1) * step) - std::chrono::days(1)};
  if (period.last > sub.term_end) period.last = sub.term_end;
  return period;
}

Result<TermPrice> TermPriceOf(const Subscription& sub, const Sku& sku, const Buyer& buyer,
                              Date day) {
  if (sub.price) return *sub.price;
  return PriceSeat(sku, buyer, sub.term, sub.billing_cycle, sub.quantity, day);
}

Result<Charge> CycleCharge(const Subscription& sub, const TermPrice& price,
                           const std::string& currency, BillingPeriod period, Instant at) {
  const auto amount = MultiplyMinorUnits(price.resale, sub.quantity);
  if (!amount) return Overflow(sub);
  return Charge{.customer_id = sub.customer_id,
                .subscription_id = sub.id,
                .sku_id = sub.sku_id,
                .kind = ChargeKind::kCycle,
                .period = period,
                .quantity = sub.quantity,
                .unit_price = price.resale,
                .unit_cost = price.cost,
                .amount = *amount,
                .currency = currency,
                .charged_at = at};
}

Result<std::optional<Charge>> Prorate(const Subscription& sub, const Sku& sku, const Buyer& buyer,
                                      BillingPeriod period, std::int64_t seat_delta, Instant at,
                                      std::optional<Date> from) {
  if (seat_delta == 0) return std::optional<Charge>();
  const Date day = std::max(period.first, from.value_or(DayOf(at)));
  SEATSHIFT_ASSIGN_OR_RETURN(const TermPrice price, TermPriceOf(sub, sku, buyer, day));
  const std::int64_t seat_price = price.resale;
  const std::int64_t days_left = std::max<std::int64_t>(0, (period.last - day).count() + 1);
  // 128-bit intermediate: seat counts and prices come from outside and are only range-checked.
  const Int128 numerator = static_cast<Int128>(seat_delta) * seat_price * days_left;
  const Int128 days = period.Days();
  Int128 amount = numerator / days;
  const Int128 remainder = numerator % days;
  if (2 * (remainder < 0 ? -remainder : remainder) >= days) amount += numerator < 0 ? -1 : 1;
  if (amount > INT64_MAX || amount < INT64_MIN) return Overflow(sub);
  if (amount == 0) return std::optional<Charge>();
  return std::optional<Charge>(Charge{.customer_id = sub.customer_id,
                                      .subscription_id = sub.id,
                                      .sku_id = sub.sku_id,
                                      .kind = ChargeKind::kProration,
                                      .period = {day, period.last},
                                      .quantity = seat_delta,
                                      .unit_price = seat_price,
                                      .unit_cost = price.cost,
                                      .amount = static_cast<std::int64_t>(amount),
                                      .currency = buyer.currency,
                                      .charged_at = at});
}

}  // namespace seatshift
