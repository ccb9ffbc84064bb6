// The migration planner on a small hand-built catalog shaped like the real one: a retired
// source whose only plan is KAIZALA_STANDALONE; Business plans (capped at 300 seats), one
// without Kaizala; Enterprise, education and frontline plans with other Kaizala tiers.
#include "domain/migration_plan.hpp"

#include <gtest/gtest.h>

#include <map>

#include "domain/migration.hpp"
#include "domain/migration_recommend.hpp"

namespace seatshift {
namespace {

using Code = MigrationWarningCode;

Date D(const char* text) { return *ParseDate(text); }

//! A fresh id for each call.
template <typename Id>
Id NewId() {
  static std::uint64_t next = 1;
  ++next;
  return Id(Uuid::V7(next, 0, next));
}

ServicePlanId PlanId(const char* uuid) { return ServicePlanId(*Uuid::Parse(uuid)); }

const ServicePlan kKaizala{PlanId("0898bdbb-73b0-471a-81e5-20f1fe4dd66e"), "KAIZALA_STANDALONE",
                           "Microsoft Kaizala Pro"};
const ServicePlan kKaizalaP1{PlanId("73b2a583-6a59-42e3-8e83-54db46bc3278"), "KAIZALA_O365_P1",
                             "Microsoft Kaizala Pro Plan 1"};
const ServicePlan kKaizalaP2{PlanId("54fc630f-5a40-48ee-8965-af0503c1386e"), "KAIZALA_O365_P2",
                             "Microsoft Kaizala Pro"};
const ServicePlan kExchange{PlanId("9aaf7827-d63c-4b61-89c3-182f06f82e5c"), "EXCHANGE_S_STANDARD",
                            "Exchange Online (Plan 1)"};

Sku MakeSku(const char* id, Segment segment, int max, std::vector<ServicePlan> plans,
            std::int64_t usd) {
  Sku sku;
  sku.id = SkuId(id);
  sku.title = id;
  sku.segment = segment;
  sku.maximum_quantity = max;
  sku.service_plans = std::move(plans);
  sku.prices = {{.currency = "USD", .unit_price = usd},
                {.currency = "USD", .term = TermDuration::kOneMonth, .unit_price = usd * 12 / 10}};
  return sku;
}

class MigrationPlanTest : public ::testing::Test {
 protected:
  MigrationPlanTest() {
    source_ = MakeSku("OLD", Segment::kCommercial, 10000, {kKaizala, kExchange}, 300);
    source_.end_of_sale = D("2020-07-01");
    source_.prices.push_back({.currency = "EUR", .unit_price = 280});
    for (Sku sku : {MakeSku("BASIC", Segment::kCommercial, 300, {kExchange}, 600),
                    MakeSku("STANDARD", Segment::kCommercial, 300, {kExchange, kKaizalaP2}, 1250),
                    MakeSku("E1", Segment::kCommercial, 10000, {kExchange, kKaizalaP2}, 1000),
                    MakeSku("E5", Segment::kCommercial, 10000, {kExchange, kKaizala}, 5700),
                    MakeSku("A1", Segment::kEducation, 10000, {kExchange}, 0),
                    MakeSku("A3", Segment::kEducation, 10000, {kExchange, kKaizalaP2}, 650),
                    MakeSku("F3", Segment::kFrontline, 10000, {kExchange, kKaizalaP1}, 800)}) {
      source_.replacements.push_back(sku.id);
      catalog_[sku.id] = std::move(sku);
    }
    estate_.customer = {.id = NewId<CustomerId>(),
                        .company_name = "Contoso",
                        .segment = Segment::kCommercial,
                        .currency = "USD"};
    estate_.today = D("2026-11-25");
  }

  Sku& Find(const char* id) { return catalog_.at(SkuId(id)); }
  SkuLookup Lookup() {
    return [this](const SkuId& id) -> const Sku* {
      const auto it = catalog_.find(id);
      return it == catalog_.end() ? nullptr : &it->second;
    };
  }

