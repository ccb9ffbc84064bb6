#include "domain/subscription.hpp"

#include <gtest/gtest.h>

#include "testing/error_details.hpp"

#include <array>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "testing/dates.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::D;

using S = SubscriptionStatus;

using testing::FindDetail;

Uuid IdOf(std::uint8_t n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[0] = 0x01;
  bytes[15] = n;
  return Uuid(bytes);
}

// Sold until 2026-07-01 (end of sale), 1..300 seats, replaced by SPE_E3.
Sku Retiring() {
  Sku sku;
  sku.id = SkuId("KAIZALA_STANDALONE");
  sku.product_id = ProductId("kaizala");
  sku.title = "Microsoft Kaizala Pro";
  sku.minimum_quantity = 1;
  sku.maximum_quantity = 300;
  sku.prices = {{"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 300}};
  sku.end_of_sale = D("2026-07-01");
  sku.replacements = {SkuId("SPE_E3"), SkuId("O365_BUSINESS_PREMIUM")};
  sku.commerce = Commerce::kLegacy;  // Kaizala Pro: seats go down at any time
  return sku;
}

Subscription ActiveSub() {
  Subscription sub;
  sub.id = SubscriptionId(IdOf(1));
  sub.customer_id = CustomerId(IdOf(2));
  sub.sku_id = SkuId("KAIZALA_STANDALONE");
  sub.friendly_name = "Kaizala for sales";
  sub.quantity = 10;
  sub.status = S::kActive;
  sub.term_start = D("2025-03-15");
  sub.term_end = D("2026-03-14");
  sub.term = TermDuration::kOneYear;
  sub.billing_cycle = BillingCycle::kMonthly;
  sub.auto_renew = true;
  sub.created_at = At("2025-03-15T08:00:00Z");
  sub.status_changed_at = At("2025-03-15T08:00:00Z");
  sub.version = 7;
  return sub;
}

Subscription WithStatus(S status) {
  Subscription sub = ActiveSub();
  sub.status = status;
  if (status == S::kSuspended) {
    sub.suspended_at = At("2026-02-01T12:00:00Z");
    sub.suspension_reasons = {"partner"};
  }
  return sub;
}

constexpr std::array<S, 5> kAll = {S::kActive, S::kSuspended, S::kExpired, S::kDisabled,
                                   S::kDeleted};

// ---- Status names -----------------------------------------------------------------------------

TEST(SubscriptionStatusNames, RoundTrip) {
  EXPECT_EQ(ToString(S::kActive), "active");
  EXPECT_EQ(ToString(S::kSuspended), "suspended");
  EXPECT_EQ(ToString(S::kExpired), "expired");
  EXPECT_EQ(ToString(S::kDisabled), "disabled");
  EXPECT_EQ(ToString(S::kDeleted), "deleted");
  for (const S s : kAll) EXPECT_EQ(ParseSubscriptionStatus(ToString(s)), s);
  EXPECT_EQ(ParseSubscriptionStatus("Active"), std::nullopt);
  EXPECT_EQ(ParseSubscriptionStatus("deprovisioned"), std::nullopt);
  EXPECT_EQ(ParseSubscriptionStatus(""), std::nullopt);
}

// ---- Transition matrix ------------------------------------------------------------------------

TEST(IsAllowedTransition, FullMatrix) {
  // Rows: from; columns: to, in the order active, suspended, expired, disabled, deleted.
  constexpr bool kExpected[5][5] = {
      /* active    */ {true, true, true, false, false},
      /* suspended */ {true, false, false, false, true},
      /* expired   */ {false, false, false, true, false},
      /* disabled  */ {false, false, false, false, true},
      /* deleted   */ {false, false, false, false, false},
  };
  for (std::size_t from = 0; from < kAll.size(); ++from) {
    for (std::size_t to = 0; to < kAll.size(); ++to) {
      EXPECT_EQ(IsAllowedTransition(kAll[from], kAll[to]), kExpected[from][to])
          << ToString(kAll[from]) << " -> " << ToString(kAll[to]);
    }
  }
}

// ---- Suspend ----------------------------------------------------------------------------------

TEST(Suspend, ActiveBecomesSuspendedWithTimeAndReason) {
  const Instant now = At("2026-03-01T10:00:00Z");
  const auto result = Suspend(ActiveSub(), now, 0, false, "migrated to SPE_E3");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, S::kSuspended);
  EXPECT_EQ(result->suspended_at, now);
  EXPECT_EQ(result->status_changed_at, now);
  EXPECT_EQ(result->suspension_reasons, std::vector<std::string>{"migrated to SPE_E3"});
  EXPECT_EQ(result->quantity, 10);
  EXPECT_EQ(result->auto_renew, true);
}

TEST(Suspend, DefaultReasonIsPartner) {
  const auto result = Suspend(ActiveSub(), At("2026-03-01T10:00:00Z"), 0, false, "");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->suspension_reasons, std::vector<std::string>{"partner"});
}

