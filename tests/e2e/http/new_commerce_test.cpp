// New Commerce through the real HTTP server, on the simulated clock (it starts at
// 2026-11-25T09:00:00Z): the 168-hour cancellation window, refunds, seat decreases per purchase
// lot, the next term scheduled and applied at renewal, custom term end dates, and "renew with
// only the assigned seats".
#include <fmt/format.h>

#include "api_fixture.hpp"
#include "fixture_files.hpp"

namespace seatshift::testing {
namespace {

namespace json = boost::json;

class NewCommerceTest : public ApiTest {
 protected:
  void Advance(int days) {
    const auto response = Admin().Post("/v1/clock/advance", fmt::format(R"({{"days":{}}})", days));
    ASSERT_EQ(response.status, 200) << response.body;
  }
  json::object Get(const Subscription& s) {
    const auto response = Admin().Get(SubscriptionPath(customer_, s));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().as_object();
  }
  HttpResult Patch(const Subscription& s, const std::string& body) {
    return Admin().Patch(SubscriptionPath(customer_, s), body);
  }
  //! The customer's charges of `s`, oldest first.
  std::vector<json::object> Charges(const Subscription& s) {
    const auto response =
        As(Role::kBillingAdmin).Get(CustomerPath(customer_) + "/charges?size=1000");
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<json::object> out;
    const json::value body = response.Json();
    for (const auto& c : body.at("items").as_array()) {
      if (c.at("subscriptionId").as_string() == s.id.value().ToString())
        out.push_back(c.as_object());
    }
    return out;
  }
  static std::string Parameter(const HttpResult& r, const char* name) {
    const json::value body = r.Json();
    const auto& value = body.at("parameters").at(name);
    return value.is_string() ? std::string(value.as_string()) : std::to_string(value.as_int64());
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
};

TEST_F(NewCommerceTest, ASubscriptionShowsItsWindowRefundsAndRefundableSeats) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  const auto got = Get(sub);
  EXPECT_EQ(got.at("cancellationAllowedUntilDate"), "2026-12-02T09:00:00Z");
  EXPECT_EQ(got.at("renewalTermDuration"), "P1Y");
  EXPECT_EQ(got.at("scheduledNextTermInstructions"), nullptr);
  const auto& refundable = got.at("refundableQuantity");
  EXPECT_EQ(refundable.at("totalQuantity"), 10);
  EXPECT_EQ(refundable.at("details").at(0).at("allowedUntilDateTime"), "2026-12-02T09:00:00Z");
  const auto& options = got.at("refundOptions").as_array();
  ASSERT_EQ(options.size(), 2u);
  EXPECT_EQ(options[0].at("type"), "Full");
  EXPECT_EQ(options[0].at("expiresAt"), "2026-11-26T09:00:00Z");
  EXPECT_EQ(options[1].at("type"), "Partial");
  const auto sku = Admin().Get("/v1/skus/SPE_E3");
  EXPECT_EQ(sku.Json().at("commerce"), "newCommerce");
  EXPECT_EQ(Admin().Get("/v1/skus/KAIZALA_PRO").Json().at("commerce"), "legacy");
}

TEST_F(NewCommerceTest, CancelOnDaySixIsRefundedAndOnDayEightRefusedWithTheCommitmentDate) {
  const Subscription early = env_.Buy(customer_, "SPE_E3", 10);
  const Subscription late = env_.Buy(customer_, "SPE_E3", 10);
  Advance(6);  // 2026-12-01T09:00:00Z: 24 of the first period's 30 days are left
  const auto cancelled = Patch(early, R"({"status":"deleted"})");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json().at("status"), "deleted");
  EXPECT_EQ(cancelled.Json().at("autoRenewEnabled"), false);
  const auto charges = Charges(early);
  ASSERT_EQ(charges.size(), 2u);
  EXPECT_EQ(charges[0].at("amount"), 36'000);   // 10 seats × $36.00, charged at purchase
  EXPECT_EQ(charges[1].at("amount"), -28'800);  // −10 × $36.00 × 24/30
  EXPECT_EQ(charges[1].at("periodStart"), "2026-12-01");

  Advance(2);  // day 8: the window closed at 2026-12-02T09:00:00Z
  const auto refused = Patch(late, R"({"status":"deleted"})");
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("code"), "900213");
  EXPECT_EQ(Parameter(refused, "commitmentEndDate"), "2027-11-24");
  EXPECT_EQ(Parameter(refused, "cancellationAllowedUntilDate"), "2026-12-02T09:00:00Z");
  EXPECT_EQ(Get(late).at("status"), "active");
  EXPECT_EQ(Charges(late).size(), 1u) << "nothing refunded";
}

TEST_F(NewCommerceTest, SeatsGoDownOnlyFromLotsStillInsideTheirWindow) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  Advance(2);
  const auto reduced = Patch(sub, R"({"quantity":8})");  // inside the purchase's window
  ASSERT_EQ(reduced.status, 200) << reduced.body;
  EXPECT_EQ(reduced.Json().at("refundableQuantity").at("totalQuantity"), 8);
  EXPECT_LT(Charges(sub).back().at("amount").as_int64(), 0) << "the two seats are refunded";

