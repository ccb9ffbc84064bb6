#include "domain/lifecycle.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/dates.hpp"

namespace seatshift {
namespace {

//! A customer in the United States paying in dollars, with no margin rules.
const Buyer& UsBuyer() {
  static const Buyer buyer{.customer_id = "c1", .country = "US", .currency = "USD"};
  return buyer;
}

using testing::At;
using testing::D;

using S = SubscriptionStatus;
using E = LifecycleEvent;

// $36.00 per seat per month (annual term, billed monthly or annually), sold until `eos`.
Sku E3(std::optional<Date> eos = std::nullopt) {
  Sku sku;
  sku.id = SkuId("SPE_E3");
  sku.minimum_quantity = 1;
  sku.maximum_quantity = 1000;
  sku.prices = {{"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 3600},
                {"USD", TermDuration::kOneYear, BillingCycle::kAnnual, 3600},
                {"USD", TermDuration::kOneMonth, BillingCycle::kMonthly, 4320}};
  sku.end_of_sale = eos;
  return sku;
}

// Bought 2026-01-31 (a month end, to catch drifting periods), 10 seats, nothing charged yet.
Subscription Bought() {
  Subscription sub;
  sub.id = SubscriptionId(Uuid::V7(1, 2, 3));
  sub.customer_id = CustomerId(Uuid::V7(4, 5, 6));
  sub.sku_id = SkuId("SPE_E3");
  sub.quantity = 10;
  sub.term_start = D("2026-01-31");
  sub.term_end = D("2027-01-30");
  sub.created_at = At("2026-01-31T09:00:00Z");
  sub.next_charge_on = D("2026-01-31");
  return sub;
}

// Applies every step up to `until`, returning them; fails the test on a runaway loop.
std::vector<LifecycleStep> RunUntil(Subscription& sub, const Sku& sku, Instant until) {
  std::vector<LifecycleStep> steps;
  while (auto step = NextStep(sub, sku, UsBuyer(), until)) {
    EXPECT_LE(step->at, until);
    if (!steps.empty()) {
      EXPECT_GE(step->at, steps.back().at) << "steps go back in time";
    }
    sub = step->after;
    steps.push_back(std::move(*step));
    if (steps.size() > 1000) {
      ADD_FAILURE() << "runaway lifecycle";
      break;
    }
  }
  return steps;
}

std::vector<E> Events(const std::vector<LifecycleStep>& steps) {
  std::vector<E> out;
  for (const auto& s : steps) out.push_back(s.event);
  return out;
}

TEST(PeriodContaining, MonthlyPeriodsCountFromTheTermStartWithoutDrift) {
  const Subscription sub = Bought();
  EXPECT_EQ(PeriodContaining(sub, D("2026-01-31")),
            (BillingPeriod{D("2026-01-31"), D("2026-02-27")}));
  EXPECT_EQ(PeriodContaining(sub, D("2026-02-28")),
            (BillingPeriod{D("2026-02-28"), D("2026-03-30")}));
  EXPECT_EQ(PeriodContaining(sub, D("2026-03-31")),
            (BillingPeriod{D("2026-03-31"), D("2026-04-29")}));
  EXPECT_EQ(PeriodContaining(sub, D("2027-01-15")),
            (BillingPeriod{D("2026-12-31"), D("2027-01-30")}));
}

TEST(PeriodContaining, AnnualBillingIsOnePeriodPerTerm) {
  Subscription sub = Bought();
  sub.billing_cycle = BillingCycle::kAnnual;
  EXPECT_EQ(PeriodContaining(sub, D("2026-07-04")),
            (BillingPeriod{D("2026-01-31"), D("2027-01-30")}));
}

TEST(NextStep, ChargesEveryMonthOfTheTermAtItsFirstInstant) {
  Subscription sub = Bought();
  const auto steps = RunUntil(sub, E3(), At("2026-12-31T00:00:00Z"));
  ASSERT_EQ(steps.size(), 12u);
  EXPECT_EQ(steps[0].at, At("2026-01-31T00:00:00Z"));
  EXPECT_EQ(steps[1].at, At("2026-02-28T00:00:00Z"));
  EXPECT_EQ(steps[11].at, At("2026-12-31T00:00:00Z"));
  for (const auto& step : steps) {
    EXPECT_EQ(step.event, E::kCharge);
    ASSERT_TRUE(step.charge);
    EXPECT_EQ(step.charge->amount, 36'000);  // 10 seats × $36.00
    EXPECT_EQ(step.charge->currency, "USD");
    EXPECT_EQ(step.charge->kind, ChargeKind::kCycle);
  }
  EXPECT_EQ(sub.next_charge_on, D("2027-01-31"));
}

TEST(NextStep, AnnualBillingChargesTwelveMonthsAtOnce) {
  Subscription sub = Bought();
  sub.billing_cycle = BillingCycle::kAnnual;
  const auto steps = RunUntil(sub, E3(), At("2026-12-31T00:00:00Z"));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].charge->amount, 432'000);
  EXPECT_EQ(steps[0].charge->period, (BillingPeriod{D("2026-01-31"), D("2027-01-30")}));
}

TEST(NextStep, TermEndWithAutoRenewRenewsBeforeChargingTheNewTerm) {
  Subscription sub = Bought();
  sub.next_charge_on = D("2027-01-31");  // the whole first term is paid
  const auto steps = RunUntil(sub, E3(), At("2027-01-31T00:00:00Z"));
  EXPECT_EQ(Events(steps), (std::vector<E>{E::kRenewal, E::kCharge}));
  EXPECT_EQ(steps[0].at, At("2027-01-31T00:00:00Z"));
  EXPECT_EQ(sub.term_start, D("2027-01-31"));
  EXPECT_EQ(sub.term_end, D("2028-01-30"));
  EXPECT_EQ(sub.quantity, 10);
  EXPECT_EQ(sub.status, S::kActive);
}

TEST(NextStep, MonthlyTermsBoughtOnThe31stRenewWithoutDrifting) {
  Subscription sub = Bought();  // 2026-01-31
  sub.term = TermDuration::kOneMonth;
  sub.term_end = TermEnd(sub.term_start, sub.term);
  sub.term_anchor = sub.term_start;
  EXPECT_EQ(sub.term_end, D("2026-02-27"));
  std::vector<Date> ends;
  for (const auto& step : RunUntil(sub, E3(), At("2026-07-01T00:00:00Z"))) {
    if (step.event == E::kRenewal) ends.push_back(step.after.term_end);
  }
  EXPECT_EQ(ends, (std::vector<Date>{D("2026-03-30"), D("2026-04-29"), D("2026-05-30"),
                                     D("2026-06-29"), D("2026-07-30")}));
}

TEST(NextStep, RenewalFixesTheAnchorOfSubscriptionsThatHadNone) {
  Subscription sub = Bought();  // imported: no anchor, term 2026-01-31 .. 2027-01-30
  sub.next_charge_on = D("2027-01-31");
  const auto step = NextStep(sub, E3(), UsBuyer(), At("2027-01-31T00:00:00Z"));
  ASSERT_TRUE(step);
  EXPECT_EQ(step->after.term_anchor, D("2026-01-31"));
  EXPECT_EQ(step->after.term_end, D("2028-01-30"));
}

TEST(NextStep, AutoRenewOffExpiresThenDisablesThenDeletes) {
  Subscription sub = Bought();
  sub.auto_renew = false;
  sub.next_charge_on = D("2027-01-31");
  const auto steps = RunUntil(sub, E3(), At("2030-01-01T00:00:00Z"));
  ASSERT_EQ(Events(steps), (std::vector<E>{E::kExpiry, E::kDisable, E::kDeprovision}));
  EXPECT_EQ(steps[0].at, At("2027-01-31T00:00:00Z"));
  EXPECT_EQ(steps[1].at, At("2027-03-02T00:00:00Z"));  // + 30 days
  EXPECT_EQ(steps[2].at, At("2027-05-31T00:00:00Z"));  // + 90 days
  EXPECT_EQ(sub.status, S::kDeleted);
  EXPECT_EQ(sub.next_charge_on, std::nullopt);
  EXPECT_EQ(NextDueAt(sub), std::nullopt);
}

TEST(NextStep, EndOfSaleSwitchesAutoRenewOffAtItsDateSoTheTermExpires) {
  Subscription sub = Bought();
  sub.next_charge_on = D("2027-01-31");
  const auto steps = RunUntil(sub, E3(D("2026-07-01")), At("2027-02-01T00:00:00Z"));
  ASSERT_EQ(Events(steps), (std::vector<E>{E::kEndOfSale, E::kExpiry}));
  EXPECT_EQ(steps[0].at, At("2026-07-01T00:00:00Z"));
  EXPECT_FALSE(steps[0].after.auto_renew);
}

TEST(NextStep, EndOfSaleOnTheRenewalDayComesFirst) {
  Subscription sub = Bought();
  sub.next_charge_on = D("2027-01-31");
  const auto steps = RunUntil(sub, E3(D("2027-01-31")), At("2027-01-31T00:00:00Z"));
  EXPECT_EQ(Events(steps), (std::vector<E>{E::kEndOfSale, E::kExpiry}));
}

TEST(NextStep, SuspensionIsDeprovisionedAfter120DaysAndChargesNothing) {
  Subscription sub = Bought();
  sub.next_charge_on = D("2026-02-28");
  sub.status = S::kSuspended;
  sub.suspended_at = At("2026-02-10T15:30:00Z");
  const auto steps = RunUntil(sub, E3(), At("2026-12-31T00:00:00Z"));
  ASSERT_EQ(Events(steps), (std::vector<E>{E::kDeprovision}));
  EXPECT_EQ(steps[0].at, At("2026-06-10T15:30:00Z"));
}

TEST(NextStep, SuspendedTermRenewsWithoutCharging) {
  Subscription sub = Bought();
  sub.next_charge_on = D("2027-01-31");
  sub.status = S::kSuspended;
  sub.suspended_at = At("2027-01-20T00:00:00Z");
  const auto steps = RunUntil(sub, E3(), At("2027-03-01T00:00:00Z"));
  ASSERT_EQ(Events(steps), (std::vector<E>{E::kRenewal}));
  EXPECT_EQ(sub.term_end, D("2028-01-30"));
}

TEST(NextStep, IsIdempotentAndNextDueAtNamesTheNextStep) {
  Subscription sub = Bought();
  const Instant until = At("2026-06-15T00:00:00Z");
  RunUntil(sub, E3(), until);
  EXPECT_FALSE(NextStep(sub, E3(), UsBuyer(), until)) << "running again changes nothing";
  EXPECT_EQ(NextDueAt(sub), At("2026-06-30T00:00:00Z"));
}

TEST(NextStep, MissingPriceSkipsThePeriodWithAProblemInsteadOfLooping) {
  Subscription sub = Bought();
  const Buyer yen{.customer_id = "c1", .country = "JP", .currency = "JPY"};
  const auto step = NextStep(sub, E3(), yen, At("2026-02-01T00:00:00Z"));
  ASSERT_TRUE(step);
  EXPECT_FALSE(step->charge);
  EXPECT_NE(step->problem, "");
  EXPECT_EQ(step->after.next_charge_on, D("2026-02-28"));
}

TEST(Settle, QuantityIncreaseMidPeriodIsProratedByDaysLeft) {
  Subscription before = Bought();
  before.next_charge_on = D("2026-02-28");  // January's period (31 Jan – 27 Feb, 28 days) paid
  Subscription after = before;
  after.quantity = 14;
  // 4 seats × $36.00 × 14 days left (14–27 Feb) / 28 days = $72.00
  const auto charge =
      SettleQuantityChange(before, after, E3(), UsBuyer(), At("2026-02-14T10:00:00Z"));
  ASSERT_TRUE(charge.ok());
  ASSERT_TRUE(*charge);
  EXPECT_EQ((*charge)->amount, 7'200);
  EXPECT_EQ((*charge)->kind, ChargeKind::kProration);
  EXPECT_EQ((*charge)->period, (BillingPeriod{D("2026-02-14"), D("2026-02-27")}));
  // A decrease is the same credit, negative; rounding is half away from zero.
  after.quantity = 9;  // −1 × 3600 × 14/28 = −1800
  EXPECT_EQ(
      (*SettleQuantityChange(before, after, E3(), UsBuyer(), At("2026-02-14T10:00:00Z")))->amount,
      -1'800);
}

TEST(Settle, QuantityChangeBeforeThePeriodIsChargedOwesNothing) {
  Subscription before = Bought();  // next_charge_on = term start: nothing charged yet
  Subscription after = before;
  after.quantity = 20;
  const auto charge =
      SettleQuantityChange(before, after, E3(), UsBuyer(), At("2026-01-31T10:00:00Z"));
  ASSERT_TRUE(charge.ok());
  EXPECT_FALSE(*charge);
}

TEST(Settle, ReactivationChargesThePeriodItComesBackInOnlyIfItWasNotPaid) {
  Subscription before = Bought();
  before.status = S::kSuspended;
  before.next_charge_on = D("2026-02-28");  // suspended during January's (paid) period
  before.suspended_at = At("2026-02-10T00:00:00Z");
  Subscription same_period = before;
  same_period.status = S::kActive;
  auto none = SettleReactivation(same_period, before, E3(), UsBuyer(), At("2026-02-20T00:00:00Z"));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  EXPECT_EQ(same_period.next_charge_on, D("2026-02-28"));

  Subscription later = before;
  later.status = S::kActive;
  // Back on 2026-03-16 in the period 28 Feb – 30 Mar (31 days): 15 days × 10 seats × $36.00 / 31
  auto owed = SettleReactivation(later, before, E3(), UsBuyer(), At("2026-03-16T00:00:00Z"));
  ASSERT_TRUE(owed.ok());
  ASSERT_TRUE(*owed);
  EXPECT_EQ((*owed)->amount, 17'419);  // 5,400,000 / 31 = 17,419.35
  EXPECT_EQ(later.next_charge_on, D("2026-03-31"));
}

TEST(Settle, ReactivationNeverMovesTheNextChargeBack) {
  Subscription before = Bought();
  before.status = S::kSuspended;
  before.suspended_at = At("2026-02-10T00:00:00Z");
  before.next_charge_on = D("2026-06-30");  // charged ahead (e.g. a later period already paid)
  Subscription after = before;
  after.status = S::kActive;
  ASSERT_TRUE(SettleReactivation(after, before, E3(), UsBuyer(), At("2026-03-16T00:00:00Z")).ok());
  EXPECT_EQ(after.next_charge_on, D("2026-06-30"));
}

}  // namespace
}  // namespace seatshift

namespace seatshift {
namespace {

// A price list: $36.00 until 2027-01-31, $37.80 from 2027-02-01 (one-year term, monthly).
Sku E3FromThePriceList() {
  Sku sku = E3();
  sku.offer_id = "CFQ7TTC0LFLX:0001";
  ListPrice now{.offer_id = sku.offer_id,
                .market = "US",
                .currency = "USD",
                .term = TermDuration::kOneYear,
                .billing = BillingCycle::kMonthly,
                .effective_start = testing::D("2026-01-01"),
                .effective_end = testing::D("2027-01-31"),
                .unit_price = 3600};
  ListPrice next = now;
  next.effective_start = testing::D("2027-02-01");
  next.effective_end.reset();
  next.unit_price = 3780;
  sku.list_prices = {now, next};
  return sku;
}

TEST(PriceForATerm, FixedAtTheTermsFirstChargeAndRenewedAtRenewal) {
  Subscription sub = Bought();
  sub.auto_renew = true;
  const Sku sku = E3FromThePriceList();
  // Through the first term: every monthly charge at the price fixed on 2026-01-31, including
  // the period that starts after the new price took effect (2027-01-31 is still in the term).
  auto steps = RunUntil(sub, sku, testing::At("2027-01-30T23:00:00Z"));
  ASSERT_TRUE(sub.price);
  EXPECT_EQ(sub.price->cost, 3600);
  for (const LifecycleStep& step : steps) {
    if (step.charge)
      EXPECT_EQ(step.charge->unit_cost, 3600) << FormatDate(step.charge->period.first);
  }
  // The renewal on 2027-01-31 prices the new term on its first day: still the old row.
  steps = RunUntil(sub, sku, testing::At("2027-01-31T12:00:00Z"));
  ASSERT_TRUE(sub.price);
  EXPECT_EQ(sub.price->cost, 3600) << "the old row runs through 2027-01-31";
  EXPECT_EQ(sub.term_start, testing::D("2027-01-31"));
}

TEST(PriceForATerm, ARenewalAfterThePriceChangeTakesTheNewPrice) {
  Subscription sub = Bought();
  sub.term_start = testing::D("2026-02-15");
  sub.term_anchor = sub.term_start;
  sub.term_end = testing::D("2027-02-14");
  sub.next_charge_on = sub.term_start;
  sub.auto_renew = true;
  const Sku sku = E3FromThePriceList();
  RunUntil(sub, sku, testing::At("2026-02-15T12:00:00Z"));
  ASSERT_TRUE(sub.price);
  EXPECT_EQ(sub.price->cost, 3600);
  const auto steps = RunUntil(sub, sku, testing::At("2027-02-15T12:00:00Z"));
  ASSERT_TRUE(sub.price);
  EXPECT_EQ(sub.price->cost, 3780);
  ASSERT_FALSE(steps.empty());
  ASSERT_TRUE(steps.back().charge);
  EXPECT_EQ(steps.back().charge->unit_cost, 3780);
  EXPECT_EQ(steps.back().charge->amount, 37800);
}

}  // namespace
}  // namespace seatshift