  //! A copy: the estate's vector may move its elements on the next Hold.
  Subscription Hold(const char* sku, std::int64_t quantity, const char* term_end = "2027-03-31",
                    SubscriptionStatus status = SubscriptionStatus::kActive) {
    estate_.subscriptions.push_back({.id = NewId<SubscriptionId>(),
                                     .customer_id = estate_.customer.id,
                                     .sku_id = SkuId(sku),
                                     .quantity = quantity,
                                     .status = status,
                                     .term_start = D(term_end) - std::chrono::days(364),
                                     .term_end = D(term_end)});
    return estate_.subscriptions.back();
  }
  //! `users` users holding the source license, the first `without_kaizala` with Kaizala off.
  void Users(int users, int without_kaizala = 0) {
    if (without_kaizala > 0) {
      estate_.source_licenses.push_back({source_.id, {kKaizala.id}, without_kaizala});
    }
    if (users > without_kaizala) {
      estate_.source_licenses.push_back({source_.id, {}, users - without_kaizala});
    }
    estate_.assigned_licenses[source_.id] = users;
  }
  TargetChoice Recommended(SeatPolicy policy = SeatPolicy::kAssigned) {
    auto choice = Recommend(source_, Lookup(), estate_, policy);
    EXPECT_TRUE(choice.ok()) << choice.error().message;
    return choice.ok() ? *choice : TargetChoice{SkuId("<error>"), ""};
  }
  CustomerMigrationPlan Plan(const char* target, SeatPolicy policy = SeatPolicy::kAssigned) {
    return PlanCustomer(source_, Find(target), estate_, policy);
  }

