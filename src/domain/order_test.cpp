#include "domain/order.hpp"

#include <gtest/gtest.h>

#include "testing/error_details.hpp"

#include <map>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "testing/dates.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::D;

Uuid IdOf(std::uint8_t kind, std::uint8_t n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[0] = kind;
  bytes[14] = static_cast<std::uint8_t>(n >> 4);
  bytes[15] = n;
  return Uuid(bytes);
}

using testing::FindDetail;

std::vector<SubscriptionId> NewIds(std::size_t n) {
  std::vector<SubscriptionId> ids;
  for (std::size_t i = 0; i < n; ++i)
    ids.emplace_back(IdOf(0x50, static_cast<std::uint8_t>(i + 1)));
  return ids;
}

class PlanOrderTest : public ::testing::Test {
 protected:
  PlanOrderTest() {
    customer_.id = CustomerId(IdOf(0xc0, 1));
    customer_.company_name = "Contoso";
    customer_.domain = "contoso.com";
    customer_.country = "US";
    customer_.currency = "USD";

    Sku e1;
    e1.id = SkuId("STANDARDPACK");
    e1.title = "Office 365 E1";
    e1.minimum_quantity = 1;
    e1.maximum_quantity = 300;
    e1.prices = {{"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 1000},
                 {"USD", TermDuration::kOneMonth, BillingCycle::kMonthly, 1200},
                 {"EUR", TermDuration::kOneYear, BillingCycle::kAnnual, 11000}};
    Sku e3;
    e3.id = SkuId("SPE_E3");
    e3.title = "Microsoft 365 E3";
    e3.minimum_quantity = 5;
    e3.maximum_quantity = 1000;
    e3.prices = {{"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 3600}};
    Sku kaizala;
    kaizala.id = SkuId("KAIZALA_STANDALONE");
    kaizala.title = "Microsoft Kaizala Pro";
    kaizala.prices = {{"USD", TermDuration::kOneYear, BillingCycle::kMonthly, 300}};
    kaizala.end_of_sale = D("2020-07-01");
    kaizala.replacements = {SkuId("STANDARDPACK"), SkuId("SPE_E3")};
    Sku eur_only;
    eur_only.id = SkuId("EUR_ONLY");
    eur_only.title = "Euro only";
    eur_only.prices = {{"EUR", TermDuration::kOneYear, BillingCycle::kMonthly, 500}};
    for (Sku* sku : {&e1, &e3, &kaizala, &eur_only}) skus_[sku->id] = *sku;

    order_.id = OrderId(IdOf(0x0d, 1));
    order_.customer_id = customer_.id;
    order_.created_at = now_;
  }

  SkuLookup Lookup() const {
    return [this](const SkuId& id) -> const Sku* {
      const auto it = skus_.find(id);
      return it == skus_.end() ? nullptr : &it->second;
    };
  }

  Result<std::vector<Subscription>> Place() {
    return PlanOrder(customer_, order_, Lookup(), now_, NewIds(order_.line_items.size()));
  }

  static OrderLineItem Line(int number, const char* offer, std::int64_t quantity) {
    OrderLineItem item;
    item.line_item_number = number;
    item.offer_id = SkuId(offer);
    item.quantity = quantity;
    return item;
  }

  Customer customer_;
  std::map<SkuId, Sku> skus_;
  Order order_;
  Instant now_ = At("2026-03-10T09:30:00Z");
};

// ---- Created subscriptions --------------------------------------------------------------------

TEST_F(PlanOrderTest, CreatesOneSubscriptionPerLineInLineOrder) {
  order_.line_items = {Line(1, "STANDARDPACK", 20), Line(2, "SPE_E3", 5)};
  order_.line_items[1].friendly_name = "E3 for finance";
  const auto result = Place();
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->size(), 2u);
  const std::vector<SubscriptionId> ids = NewIds(2);

  const Subscription& e1 = (*result)[0];
  EXPECT_EQ(e1.id, ids[0]);
  EXPECT_EQ(e1.customer_id, customer_.id);
  EXPECT_EQ(e1.sku_id, SkuId("STANDARDPACK"));
  EXPECT_EQ(e1.quantity, 20);
  EXPECT_EQ(e1.status, SubscriptionStatus::kActive);
  EXPECT_TRUE(e1.auto_renew);
  EXPECT_EQ(e1.order_id, order_.id);
  EXPECT_EQ(e1.created_at, now_);
  EXPECT_EQ(e1.friendly_name, "Office 365 E1");  // defaults to the SKU's title
  EXPECT_EQ(e1.term, TermDuration::kOneYear);
  EXPECT_EQ(e1.billing_cycle, BillingCycle::kMonthly);
  EXPECT_EQ(e1.term_start, D("2026-03-10"));
  EXPECT_EQ(e1.term_end, D("2027-03-09"));
  EXPECT_FALSE(e1.suspended_at.has_value());

  const Subscription& e3 = (*result)[1];
  EXPECT_EQ(e3.id, ids[1]);
  EXPECT_EQ(e3.sku_id, SkuId("SPE_E3"));
  EXPECT_EQ(e3.friendly_name, "E3 for finance");
  EXPECT_EQ(e3.order_id, order_.id);
}

TEST_F(PlanOrderTest, LineItemsLearnTheirSubscriptionIdsAndNames) {
  order_.line_items = {Line(7, "STANDARDPACK", 1), Line(3, "SPE_E3", 5)};
  const auto result = Place();
  ASSERT_TRUE(result.ok());
  const std::vector<SubscriptionId> ids = NewIds(2);
  EXPECT_EQ(order_.line_items[0].subscription_id, ids[0]);
  EXPECT_EQ(order_.line_items[1].subscription_id, ids[1]);
  EXPECT_EQ(order_.line_items[0].friendly_name, "Office 365 E1");
  EXPECT_EQ(order_.line_items[1].friendly_name, "Microsoft 365 E3");
}

TEST_F(PlanOrderTest, MonthlyTermDates) {
  OrderLineItem item = Line(1, "STANDARDPACK", 3);
  item.term = TermDuration::kOneMonth;
  order_.line_items = {item};
  const auto result = Place();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)[0].term, TermDuration::kOneMonth);
  EXPECT_EQ((*result)[0].term_start, D("2026-03-10"));
  EXPECT_EQ((*result)[0].term_end, D("2026-04-09"));
}