TEST(Suspend, DeprovisionAt120DaysLater) {
  const Instant now = At("2026-03-01T10:00:00Z");
  const auto result = Suspend(ActiveSub(), now, 0, false, "partner");
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(result->DeprovisionAt().has_value());
  EXPECT_EQ(*result->DeprovisionAt(), now + std::chrono::days(120));
  EXPECT_EQ(*result->DeprovisionAt(), At("2026-06-29T10:00:00Z"));
}

TEST(DeprovisionAt, OnlyWhileSuspended) {
  EXPECT_EQ(ActiveSub().DeprovisionAt(), std::nullopt);
  Subscription suspended_without_time = WithStatus(S::kSuspended);
  suspended_without_time.suspended_at.reset();
  EXPECT_EQ(suspended_without_time.DeprovisionAt(), std::nullopt);
  Subscription expired = WithStatus(S::kExpired);
  expired.suspended_at = At("2026-02-01T12:00:00Z");
  EXPECT_EQ(expired.DeprovisionAt(), std::nullopt);
}

TEST(Suspend, RefusedWhileLicensesDependOnIt) {
  const auto result = Suspend(ActiveSub(), At("2026-03-01T10:00:00Z"), 3, false, "partner");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kLicensesStillAssigned);
  EXPECT_EQ(Describe(result.error().code).api_code, "licensesStillAssigned");
  const ErrorDetail* count = FindDetail(result.error(), "count");
  ASSERT_NE(count, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(count->value), 3);
}

TEST(Suspend, ForceOverridesAssignedLicenses) {
  const Instant now = At("2026-03-01T10:00:00Z");
  const auto result = Suspend(ActiveSub(), now, 3, true, "partner");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, S::kSuspended);
  EXPECT_EQ(result->suspended_at, now);
}

TEST(Suspend, TwiceIsANoOp) {
  const Subscription suspended = WithStatus(S::kSuspended);
  const auto result = Suspend(suspended, At("2026-03-20T10:00:00Z"), 5, false, "again");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, suspended);  // same suspension time, reason, deprovision date
}

TEST(Suspend, DeletedIs2011) {
  const auto result = Suspend(WithStatus(S::kDeleted), At("2026-03-01T10:00:00Z"), 0, true, "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kSubscriptionDeleted);
  EXPECT_EQ(Describe(result.error().code).api_code, "2011");
}

TEST(Suspend, ExpiredAndDisabledAreInvalidTransitions) {
  for (const S status : {S::kExpired, S::kDisabled}) {
    const auto result = Suspend(WithStatus(status), At("2026-03-01T10:00:00Z"), 0, true, "");
    ASSERT_FALSE(result.ok()) << ToString(status);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidStatusTransition) << ToString(status);
  }
}

// ---- Reactivate -------------------------------------------------------------------------------