  Advance(6);  // 2026-12-03: the purchase's window closed
  const auto refused = Patch(sub, R"({"quantity":7})");
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("code"), "900214");
  EXPECT_EQ(Parameter(refused, "refundableQuantity"), "0");
  EXPECT_EQ(Parameter(refused, "commitmentEndDate"), "2027-11-24");

  const auto more = Patch(sub, R"({"quantity":12})");  // increases are always allowed
  ASSERT_EQ(more.status, 200) << more.body;
  const json::value more_body = more.Json();
  const auto& lots = more_body.at("refundableQuantity");
  EXPECT_EQ(lots.at("totalQuantity"), 4);
  EXPECT_EQ(lots.at("details").at(0).at("allowedUntilDateTime"), "2026-12-10T09:00:00Z");
  EXPECT_EQ(Patch(sub, R"({"quantity":9})").status, 200) << "three of the four added seats";
  EXPECT_EQ(Patch(sub, R"({"quantity":7})").Json().at("code"), "900214");
  EXPECT_EQ(Get(sub).at("quantity"), 9);
}

TEST_F(NewCommerceTest, AScheduledNextTermAppliesAtRenewalAndAnImmediateChangeClearsIt) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  const auto scheduled = Patch(sub, R"({"scheduledNextTermInstructions":{"product":{
      "skuId":"SPE_E3","termDuration":"P1Y","billingCycle":"Annual"},"quantity":4}})");
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  const json::value scheduled_body = scheduled.Json();
  const auto& next = scheduled_body.at("scheduledNextTermInstructions");
  EXPECT_EQ(next.at("quantity"), 4);
  EXPECT_EQ(next.at("product").at("billingCycle"), "annual");

  // Another subscription: its schedule goes with a mid-term change, as Partner Center does.
  const Subscription other = env_.Buy(customer_, "SPE_E3", 5);
  ASSERT_EQ(Patch(other, R"({"scheduledNextTermInstructions":{"product":{"skuId":"SPE_E3",
      "termDuration":"P1Y","billingCycle":"monthly"},"quantity":2}})")
                .status,
            200);
  const auto changed = Patch(other, R"({"quantity":6})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("scheduledNextTermInstructions"), nullptr);

  Advance(365);  // 2027-11-25: renewed
  const auto renewed = Get(sub);
  EXPECT_EQ(renewed.at("quantity"), 4);
  EXPECT_EQ(renewed.at("billingCycle"), "annual");
  EXPECT_EQ(renewed.at("commitmentEndDate"), "2028-11-24T00:00:00Z");
  EXPECT_EQ(renewed.at("scheduledNextTermInstructions"), nullptr);
  EXPECT_EQ(renewed.at("cancellationAllowedUntilDate"), "2027-12-02T00:00:00Z");
  const auto charges = Charges(sub);
  EXPECT_EQ(charges.back().at("quantity"), 4);
  EXPECT_EQ(charges.back().at("periodEnd"), "2028-11-24") << "billed for the whole year";
  EXPECT_EQ(Get(other).at("quantity"), 6);
}

TEST_F(NewCommerceTest, CustomTermEndDatesAndTheirCheck) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);  // ends 2027-11-24
  Advance(1);  // a year bought today ends 2027-11-25
  const auto dates =
      Admin().Get(CustomerPath(customer_) + "/subscriptions/customTermEndDates?term_duration=P1Y");
  ASSERT_EQ(dates.status, 200) << dates.body;
  const json::value dates_body = dates.Json();
  const auto& items = dates_body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << dates.body;
  EXPECT_EQ(items[0].at("allowedCustomTermEndDateType"), "calendarMonthAligned");
  EXPECT_EQ(items[0].at("allowedCustomTermEndDate"), "2027-10-31T00:00:00Z");
  EXPECT_EQ(items[1].at("allowedCustomTermEndDateType"), "subscriptionAligned");
  EXPECT_EQ(items[1].at("cotermSubscriptionIds").at(0).as_string(), sub.id.value().ToString());
  EXPECT_EQ(
      Admin()
          .Get(CustomerPath(customer_) + "/subscriptions/customTermEndDates?term_duration=P2Y")
          .status,
      400);

  // The next term starts 2027-11-25 and would end 2028-11-24: 31 October 2028 is a month end.
  const auto aligned = Patch(sub, R"({"scheduledNextTermInstructions":{"product":{
      "skuId":"SPE_E3","termDuration":"P1Y","billingCycle":"monthly"},"quantity":10,
      "customTermEndDate":"2028-10-31"}})");
  ASSERT_EQ(aligned.status, 200) << aligned.body;
  EXPECT_EQ(aligned.Json().at("scheduledNextTermInstructions").at("customTermEndDate"),
            "2028-10-31T00:00:00Z");
  const auto refused = Patch(sub, R"({"scheduledNextTermInstructions":{"product":{
      "skuId":"SPE_E3","termDuration":"P1Y","billingCycle":"monthly"},"quantity":10,
      "customTermEndDate":"2028-10-30"}})");
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("code"), "900246");
}

