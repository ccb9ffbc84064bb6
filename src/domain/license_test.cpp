#include "domain/license.hpp"

#include <gtest/gtest.h>

#include "testing/error_details.hpp"

#include <map>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace seatshift {
namespace {

Uuid IdOf(std::uint8_t kind, std::uint8_t n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[0] = kind;
  bytes[15] = n;
  return Uuid(bytes);
}

ServicePlanId Plan(std::uint8_t n) { return ServicePlanId(IdOf(0xaa, n)); }
UserId User(std::uint8_t n) { return UserId(IdOf(0xbb, n)); }

using testing::FindDetail;

const SkuId kX("KAIZALA_STANDALONE");
const SkuId kY("SPE_E3");
const SkuId kZ("O365_BUSINESS_PREMIUM");

class LicenseTest : public ::testing::Test {
 protected:
  LicenseTest() {
    Sku x;
    x.id = kX;
    x.title = "Microsoft Kaizala Pro";
    x.service_plans = {{Plan(1), "KAIZALA_O365_P3", "Kaizala Pro"},
                       {Plan(2), "EXCHANGE_S_FOUNDATION", "Exchange Foundation"}};
    Sku y;
    y.id = kY;
    y.title = "Microsoft 365 E3";
    y.service_plans = {{Plan(3), "EXCHANGE_S_ENTERPRISE", "Exchange Online (Plan 2)"},
                       {Plan(4), "TEAMS1", "Microsoft Teams"},
                       {Plan(5), "KAIZALA_O365_P3", "Kaizala Pro"}};
    Sku z;
    z.id = kZ;
    z.title = "Microsoft 365 Business Premium";
    z.service_plans = {{Plan(6), "TEAMS1", "Microsoft Teams"}};
    skus_[kX] = x;
    skus_[kY] = y;
    skus_[kZ] = z;
  }

  SkuLookup Lookup() const {
    return [this](const SkuId& id) -> const Sku* {
      const auto it = skus_.find(id);
      return it == skus_.end() ? nullptr : &it->second;
    };
  }

  Result<LicenseChange> Update(LicenseUpdate update, const std::vector<License>& current) const {
    return PlanLicenseUpdate(update, current, Lookup());
  }

  static License Held(const SkuId& sku, std::vector<ServicePlanId> excluded = {}) {
    return License{User(1), sku, std::move(excluded)};
  }

