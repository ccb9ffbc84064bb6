// What real Partner Center clients send, accepted by the real server: the .NET SDK's PascalCase
// property names, Partner Center's own GET → change → PATCH pattern, documented fields and query
// parameters; and what is neither ours nor Partner Center's refused with 400 naming it, never
// silently ignored.
#include "api_fixture.hpp"

namespace seatshift::testing {
namespace {

class PartnerCenterCompatTest : public ApiTest {
 protected:
  //! The value of `key` in the error body's data, "" when absent.
  static std::string Detail(const HttpResult& response, const std::string& key) {
    const boost::json::value body = response.Json();
    for (const auto& item : body.at("data").as_array()) {
      if (const auto* v = item.as_object().if_contains(key)) return std::string(v->as_string());
    }
    return "";
  }

  Customer customer_ = env_.NewCustomer("contoso.test");
};

TEST_F(PartnerCenterCompatTest, PascalCasePropertyNamesAreAcceptedAsTheSdkSendsThem) {
  auto admin = Admin();
  const auto ordered = admin.Post(
      CustomerPath(customer_) + "/orders",
      R"({"LineItems":[{"LineItemNumber":0,"OfferId":"SPE_E3","Quantity":3,"FriendlyName":"Pascal"}]})");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  EXPECT_EQ(ordered.Json().at("lineItems").at(0).at("quantity").as_int64(), 3);

  const User user = env_.NewUser(customer_, "ayse");
  const auto assigned = admin.Post(UserPath(customer_, user) + "/licenseupdates",
                                   R"({"LicensesToAssign":[{"SkuId":"SPE_E3"}]})");
  EXPECT_EQ(assigned.status, 201) << assigned.body;
  // Mixed casing within one body, as hand-written clients do.
  const auto removed = admin.Post(UserPath(customer_, user) + "/licenseupdates",
                                  R"({"licensesToAssign":[],"LicensesToRemove":["SPE_E3"]})");
  EXPECT_EQ(removed.status, 201) << removed.body;
}

TEST_F(PartnerCenterCompatTest, NamesUnknownInAnyCasingAndNamesGivenTwiceInTwoCasingsAreRefused) {
  auto admin = Admin();
  const std::string path = CustomerPath(customer_) + "/orders";
  const auto typo = admin.Post(
      path, R"({"LineItems":[{"LineItemNumber":0,"OfferId":"SPE_E3","Quantity":3,"Quantiti":3}]})");
  EXPECT_EQ(typo.status, 400) << typo.body;
  EXPECT_EQ(Detail(typo, "field"), "lineItems[0].Quantiti") << typo.body;
  const auto twice = admin.Post(
      path, R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":3,"Quantity":4}]})");
  EXPECT_EQ(twice.status, 400) << twice.body;
  EXPECT_EQ(Detail(twice, "field"), "Quantity") << twice.body;
}

TEST_F(PartnerCenterCompatTest, UnknownQueryParametersAreRefusedNamingThem) {
  auto admin = Admin();
  const auto typo = admin.Get(CustomerPath(customer_) + "/subscriptions?ofer_id=SPE_E3");
  EXPECT_EQ(typo.status, 400) << typo.body;
  EXPECT_EQ(Detail(typo, "parameter"), "ofer_id") << typo.body;
  const auto none = admin.Get(CustomerPath(customer_) + "?expand=users");
  EXPECT_EQ(none.status, 400) << none.body;
  EXPECT_EQ(Detail(none, "parameter"), "expand") << none.body;
  // Declared names match without regard to case, like JSON property names.
  EXPECT_EQ(admin.Get("/v1/customers?Size=5").status, 200);
  EXPECT_EQ(admin.Get("/v1/customers?size=5&Size=6").status, 400);
}

TEST_F(PartnerCenterCompatTest, SubscriptionsByOrderAsPartnerCenterListsThem) {
  auto admin = Admin();
  const std::string orders = CustomerPath(customer_) + "/orders";
  const auto first = admin.Post(
      orders,
      R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":2},{"lineItemNumber":1,"offerId":"SPE_E5","quantity":1}]})");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto second =
      admin.Post(orders, R"({"lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3","quantity":4}]})");
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string order_id(first.Json().at("id").as_string());
  const auto listed = admin.Get(CustomerPath(customer_) + "/subscriptions?order_id=" + order_id);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto body = listed.Json();
  EXPECT_EQ(body.at("totalCount").as_int64(), 2);
  for (const auto& item : body.at("items").as_array()) {
    EXPECT_EQ(item.at("orderId").as_string(), order_id) << item;
  }
  EXPECT_EQ(admin.Get(CustomerPath(customer_) + "/subscriptions?order_id=42").status, 400);
}

TEST_F(PartnerCenterCompatTest, TheDocumentedCustomerFilterIsApplied) {
  env_.NewCustomer("fabrikam.test");
  auto admin = Admin();
  const auto by_domain = admin.Get(
      "/v1/customers?size=10&filter=" +
      std::string("%7B%22Field%22%3A%22Domain%22%2C%22Value%22%3A%22fab%22%2C%22Operator%22%3A%22"
                  "starts_with%22%7D"));
  ASSERT_EQ(by_domain.status, 200) << by_domain.body;
  EXPECT_EQ(by_domain.Json().at("totalCount").as_int64(), 1) << by_domain.body;
  EXPECT_EQ(by_domain.Json().at("items").at(0).at("companyProfile").at("domain").as_string(),
            "fabrikam.test");
  const auto other_operator = admin.Get(
      "/v1/customers?filter=" +
      std::string("%7B%22Field%22%3A%22Domain%22%2C%22Value%22%3A%22fab%22%2C%22Operator%22%3A%22"
                  "contains%22%7D"));
  EXPECT_EQ(other_operator.status, 400) << other_operator.body;
  EXPECT_EQ(Detail(other_operator, "parameter"), "filter");
  const auto indirect =
      admin.Get("/v1/customers?filter=" +
                std::string("%7B%22Field%22%3A%22IndirectReseller%22%2C%22Value%22%3A%22x%22%2C%22"
                            "Operator%22%3A%22starts_with%22%7D"));
  EXPECT_EQ(indirect.status, 400) << indirect.body;
}

TEST_F(PartnerCenterCompatTest, AnUnauthenticatedAnswerNamesTheBearerScheme) {
  const auto anonymous = Anonymous().Get("/v1/customers");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_TRUE(anonymous.Header("WWW-Authenticate").starts_with("Bearer")) << anonymous.body;
  HttpClient wrong(server_.port(), "not-a-token");
  const auto refused = wrong.Get("/v1/customers");
  EXPECT_EQ(refused.status, 401);
  EXPECT_TRUE(refused.Header("WWW-Authenticate").starts_with("Bearer"));
  EXPECT_EQ(Admin().Get("/v1/customers").Header("WWW-Authenticate"), "");
}

TEST_F(PartnerCenterCompatTest, TotalUnitsOfASubscribedSkuLeaveSuspendedUnitsOut) {
  env_.Buy(customer_, "SPE_E3", 3);
  const Subscription suspended = env_.Buy(customer_, "SPE_E3", 2);
  auto admin = Admin();
  ASSERT_EQ(admin.Patch(SubscriptionPath(customer_, suspended), R"({"status":"suspended"})").status,
            200);
  const auto skus = admin.Get(CustomerPath(customer_) + "/subscribedskus").Json();
  const auto& sku = skus.at("items").at(0);
  EXPECT_EQ(sku.at("activeUnits").as_int64(), 3) << sku;
  EXPECT_EQ(sku.at("suspendedUnits").as_int64(), 2) << sku;
  EXPECT_EQ(sku.at("totalUnits").as_int64(), 3) << sku;
}

TEST_F(PartnerCenterCompatTest, SkusAreNamedByTheirVendorGuidWhereverTheirIdIsAccepted) {
  auto admin = Admin();
  const auto sku = admin.Get("/v1/skus/SPE_E3");
  ASSERT_EQ(sku.status, 200) << sku.body;
  const std::string guid(sku.Json().at("guid").as_string());
  EXPECT_EQ(admin.Get("/v1/skus/" + guid).Json().at("id").as_string(), "SPE_E3");

  const auto ordered = admin.Post(
      CustomerPath(customer_) + "/orders",
      R"({"lineItems":[{"lineItemNumber":0,"offerId":")" + guid + R"(","quantity":2}]})");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  EXPECT_EQ(ordered.Json().at("lineItems").at(0).at("offerId").as_string(), "SPE_E3");
  const User user = env_.NewUser(customer_, "mehmet");
  const auto assigned = admin.Post(UserPath(customer_, user) + "/licenseupdates",
                                   R"({"licensesToAssign":[{"skuId":")" + guid + R"("}]})");
  ASSERT_EQ(assigned.status, 201) << assigned.body;
  const auto listed = admin.Get(CustomerPath(customer_) + "/subscriptions?offerId=" + guid);
  EXPECT_EQ(listed.Json().at("totalCount").as_int64(), 1) << listed.body;
  const auto removed = admin.Post(UserPath(customer_, user) + "/licenseupdates",
                                  R"({"licensesToRemove":[")" + guid + R"("]})");
  EXPECT_EQ(removed.status, 201) << removed.body;
  const auto unknown = admin.Get("/v1/skus/00000000-0000-0000-0000-000000000042");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_F(PartnerCenterCompatTest, ASubscriptionGotChangedAndPatchedBackWholeIsAccepted) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 3);
  auto admin = Admin();
  const auto got = admin.Get(SubscriptionPath(customer_, sub));
  ASSERT_EQ(got.status, 200) << got.body;
  boost::json::object resource = got.Json().as_object();
  resource["quantity"] = 7;
  resource["friendlyName"] = "Round trip";
  const auto patched =
      admin.Patch(SubscriptionPath(customer_, sub), boost::json::serialize(resource));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("quantity").as_int64(), 7);
  EXPECT_EQ(patched.Json().at("friendlyName").as_string(), "Round trip");