TEST(Reactivate, SuspendedBecomesActiveAndForgetsTheSuspension) {
  const Instant now = At("2026-03-01T10:00:00Z");
  const auto result = Reactivate(WithStatus(S::kSuspended), now);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, S::kActive);
  EXPECT_EQ(result->suspended_at, std::nullopt);
  EXPECT_TRUE(result->suspension_reasons.empty());
  EXPECT_EQ(result->status_changed_at, now);
  EXPECT_EQ(result->DeprovisionAt(), std::nullopt);
}

TEST(Reactivate, AllowedUntilTheSecondBeforeDeprovisioning) {
  Subscription sub = WithStatus(S::kSuspended);  // suspended 2026-02-01T12:00:00Z
  sub.term_end = D("2027-03-14");                // renewed while suspended
  const Instant deadline = *sub.DeprovisionAt();
  EXPECT_EQ(deadline, At("2026-06-01T12:00:00Z"));
  EXPECT_TRUE(Reactivate(sub, deadline - std::chrono::seconds(1)).ok());
}

TEST(Reactivate, RefusedOnAndAfterTheDeprovisionInstant) {
  const Subscription sub = WithStatus(S::kSuspended);
  const Instant deadline = *sub.DeprovisionAt();
  for (const Instant now :
       {deadline, deadline + std::chrono::seconds(1), deadline + std::chrono::days(30)}) {
    const auto result = Reactivate(sub, now);
    ASSERT_FALSE(result.ok()) << FormatInstant(now);
    EXPECT_EQ(result.error().code, ErrorCode::kSubscriptionDeleted) << FormatInstant(now);
  }
}