  Sku source_;
  std::map<SkuId, Sku> catalog_;
  CustomerEstate estate_;
};

std::vector<Code> Codes(const CustomerMigrationPlan& plan) {
  std::vector<Code> out;
  for (const auto& w : plan.warnings) out.push_back(w.code);
  return out;
}

// ---- Inputs ---------------------------------------------------------------------------------

TEST(SeatPolicyTest, RoundTrips) {
  for (SeatPolicy p : {SeatPolicy::kAssigned, SeatPolicy::kSourceQuantity}) {
    EXPECT_EQ(ParseSeatPolicy(ToString(p)), p);
  }
  EXPECT_EQ(ToString(SeatPolicy::kSourceQuantity), "source_quantity");
  EXPECT_EQ(ParseSeatPolicy("Assigned"), std::nullopt);
}

TEST(MigrationStatusTest, SettledAreTheStatusesNoExecutorMovesOn) {
  for (MigrationStatus s :
       {MigrationStatus::kPlanned, MigrationStatus::kRunning, MigrationStatus::kPaused}) {
    EXPECT_FALSE(IsSettled(s)) << ToString(s);
  }
  for (MigrationStatus s : {MigrationStatus::kCompleted, MigrationStatus::kCompletedWithErrors,
                            MigrationStatus::kRolledBack, MigrationStatus::kFailed}) {
    EXPECT_TRUE(IsSettled(s)) << ToString(s);
  }
}

TEST(ServiceOfTest, StripsOnlyTheVendorsTierSuffixes) {
  EXPECT_EQ(ServiceOf("KAIZALA_STANDALONE"), "KAIZALA");
  EXPECT_EQ(ServiceOf("KAIZALA_O365_P3"), "KAIZALA");
  EXPECT_EQ(ServiceOf("FLOW_O365_P12"), "FLOW");
  EXPECT_EQ(ServiceOf("FLOW_O365_PX"), "FLOW_O365_PX");
  EXPECT_EQ(ServiceOf("FLOW_P2"), "FLOW_P2");
  EXPECT_EQ(ServiceOf("EXCHANGE_S_STANDARD"), "EXCHANGE_S_STANDARD");
}

TEST_F(MigrationPlanTest, EnabledPlansAreThoseAnyUserHasOn) {
  Users(2, 2);
  EXPECT_EQ(EnabledServicePlans(source_, estate_.source_licenses),
            std::vector<ServicePlan>{kExchange});
  Users(1);
  EXPECT_EQ(EnabledServicePlans(source_, estate_.source_licenses),
            (std::vector<ServicePlan>{kKaizala, kExchange}));
}

TEST_F(MigrationPlanTest, CoverageComparesIdsThenTheServiceAcrossTiers) {
  const std::vector<ServicePlan> needed{kKaizala, kExchange};
  EXPECT_TRUE(CoverageOf(needed, Find("E5")).KeepsAll());
  EXPECT_TRUE(CoverageOf(needed, Find("E5")).other_tier.empty());
  const PlanCoverage e1 = CoverageOf(needed, Find("E1"));
  EXPECT_TRUE(e1.KeepsAll());
  ASSERT_EQ(e1.other_tier.size(), 1u);
  EXPECT_EQ(e1.other_tier[0].second, kKaizalaP2);
  EXPECT_EQ(CoverageOf(needed, Find("BASIC")).missing, std::vector<ServicePlan>{kKaizala});
}

// ---- Recommend ------------------------------------------------------------------------------

TEST_F(MigrationPlanTest, SmallCommercialGetsTheCheapestBusinessPlanKeepingKaizala) {
  Users(42);
  Hold("OLD", 50);
  const TargetChoice choice = Recommended();
  EXPECT_EQ(choice.target, SkuId("STANDARD"));  // BASIC is cheaper but has no Kaizala
  EXPECT_EQ(choice.reason,
            "commercial, 42 seats ≤ 300: Business family; keeps all 2 service plans users have "
            "(1 as another tier); the only one of 2 candidates that keeps them");
}

TEST_F(MigrationPlanTest, CommercialAbove300SeatsGetsAnEnterprisePlan) {
  Users(120);
  Hold("OLD", 400);
  const TargetChoice choice = Recommended(SeatPolicy::kSourceQuantity);
  EXPECT_EQ(choice.target, SkuId("E1"));  // cheaper than E5; both keep Kaizala
  EXPECT_EQ(choice.reason,
            "commercial, 400 seats > 300: Enterprise family; keeps all 2 service plans users "
            "have (1 as another tier); lowest monthly cost of 2 candidates");
  EXPECT_EQ(Recommended(SeatPolicy::kAssigned).target, SkuId("STANDARD"));
}

TEST_F(MigrationPlanTest, EducationAndFrontlineGetTheirSegmentsPlans) {
  Users(10);
  Hold("OLD", 10);
  estate_.customer.segment = Segment::kEducation;
  EXPECT_EQ(Recommended().target, SkuId("A3"));  // A1 is free but has no Kaizala
  estate_.customer.segment = Segment::kFrontline;
  const TargetChoice frontline = Recommended();
  EXPECT_EQ(frontline.target, SkuId("F3"));
  EXPECT_EQ(frontline.reason,
            "frontline, 10 seats: frontline family; keeps all 2 service plans users have (1 as "
            "another tier); the only candidate");
}

TEST_F(MigrationPlanTest, WithoutEnabledKaizalaTheCheapestWins) {
  Users(5, 5);
  Hold("OLD", 5);
  const TargetChoice choice = Recommended();
  EXPECT_EQ(choice.target, SkuId("BASIC"));
  EXPECT_NE(choice.reason.find("keeps all 1 service plan users have; lowest monthly cost of 2"),
            std::string::npos)
      << choice.reason;
}

TEST_F(MigrationPlanTest, NoCoveringCandidateSaysWhatIsLacking) {
  Users(3);
  Hold("OLD", 3);
  Find("STANDARD").end_of_sale = D("2026-01-01");  // not purchasable any more
  const TargetChoice choice = Recommended();
  EXPECT_EQ(choice.target, SkuId("BASIC"));
  EXPECT_NE(choice.reason.find("no candidate keeps every service plan users have; lacks "
                               "KAIZALA_STANDALONE (Microsoft Kaizala Pro)"),
            std::string::npos)
      << choice.reason;
}

TEST_F(MigrationPlanTest, FallsBackToCommercialWhenTheSegmentHasNoPlanAndSaysSo) {
  Users(10);
  Hold("OLD", 10);
  estate_.customer.segment = Segment::kFrontline;
  Find("F3").prices.clear();  // no price: cannot be recommended
  const TargetChoice choice = Recommended();
  EXPECT_EQ(choice.target, SkuId("STANDARD"));
  EXPECT_EQ(choice.reason.rfind("frontline, 10 seats: no frontline plan available, so the "
                                "Business family;",
                                0),
            0u)
      << choice.reason;
}

TEST_F(MigrationPlanTest, NoQualifyingReplacementIsAnErrorSayingWhy) {
  Users(10);
  Hold("OLD", 10);
  estate_.customer.currency = "GBP";
  auto none = Recommend(source_, Lookup(), estate_, SeatPolicy::kAssigned);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kOfferNotPurchasable);
  EXPECT_EQ(none.error().message,
            "no replacement of OLD is purchasable on 2026-11-25 with a GBP price for term P1Y "
            "billed monthly");

