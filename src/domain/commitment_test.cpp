// New Commerce's window arithmetic, refunds and changes at renewal.
#include "domain/commitment.hpp"

#include <gtest/gtest.h>

#include "domain/lifecycle.hpp"
#include "domain/subscription.hpp"
#include "testing/dates.hpp"
#include "testing/error_details.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::D;
using testing::FindDetail;

const Buyer& UsBuyer() {
  static const Buyer buyer{.customer_id = "c1", .country = "US", .currency = "USD"};
  return buyer;
}

// $31.00 per seat per month (P1Y billed monthly), $30.00 billed annually, $37.20 on P1M.
Sku Standard() {
  Sku sku;
  sku.id = SkuId("O365_BUSINESS_PREMIUM");
  sku.minimum_quantity = 1;
  sku.maximum_quantity = 300;
  sku.prices = {{"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 3100},
                {"USD", TermDuration::kOneYear, BillingCycle::kAnnual, 3000},
                {"USD", TermDuration::kOneMonth, BillingCycle::kMonthly, 3720}};
  return sku;
}

// Bought at 23:59 on 2028-02-29 (a leap day, a month's last minute), 10 seats, P1Y monthly, its
// first month charged.
Subscription BoughtOnLeapDay() {
  Subscription sub;
  sub.id = SubscriptionId(Uuid::V7(1, 2, 3));
  sub.customer_id = CustomerId(Uuid::V7(4, 5, 6));
  sub.sku_id = SkuId("O365_BUSINESS_PREMIUM");
  sub.quantity = 10;
  sub.term_start = D("2028-02-29");
  sub.term_anchor = D("2028-02-29");
  sub.term_end = D("2029-02-27");
  sub.created_at = At("2028-02-29T23:59:00Z");
  sub.next_charge_on = D("2028-03-29");  // 29 Feb – 28 Mar paid
  sub.lots = {{.quantity = 10, .bought_at = At("2028-02-29T23:59:00Z")}};
  return sub;
}

TEST(CancellationWindow, Is168HoursFromThePurchaseMinuteAcrossTheMonthEnd) {
  const Subscription sub = BoughtOnLeapDay();
  EXPECT_EQ(sub.CancellationAllowedUntil(), At("2028-03-07T23:59:00Z"));
  EXPECT_EQ(RefundableQuantity(sub.lots, At("2028-03-07T23:58:59Z")), 10);
  EXPECT_EQ(RefundableQuantity(sub.lots, At("2028-03-07T23:59:00Z")), 0);
}

TEST(Cancel, InsideTheWindowDeletesAndStopsCharging) {
  const auto cancelled = Cancel(BoughtOnLeapDay(), Standard(), At("2028-03-06T10:00:00Z"), 0);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, SubscriptionStatus::kDeleted);
  EXPECT_FALSE(cancelled->next_charge_on);
  EXPECT_FALSE(cancelled->auto_renew);
}

TEST(Cancel, AfterTheWindowIs900213WithTheCommitmentEnd) {
  const auto refused = Cancel(BoughtOnLeapDay(), Standard(), At("2028-03-08T00:00:00Z"), 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kCancellationWindowClosed);
  EXPECT_EQ(Describe(refused.error().code).api_code, "900213");
  ASSERT_NE(FindDetail(refused.error(), "commitmentEndDate"), nullptr);
  EXPECT_EQ(std::get<std::string>(FindDetail(refused.error(), "commitmentEndDate")->value),
            "2029-02-27");
}

TEST(Cancel, LegacySubscriptionsAreSuspendedInstead) {
  Sku legacy = Standard();
  legacy.commerce = Commerce::kLegacy;
  const auto refused = Cancel(BoughtOnLeapDay(), legacy, At("2028-03-01T00:00:00Z"), 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidStatusTransition);
}