  // The same body again carries the old etag: the copy is stale.
  const auto stale =
      admin.Patch(SubscriptionPath(customer_, sub), boost::json::serialize(resource));
  EXPECT_EQ(stale.status, 412) << stale.body;
  // A read-only field that differs is refused, named; nothing changes.
  boost::json::object fresh = admin.Get(SubscriptionPath(customer_, sub)).Json().as_object();
  fresh["offerId"] = "SPE_E5";
  fresh["quantity"] = 9;
  const auto refused = admin.Patch(SubscriptionPath(customer_, sub), boost::json::serialize(fresh));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Detail(refused, "field"), "offerId") << refused.body;
  EXPECT_EQ(admin.Get(SubscriptionPath(customer_, sub)).Json().at("quantity").as_int64(), 7);
}

TEST_F(PartnerCenterCompatTest, AUserGotChangedAndPatchedBackWholeIsAccepted) {
  const User user = env_.NewUser(customer_, "zeynep");
  auto admin = Admin();
  boost::json::object resource = admin.Get(UserPath(customer_, user)).Json().as_object();
  resource["displayName"] = "Zeynep Kaya";
  const auto patched = admin.Patch(UserPath(customer_, user), boost::json::serialize(resource));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("displayName").as_string(), "Zeynep Kaya");
  boost::json::object fresh = patched.Json().as_object();
  fresh["userPrincipalName"] = "someone.else@contoso.test";
  const auto refused = admin.Patch(UserPath(customer_, user), boost::json::serialize(fresh));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Detail(refused, "field"), "userPrincipalName") << refused.body;
}