  estate_.customer.currency = "USD";
  source_.replacements = {SkuId("A1"), SkuId("UNKNOWN")};
  auto education_only = Recommend(source_, Lookup(), estate_, SeatPolicy::kAssigned);
  ASSERT_FALSE(education_only.ok());
  EXPECT_EQ(education_only.error().message,
            "no replacement of OLD suits a commercial customer: 1 of them qualify, none of the "
            "Business family");
}

TEST_F(MigrationPlanTest, PricesFollowTheSourceTerm) {
  Users(10);
  Hold("OLD", 10);
  estate_.subscriptions.back().term = TermDuration::kOneMonth;
  Find("STANDARD").prices.pop_back();  // no monthly-term price
  EXPECT_EQ(Recommended().target, SkuId("BASIC"));
}

// ---- PlanCustomer ---------------------------------------------------------------------------

TEST_F(MigrationPlanTest, PurchasePlan) {
  Users(3);
  const Subscription old = Hold("OLD", 5);
  const CustomerMigrationPlan plan = Plan("STANDARD");
  EXPECT_EQ(plan.customer_id, estate_.customer.id);
  EXPECT_EQ(plan.source_subscription_ids, std::vector<SubscriptionId>{old.id});
  EXPECT_EQ(plan.action, MigrationAction::kPurchase);
  EXPECT_EQ(plan.seats, 3);
  EXPECT_EQ(plan.users_to_move, 3);
  EXPECT_EQ(plan.monthly_cost_before, (Money{1500, "USD"}));
  EXPECT_EQ(plan.monthly_cost_after, (Money{3750, "USD"}));
  EXPECT_EQ(plan.currency, "USD");
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kServicePlanTierChanged});
  EXPECT_EQ(plan.warnings[0].message,
            "STANDARD provides KAIZALA_STANDALONE as KAIZALA_O365_P2 (Microsoft Kaizala Pro)");
  EXPECT_EQ(Plan("STANDARD", SeatPolicy::kSourceQuantity).seats, 5);
}

TEST_F(MigrationPlanTest, TargetLackingAPlanUsersHaveIsWarned) {
  Users(3);
  Hold("OLD", 3);
  const CustomerMigrationPlan plan = Plan("BASIC");
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kServicePlanNotCovered});
  EXPECT_EQ(plan.warnings[0].message,
            "BASIC lacks service plans users have enabled on OLD: KAIZALA_STANDALONE (Microsoft "
            "Kaizala Pro)");
  EXPECT_EQ(plan.action, MigrationAction::kPurchase);
  estate_.source_licenses.clear();
  Users(3, 3);
  EXPECT_TRUE(Plan("BASIC").warnings.empty());
}