TEST(Refund, OnTheNextCalendarDayButWithin24HoursIsFull) {
  // 10 seats × $31.00 for the 29-day period, returned at 08:00 on 1 March: within a day of
  // the purchase, so in full ($3,100.00), not prorated from 1 March.
  const auto refund =
      SettleCancellation(BoughtOnLeapDay(), Standard(), UsBuyer(), At("2028-03-01T08:00:00Z"));
  ASSERT_TRUE(refund.ok());
  ASSERT_TRUE(*refund);
  EXPECT_EQ((*refund)->amount, -31'000);
}

TEST(Refund, OnDaySixIsProratedByTheDaysLeftInMinorUnits) {
  // 6 March: 23 of the period's 29 days left (6–28 March): −10 × 3100 × 23 / 29 = −24,586.2…
  const auto refund =
      SettleCancellation(BoughtOnLeapDay(), Standard(), UsBuyer(), At("2028-03-06T12:00:00Z"));
  ASSERT_TRUE(refund.ok());
  ASSERT_TRUE(*refund);
  EXPECT_EQ((*refund)->amount, -24'586);
  EXPECT_EQ((*refund)->period, (BillingPeriod{D("2028-03-06"), D("2028-03-28")}));
}

TEST(ChangeQuantity, IncreasesAreLotsOfTheirOwnAndDecreasesTakeTheNewestFirst) {
  const Sku sku = Standard();
  auto more = ChangeQuantity(BoughtOnLeapDay(), sku, 14, 0, At("2028-03-05T09:00:00Z"));
  ASSERT_TRUE(more.ok());
  ASSERT_EQ(more->lots.size(), 2u);
  EXPECT_EQ(more->lots[1], (PurchaseLot{.quantity = 4, .bought_at = At("2028-03-05T09:00:00Z")}));
  // Day 9: the purchase's window closed, the increase's is open until 12 March 09:00.
  EXPECT_EQ(RefundableQuantity(more->lots, At("2028-03-09T00:00:00Z")), 4);
  auto fewer = ChangeQuantity(*more, sku, 11, 0, At("2028-03-09T00:00:00Z"));
  ASSERT_TRUE(fewer.ok());
  EXPECT_EQ(fewer->lots[1].quantity, 1);
  const auto too_many = ChangeQuantity(*fewer, sku, 9, 0, At("2028-03-09T00:00:00Z"));
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kReductionWindowClosed);
  EXPECT_EQ(Describe(too_many.error().code).api_code, "900214");
  EXPECT_EQ(std::get<std::int64_t>(FindDetail(too_many.error(), "refundableQuantity")->value), 1);
}

TEST(ChangeQuantity, AnImmediateChangeClearsTheScheduledOne) {
  Subscription sub = BoughtOnLeapDay();
  sub.scheduled = ScheduledChange{.sku_id = sub.sku_id,
                                  .term = TermDuration::kOneYear,
                                  .billing_cycle = BillingCycle::kMonthly,
                                  .quantity = 5,
                                  .custom_term_end = std::nullopt};
  const auto more = ChangeQuantity(sub, Standard(), 12, 0, At("2028-06-01T00:00:00Z"));
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(more->scheduled);
  const auto off = ChangeAutoRenew(sub, Standard(), false, D("2028-06-01"));
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->scheduled);
}

TEST(ScheduleNextTerm, RefusesWhatTheSkuDoesNotSellAndLegacy) {
  const Subscription sub = BoughtOnLeapDay();
  ScheduledChange change{.sku_id = sub.sku_id,
                         .term = TermDuration::kThreeYears,
                         .billing_cycle = BillingCycle::kMonthly,
                         .quantity = 5,
                         .custom_term_end = std::nullopt};
  EXPECT_EQ(ScheduleNextTerm(sub, Standard(), change, 0).error().code, ErrorCode::kBadRequest);
  change.term = TermDuration::kOneMonth;
  EXPECT_TRUE(ScheduleNextTerm(sub, Standard(), change, 0).ok());
  EXPECT_EQ(ScheduleNextTerm(sub, Standard(), change, 6).error().code,
            ErrorCode::kQuantityBelowAssigned);
  Sku legacy = Standard();
  legacy.commerce = Commerce::kLegacy;
  EXPECT_EQ(ScheduleNextTerm(sub, legacy, change, 0).error().code, ErrorCode::kLegacySubscription);
}

