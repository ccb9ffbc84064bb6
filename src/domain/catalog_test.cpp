#include "domain/catalog.hpp"

#include <gtest/gtest.h>

#include "testing/error_details.hpp"

#include <string>
#include <vector>

#include "base/error.hpp"
#include "testing/dates.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::D;

ServicePlanId Plan(std::uint8_t n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[15] = n;
  return ServicePlanId(Uuid(bytes));
}

using testing::FindDetail;

// Kaizala Pro as the seed describes it: no new sales from 2020-07-01.
Sku Kaizala() {
  Sku sku;
  sku.id = SkuId("KAIZALA_STANDALONE");
  sku.guid = *Uuid::Parse("0898bdbb-73b0-471a-81e5-20f1fe4dd66e");
  sku.product_id = ProductId("kaizala");
  sku.title = "Microsoft Kaizala Pro";
  sku.minimum_quantity = 5;
  sku.maximum_quantity = 300;
  sku.service_plans = {{Plan(1), "KAIZALA_O365_P3", "Microsoft Kaizala Pro"},
                       {Plan(2), "EXCHANGE_S_FOUNDATION", "Exchange Foundation"}};
  sku.prices = {
      {"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 300},
      {"USD", TermDuration::kOneMonth, BillingCycle::kMonthly, 360},
      {"EUR", TermDuration::kOneYear, BillingCycle::kAnnual, 3000},
  };
  sku.end_of_sale = D("2020-07-01");
  sku.retirement = D("2023-08-31");
  sku.replacements = {SkuId("O365_BUSINESS_ESSENTIALS"), SkuId("SPE_E3")};
  return sku;
}

// ---- Lifecycle status -------------------------------------------------------------------------

TEST(SkuLifecycle, AvailableUntilTheDayBeforeEndOfSale) {
  const Sku sku = Kaizala();
  EXPECT_EQ(sku.StatusOn(D("2019-01-01")), LifecycleStatus::kAvailable);
  EXPECT_EQ(sku.StatusOn(D("2020-06-30")), LifecycleStatus::kAvailable);
  EXPECT_TRUE(sku.IsPurchasableOn(D("2020-06-30")));
}

TEST(SkuLifecycle, EndOfSaleFromItsDayUntilTheDayBeforeRetirement) {
  const Sku sku = Kaizala();
  EXPECT_EQ(sku.StatusOn(D("2020-07-01")), LifecycleStatus::kEndOfSale);
  EXPECT_EQ(sku.StatusOn(D("2020-07-02")), LifecycleStatus::kEndOfSale);
  EXPECT_EQ(sku.StatusOn(D("2023-08-30")), LifecycleStatus::kEndOfSale);
  EXPECT_FALSE(sku.IsPurchasableOn(D("2020-07-01")));
  EXPECT_FALSE(sku.IsPurchasableOn(D("2023-08-30")));
}

TEST(SkuLifecycle, RetiredFromRetirementDayOn) {
  const Sku sku = Kaizala();
  EXPECT_EQ(sku.StatusOn(D("2023-08-31")), LifecycleStatus::kRetired);
  EXPECT_EQ(sku.StatusOn(D("2023-09-01")), LifecycleStatus::kRetired);
  EXPECT_EQ(sku.StatusOn(D("2030-01-01")), LifecycleStatus::kRetired);
  EXPECT_FALSE(sku.IsPurchasableOn(D("2023-08-31")));
}

TEST(SkuLifecycle, WithoutDatesAlwaysAvailable) {
  Sku sku = Kaizala();
  sku.end_of_sale.reset();
  sku.retirement.reset();
  EXPECT_EQ(sku.StatusOn(D("1999-01-01")), LifecycleStatus::kAvailable);
  EXPECT_EQ(sku.StatusOn(D("2099-12-31")), LifecycleStatus::kAvailable);
}

TEST(SkuLifecycle, EndOfSaleWithoutRetirementStaysEndOfSale) {
  Sku sku = Kaizala();
  sku.retirement.reset();
  EXPECT_EQ(sku.StatusOn(D("2099-12-31")), LifecycleStatus::kEndOfSale);
}

TEST(SkuLifecycle, RetirementWithoutEndOfSaleIsRetiredOnItsDay) {
  Sku sku = Kaizala();
  sku.end_of_sale.reset();
  EXPECT_EQ(sku.StatusOn(D("2023-08-30")), LifecycleStatus::kAvailable);
  EXPECT_EQ(sku.StatusOn(D("2023-08-31")), LifecycleStatus::kRetired);
}

// ---- CheckPurchasable -------------------------------------------------------------------------

TEST(CheckPurchasable, OkTheDayBeforeEndOfSale) {
  EXPECT_TRUE(CheckPurchasable(Kaizala(), D("2020-06-30")).ok());
}

TEST(CheckPurchasable, RefusedOnEndOfSaleDayWithReplacementsInDetailsAndMessage) {
  const Status status = CheckPurchasable(Kaizala(), D("2020-07-01"));
  ASSERT_FALSE(status.ok());
  const Error& error = status.error();
  EXPECT_EQ(error.code, ErrorCode::kOfferNotPurchasable);
  EXPECT_EQ(Describe(error.code).api_code, "offerNotPurchasable");

  const ErrorDetail* replacements = FindDetail(error, "replacementSkuIds");
  ASSERT_NE(replacements, nullptr);
  EXPECT_EQ(std::get<std::vector<std::string>>(replacements->value),
            (std::vector<std::string>{"O365_BUSINESS_ESSENTIALS", "SPE_E3"}));
  const ErrorDetail* offer = FindDetail(error, "offerId");
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(std::get<std::string>(offer->value), "KAIZALA_STANDALONE");

  EXPECT_NE(error.message.find("KAIZALA_STANDALONE"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("2020-07-01"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("O365_BUSINESS_ESSENTIALS"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("SPE_E3"), std::string::npos) << error.message;
}

TEST(CheckPurchasable, RefusedAfterRetirementToo) {
  const Status status = CheckPurchasable(Kaizala(), D("2024-01-01"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kOfferNotPurchasable);
  EXPECT_NE(status.error().message.find("SPE_E3"), std::string::npos);
}

TEST(CheckPurchasable, WithoutReplacementsTheListIsEmpty) {
  Sku sku = Kaizala();
  sku.replacements.clear();
  const Status status = CheckPurchasable(sku, D("2021-01-01"));
  ASSERT_FALSE(status.ok());
  const ErrorDetail* replacements = FindDetail(status.error(), "replacementSkuIds");
  ASSERT_NE(replacements, nullptr);
  EXPECT_TRUE(std::get<std::vector<std::string>>(replacements->value).empty());
  EXPECT_EQ(status.error().message.find("replacements"), std::string::npos);
}

// BUG: a SKU with a retirement date but no end-of-sale date passes ValidateSku (and the catalog
// JSON import accepts it), but once retired CheckPurchasable formats `*sku.end_of_sale`, reading
// an empty std::optional (undefined behaviour; the message shows a garbage date).
TEST(CheckPurchasable, RetiredSkuWithoutEndOfSaleDateNamesItsRetirement) {
  Sku sku = Kaizala();
  sku.end_of_sale.reset();
  ASSERT_TRUE(ValidateSku(sku).ok());
  const Status status = CheckPurchasable(sku, D("2023-08-31"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kOfferNotPurchasable);
  EXPECT_NE(status.error().message.find("2023-08-31"), std::string::npos) << status.error().message;
}

// ---- CheckQuantityRange -----------------------------------------------------------------------

TEST(CheckQuantityRange, Boundaries) {
  const Sku sku = Kaizala();  // 5..300
  EXPECT_FALSE(CheckQuantityRange(sku, 4).ok());
  EXPECT_TRUE(CheckQuantityRange(sku, 5).ok());
  EXPECT_TRUE(CheckQuantityRange(sku, 6).ok());
  EXPECT_TRUE(CheckQuantityRange(sku, 299).ok());
  EXPECT_TRUE(CheckQuantityRange(sku, 300).ok());
  EXPECT_FALSE(CheckQuantityRange(sku, 301).ok());
  EXPECT_FALSE(CheckQuantityRange(sku, 0).ok());
  EXPECT_FALSE(CheckQuantityRange(sku, -1).ok());
  EXPECT_FALSE(CheckQuantityRange(sku, std::int64_t{1} << 40).ok());
}

TEST(CheckQuantityRange, ErrorIs2002WithTheRange) {
  for (const std::int64_t quantity : {4, 301}) {
    const Status status = CheckQuantityRange(Kaizala(), quantity);
    ASSERT_FALSE(status.ok());
    const Error& error = status.error();
    EXPECT_EQ(error.code, ErrorCode::kQuantityOutOfRange);
    EXPECT_EQ(Describe(error.code).api_code, "2002");
    const ErrorDetail* min = FindDetail(error, "minimumQuantity");
    const ErrorDetail* max = FindDetail(error, "maximumQuantity");
    ASSERT_NE(min, nullptr);
    ASSERT_NE(max, nullptr);
    EXPECT_EQ(std::get<std::int64_t>(min->value), 5);
    EXPECT_EQ(std::get<std::int64_t>(max->value), 300);
    EXPECT_NE(error.message.find(std::to_string(quantity)), std::string::npos);
  }
}

// ---- ValidateSku ------------------------------------------------------------------------------

void ExpectInvalid(const Sku& sku, const char* why) {
  const Status status = ValidateSku(sku);
  ASSERT_FALSE(status.ok()) << why;
  EXPECT_EQ(status.error().code, ErrorCode::kBadRequest) << why;
  EXPECT_NE(status.error().message.find(sku.id.value()), std::string::npos) << why;
}

TEST(ValidateSku, AcceptsAWellFormedSku) { EXPECT_TRUE(ValidateSku(Kaizala()).ok()); }

TEST(ValidateSku, RefusesEmptyId) {
  Sku sku = Kaizala();
  sku.id = SkuId("");
  const Status status = ValidateSku(sku);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kBadRequest);
}

TEST(ValidateSku, RefusesEmptyTitle) {
  Sku sku = Kaizala();
  sku.title.clear();
  ExpectInvalid(sku, "empty title");
}

TEST(ValidateSku, QuantityRange) {
  Sku sku = Kaizala();
  sku.minimum_quantity = -1;
  ExpectInvalid(sku, "negative minimum");

  sku = Kaizala();
  sku.minimum_quantity = 10;
  sku.maximum_quantity = 9;
  ExpectInvalid(sku, "max below min");

  sku.maximum_quantity = 10;
  EXPECT_TRUE(ValidateSku(sku).ok()) << "min == max is a valid range";

  sku.minimum_quantity = 0;
  EXPECT_TRUE(ValidateSku(sku).ok()) << "a minimum of 0 is allowed";
}

TEST(ValidateSku, RefusesDuplicateServicePlan) {
  Sku sku = Kaizala();
  sku.service_plans.push_back({Plan(1), "OTHER_NAME", "Same id"});
  ExpectInvalid(sku, "duplicate plan");
}

TEST(ValidateSku, RefusesNegativePriceButAcceptsZero) {
  Sku sku = Kaizala();
  sku.prices[1].unit_price = -1;
  ExpectInvalid(sku, "negative price");
  sku.prices[1].unit_price = 0;
  EXPECT_TRUE(ValidateSku(sku).ok());
}

TEST(ValidateSku, RetirementNotBeforeEndOfSale) {
  Sku sku = Kaizala();
  sku.retirement = D("2020-06-30");
  ExpectInvalid(sku, "retirement before end of sale");
  sku.retirement = D("2020-07-01");
  EXPECT_TRUE(ValidateSku(sku).ok()) << "retiring on the end-of-sale day is allowed";
}

TEST(ValidateSku, RefusesBeingItsOwnReplacement) {
  Sku sku = Kaizala();
  sku.replacements.push_back(SkuId("KAIZALA_STANDALONE"));
  ExpectInvalid(sku, "self replacement");
}

// ---- Prices and plans -------------------------------------------------------------------------

PriceQuery Query(std::string_view currency, TermDuration term, BillingCycle billing) {
  return {.market = "US", .currency = currency, .term = term, .billing = billing, .on = Date{}};
}

TEST(SkuSeatPriceFor, CatalogPricesMatchCurrencyTermAndCycleExactly) {
  const Sku sku = Kaizala();
  const auto p = sku.SeatPriceFor(Query("USD", TermDuration::kOneYear, BillingCycle::kMonthly));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->per_period, 300);
  EXPECT_FALSE(p->from_price_list);

  const auto monthly =
      sku.SeatPriceFor(Query("USD", TermDuration::kOneMonth, BillingCycle::kMonthly));
  ASSERT_TRUE(monthly.ok());
  EXPECT_EQ(monthly->per_period, 360);

  // The catalog's prices are per month: an annual period is twelve of them.
  const auto eur = sku.SeatPriceFor(Query("EUR", TermDuration::kOneYear, BillingCycle::kAnnual));
  ASSERT_TRUE(eur.ok());
  EXPECT_EQ(eur->per_period, 3000 * 12);
  EXPECT_EQ(eur->months_per_period, 12);
}

TEST(SkuSeatPriceFor, PriceNotFoundWhenAnyKeyDiffers) {
  const Sku sku = Kaizala();
  for (const PriceQuery& q : {Query("GBP", TermDuration::kOneYear, BillingCycle::kMonthly),
                              Query("usd", TermDuration::kOneYear, BillingCycle::kMonthly),
                              Query("USD", TermDuration::kOneYear, BillingCycle::kAnnual),
                              Query("EUR", TermDuration::kOneMonth, BillingCycle::kAnnual),
                              Query("EUR", TermDuration::kOneYear, BillingCycle::kMonthly)}) {
    const auto p = sku.SeatPriceFor(q);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kPriceNotFound);
  }
}

TEST(SkuHasServicePlan, ById) {
  const Sku sku = Kaizala();
  EXPECT_TRUE(sku.HasServicePlan(Plan(1)));
  EXPECT_TRUE(sku.HasServicePlan(Plan(2)));
  EXPECT_FALSE(sku.HasServicePlan(Plan(3)));
}

// ---- TermEnd ----------------------------------------------------------------------------------

TEST(TermEnd, OneYearEndsTheDayBeforeTheAnniversary) {
  EXPECT_EQ(TermEnd(D("2025-03-15"), TermDuration::kOneYear), D("2026-03-14"));
  EXPECT_EQ(TermEnd(D("2025-01-01"), TermDuration::kOneYear), D("2025-12-31"));
  EXPECT_EQ(TermEnd(D("2023-03-01"), TermDuration::kOneYear), D("2024-02-29"));
}

TEST(TermEnd, OneYearFromLeapDayClampsTheAnniversaryToFebruary28) {
  // 2025-02-29 does not exist: the next term starts on 2025-02-28, so this one ends the day
  // before. The term still lasts 365 days.
  const Date end = TermEnd(D("2024-02-29"), TermDuration::kOneYear);
  EXPECT_EQ(end, D("2025-02-27"));
  EXPECT_EQ((end - D("2024-02-29")).count() + 1, 365);
}

TEST(TermEnd, OneMonthEndsTheDayBeforeTheSameDayNextMonth) {
  EXPECT_EQ(TermEnd(D("2025-03-15"), TermDuration::kOneMonth), D("2025-04-14"));
  EXPECT_EQ(TermEnd(D("2025-03-01"), TermDuration::kOneMonth), D("2025-03-31"));
  EXPECT_EQ(TermEnd(D("2025-12-20"), TermDuration::kOneMonth), D("2026-01-19"));
}

TEST(TermEnd, OneMonthFromJanuary31ClampsToFebruary) {
  EXPECT_EQ(TermEnd(D("2025-01-31"), TermDuration::kOneMonth), D("2025-02-27"));
  EXPECT_EQ(TermEnd(D("2024-01-31"), TermDuration::kOneMonth), D("2024-02-28"));  // leap year
  EXPECT_EQ(TermEnd(D("2025-03-31"), TermDuration::kOneMonth), D("2025-04-29"));
}

TEST(TermEnd, EveryTermHasAPlausibleLengthAndEndsAfterItStarts) {
  for (Date start = D("2023-01-01"); start <= D("2025-12-31"); start += std::chrono::days(1)) {
    const auto monthly = (TermEnd(start, TermDuration::kOneMonth) - start).count() + 1;
    EXPECT_GE(monthly, 28) << FormatDate(start);
    EXPECT_LE(monthly, 31) << FormatDate(start);
    const auto yearly = (TermEnd(start, TermDuration::kOneYear) - start).count() + 1;
    EXPECT_GE(yearly, 365) << FormatDate(start);
    EXPECT_LE(yearly, 366) << FormatDate(start);
  }
}

// ---- Enum strings -----------------------------------------------------------------------------

TEST(CatalogEnums, SegmentRoundTrip) {
  for (const Segment s :
       {Segment::kCommercial, Segment::kEducation, Segment::kFrontline, Segment::kGovernment}) {
    EXPECT_EQ(ParseSegment(ToString(s)), s);
  }
  EXPECT_EQ(ToString(Segment::kCommercial), "commercial");
  EXPECT_EQ(ToString(Segment::kEducation), "education");
  EXPECT_EQ(ToString(Segment::kFrontline), "frontline");
  EXPECT_EQ(ToString(Segment::kGovernment), "government");
  EXPECT_EQ(ParseSegment("Commercial"), std::nullopt);
  EXPECT_EQ(ParseSegment(""), std::nullopt);
  EXPECT_EQ(ParseSegment("charity"), std::nullopt);
}

TEST(CatalogEnums, TermDurationRoundTrip) {
  EXPECT_EQ(ToString(TermDuration::kOneMonth), "P1M");
  EXPECT_EQ(ToString(TermDuration::kOneYear), "P1Y");
  EXPECT_EQ(ParseTermDuration("P1M"), TermDuration::kOneMonth);
  EXPECT_EQ(ParseTermDuration("P1Y"), TermDuration::kOneYear);
  EXPECT_EQ(ParseTermDuration("p1y"), std::nullopt);
  EXPECT_EQ(ParseTermDuration("P3Y"), TermDuration::kThreeYears);
  EXPECT_EQ(ParseTermDuration("P2Y"), std::nullopt);
  EXPECT_EQ(MonthsIn(TermDuration::kThreeYears), 36);
}

TEST(CatalogEnums, BillingCycleRoundTrip) {
  EXPECT_EQ(ToString(BillingCycle::kMonthly), "monthly");
  EXPECT_EQ(ToString(BillingCycle::kAnnual), "annual");
  EXPECT_EQ(ParseBillingCycle("monthly"), BillingCycle::kMonthly);
  EXPECT_EQ(ParseBillingCycle("annual"), BillingCycle::kAnnual);
  EXPECT_EQ(ParseBillingCycle("Monthly"), std::nullopt);
  EXPECT_EQ(ParseBillingCycle("yearly"), std::nullopt);
  EXPECT_EQ(ParseBillingCycle("triennial"), BillingCycle::kTriennial);
  EXPECT_EQ(MonthsIn(BillingCycle::kTriennial), 36);
}

TEST(CatalogEnums, LifecycleStatusNames) {
  EXPECT_EQ(ToString(LifecycleStatus::kAvailable), "available");
  EXPECT_EQ(ToString(LifecycleStatus::kEndOfSale), "end_of_sale");
  EXPECT_EQ(ToString(LifecycleStatus::kRetired), "retired");
}

}  // namespace
}  // namespace seatshift