TEST_F(NewCommerceTest, LegacySubscriptionsKeepTheLegacyPath) {
  const Subscription kaizala = env_.Existing(customer_, "KAIZALA_PRO", 5, "2027-03-31", true);
  const auto scheduled = Patch(kaizala, R"({"scheduledNextTermInstructions":{"product":{
      "skuId":"KAIZALA_PRO","termDuration":"P1Y","billingCycle":"monthly"},"quantity":2}})");
  EXPECT_EQ(scheduled.status, 403) << scheduled.body;
  EXPECT_EQ(scheduled.Json().at("code"), "900263");
  const auto cancelled = Patch(kaizala, R"({"status":"deleted"})");
  EXPECT_EQ(cancelled.status, 409) << cancelled.body;
  EXPECT_EQ(Patch(kaizala, R"({"quantity":2})").status, 200) << "legacy seats go down any day";
  EXPECT_EQ(Get(kaizala).at("cancellationAllowedUntilDate"), nullptr);
}

TEST_F(NewCommerceTest, RenewWithOnlyTheAssignedSeatsForTheWholeCustomer) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 10);
  for (int i = 0; i < 3; ++i) {
    const User user = env_.NewUser(customer_, fmt::format("user{}", i));
    ASSERT_TRUE(env_.Assign(customer_, user, "SPE_E3").ok());
  }
  const auto reduced = Admin().Post(CustomerPath(customer_) + "/renewalreductions", "");
  ASSERT_EQ(reduced.status, 200) << reduced.body;
  ASSERT_EQ(reduced.Json().at("totalCount"), 1);
  EXPECT_EQ(Get(sub).at("scheduledNextTermInstructions").at("quantity"), 3);
  EXPECT_EQ(Get(sub).at("quantity"), 10) << "this term's seats stay committed";
  const auto again = Admin().Post(CustomerPath(customer_) + "/renewalreductions",
                                  fmt::format(R"({{"subscriptionId":"{}"}})", ToString(sub.id)));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("totalCount"), 0) << "nothing more to reduce";
  EXPECT_EQ(
      As(Role::kHelpdeskAgent).Post(CustomerPath(customer_) + "/renewalreductions", "").status,
      403);
}