TEST_F(PartnerCenterCompatTest, AnOrderInTheReferencesShapeIsAccepted) {
  auto admin = Admin();
  const std::string id = customer_.id.value().ToString();
  const auto ordered = admin.Post(CustomerPath(customer_) + "/orders",
                                  R"({"ReferenceCustomerId":")" + id +
                                      R"(","BillingCycle":"annual","CurrencyCode":"USD",)"
                                      R"("LineItems":[{"LineItemNumber":0,"OfferId":"SPE_E3",)"
                                      R"("Quantity":2}]})");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  const boost::json::value order = ordered.Json();
  EXPECT_EQ(order.at("referenceCustomerId").as_string(), id);
  EXPECT_EQ(order.at("lineItems").at(0).at("billingCycle").as_string(), "annual");
  // The order-level fields of the reference's answer, and its links.
  EXPECT_EQ(order.at("billingCycle").as_string(), "annual");
  EXPECT_EQ(order.at("currencyCode").as_string(), "USD");
  const std::string self(order.at("links").at("self").at("uri").as_string());
  EXPECT_EQ(self, CustomerPath(customer_) + "/orders/" + std::string(order.at("id").as_string()));
  const std::string status(order.at("links").at("provisioningStatus").at("uri").as_string());
  EXPECT_EQ(admin.Get(self).body, ordered.body);
  const auto provisioning = admin.Get(status);
  ASSERT_EQ(provisioning.status, 200) << provisioning.body;
  EXPECT_EQ(provisioning.Json().at("items").at(0).at("status").as_string(), "fulfilled");

  const auto other_currency =
      admin.Post(CustomerPath(customer_) + "/orders",
                 R"({"currencyCode":"EUR","lineItems":[{"lineItemNumber":0,"offerId":"SPE_E3",)"
                 R"("quantity":1}]})");
  EXPECT_EQ(other_currency.status, 400) << other_currency.body;
  EXPECT_EQ(Detail(other_currency, "field"), "currencyCode");
  const auto other_customer =
      admin.Post(CustomerPath(customer_) + "/orders",
                 R"({"referenceCustomerId":"00000000-0000-0000-0000-000000000001","lineItems":[)"
                 R"({"lineItemNumber":0,"offerId":"SPE_E3","quantity":1}]})");
  EXPECT_EQ(other_customer.status, 400) << other_customer.body;
  EXPECT_EQ(Detail(other_customer, "field"), "referenceCustomerId");
}

