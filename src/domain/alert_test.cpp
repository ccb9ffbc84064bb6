#include "domain/alert.hpp"

#include <gtest/gtest.h>

#include "domain/webhook.hpp"

namespace seatshift {
namespace {

Instant At(const char* text) { return *ParseInstant(text); }

Subscription Ending(const char* day, bool auto_renew) {
  Subscription sub;
  sub.id = SubscriptionId(*Uuid::Parse("01a25159-0818-757e-bb68-6f697382d1e7"));
  sub.term_end = *ParseDate(day);
  sub.auto_renew = auto_renew;
  sub.quantity = 10;
  return sub;
}

TEST(AlertRules, AutoRenewOffFiresFromThirtyCalendarDaysBeforeTheEnd) {
  const Subscription sub = Ending("2027-01-31", false);
  EXPECT_FALSE(AutoRenewOffEnding(sub, At("2026-12-31T23:59:59Z"), {}));
  const auto fired = AutoRenewOffEnding(sub, At("2027-01-01T00:00:00Z"), {});
  ASSERT_TRUE(fired);
  EXPECT_EQ(fired->due_at, At("2027-02-01T00:00:00Z"));
  // The same occurrence whenever it is seen: the store raises it once.
  EXPECT_EQ(fired->occurrence, AutoRenewOffEnding(sub, At("2027-01-20T12:00:00Z"), {})->occurrence);
  EXPECT_FALSE(AutoRenewOffEnding(Ending("2027-01-31", true), At("2027-01-10T00:00:00Z"), {}));
  Subscription suspended = sub;
  suspended.status = SubscriptionStatus::kSuspended;
  EXPECT_FALSE(AutoRenewOffEnding(suspended, At("2027-01-10T00:00:00Z"), {}));
}

TEST(AlertRules, RenewingWithUnusedSeatsLooksAtTheSeatsItWillRenew) {
  Subscription sub = Ending("2027-01-31", true);
  const Instant week_before = At("2027-01-24T08:00:00Z");
  EXPECT_TRUE(RenewingWithUnusedSeats(sub, 7, week_before, {}));
  EXPECT_FALSE(RenewingWithUnusedSeats(sub, 10, week_before, {}));
  EXPECT_FALSE(RenewingWithUnusedSeats(sub, 7, At("2027-01-23T08:00:00Z"), {}));
  sub.scheduled = ScheduledChange{.sku_id = SkuId("SPE_E3"), .quantity = 7};
  EXPECT_FALSE(RenewingWithUnusedSeats(sub, 7, week_before, {})) << "scheduled down already";
}

TEST(AlertRules, EachPurchaseLotsWindowClosingIsItsOwnOccurrence) {
  Subscription sub = Ending("2027-11-30", true);
  sub.lots = {{.quantity = 5, .bought_at = At("2026-12-01T10:00:00Z")},
              {.quantity = 3, .bought_at = At("2026-12-02T10:00:00Z")}};
  const auto closing = CancellationWindowsClosing(sub, At("2026-12-07T12:00:00Z"), {});
  ASSERT_EQ(closing.size(), 1u);
  EXPECT_EQ(closing[0].due_at, At("2026-12-08T10:00:00Z"));
  const auto next = CancellationWindowsClosing(sub, At("2026-12-08T12:00:00Z"), {});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_NE(next[0].occurrence, closing[0].occurrence);
  EXPECT_TRUE(CancellationWindowsClosing(sub, At("2026-12-09T11:00:00Z"), {}).empty());
}

TEST(WebhookRetries, BackOffExponentiallyAndGiveUpThreeDaysAfterTheEvent) {
  EXPECT_EQ(webhooks::RetryDelay(1), std::chrono::minutes(1));
  EXPECT_EQ(webhooks::RetryDelay(2), std::chrono::minutes(2));
  EXPECT_EQ(webhooks::RetryDelay(5), std::chrono::minutes(16));
  EXPECT_EQ(webhooks::RetryDelay(30), std::chrono::hours(6));
  const Instant event = At("2026-12-01T00:00:00Z");
  EXPECT_EQ(webhooks::NextAttempt(event, 1, event), event + std::chrono::minutes(1));
  EXPECT_FALSE(webhooks::NextAttempt(event, 20, event + std::chrono::hours(70)));
  EXPECT_TRUE(webhooks::NextAttempt(event, 20, event + std::chrono::hours(60)));
}

TEST(WebhookFilter, AnEmptyFilterReceivesEverythingButTestEvents) {
  WebhookEndpoint all;
  EXPECT_TRUE(Subscribes(all, events::kSubscriptionRenewed));
  EXPECT_FALSE(Subscribes(all, events::kTestCreated));
  WebhookEndpoint some{.events = {"subscription-renewed"}};
  EXPECT_TRUE(Subscribes(some, events::kSubscriptionRenewed));
  EXPECT_FALSE(Subscribes(some, events::kSubscriptionUpdated));
}

}  // namespace
}  // namespace seatshift