  std::map<SkuId, Sku> skus_;
};

bool HasWarning(const LicenseChange& change, std::string_view code) {
  for (const LicenseWarning& w : change.warnings) {
    if (w.code == code) return true;
  }
  return false;
}

// ---- PlanLicenseUpdate: refusals --------------------------------------------------------------

TEST_F(LicenseTest, EmptyUpdateIsBadRequest) {
  const auto result = Update({User(1), {}, {}}, {Held(kX)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(LicenseTest, AssigningAnUnknownSkuIsNotFound) {
  const auto result = Update({User(1), {{SkuId("NO_SUCH_SKU"), {}}}, {}}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  const ErrorDetail* sku = FindDetail(result.error(), "skuId");
  ASSERT_NE(sku, nullptr);
  EXPECT_EQ(std::get<std::string>(sku->value), "NO_SUCH_SKU");
}

TEST_F(LicenseTest, ExcludingAPlanTheSkuLacksIsServicePlanNotInSku) {
  // Plan(1) is Kaizala's plan in X; Y has its own Kaizala plan with another id.
  const auto result = Update({User(1), {{kY, {Plan(3), Plan(1)}}}, {}}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServicePlanNotInSku);
  EXPECT_EQ(Describe(result.error().code).api_code, "servicePlanNotInSku");
  const ErrorDetail* plan = FindDetail(result.error(), "servicePlanId");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(std::get<std::string>(plan->value), Plan(1).value().ToString());
  const ErrorDetail* sku = FindDetail(result.error(), "skuId");
  ASSERT_NE(sku, nullptr);
  EXPECT_EQ(std::get<std::string>(sku->value), "SPE_E3");
}

TEST_F(LicenseTest, SameSkuTwiceInAssignIsBadRequest) {
  const auto result = Update({User(1), {{kY, {}}, {kY, {Plan(4)}}}, {}}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(LicenseTest, SameSkuTwiceInRemoveIsBadRequest) {
  const auto result = Update({User(1), {}, {kX, kX}}, {Held(kX)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(LicenseTest, SameSkuInBothListsIsBadRequest) {
  const auto result = Update({User(1), {{kX, {}}}, {kX}}, {Held(kX)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
}

TEST_F(LicenseTest, RemovingALicenseNotHeldIsBadRequest) {
  const auto result = Update({User(1), {{kY, {}}}, {kZ}}, {Held(kX)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadRequest);
  EXPECT_NE(result.error().message.find("O365_BUSINESS_PREMIUM"), std::string::npos);
}

// ---- PlanLicenseUpdate: changes ---------------------------------------------------------------

TEST_F(LicenseTest, AssignToAnUnlicensedUser) {
  const auto result = Update({User(1), {{kY, {Plan(4)}}}, {}}, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->user_id, User(1));
  EXPECT_TRUE(result->before.empty());
  const std::vector<License> expected = {License{User(1), kY, {Plan(4)}}};
  EXPECT_EQ(result->after, expected);
  EXPECT_EQ(result->to_put, expected);
  EXPECT_TRUE(result->to_delete.empty());
  EXPECT_TRUE(result->warnings.empty());
}

TEST_F(LicenseTest, SwapIsOneChangeAndTheUserIsNeverUnlicensed) {
  const auto result = Update({User(1), {{kY, {}}}, {kX}}, {Held(kX)});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->before, std::vector<License>{Held(kX)});
  EXPECT_EQ(result->after, std::vector<License>{Held(kY)});
  EXPECT_EQ(result->to_delete, std::vector<SkuId>{kX});
  EXPECT_EQ(result->to_put, std::vector<License>{Held(kY)});
  EXPECT_FALSE(HasWarning(*result, "userUnlicensed"));
  EXPECT_FALSE(result->after.empty());
}

TEST_F(LicenseTest, OtherHeldLicensesAreKept) {
  const auto result = Update({User(1), {{kY, {}}}, {kX}}, {Held(kX), Held(kZ)});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->after, (std::vector<License>{Held(kZ), Held(kY)}));
  EXPECT_EQ(result->to_delete, std::vector<SkuId>{kX});
}

TEST_F(LicenseTest, ReassigningAHeldSkuReplacesItsExcludedPlansWithoutDuplicating) {
  const auto result = Update({User(1), {{kY, {Plan(5)}}}, {}}, {Held(kY, {Plan(3), Plan(4)})});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->after.size(), 1u);
  EXPECT_EQ(result->after[0].sku_id, kY);
  EXPECT_EQ(result->after[0].excluded_plans, std::vector<ServicePlanId>{Plan(5)});
  EXPECT_EQ(result->to_put, std::vector<License>{Held(kY, {Plan(5)})});
  EXPECT_TRUE(result->to_delete.empty());
}

TEST_F(LicenseTest, RepeatedExcludedPlanIsCountedOnce) {
  const auto result = Update({User(1), {{kY, {Plan(4), Plan(4)}}}, {}}, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->to_put[0].excluded_plans, std::vector<ServicePlanId>{Plan(4)});
}

TEST_F(LicenseTest, RemovingTheLastLicenseWarnsUserUnlicensed) {
  const auto result = Update({User(1), {}, {kX}}, {Held(kX)});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->after.empty());
  EXPECT_EQ(result->to_delete, std::vector<SkuId>{kX});
  EXPECT_TRUE(HasWarning(*result, "userUnlicensed"));
}

TEST_F(LicenseTest, RemovingOneOfTwoLicensesDoesNotWarn) {
  const auto result = Update({User(1), {}, {kX}}, {Held(kX), Held(kY)});
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(HasWarning(*result, "userUnlicensed"));
}

TEST_F(LicenseTest, ExcludingEveryPlanWarnsAllServicePlansExcluded) {
  const auto all = Update({User(1), {{kX, {Plan(1), Plan(2)}}}, {}}, {});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(HasWarning(*all, "allServicePlansExcluded"));

  const auto some = Update({User(1), {{kX, {Plan(1)}}}, {}}, {});
  ASSERT_TRUE(some.ok());
  EXPECT_FALSE(HasWarning(*some, "allServicePlansExcluded"));
}

TEST_F(LicenseTest, SkuWithoutPlansAssignedWithoutExclusionsDoesNotWarn) {
  Sku empty;
  empty.id = SkuId("EMPTY");
  empty.title = "Nothing";
  skus_[empty.id] = empty;
  const auto result = Update({User(1), {{SkuId("EMPTY"), {}}}, {}}, {});
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(HasWarning(*result, "allServicePlansExcluded"));
}

// ---- SeatLedger -------------------------------------------------------------------------------

LicenseChange Assign(std::uint8_t user, const SkuId& sku) {
  LicenseChange change;
  change.user_id = User(user);
  change.to_put = {License{User(user), sku, {}}};
  change.after = change.to_put;
  return change;
}

LicenseChange Remove(std::uint8_t user, const SkuId& sku) {
  LicenseChange change;
  change.user_id = User(user);
  change.before = {License{User(user), sku, {}}};
  change.to_delete = {sku};
  return change;
}

LicenseChange Swap(std::uint8_t user, const SkuId& from, const SkuId& to) {
  LicenseChange change;
  change.user_id = User(user);
  change.before = {License{User(user), from, {}}};
  change.to_delete = {from};
  change.to_put = {License{User(user), to, {}}};
  change.after = change.to_put;
  return change;
}

TEST(SeatLedger, PassesAtExactlyTheLimit) {
  SeatLedger ledger;
  ledger.Apply(Assign(1, kY));
  ledger.Apply(Assign(2, kY));
  const Status status = ledger.Check([](const SkuId&) { return SeatCount{10, 8}; });
  EXPECT_TRUE(status.ok());
}

TEST(SeatLedger, FailsOneAboveTheLimitWithSkuAvailableAndRequested) {
  SeatLedger ledger;
  ledger.Apply(Assign(1, kY));
  ledger.Apply(Assign(2, kY));
  ledger.Apply(Assign(3, kY));
  const Status status = ledger.Check([](const SkuId&) { return SeatCount{10, 8}; });
  ASSERT_FALSE(status.ok());
  const Error& error = status.error();
  EXPECT_EQ(error.code, ErrorCode::kNotEnoughLicenses);
  EXPECT_EQ(Describe(error.code).api_code, "60012");
  const ErrorDetail* sku = FindDetail(error, "sku");
  const ErrorDetail* available = FindDetail(error, "available");
  const ErrorDetail* requested = FindDetail(error, "requested");
  ASSERT_NE(sku, nullptr);
  ASSERT_NE(available, nullptr);
  ASSERT_NE(requested, nullptr);
  EXPECT_EQ(std::get<std::string>(sku->value), "SPE_E3");
  EXPECT_EQ(std::get<std::int64_t>(available->value), 2);
  EXPECT_EQ(std::get<std::int64_t>(requested->value), 3);
}

TEST(SeatLedger, OneUserFreesASeatAnotherTakesInTheSameBatch) {
  SeatLedger ledger;
  ledger.Apply(Remove(1, kY));
  ledger.Apply(Assign(2, kY));
  EXPECT_TRUE(ledger.Growing().empty());
  EXPECT_TRUE(ledger.Check([](const SkuId&) { return SeatCount{10, 10}; }).ok());
}

TEST(SeatLedger, AShrinkingSkuIsNeverRefusedEvenIfOverItsSeats) {
  SeatLedger ledger;
  ledger.Apply(Remove(1, kX));
  bool asked = false;
  const Status status = ledger.Check([&](const SkuId&) {
    asked = true;
    return SeatCount{5, 12};  // over-assigned after a forced suspension
  });
  EXPECT_TRUE(status.ok());
  EXPECT_FALSE(asked) << "only growing SKUs need their seats counted";
}

TEST(SeatLedger, SwapGrowsOnlyTheTarget) {
  SeatLedger ledger;
  ledger.Apply(Swap(1, kX, kY));
  ledger.Apply(Swap(2, kX, kY));
  EXPECT_EQ(ledger.Growing(), std::vector<SkuId>{kY});
  const std::map<SkuId, SeatCount> counts = {{kX, SeatCount{0, 20}}, {kY, SeatCount{2, 0}}};
  EXPECT_TRUE(ledger.Check([&](const SkuId& s) { return counts.at(s); }).ok());

  const std::map<SkuId, SeatCount> full = {{kX, SeatCount{0, 20}}, {kY, SeatCount{1, 0}}};
  const Status status = ledger.Check([&](const SkuId& s) { return full.at(s); });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kNotEnoughLicenses);
  EXPECT_EQ(std::get<std::string>(FindDetail(status.error(), "sku")->value), "SPE_E3");
}

TEST(SeatLedger, ChangingExcludedPlansOfAHeldLicenseIsNoGrowth) {
  LicenseChange change;
  change.user_id = User(1);
  change.before = {License{User(1), kY, {}}};
  change.to_put = {License{User(1), kY, {Plan(4)}}};
  change.after = change.to_put;
  SeatLedger ledger;
  ledger.Apply(change);
  EXPECT_TRUE(ledger.Growing().empty());
  EXPECT_TRUE(ledger.Check([](const SkuId&) { return SeatCount{3, 3}; }).ok());
}

TEST(SeatLedger, GrowingAnAlreadyOverAssignedSkuReportsZeroAvailable) {
  SeatLedger ledger;
  ledger.Apply(Assign(1, kY));
  const Status status = ledger.Check([](const SkuId&) { return SeatCount{5, 7}; });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(std::get<std::int64_t>(FindDetail(status.error(), "available")->value), 0);
  EXPECT_EQ(std::get<std::int64_t>(FindDetail(status.error(), "requested")->value), 1);
}

TEST(SeatLedger, GrowingListsEverySkuWithAPositiveNetChange) {
  SeatLedger ledger;
  EXPECT_TRUE(ledger.Growing().empty());
  ledger.Apply(Assign(1, kY));
  ledger.Apply(Assign(2, kZ));
  ledger.Apply(Remove(3, kZ));
  ledger.Apply(Remove(4, kX));
  EXPECT_EQ(ledger.Growing(), std::vector<SkuId>{kY});
}

TEST(SeatLedger, WorksWithPlannedChanges) {
  Sku y;
  y.id = kY;
  y.title = "Microsoft 365 E3";
  const SkuLookup lookup = [&](const SkuId& id) -> const Sku* { return id == kY ? &y : nullptr; };
  const auto a = PlanLicenseUpdate({User(1), {{kY, {}}}, {}}, {}, lookup);
  const auto b = PlanLicenseUpdate({User(2), {{kY, {}}}, {}}, {}, lookup);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  SeatLedger ledger;
  ledger.Apply(*a);
  ledger.Apply(*b);
  EXPECT_TRUE(ledger.Check([](const SkuId&) { return SeatCount{2, 0}; }).ok());
  EXPECT_FALSE(ledger.Check([](const SkuId&) { return SeatCount{2, 1}; }).ok());
}

// ---- LicensesDependingOn ----------------------------------------------------------------------

Subscription SubOf(std::int64_t quantity, SubscriptionStatus status) {
  Subscription sub;
  sub.id = SubscriptionId(IdOf(0xcc, 1));
  sub.sku_id = kX;
  sub.quantity = quantity;
  sub.status = status;
  return sub;
}

TEST(LicensesDependingOn, TwoActiveSubscriptionsShareTheLoad) {
  // 10 + 10 seats of the same SKU, 12 assigned: 2 would be stranded by losing either one.
  const Subscription first = SubOf(10, SubscriptionStatus::kActive);
  EXPECT_EQ(LicensesDependingOn(first, SeatCount{20, 12}), 2);
  EXPECT_EQ(LicensesDependingOn(first, SeatCount{20, 10}), 0);
  EXPECT_EQ(LicensesDependingOn(first, SeatCount{20, 8}), 0);
  EXPECT_EQ(LicensesDependingOn(first, SeatCount{20, 20}), 10);
}

TEST(LicensesDependingOn, ASingleSubscriptionCarriesAllAssignments) {
  EXPECT_EQ(LicensesDependingOn(SubOf(10, SubscriptionStatus::kActive), SeatCount{10, 7}), 7);
  EXPECT_EQ(LicensesDependingOn(SubOf(10, SubscriptionStatus::kActive), SeatCount{10, 0}), 0);
}

TEST(LicensesDependingOn, NonActiveSubscriptionsCarryNothing) {
  for (const SubscriptionStatus status :
       {SubscriptionStatus::kSuspended, SubscriptionStatus::kExpired, SubscriptionStatus::kDisabled,
        SubscriptionStatus::kDeleted}) {
    EXPECT_EQ(LicensesDependingOn(SubOf(10, status), SeatCount{10, 12}), 0) << ToString(status);
  }
}

}  // namespace
}  // namespace seatshift