TEST_F(PartnerCenterCompatTest, AUserCreatedWithTheReferencesSampleBodyKeepsItsNames) {
  auto admin = Admin();
  const std::string users = CustomerPath(customer_) + "/users";
  // The reference's sample, as the SDK sends it.
  const auto created = admin.Post(
      users,
      R"({"UsageLocation":"TR","UserPrincipalName":"elif@contoso.test","FirstName":"Elif",)"
      R"("LastName":"Demir","DisplayName":"Elif Demir","PasswordProfile":{"Password":)"
      R"("abCD123*","ForceChangePassword":true},"Attributes":{"ObjectType":"CustomerUser"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const boost::json::value user = created.Json();
  EXPECT_EQ(user.at("firstName").as_string(), "Elif");
  EXPECT_EQ(user.at("lastName").as_string(), "Demir");
  EXPECT_EQ(user.at("state").as_string(), "active");
  EXPECT_EQ(user.at("userDomainType").as_string(), "none");
  EXPECT_TRUE(user.at("immutableId").is_null());
  // The password is the customer's directory's: never kept, never echoed.
  EXPECT_TRUE(user.at("passwordProfile").is_null()) << created.body;
  EXPECT_EQ(created.body.find("abCD123"), std::string::npos);
  const std::string self(user.at("links").at("self").at("uri").as_string());
  EXPECT_EQ(self, users + "/" + std::string(user.at("id").as_string()));

  // GET → change the family name → PATCH the whole user back.
  boost::json::object resource = admin.Get(self).Json().as_object();
  resource["lastName"] = "Yılmaz";
  const auto patched = admin.Patch(self, boost::json::serialize(resource));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("lastName").as_string(), "Yılmaz");
  EXPECT_EQ(admin.Get(self).Json().at("lastName").as_string(), "Yılmaz");

  // A synchronised user's on-premises anchor is kept and answered as given.
  const auto synced =
      admin.Post(users, R"({"userPrincipalName":"sync@contoso.test","displayName":"Sync",)"
                        R"("immutableId":"bXlBbmNob3I9PQ=="})");
  ASSERT_EQ(synced.status, 201) << synced.body;
  EXPECT_EQ(synced.Json().at("immutableId").as_string(), "bXlBbmNob3I9PQ==");
  const std::string synced_self(synced.Json().at("links").at("self").at("uri").as_string());
  EXPECT_EQ(admin.Get(synced_self).Json().at("immutableId").as_string(), "bXlBbmNob3I9PQ==");

  // Values seatshift does not know are refused, named, never dropped.
  const auto inactive = admin.Post(
      users, R"({"userPrincipalName":"can@contoso.test","displayName":"Can","state":"inactive"})");
  EXPECT_EQ(inactive.status, 400) << inactive.body;
  EXPECT_EQ(Detail(inactive, "field"), "state");
  const auto domain_type = admin.Post(
      users,
      R"({"userPrincipalName":"can@contoso.test","displayName":"Can","userDomainType":"x"})");
  EXPECT_EQ(domain_type.status, 400) << domain_type.body;
  EXPECT_EQ(Detail(domain_type, "field"), "userDomainType");
  const auto wrong_type =
      admin.Post(users, R"({"userPrincipalName":"can@contoso.test","displayName":"Can",)"
                        R"("attributes":{"objectType":"Order"}})");
  EXPECT_EQ(wrong_type.status, 400) << wrong_type.body;
  EXPECT_EQ(Detail(wrong_type, "field"), "attributes.objectType");
}