TEST_F(MigrationPlanTest, SeatsAreClampedToTheTargetsRange) {
  Users(2);
  Hold("OLD", 2);
  Find("E5").minimum_quantity = 5;
  const CustomerMigrationPlan small = Plan("E5");
  EXPECT_EQ(small.seats, 5);
  EXPECT_EQ(Codes(small), std::vector<Code>{Code::kSeatsRaisedToMinimum});

  estate_.source_licenses.clear();
  estate_.subscriptions.clear();
  Users(320);
  Hold("OLD", 350);
  const CustomerMigrationPlan big = Plan("STANDARD", SeatPolicy::kSourceQuantity);
  EXPECT_EQ(big.seats, 300);
  EXPECT_TRUE(big.HasWarning(Code::kSeatsAboveMaximum));
  EXPECT_TRUE(big.HasWarning(Code::kNotEnoughSeats));
}

TEST_F(MigrationPlanTest, SourceQuantityBelowTheUsersIsNotEnoughSeats) {
  Users(8);
  Hold("OLD", 6);
  const CustomerMigrationPlan plan = Plan("E5", SeatPolicy::kSourceQuantity);
  EXPECT_EQ(plan.seats, 6);
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kNotEnoughSeats});
  EXPECT_EQ(plan.warnings[0].message, "6 seat(s) of E5 for 8 user(s) to move: 2 would stay on OLD");
}

TEST_F(MigrationPlanTest, InactiveOrEndedSourceIsWarnedAndCostsNothing) {
  Users(2);
  const Subscription old = Hold("OLD", 2, "2026-10-31", SubscriptionStatus::kExpired);
  const CustomerMigrationPlan plan = Plan("E5");
  EXPECT_EQ(plan.action, MigrationAction::kPurchase);
  EXPECT_EQ(Codes(plan), (std::vector<Code>{Code::kEndDateBeforeRun, Code::kSourceNotActive}));
  EXPECT_EQ(plan.warnings[0].message, "source subscription " + ToString(old.id) +
                                          " ended on 2026-10-31, before the run on 2026-11-25");
  EXPECT_EQ(plan.warnings[1].message,
            "source subscription " + ToString(old.id) + " is expired, not active");
  EXPECT_EQ(plan.monthly_cost_before, (Money{0, "USD"}));
}

// Nobody to move and nothing active: there is no service to keep, and buying the target (its
// minimum of one seat at least) would charge the customer for nothing.
TEST_F(MigrationPlanTest, InactiveSourceWithNobodyHoldingItIsSkippedNotBought) {
  Users(0, 0);
  Hold("OLD", 3, "2027-03-31", SubscriptionStatus::kSuspended);
  for (const SeatPolicy policy : {SeatPolicy::kAssigned, SeatPolicy::kSourceQuantity}) {
    const CustomerMigrationPlan plan = Plan("E5", policy);
    EXPECT_EQ(plan.action, MigrationAction::kSkip);
    EXPECT_EQ(plan.seats, 0);
    EXPECT_EQ(plan.users_to_move, 0);
    EXPECT_EQ(plan.monthly_cost_after, (Money{0, "USD"}));
    EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kSourceNotActive});
    const MigrationTotals totals = Total({plan});
    EXPECT_EQ(totals.purchases + totals.seat_additions + totals.customers_blocked, 0);
    EXPECT_EQ(totals.seats, 0);
  }
}

TEST_F(MigrationPlanTest, ActiveSourcesWinOverInactiveOnesAndAddUp) {
  Users(4);
  Hold("OLD", 9, "2026-12-31", SubscriptionStatus::kSuspended);
  const Subscription early = Hold("OLD", 2, "2027-01-31");
  const Subscription late = Hold("OLD", 3, "2027-05-31");
  Hold("OLD", 7, "2027-06-30", SubscriptionStatus::kDeleted);
  const CustomerMigrationPlan plan = Plan("E5", SeatPolicy::kSourceQuantity);
  EXPECT_EQ(plan.source_subscription_ids, (std::vector<SubscriptionId>{late.id, early.id}));
  EXPECT_EQ(plan.seats, 5);
  EXPECT_EQ(plan.monthly_cost_before, (Money{1500, "USD"}));
}