TEST(Renewal, AppliesTheScheduledTermAndOpensANewWindow) {
  Subscription sub = BoughtOnLeapDay();
  sub.next_charge_on = D("2029-02-28");  // every period of the term paid
  sub.scheduled = ScheduledChange{.sku_id = sub.sku_id,
                                  .term = TermDuration::kOneMonth,
                                  .billing_cycle = BillingCycle::kMonthly,
                                  .quantity = 6,
                                  .custom_term_end = std::nullopt};
  const auto step = NextStep(sub, Standard(), UsBuyer(), At("2029-02-28T00:00:00Z"));
  ASSERT_TRUE(step);
  ASSERT_EQ(step->event, LifecycleEvent::kRenewal);
  const Subscription& next = step->after;
  EXPECT_EQ(next.quantity, 6);
  EXPECT_EQ(next.term, TermDuration::kOneMonth);
  EXPECT_EQ(next.term_start, D("2029-02-28"));
  EXPECT_EQ(next.term_end, D("2029-03-27"));
  EXPECT_FALSE(next.scheduled);
  EXPECT_EQ(next.lots,
            (std::vector<PurchaseLot>{{.quantity = 6, .bought_at = At("2029-02-28T00:00:00Z")}}));
  // The month after counts from the new term, not from the old anchor.
  EXPECT_EQ(next.NextTermEnd(), D("2029-04-27"));
}

TEST(Renewal, ACustomEndShortensTheTermAndTheNextOneIsWhole) {
  Subscription sub = BoughtOnLeapDay();
  sub.next_charge_on = D("2029-02-28");
  sub.scheduled = ScheduledChange{.sku_id = sub.sku_id,
                                  .term = TermDuration::kOneYear,
                                  .billing_cycle = BillingCycle::kMonthly,
                                  .quantity = 10,
                                  .custom_term_end = D("2030-01-31")};
  const auto step = NextStep(sub, Standard(), UsBuyer(), At("2029-02-28T00:00:00Z"));
  ASSERT_TRUE(step);
  EXPECT_EQ(step->after.term_end, D("2030-01-31"));
  EXPECT_EQ(step->after.NextTermEnd(), D("2031-01-31"));
}

TEST(CustomTermEnds, MonthEndsAndOtherTermsInsideTheTerm) {
  const SubscriptionId yearly(Uuid::V7(9, 9, 1));
  const SubscriptionId monthly(Uuid::V7(9, 9, 2));
  const SubscriptionId on_the_30th(Uuid::V7(9, 9, 3));
  const std::vector<CotermCandidate> others{
      {.id = yearly, .end = D("2027-06-14"), .term = TermDuration::kOneYear},
      {.id = monthly, .end = D("2027-01-06"), .term = TermDuration::kOneMonth},
      {.id = on_the_30th, .end = D("2026-12-30"), .term = TermDuration::kOneYear},
      {.id = SubscriptionId(Uuid::V7(9, 9, 4)),
       .end = D("2028-01-01"),  // after its own end
       .term = TermDuration::kOneYear}};
  // A year from 7 Dec 2026 ends 6 Dec 2027: 30 Nov 2027, and the yearly ends; not the monthly.
  const auto year = CustomTermEnds(D("2026-12-07"), TermDuration::kOneYear, others);
  ASSERT_EQ(year.size(), 3u);
  EXPECT_EQ(year[0].end, D("2026-12-30"));
  EXPECT_EQ(year[1].end, D("2027-06-14"));
  EXPECT_EQ(year[1].coterm_subscriptions, std::vector<SubscriptionId>{yearly});
  EXPECT_EQ(year[2].end, D("2027-11-30"));
  EXPECT_TRUE(year[2].calendar_month_end);
  // A month from 7 Dec ends 6 Jan: 31 Dec, and the monthly ending 6 Jan is its own end; the
  // 30th is no month end, so a monthly term does not align with it.
  const auto month = CustomTermEnds(D("2026-12-07"), TermDuration::kOneMonth, others);
  ASSERT_EQ(month.size(), 1u);
  EXPECT_EQ(month[0].end, D("2026-12-31"));
  EXPECT_TRUE(
      CheckCustomTermEnd(D("2026-12-31"), D("2026-12-07"), TermDuration::kOneMonth, others).ok());
  const Status refused =
      CheckCustomTermEnd(D("2026-12-30"), D("2026-12-07"), TermDuration::kOneMonth, others);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Describe(refused.error().code).api_code, "900246");
}

}  // namespace
}  // namespace seatshift