TEST_F(PartnerCenterCompatTest, ALicenseUpdateInTheReferencesShapeIsAccepted) {
  env_.Buy(customer_, "SPE_E3", 2);
  const User user = env_.NewUser(customer_, "deniz");
  auto admin = Admin();
  const auto updated = admin.Post(
      UserPath(customer_, user) + "/licenseupdates",
      R"({"LicensesToAssign":[{"ExcludedPlans":null,"SkuId":"SPE_E3"}],"LicensesToRemove":null,)"
      R"("LicenseWarnings":[],"Attributes":{"ObjectType":"LicenseUpdate"}})");
  ASSERT_EQ(updated.status, 201) << updated.body;
  // The customer's subscribed SKUs as the reference shows them.
  const auto subscribed = admin.Get(CustomerPath(customer_) + "/subscribedskus");
  ASSERT_EQ(subscribed.status, 200) << subscribed.body;
  const boost::json::value sku = subscribed.Json().at("items").at(0).at("productSku");
  EXPECT_EQ(sku.at("targetType").as_string(), "User");
  EXPECT_EQ(sku.at("licenseGroupId").as_string(), "group1");
  // Warnings are the server's answer: a request carrying some is refused.
  const auto with_warnings = admin.Post(
      UserPath(customer_, user) + "/licenseupdates",
      R"({"licensesToRemove":["SPE_E3"],"licenseWarnings":[{"code":"x","message":"y"}]})");
  EXPECT_EQ(with_warnings.status, 400) << with_warnings.body;
  EXPECT_EQ(Detail(with_warnings, "field"), "licenseWarnings");
  // The licence lists its plans the way Partner Center does.
  const auto licenses = admin.Get(UserPath(customer_, user) + "/licenses");
  ASSERT_EQ(licenses.status, 200) << licenses.body;
  const boost::json::value held = licenses.Json();
  const auto& product = held.at("items").at(0).at("productSku");
  EXPECT_EQ(product.at("targetType").as_string(), "User");
  EXPECT_EQ(product.at("licenseGroupId").as_string(), "group1");
  const auto& plan = held.at("items").at(0).at("servicePlans").at(0);
  EXPECT_EQ(plan.at("serviceName"), plan.at("name"));
  EXPECT_EQ(plan.at("capabilityStatus").as_string(), "Enabled");
  EXPECT_EQ(plan.at("targetType").as_string(), "User");
}