TEST_F(MigrationPlanTest, NoLiveSourceCannotBeMigrated) {
  Users(2);
  Hold("OLD", 2, "2026-01-31", SubscriptionStatus::kDeleted);
  const CustomerMigrationPlan plan = Plan("E5");
  EXPECT_EQ(plan.action, MigrationAction::kNone);
  EXPECT_TRUE(plan.source_subscription_ids.empty());
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kNoSourceSubscription});
  EXPECT_EQ(plan.monthly_cost_before, std::nullopt);
}

TEST_F(MigrationPlanTest, HeldTargetGetsSeatsAddedInsteadOfASecondSubscription) {
  Users(3);
  Hold("OLD", 5);
  Hold("E5", 4);
  const Subscription held = Hold("E5", 10);
  estate_.assigned_licenses[SkuId("E5")] = 12;  // 2 of 14 free
  const CustomerMigrationPlan plan = Plan("E5");
  EXPECT_EQ(plan.action, MigrationAction::kAddSeats);
  EXPECT_EQ(plan.target_subscription_id, held.id);
  EXPECT_EQ(plan.seats, 1);
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kTargetAlreadyHeld});
  EXPECT_EQ(plan.warnings[0].message,
            "the customer already holds E5 (subscription " + ToString(held.id) +
                ", 10 seats, 2 free): adding 1 seat(s) to it instead of buying a second "
                "subscription");
  EXPECT_EQ(plan.monthly_cost_before, (Money{1500 + 10 * 5700, "USD"}));
  EXPECT_EQ(plan.monthly_cost_after, (Money{11 * 5700, "USD"}));
  EXPECT_EQ(Plan("E5", SeatPolicy::kSourceQuantity).seats, 5);

  Find("E5").maximum_quantity = 10;
  const CustomerMigrationPlan full = Plan("E5");
  EXPECT_EQ(full.seats, 0);
  EXPECT_EQ(Codes(full), (std::vector<Code>{Code::kSeatsAboveMaximum, Code::kTargetAlreadyHeld,
                                            Code::kNotEnoughSeats}));
}

TEST_F(MigrationPlanTest, TargetPastEndOfSaleCannotBeBought) {
  Users(1);
  Hold("OLD", 1);
  Find("E5").end_of_sale = D("2026-11-25");
  const CustomerMigrationPlan plan = Plan("E5");
  EXPECT_EQ(plan.action, MigrationAction::kNone);
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kTargetNotPurchasable});
}

TEST_F(MigrationPlanTest, MissingPriceLeavesTheCostUnknown) {
  Users(1);
  Hold("OLD", 1);
  estate_.customer.currency = "EUR";
  estate_.customer.country = "DE";
  const CustomerMigrationPlan plan = Plan("E5");
  EXPECT_EQ(plan.monthly_cost_before, (Money{280, "EUR"}));
  EXPECT_EQ(plan.monthly_cost_after, std::nullopt);
  EXPECT_EQ(Codes(plan), std::vector<Code>{Code::kPriceMissing});
  EXPECT_EQ(plan.warnings[0].message,
            "E5 has no EUR price in market DE for term P1Y billed monthly; the cost is unknown");
}

// ---- Totals ---------------------------------------------------------------------------------