TEST_F(NewCommerceTest, RenewingWithUnusedSeatsIsToldApartFromExpiring) {
  const Subscription wasteful = env_.Buy(customer_, "SPE_E3", 10);
  const Subscription used = env_.Buy(customer_, "SPE_E5", 1);
  for (int i = 0; i < 3; ++i) {
    const User user = env_.NewUser(customer_, fmt::format("user{}", i));
    ASSERT_TRUE(env_.Assign(customer_, user, "SPE_E3").ok());
    if (i == 0) ASSERT_TRUE(env_.Assign(customer_, user, "SPE_E5").ok());
  }
  auto reports = As(Role::kAdminAgent);
  const auto renewing =
      reports.Get("/v1/subscriptions?autoRenewEnabled=true&withinDays=365&unusedSeats=true");
  ASSERT_EQ(renewing.status, 200) << renewing.body;
  const json::value body = renewing.Json();
  ASSERT_EQ(body.at("totalCount"), 1) << renewing.body;
  EXPECT_EQ(body.at("items").at(0).at("id").as_string(), ToString(wasteful.id));
  EXPECT_EQ(body.at("items").at(0).at("unusedSeats"), 7);
  EXPECT_EQ(body.at("items").at(0).at("assignedLicenses"), 3);
  const auto expiring = reports.Get("/v1/subscriptions?autoRenewEnabled=false&withinDays=365");
  EXPECT_EQ(expiring.Json().at("totalCount"), 0) << "they renew: they do not lapse";
  const auto csv =
      reports.Get("/v1/subscriptions?autoRenewEnabled=true&withinDays=365&unusedSeats=true",
                  {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("assignedLicenses,unusedSeats,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",3,7,"), std::string::npos) << csv.body;
  EXPECT_EQ(Get(used).at("quantity"), 1);

  // Scheduled down to the assigned seats, it no longer loses money at its renewal.
  ASSERT_EQ(Admin().Post(CustomerPath(customer_) + "/renewalreductions", "").status, 200);
  EXPECT_EQ(reports.Get("/v1/subscriptions?autoRenewEnabled=true&withinDays=365&unusedSeats=true")
                .Json()
                .at("totalCount"),
            0);
}

TEST_F(NewCommerceTest, ATransitionWithLicenseTransferMovesTheUsersAndIsListed) {
  auto admin = Admin();
  // The offer matrix names Microsoft 365 E3's conversion to E5.
  ASSERT_EQ(admin.Post("/v1/catalog/offermatrix/imports", Fixture("offer-matrix-2026-12.csv"), kCsv)
                .status,
            200);
  const Subscription e3 = env_.Buy(customer_, "SPE_E3", 5);
  std::vector<User> users;
  for (int i = 0; i < 3; ++i) {
    users.push_back(env_.NewUser(customer_, fmt::format("mover{}", i)));
    ASSERT_TRUE(env_.Assign(customer_, users.back(), "SPE_E3").ok());
  }
  const std::string base = SubscriptionPath(customer_, e3);
  const auto eligible = admin.Get(base + "/transitioneligibilities?eligibilityType=immediate");
  ASSERT_EQ(eligible.status, 200) << eligible.body;
  const json::value offers = eligible.Json();
  ASSERT_EQ(offers.at("totalCount"), 1) << eligible.body;
  EXPECT_EQ(offers.at("items").at(0).at("catalogItemId"), "SPE_E5");
  const auto& first = offers.at("items").at(0).at("eligibilities").at(0);
  EXPECT_EQ(first.at("isEligible"), true) << eligible.body;
  EXPECT_EQ(first.at("transitionType"), "transition_with_license_transfer");

  const auto other_term = admin.Post(base + "/transitions", R"({"toCatalogItemId":"SPE_E5",
      "quantity":5,"transitionType":"transition_with_license_transfer","termDuration":"P3Y"})");
  EXPECT_EQ(other_term.status, 400) << "a transition is like for like: " << other_term.body;

  const auto done = admin.Post(base + "/transitions", R"({"toCatalogItemId":"SPE_E5",
      "quantity":5,"transitionType":"transition_with_license_transfer","billingCycle":"Monthly"})",
                               {{"MS-RequestId", "7c1a2f3e-0000-4000-8000-000000000001"}});
  ASSERT_EQ(done.status, 200) << done.body;
  const json::value transition = done.Json();
  EXPECT_EQ(transition.at("status"), "completed") << done.body;
  EXPECT_EQ(transition.at("events").as_array().size(), 2u);
  EXPECT_EQ(transition.at("events").at(1).at("name"), "SeatReassignment");
  const std::string operation(transition.at("operationId").as_string());
  for (const User& user : users) {
    const auto licenses = admin.Get(UserPath(customer_, user) + "/licenses");
    EXPECT_NE(licenses.body.find("SPE_E5"), std::string::npos) << licenses.body;
    EXPECT_EQ(licenses.body.find("\"SPE_E3\""), std::string::npos) << licenses.body;
  }
  EXPECT_EQ(Get(e3).at("status"), "suspended");

  // The same request id again buys nothing more: it answers the same transition.
  const auto retried = admin.Post(base + "/transitions", R"({"toCatalogItemId":"SPE_E5",
      "quantity":5,"transitionType":"transition_with_license_transfer","billingCycle":"Monthly"})",
                                  {{"MS-RequestId", "7c1a2f3e-0000-4000-8000-000000000001"}});
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.Json().at("operationId").as_string(), operation);
  const auto listed = admin.Get(base + "/transitions?operationId=" + operation);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json().at("totalCount"), 1);
  EXPECT_EQ(admin.Get(base + "/transitions").Json().at("totalCount"), 1);
  EXPECT_EQ(admin.Get(base + "/transitioneligibilities?eligibilityType=scheduled").status, 400);

  const Subscription kaizala = env_.Existing(customer_, "KAIZALA_PRO", 2, "2027-03-31");
  const auto legacy = admin.Get(SubscriptionPath(customer_, kaizala) + "/transitioneligibilities");
  EXPECT_EQ(legacy.status, 403) << legacy.body;
  EXPECT_EQ(legacy.Json().at("code"), "900263");
}

}  // namespace
}  // namespace seatshift::testing