TEST_F(PartnerCenterCompatTest, ResourcesCarryTheReferencesFieldsAndLinksThatLead) {
  const Subscription sub = env_.Buy(customer_, "SPE_E3", 3);
  auto admin = Admin();
  const auto got = admin.Get(SubscriptionPath(customer_, sub));
  ASSERT_EQ(got.status, 200) << got.body;
  const boost::json::value resource = got.Json();
  EXPECT_EQ(resource.at("billingType").as_string(), "license");
  EXPECT_EQ(resource.at("contractType").as_string(), "subscription");
  EXPECT_EQ(resource.at("effectiveStartDate").as_string(),
            FormatDate(sub.term_start) + "T00:00:00Z");
  EXPECT_EQ(resource.at("commitmentEndDate").as_string(), FormatDate(sub.term_end) + "T00:00:00Z");
  const auto& links = resource.at("links");
  EXPECT_EQ(links.at("self").at("uri").as_string(), SubscriptionPath(customer_, sub));
  // Each link leads somewhere that answers.
  const auto offer = admin.Get(std::string(links.at("offer").at("uri").as_string()));
  ASSERT_EQ(offer.status, 200) << offer.body;
  EXPECT_EQ(offer.Json().at("id").as_string(), "SPE_E3");
  const auto provisioning =
      admin.Get(std::string(links.at("provisioningStatus").at("uri").as_string()));
  ASSERT_EQ(provisioning.status, 200) << provisioning.body;
  EXPECT_EQ(provisioning.Json().at("status").as_string(), "success");
  EXPECT_EQ(provisioning.Json().at("quantity").as_int64(), 3);

  const auto skus = admin.Get(CustomerPath(customer_) + "/subscribedskus");
  ASSERT_EQ(skus.status, 200) << skus.body;
  const boost::json::value subscribed = skus.Json();
  const auto& sku = subscribed.at("items").at(0);
  EXPECT_EQ(sku.at("targetType").as_string(), "User");
  EXPECT_EQ(sku.at("licenseGroupId").as_string(), "group1");
  ASSERT_FALSE(sku.at("servicePlans").as_array().empty()) << skus.body;
  EXPECT_EQ(sku.at("servicePlans").at(0).at("capabilityStatus").as_string(), "Enabled");

  const auto customer = admin.Get(CustomerPath(customer_)).Json();
  EXPECT_EQ(customer.at("relationshipToPartner").as_string(), "reseller");
  EXPECT_EQ(customer.at("companyProfile").at("attributes").at("objectType").as_string(),
            "CustomerCompanyProfile");
  EXPECT_EQ(customer.at("links").at("self").at("uri").as_string(), CustomerPath(customer_));
}

TEST_F(PartnerCenterCompatTest, ACustomerCreatedInTheReferencesShapeIsAccepted) {
  auto admin = Admin();
  const auto created = admin.Post(
      "/v1/customers",
      R"({"CompanyProfile":{"Domain":"fabrikam.test","CompanyName":"Fabrikam",)"
      R"("Attributes":{"ObjectType":"CustomerCompanyProfile"}},"Country":"TR","Currency":"TRY",)"
      R"("RelationshipToPartner":"reseller","Attributes":{"ObjectType":"Customer"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto advisor = admin.Post(
      "/v1/customers",
      R"({"companyProfile":{"domain":"adatum.test","companyName":"Adatum"},"country":"TR",)"
      R"("currency":"TRY","relationshipToPartner":"advisor"})");
  EXPECT_EQ(advisor.status, 400) << advisor.body;
  EXPECT_EQ(Detail(advisor, "field"), "relationshipToPartner");
}

TEST_F(PartnerCenterCompatTest, PagesAreFollowedThroughLinksNextAsPartnerCenterClientsDo) {
  for (const char* domain : {"a.test", "b.test", "c.test"}) env_.NewCustomer(domain);
  auto admin = Admin();
  const auto first = admin.Get("/v1/customers?size=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const boost::json::value page = first.Json();
  const auto& next = page.at("links").at("next");
  const auto& header = next.at("headers").at(0);
  EXPECT_EQ(header.at("key").as_string(), "MS-ContinuationToken");
  const std::string uri(next.at("uri").as_string());
  EXPECT_NE(uri.find("seekOperation=Next"), std::string::npos) << uri;
  // The SDK sends the URI with the header; both carry the same token.
  const auto second =
      admin.Get(uri, {{"MS-ContinuationToken", std::string(header.at("value").as_string())}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json().at("items").as_array().size(), 2u);  // 4 customers in all
  EXPECT_FALSE(second.Json().at("links").as_object().contains("next")) << second.body;
  // Two different tokens are a mistake, not a choice the server makes silently.
  const auto mixed = admin.Get(uri, {{"MS-ContinuationToken", "other"}});
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(Detail(mixed, "parameter"), "continuationToken");
}

}  // namespace
}  // namespace seatshift::testing