TEST_F(PlanOrderTest, TermStartsOnTheUtcDayOfNow) {
  now_ = At("2026-03-10T23:59:59Z");
  order_.line_items = {Line(1, "STANDARDPACK", 3)};
  const auto result = Place();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)[0].term_start, D("2026-03-10"));
}

TEST_F(PlanOrderTest, AHundredLineItemsAreAllowed) {
  for (int i = 1; i <= 100; ++i) order_.line_items.push_back(Line(i, "STANDARDPACK", 1));
  const auto result = Place();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->size(), 100u);
}

// ---- Refusals ---------------------------------------------------------------------------------

TEST_F(PlanOrderTest, EmptyOrderIsBadRequest) {
  const auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(PlanOrderTest, MoreThanAHundredLineItemsIsBadRequest) {
  for (int i = 1; i <= 101; ++i) order_.line_items.push_back(Line(i, "STANDARDPACK", 1));
  const auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(PlanOrderTest, DuplicateLineNumbersAreBadRequest) {
  order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "SPE_E3", 5), Line(1, "SPE_E3", 5)};
  const auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(PlanOrderTest, UnknownOfferIsNotFound) {
  order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "NO_SUCH_OFFER", 1)};
  const auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  const ErrorDetail* offer = FindDetail(result.error(), "offerId");
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(std::get<std::string>(offer->value), "NO_SUCH_OFFER");
}

TEST_F(PlanOrderTest, OfferPastEndOfSaleIsNotPurchasableAndNamesReplacements) {
  order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "KAIZALA_STANDALONE", 1)};
  const auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kOfferNotPurchasable);
  const ErrorDetail* replacements = FindDetail(result.error(), "replacementSkuIds");
  ASSERT_NE(replacements, nullptr);
  EXPECT_EQ(std::get<std::vector<std::string>>(replacements->value),
            (std::vector<std::string>{"STANDARDPACK", "SPE_E3"}));
}

TEST_F(PlanOrderTest, QuantityOutsideTheRangeIs2002) {
  for (const std::int64_t quantity : {4, 1001}) {  // SPE_E3 sells 5..1000
    order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "SPE_E3", quantity)};
    const auto result = Place();
    ASSERT_FALSE(result.ok()) << quantity;
    EXPECT_EQ(result.error().code, ErrorCode::kQuantityOutOfRange) << quantity;
  }
  order_.line_items = {Line(1, "SPE_E3", 5), Line(2, "SPE_E3", 1000)};
  EXPECT_TRUE(Place().ok());
}

TEST_F(PlanOrderTest, NoPriceInTheCustomersCurrencyIsPriceNotFound) {
  order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "EUR_ONLY", 1)};
  const auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPriceNotFound);
  const ErrorDetail* currency = FindDetail(result.error(), "currency");
  ASSERT_NE(currency, nullptr);
  EXPECT_EQ(std::get<std::string>(currency->value), "USD");
  const ErrorDetail* offer = FindDetail(result.error(), "offerId");
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(std::get<std::string>(offer->value), "EUR_ONLY");
}

TEST_F(PlanOrderTest, NoPriceForTheTermAndCycleIsPriceNotFound) {
  OrderLineItem annual = Line(1, "SPE_E3", 5);
  annual.billing_cycle = BillingCycle::kAnnual;
  order_.line_items = {annual};
  auto result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPriceNotFound);

  OrderLineItem monthly_term = Line(1, "SPE_E3", 5);
  monthly_term.term = TermDuration::kOneMonth;
  order_.line_items = {monthly_term};
  result = Place();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPriceNotFound);
}

TEST_F(PlanOrderTest, TheSamePriceListServesAnotherCurrencysCustomer) {
  customer_.currency = "EUR";
  OrderLineItem item = Line(1, "STANDARDPACK", 1);
  item.billing_cycle = BillingCycle::kAnnual;
  order_.line_items = {item};
  EXPECT_TRUE(Place().ok());
}

TEST_F(PlanOrderTest, OneIdPerLineItemIsRequired) {
  order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "SPE_E3", 5)};
  const auto result = PlanOrder(customer_, order_, Lookup(), now_, NewIds(1));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInternal);
}

TEST_F(PlanOrderTest, AFailingLastLineRefusesTheWholeOrder) {
  order_.line_items = {Line(1, "STANDARDPACK", 1), Line(2, "SPE_E3", 5), Line(3, "SPE_E3", 0)};
  const auto result = Place();
  ASSERT_FALSE(result.ok());  // no subscriptions at all, not the first two
  EXPECT_EQ(result.error().code, ErrorCode::kQuantityOutOfRange);
}

}  // namespace
}  // namespace seatshift
