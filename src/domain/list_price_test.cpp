#include "domain/list_price.hpp"

#include <gtest/gtest.h>

#include "domain/catalog.hpp"
#include "domain/pricing.hpp"
#include "testing/dates.hpp"

namespace seatshift {
namespace {

constexpr std::string_view kE3 = "CFQ7TTC0LFLX:0001";

ListPrice Row(std::string market, std::string currency, std::int64_t price, Date from) {
  return {.offer_id = std::string(kE3),
          .market = std::move(market),
          .currency = std::move(currency),
          .term = TermDuration::kOneYear,
          .billing = BillingCycle::kMonthly,
          .effective_start = from,
          .unit_price = price};
}

PriceQuery In(std::string_view market, std::string_view currency, Date on,
              std::int64_t quantity = 1) {
  return {.market = market,
          .currency = currency,
          .term = TermDuration::kOneYear,
          .billing = BillingCycle::kMonthly,
          .quantity = quantity,
          .on = on};
}

TEST(IsOfferId, ProductIdColonSkuId) {
  EXPECT_TRUE(IsOfferId("CFQ7TTC0LDPB:0001"));
  EXPECT_TRUE(IsOfferId("CFQ7TTC0LH18:000P"));
  EXPECT_FALSE(IsOfferId("CFQ7TTC0LDPB"));
  EXPECT_FALSE(IsOfferId("cfq7ttc0ldpb:0001"));
  EXPECT_FALSE(IsOfferId("CFQ7TTC0LDPB:001"));
  EXPECT_FALSE(IsOfferId("CFQ7TTC0LDPB-0001"));
}

TEST(SelectListPrice, TheMarketsOwnRowNeverAnothersNorAnotherCurrency) {
  const std::vector<ListPrice> rows{Row("US", "USD", 3600, testing::D("2026-12-01")),
                                    Row("TR", "USD", 3500, testing::D("2026-12-01")),
                                    Row("DE", "EUR", 3420, testing::D("2026-12-01"))};
  EXPECT_EQ(SelectListPrice(rows, In("TR", "USD", testing::D("2026-12-05")))->unit_price, 3500);
  EXPECT_EQ(SelectListPrice(rows, In("DE", "EUR", testing::D("2026-12-05")))->unit_price, 3420);
  EXPECT_EQ(SelectListPrice(rows, In("FR", "EUR", testing::D("2026-12-05"))), nullptr);
  EXPECT_EQ(SelectListPrice(rows, In("DE", "USD", testing::D("2026-12-05"))), nullptr);
}

TEST(SelectListPrice, ThePriceInEffectOnTheDay) {
  ListPrice december = Row("US", "USD", 3600, testing::D("2026-12-01"));
  december.effective_end = testing::D("2027-01-31");
  const std::vector<ListPrice> rows{december, Row("US", "USD", 3780, testing::D("2027-02-01"))};
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", testing::D("2026-11-30"))), nullptr)
      << "before the first row starts there is no price";
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", testing::D("2027-01-31")))->unit_price, 3600);
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", testing::D("2027-02-01")))->unit_price, 3780);
}

TEST(SelectListPrice, OverlappingRowsTheOneThatStartedLast) {
  const std::vector<ListPrice> rows{Row("US", "USD", 3600, testing::D("2026-12-01")),
                                    Row("US", "USD", 3780, testing::D("2027-02-01"))};
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", testing::D("2027-03-01")))->unit_price, 3780);
}

TEST(SelectListPrice, TiersByQuantity) {
  ListPrice small = Row("US", "USD", 600, testing::D("2026-12-01"));
  small.tier_min = 1;
  small.tier_max = 300;
  ListPrice large = Row("US", "USD", 550, testing::D("2026-12-01"));
  large.tier_min = 301;
  const std::vector<ListPrice> rows{small, large};
  const Date day = testing::D("2026-12-02");
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", day, 300))->unit_price, 600);
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", day, 301))->unit_price, 550);
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", day, 0)), nullptr);
}

TEST(SelectListPrice, ABlankBillingPlanIsOnePaymentForTheTerm) {
  ListPrice once = Row("US", "USD", 43200, testing::D("2026-12-01"));
  once.billing.reset();
  const std::vector<ListPrice> rows{once};
  PriceQuery annual = In("US", "USD", testing::D("2026-12-02"));
  annual.billing = BillingCycle::kAnnual;
  EXPECT_EQ(SelectListPrice(rows, annual)->unit_price, 43200);
  EXPECT_EQ(SelectListPrice(rows, In("US", "USD", testing::D("2026-12-02"))), nullptr)
      << "monthly billing of a one-year term is not one payment";
}

TEST(SkuSeatPriceFor, ThePriceListAlonePricesAnOfferItHasRowsFor) {
  Sku sku;
  sku.id = SkuId("SPE_E3");
  sku.offer_id = std::string(kE3);
  sku.prices.push_back({"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 9999});
  sku.list_prices.push_back(Row("US", "USD", 3600, testing::D("2026-12-01")));
  const auto us = sku.SeatPriceFor(In("US", "USD", testing::D("2026-12-02")));
  ASSERT_TRUE(us.ok());
  EXPECT_EQ(us->per_period, 3600);
  EXPECT_TRUE(us->from_price_list);
  const auto tr = sku.SeatPriceFor(In("TR", "USD", testing::D("2026-12-02")));
  ASSERT_FALSE(tr.ok()) << "no row for Turkey: missing, not the catalog's 99.99";
  EXPECT_EQ(tr.error().code, ErrorCode::kPriceNotFound);
}

TEST(MonthlyAmount, SpreadsAPeriodOverItsMonths) {
  EXPECT_EQ(MonthlyAmount({.per_period = 43200, .months_per_period = 12}, 3), 10800);
  EXPECT_EQ(MonthlyAmount({.per_period = 100, .months_per_period = 12}, 1), 8)
      << "8.33 rounds to 8";
  EXPECT_EQ(MonthlyAmount({.per_period = 3600, .months_per_period = 1}, 2), 7200);
}

TEST(Resale, MarginOverCostElseErpElseCost) {
  const SeatPrice price{.currency = "USD", .per_period = 3600, .erp_per_period = 4320};
  EXPECT_EQ(Resale(price, std::nullopt)->resale, 4320);
  EXPECT_EQ(Resale(price, 1250)->resale, 4050);
  EXPECT_EQ(Resale(price, 1250)->cost, 3600);
  EXPECT_EQ(Resale({.currency = "USD", .per_period = 3600}, std::nullopt)->resale, 3600);
  EXPECT_EQ(Resale({.currency = "USD", .per_period = 999}, 1250)->resale, 1124)
      << "1123.875 rounds half away from zero";
}

TEST(MarginFor, CustomerThenProductThenSegment) {
  Buyer buyer{
      .customer_id = "c1", .country = "TR", .currency = "USD", .segment = Segment::kCommercial};
  buyer.margins = {{MarginScope::kSegment, "commercial", 1000},
                   {MarginScope::kProduct, "microsoft-365-e3", 1500}};
  EXPECT_EQ(MarginFor(buyer, ProductId("microsoft-365-e3")), 1500);
  EXPECT_EQ(MarginFor(buyer, ProductId("office-365-e1")), 1000);
  buyer.margins.push_back({MarginScope::kCustomer, "c1", 500});
  EXPECT_EQ(MarginFor(buyer, ProductId("microsoft-365-e3")), 500);
  buyer.segment = Segment::kEducation;
  buyer.customer_id = "c2";
  EXPECT_EQ(MarginFor(buyer, ProductId("office-365-e1")), std::nullopt);
}

TEST(ValidateMarginRule, RefusesUnknownSegmentsAndWildMargins) {
  EXPECT_TRUE(ValidateMarginRule({MarginScope::kSegment, "education", 1250}).ok());
  EXPECT_FALSE(ValidateMarginRule({MarginScope::kSegment, "schools", 1250}).ok());
  EXPECT_FALSE(ValidateMarginRule({MarginScope::kProduct, "", 1250}).ok());
  EXPECT_FALSE(ValidateMarginRule({MarginScope::kCustomer, "c1", -10001}).ok());
  EXPECT_FALSE(ValidateMarginRule({MarginScope::kCustomer, "c1", 100001}).ok());
}

}  // namespace
}  // namespace seatshift