TEST(Reactivate, RefusedOnceTheTermEndedWhileSuspended) {
  const Subscription sub = WithStatus(S::kSuspended);  // term ended 2026-03-14, not renewed
  EXPECT_TRUE(Reactivate(sub, At("2026-03-14T23:59:59Z")).ok());
  const auto result = Reactivate(sub, At("2026-03-15T00:00:00Z"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidStatusTransition);
}

TEST(Reactivate, DeletedIs2011) {
  const auto result = Reactivate(WithStatus(S::kDeleted), At("2026-03-01T10:00:00Z"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kSubscriptionDeleted);
}

TEST(Reactivate, ExpiredAndDisabledAreInvalidTransitions) {
  for (const S status : {S::kExpired, S::kDisabled}) {
    const auto result = Reactivate(WithStatus(status), At("2026-03-01T10:00:00Z"));
    ASSERT_FALSE(result.ok()) << ToString(status);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidStatusTransition) << ToString(status);
  }
}

TEST(Reactivate, ActiveIsANoOp) {
  const auto result = Reactivate(ActiveSub(), At("2026-03-01T10:00:00Z"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, ActiveSub());
}

// ---- ChangeQuantity ---------------------------------------------------------------------------

TEST(ChangeQuantity, IncreaseBeforeEndOfSale) {
  const auto result = ChangeQuantity(ActiveSub(), Retiring(), 25, 8, D("2026-06-30"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->quantity, 25);
  EXPECT_EQ(result->status, S::kActive);
}

TEST(ChangeQuantity, SuspendedIs800091) {
  const auto result = ChangeQuantity(WithStatus(S::kSuspended), Retiring(), 12, 0, D("2026-03-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kSubscriptionSuspended);
  EXPECT_EQ(Describe(result.error().code).api_code, "800091");
}

TEST(ChangeQuantity, DeletedIs2011) {
  const auto result = ChangeQuantity(WithStatus(S::kDeleted), Retiring(), 12, 0, D("2026-03-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kSubscriptionDeleted);
}

TEST(ChangeQuantity, ExpiredAndDisabledAreInvalidTransitions) {
  for (const S status : {S::kExpired, S::kDisabled}) {
    const auto result = ChangeQuantity(WithStatus(status), Retiring(), 12, 0, D("2026-03-01"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidStatusTransition);
  }
}

TEST(ChangeQuantity, BelowAssignedIs800090) {
  const auto result = ChangeQuantity(ActiveSub(), Retiring(), 7, 8, D("2026-03-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kQuantityBelowAssigned);
  EXPECT_EQ(Describe(result.error().code).api_code, "800090");
  const ErrorDetail* assigned = FindDetail(result.error(), "assigned");
  const ErrorDetail* requested = FindDetail(result.error(), "requested");
  ASSERT_NE(assigned, nullptr);
  ASSERT_NE(requested, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(assigned->value), 8);
  EXPECT_EQ(std::get<std::int64_t>(requested->value), 7);
}

TEST(ChangeQuantity, EqualToAssignedIsAllowed) {
  const auto result = ChangeQuantity(ActiveSub(), Retiring(), 8, 8, D("2026-03-01"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->quantity, 8);
}

TEST(ChangeQuantity, OutOfRangeIs2002) {
  for (const std::int64_t quantity : {0, 301}) {
    const auto result = ChangeQuantity(ActiveSub(), Retiring(), quantity, 0, D("2026-03-01"));
    ASSERT_FALSE(result.ok()) << quantity;
    EXPECT_EQ(result.error().code, ErrorCode::kQuantityOutOfRange) << quantity;
  }
  EXPECT_TRUE(ChangeQuantity(ActiveSub(), Retiring(), 1, 0, D("2026-03-01")).ok());
  EXPECT_TRUE(ChangeQuantity(ActiveSub(), Retiring(), 300, 0, D("2026-03-01")).ok());
}

TEST(ChangeQuantity, IncreasePastEndOfSaleIsANewPurchaseAndRefused) {
  for (const char* today : {"2026-07-01", "2026-12-01"}) {
    const auto result = ChangeQuantity(ActiveSub(), Retiring(), 11, 0, D(today));
    ASSERT_FALSE(result.ok()) << today;
    EXPECT_EQ(result.error().code, ErrorCode::kOfferNotPurchasable) << today;
    const ErrorDetail* replacements = FindDetail(result.error(), "replacementSkuIds");
    ASSERT_NE(replacements, nullptr);
    EXPECT_EQ(std::get<std::vector<std::string>>(replacements->value),
              (std::vector<std::string>{"SPE_E3", "O365_BUSINESS_PREMIUM"}));
  }
}

TEST(ChangeQuantity, DecreaseOrSameQuantityPastEndOfSaleIsAllowed) {
  const auto smaller = ChangeQuantity(ActiveSub(), Retiring(), 4, 4, D("2026-07-01"));
  ASSERT_TRUE(smaller.ok());
  EXPECT_EQ(smaller->quantity, 4);
  const auto same = ChangeQuantity(ActiveSub(), Retiring(), 10, 4, D("2026-07-01"));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->quantity, 10);
}

// ---- ChangeAutoRenew --------------------------------------------------------------------------

TEST(ChangeAutoRenew, EnablePastEndOfSaleIs800093) {
  Subscription sub = ActiveSub();
  sub.auto_renew = false;
  for (const char* today : {"2026-07-01", "2027-01-01"}) {
    const auto result = ChangeAutoRenew(sub, Retiring(), true, D(today));
    ASSERT_FALSE(result.ok()) << today;
    EXPECT_EQ(result.error().code, ErrorCode::kAutoRenewLocked) << today;
    EXPECT_EQ(Describe(result.error().code).api_code, "800093");
    const ErrorDetail* replacements = FindDetail(result.error(), "replacementSkuIds");
    ASSERT_NE(replacements, nullptr);
    EXPECT_EQ(std::get<std::vector<std::string>>(replacements->value),
              (std::vector<std::string>{"SPE_E3", "O365_BUSINESS_PREMIUM"}));
  }
}

TEST(ChangeAutoRenew, EnableBeforeEndOfSaleIsAllowed) {
  Subscription sub = ActiveSub();
  sub.auto_renew = false;
  const auto result = ChangeAutoRenew(sub, Retiring(), true, D("2026-06-30"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->auto_renew);
}

TEST(ChangeAutoRenew, DisableIsAlwaysAllowedOnAnActiveSubscription) {
  for (const char* today : {"2026-06-30", "2026-07-01", "2027-01-01"}) {
    const auto result = ChangeAutoRenew(ActiveSub(), Retiring(), false, D(today));
    ASSERT_TRUE(result.ok()) << today;
    EXPECT_FALSE(result->auto_renew);
  }
}

TEST(ChangeAutoRenew, SuspendedIs800091AndDeletedIs2011) {
  const auto suspended =
      ChangeAutoRenew(WithStatus(S::kSuspended), Retiring(), false, D("2026-03-01"));
  ASSERT_FALSE(suspended.ok());
  EXPECT_EQ(suspended.error().code, ErrorCode::kSubscriptionSuspended);
  const auto deleted = ChangeAutoRenew(WithStatus(S::kDeleted), Retiring(), false, D("2026-03-01"));
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, ErrorCode::kSubscriptionDeleted);
}

// ---- Rename -----------------------------------------------------------------------------------

TEST(Rename, AcceptsPrintableNamesUpTo200Bytes) {
  const auto result = Rename(ActiveSub(), "Kaizala – Büro Wien");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->friendly_name, "Kaizala – Büro Wien");
  EXPECT_TRUE(Rename(ActiveSub(), std::string(200, 'x')).ok());
  EXPECT_TRUE(Rename(ActiveSub(), "x").ok());
}

TEST(Rename, RefusesEmptyTooLongAndControlCharacters) {
  for (const std::string& name :
       {std::string(), std::string(201, 'x'), std::string("a\nb"), std::string("tab\there"),
        std::string("del\x7f"), std::string("nul\0x", 5)}) {
    const auto result = Rename(ActiveSub(), name);
    ASSERT_FALSE(result.ok()) << name.size();
    EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
    const ErrorDetail* field = FindDetail(result.error(), "field");
    ASSERT_NE(field, nullptr);
    EXPECT_EQ(std::get<std::string>(field->value), "friendlyName");
  }
}

TEST(Rename, SuspendedIs800091) {
  const auto result = Rename(WithStatus(S::kSuspended), "new name");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kSubscriptionSuspended);
}

// ---- End of sale ------------------------------------------------------------------------------

TEST(ApplyEndOfSale, SwitchesAutoRenewOffAndNothingElse) {
  const Subscription before = ActiveSub();
  const Subscription after = ApplyEndOfSale(before);
  EXPECT_FALSE(after.auto_renew);
  Subscription expected = before;
  expected.auto_renew = false;
  EXPECT_EQ(after, expected);
  // ...and it cannot be switched back on.
  const auto again = ChangeAutoRenew(after, Retiring(), true, D("2026-07-01"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAutoRenewLocked);
}

// ---- Version ----------------------------------------------------------------------------------

TEST(SubscriptionChanges, NeverTouchTheVersion) {
  const Instant now = At("2026-03-01T10:00:00Z");
  const Date today = D("2026-03-01");
  const Subscription active = ActiveSub();
  ASSERT_EQ(active.version, 7);

  std::vector<Result<Subscription>> results;
  results.push_back(Suspend(active, now, 0, false, "partner"));
  results.push_back(Suspend(WithStatus(S::kSuspended), now, 0, false, "partner"));
  results.push_back(Reactivate(WithStatus(S::kSuspended), now));
  results.push_back(ChangeQuantity(active, Retiring(), 20, 0, today));
  results.push_back(ChangeAutoRenew(active, Retiring(), false, today));
  results.push_back(Rename(active, "renamed"));
  results.push_back(ApplyEndOfSale(active));
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i;
    EXPECT_EQ(results[i]->version, 7) << i;
  }
}

}  // namespace
}  // namespace seatshift