TEST_F(MigrationPlanTest, TotalsKeepCurrenciesApart) {
  Users(3);
  Hold("OLD", 5);
  std::vector<CustomerMigrationPlan> plans{Plan("STANDARD"), Plan("BASIC")};
  estate_.customer.currency = "EUR";
  plans.push_back(Plan("E5"));  // no EUR price for E5
  estate_.subscriptions.clear();
  plans.push_back(Plan("E5"));  // no source
  const MigrationTotals totals = Total(plans);
  EXPECT_EQ(totals.customers, 4);
  EXPECT_EQ(totals.customers_blocked, 1);
  EXPECT_EQ(totals.purchases, 3);
  EXPECT_EQ(totals.seat_additions, 0);
  EXPECT_EQ(totals.seats, 9);
  EXPECT_EQ(totals.users_to_move, 9);
  EXPECT_EQ(totals.by_currency.at("USD"), (CurrencyTotals{.monthly_cost_before = 3000,
                                                          .monthly_cost_after = 3750 + 1800,
                                                          .monthly_price_before = 3000,
                                                          .monthly_price_after = 3750 + 1800,
                                                          .customers = 2,
                                                          .customers_unpriced = 0}));
  EXPECT_EQ(totals.by_currency.at("EUR"),
            (CurrencyTotals{.customers = 1, .customers_unpriced = 1}));
  EXPECT_EQ(totals.warnings, (std::map<Code, std::int64_t>{{Code::kServicePlanNotCovered, 1},
                                                           {Code::kServicePlanTierChanged, 1},
                                                           {Code::kNoSourceSubscription, 1},
                                                           {Code::kPriceMissing, 1}}));
}

// ---- One source subscription (an upgrade) ----------------------------------------------------

TEST_F(MigrationPlanTest, OneSourceSubscriptionMovesOnlyTheUsersRestingOnItsSeats) {
  const Subscription big = Hold("OLD", 10);
  const Subscription small = Hold("OLD", 6, "2027-06-30");
  Users(12);
  EXPECT_EQ(UsersToMove(estate_, source_.id), 12);  // the whole customer

  estate_.only_source = small.id;
  EXPECT_EQ(UsersToMove(estate_, source_.id), 2);  // the big one keeps carrying 10
  EXPECT_EQ(SourceSubscriptions(estate_, source_.id), std::vector<Subscription>{small});
  const CustomerMigrationPlan plan = Plan("E5", SeatPolicy::kSourceQuantity);
  EXPECT_EQ(plan.source_subscription_ids, std::vector<SubscriptionId>{small.id});
  EXPECT_EQ(plan.users_to_move, 2);
  EXPECT_EQ(plan.seats, 6);
  EXPECT_EQ(plan.term.term, small.term);
  EXPECT_EQ(plan.monthly_cost_before, (Money{6 * 300, "USD"}));
  EXPECT_EQ(Plan("E5", SeatPolicy::kAssigned).seats, 2);

  estate_.only_source = big.id;
  EXPECT_EQ(UsersToMove(estate_, source_.id), 6);
  EXPECT_EQ(Plan("E5", SeatPolicy::kSourceQuantity).seats, 10);

  // A subscription of another SKU, or one that is not there, replaces nothing.
  estate_.only_source = Hold("E1", 5).id;
  EXPECT_EQ(UsersToMove(estate_, source_.id), 0);
  EXPECT_TRUE(Plan("E5").HasWarning(Code::kNoSourceSubscription));
}

TEST_F(MigrationPlanTest, SeatsNamedByTheCallerAreBoughtOrAddedAsTheyAre) {
  Hold("OLD", 8);
  Users(6);
  const auto named = PlanCustomer(source_, Find("E5"), estate_, SeatPolicy::kAssigned, 25);
  EXPECT_EQ(named.action, MigrationAction::kPurchase);
  EXPECT_EQ(named.seats, 25);
  EXPECT_FALSE(named.HasWarning(Code::kNotEnoughSeats));
  const auto few = PlanCustomer(source_, Find("E5"), estate_, SeatPolicy::kSourceQuantity, 4);
  EXPECT_EQ(few.seats, 4);
  EXPECT_TRUE(few.HasWarning(Code::kNotEnoughSeats));

  Hold("E5", 3);  // held: the named seats are added to it, whatever free seats it has
  const auto added = PlanCustomer(source_, Find("E5"), estate_, SeatPolicy::kAssigned, 7);
  EXPECT_EQ(added.action, MigrationAction::kAddSeats);
  EXPECT_EQ(added.seats, 7);
}

}  // namespace
}  // namespace seatshift
