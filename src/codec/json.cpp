#include "codec/json.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace seatshift::codec {
namespace json = boost::json;
namespace {

json::object Attributes(std::string_view object_type) { return {{"objectType", object_type}}; }

json::value OptionalDate(const std::optional<Date>& day) {
  return day ? json::value(FormatDate(*day)) : json::value(nullptr);
}

json::value OptionalInstant(const std::optional<Instant>& when) {
  return when ? json::value(FormatInstant(*when)) : json::value(nullptr);
}

//! Partner Center's link: where a related resource is and how to fetch it.
json::object Link(std::string uri) {
  return {{"uri", std::move(uri)}, {"method", "GET"}, {"headers", json::array()}};
}

//! Partner Center sends whole-day fields (a term's first and last day) as date-times at
//! midnight UTC.
json::value MidnightOf(Date day) { return json::value(FormatDate(day) + "T00:00:00Z"); }

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::value ValueOf(const ErrorDetail& detail) {
  if (const auto* i = std::get_if<std::int64_t>(&detail.value)) return *i;
  if (const auto* s = std::get_if<std::string>(&detail.value)) return json::value(*s);
  return Strings(std::get<std::vector<std::string>>(detail.value));
}

json::array PlanIds(const std::vector<ServicePlanId>& plans) {
  json::array out;
  for (const auto& p : plans) out.emplace_back(p.value().ToString());
  return out;
}

//! `capability`: "Enabled", or "Disabled" for a plan a license excludes.
json::object ToJson(const ServicePlan& plan, std::string_view capability = "Enabled") {
  return {{"id", plan.id.value().ToString()}, {"name", plan.name},
          {"serviceName", plan.name},         {"displayName", plan.display_name},
          {"capabilityStatus", capability},   {"targetType", "User"}};
}

//! Partner Center's ProductSku. Every seatshift license is a user license, and Partner Center
//! groups licenses by directory group: seatshift has only the one it calls "group1".
json::object ProductSku(const SkuId& id, const std::optional<Uuid>& guid,
                        const std::optional<std::string>& title) {
  return {{"id", id.value()},
          {"guid", guid ? json::value(guid->ToString()) : json::value(nullptr)},
          {"name", title ? json::value(*title) : json::value(nullptr)},
          {"skuPartNumber", id.value()},
          {"targetType", "User"},
          {"licenseGroupId", "group1"}};
}

}  // namespace

json::object ToJson(const Product& product) {
  return {{"id", product.id.value()},
          {"title", product.title},
          {"description", product.description},
          {"segment", ToString(product.segment)},
          {"attributes", Attributes("Product")}};
}

json::object ToJson(const Sku& sku, Date today) {
  json::array plans;
  for (const auto& plan : sku.service_plans) plans.push_back(ToJson(plan));
  json::array prices;
  for (const auto& price : sku.prices) {
    prices.push_back({{"currency", price.currency},
                      {"termDuration", ToString(price.term)},
                      {"billingCycle", ToString(price.billing_cycle)},
                      {"unitPrice", price.unit_price}});
  }
  json::array replacements;
  for (const auto& r : sku.replacements) replacements.emplace_back(r.value());
  json::array conversions;
  for (const auto& c : sku.conversions) conversions.emplace_back(c.value());
  json::array markets;
  for (const auto& m : sku.markets) markets.emplace_back(m);
  json::array prerequisites;
  for (const auto& p : sku.prerequisite_offers) prerequisites.emplace_back(p);
  json::array terms;
  for (const TermOption& option : sku.TermOptions()) {
    terms.push_back({{"termDuration", ToString(option.term)},
                     {"billingCycle", ToString(option.billing_cycle)}});
  }
  return {{"id", sku.id.value()},
          {"guid", sku.guid.ToString()},
          {"productId", sku.product_id.value()},
          {"title", sku.title},
          {"segment", ToString(sku.segment)},
          {"minimumQuantity", sku.minimum_quantity},
          {"maximumQuantity", sku.maximum_quantity},
          {"servicePlans", std::move(plans)},
          {"lifecycle",
           {{"status", ToString(sku.StatusOn(today))},
            {"endOfSaleDate", OptionalDate(sku.end_of_sale)},
            {"retirementDate", OptionalDate(sku.retirement)}}},
          {"replacementSkuIds", std::move(replacements)},
          {"isPurchasable", sku.IsPurchasableOn(today)},
          {"offerId", sku.offer_id.empty() ? json::value(nullptr) : json::value(sku.offer_id)},
          {"conversionSkuIds", std::move(conversions)},
          {"markets", std::move(markets)},
          {"prerequisiteOfferIds", std::move(prerequisites)},
          {"prices", std::move(prices)},
          {"commerce", ToString(sku.commerce)},
          {"termOptions", std::move(terms)},
          {"attributes", Attributes("Sku")}};
}

json::object ToJson(const Customer& customer) {
  const std::string id = customer.id.value().ToString();
  return {{"id", id},
          {"companyProfile",
           {{"tenantId", id},
            {"domain", customer.domain},
            {"companyName", customer.company_name},
            {"attributes", Attributes("CustomerCompanyProfile")}}},
          {"segment", ToString(customer.segment)},
          {"country", customer.country},
          {"currency", customer.currency},
          {"relationshipToPartner", "reseller"},
          {"creationDate", FormatInstant(customer.created_at)},
          {"links", {{"self", Link("/v1/customers/" + id)}}},
          {"attributes", Attributes("Customer")}};
}

json::object ToJson(const User& user) {
  const std::string id = user.id.value().ToString();
  return {{"id", id},
          {"userPrincipalName", user.user_principal_name},
          {"displayName", user.display_name},
          {"firstName", user.first_name},
          {"lastName", user.last_name},
          {"usageLocation", user.usage_location},
          {"immutableId",
           user.immutable_id.empty() ? json::value(nullptr) : json::value(user.immutable_id)},
          // seatshift keeps no directory state: users are active until deleted, and their
          // passwords belong to the customer's directory.
          {"state", "active"},
          {"userDomainType", "none"},
          {"passwordProfile", nullptr},
          {"softDeletionTime", nullptr},
          {"lastDirectorySyncTime", nullptr},
          {"creationDate", FormatInstant(user.created_at)},
          {"links",
           {{"self", Link(fmt::format("/v1/customers/{}/users/{}",
                                      user.customer_id.value().ToString(), id))}}},
          {"attributes", {{"objectType", "CustomerUser"}, {"etag", std::to_string(user.version)}}}};
}

namespace {

//! Partner Center's refund options still open at `now`: in full for a day after the term's
//! purchase (or renewal), then prorated until its cancellation window closes.
json::array RefundOptions(const Subscription& sub, Instant now) {
  json::array options;
  if (sub.lots.empty()) return options;
  const Instant bought = sub.lots.front().bought_at;
  if (now < bought + kFullRefundWindow) {
    options.push_back({{"type", "Full"}, {"expiresAt", FormatInstant(bought + kFullRefundWindow)}});
  }
  if (now < bought + kCancellationWindow) {
    options.push_back(
        {{"type", "Partial"}, {"expiresAt", FormatInstant(bought + kCancellationWindow)}});
  }
  return options;
}

json::object RefundableQuantityJson(const Subscription& sub, Instant now) {
  json::array details;
  std::int64_t total = 0;
  for (const RefundableLot& lot : RefundableLots(sub.lots, now)) {
    total += lot.quantity;
    details.push_back({{"quantity", lot.quantity},
                       {"allowedUntilDateTime", FormatInstant(lot.RefundableUntil())}});
  }
  return {{"totalQuantity", total}, {"details", std::move(details)}};
}

json::value ScheduledJson(const std::optional<ScheduledChange>& next) {
  if (!next) return nullptr;
  return {{"product",
           {{"skuId", next->sku_id.value()},
            {"termDuration", ToString(next->term)},
            {"billingCycle", ToString(next->billing_cycle)}}},
          {"quantity", next->quantity},
          {"customTermEndDate",
           next->custom_term_end ? MidnightOf(*next->custom_term_end) : json::value(nullptr)}};
}

}  // namespace

json::object ToJson(const Subscription& sub, const std::string& offer_name, Instant now) {
  json::object attributes = Attributes("Subscription");
  attributes["etag"] = std::to_string(sub.version);
  const std::string self =
      fmt::format("/v1/customers/{}/subscriptions/{}", sub.customer_id.value().ToString(),
                  sub.id.value().ToString());
  return {{"id", sub.id.value().ToString()},
          {"customerId", sub.customer_id.value().ToString()},
          {"offerId", sub.sku_id.value()},
          {"offerName", offer_name},
          {"friendlyName", sub.friendly_name},
          {"quantity", sub.quantity},
          {"unitType", "Licenses"},
          {"status", ToString(sub.status)},
          {"autoRenewEnabled", sub.auto_renew},
          {"creationDate", FormatInstant(sub.created_at)},
          {"effectiveStartDate", MidnightOf(sub.term_start)},
          {"commitmentEndDate", MidnightOf(sub.term_end)},
          {"termDuration", ToString(sub.term)},
          {"billingCycle", ToString(sub.billing_cycle)},
          {"renewalTermDuration", ToString(sub.RenewalTerm())},
          {"cancellationAllowedUntilDate", OptionalInstant(sub.CancellationAllowedUntil())},
          {"refundOptions", RefundOptions(sub, now)},
          {"refundableQuantity", RefundableQuantityJson(sub, now)},
          {"scheduledNextTermInstructions", ScheduledJson(sub.scheduled)},
          {"suspensionReasons", Strings(sub.suspension_reasons)},
          {"suspendedAt", OptionalInstant(sub.suspended_at)},
          {"deprovisionDate", OptionalInstant(sub.DeprovisionAt())},
          {"orderId",
           sub.order_id ? json::value(sub.order_id->value().ToString()) : json::value(nullptr)},
          // What Partner Center says of every license-based subscription.
          {"billingType", "license"},
          {"contractType", "subscription"},
          {"links",
           {{"self", Link(self)},
            {"offer", Link("/v1/skus/" + sub.sku_id.value())},
            {"provisioningStatus", Link(self + "/provisioningstatus")}}},
          {"attributes", std::move(attributes)}};
}

json::object ProvisioningStatusJson(const Subscription& sub) {
  return {{"skuId", sub.sku_id.value()},
          {"status", "success"},
          {"quantity", sub.quantity},
          {"endDate", MidnightOf(sub.term_end)},
          {"attributes", Attributes("SubscriptionProvisioningStatus")}};
}

json::object ToJson(const Order& order) {
  json::array items;
  for (const auto& item : order.line_items) {
    items.push_back({{"lineItemNumber", item.line_item_number},
                     {"offerId", item.offer_id.value()},
                     {"quantity", item.quantity},
                     {"friendlyName", item.friendly_name},
                     {"termDuration", ToString(item.term)},
                     {"billingCycle", ToString(item.billing_cycle)},
                     {"subscriptionId", item.subscription_id
                                            ? json::value(item.subscription_id->value().ToString())
                                            : json::value(nullptr)}});
  }
  const std::string customer = order.customer_id.value().ToString();
  const std::string self =
      fmt::format("/v1/customers/{}/orders/{}", customer, order.id.value().ToString());
  // Partner Center's order has one billing cycle for all its lines; seatshift lets each line
  // name its own, so an order whose lines differ says "unknown".
  const auto& lines = order.line_items;
  const bool one_cycle = std::all_of(lines.begin(), lines.end(), [&](const OrderLineItem& l) {
    return l.billing_cycle == lines.front().billing_cycle;
  });
  return {
      {"id", order.id.value().ToString()},
      {"customerId", customer},
      {"referenceCustomerId", customer},
      {"billingCycle", !lines.empty() && one_cycle
                           ? json::value(ToString(lines.front().billing_cycle))
                           : json::value("unknown")},
      {"currencyCode", order.currency},
      {"lineItems", std::move(items)},
      {"status", "completed"},
      {"creationDate", FormatInstant(order.created_at)},
      {"links", {{"self", Link(self)}, {"provisioningStatus", Link(self + "/provisioningstatus")}}},
      {"attributes", Attributes("Order")}};
}

json::object OrderProvisioningStatusJson(const Order& order) {
  json::array items;
  for (const auto& item : order.line_items) {
    items.push_back({{"lineItemNumber", item.line_item_number},
                     {"status", "fulfilled"},
                     {"quantityProvisioningInformation",
                      json::array{{{"quantity", item.quantity}, {"status", "fulfilled"}}}},
                     {"attributes", Attributes("OrderLineItemProvisioningStatus")}});
  }
  const auto total = static_cast<std::int64_t>(items.size());
  return {
      {"totalCount", total}, {"items", std::move(items)}, {"attributes", Attributes("Collection")}};
}

json::object ToJson(const License& license, const Sku* sku) {
  json::array plans;
  if (sku) {
    for (const auto& plan : sku->service_plans) {
      const bool excluded = std::find(license.excluded_plans.begin(), license.excluded_plans.end(),
                                      plan.id) != license.excluded_plans.end();
      plans.push_back(ToJson(plan, excluded ? "Disabled" : "Enabled"));
    }
  }
  return {{"productSku", ProductSku(license.sku_id, sku ? std::optional(sku->guid) : std::nullopt,
                                    sku ? std::optional(sku->title) : std::nullopt)},
          {"servicePlans", std::move(plans)},
          {"excludedPlans", PlanIds(license.excluded_plans)},
          {"attributes", Attributes("License")}};
}

json::array ToJson(const std::vector<License>& licenses) {
  // The audit snapshot of a user's licenses: SKU ids and excluded plans only.
  json::array out;
  for (const auto& l : licenses) {
    out.push_back({{"skuId", l.sku_id.value()}, {"excludedPlans", PlanIds(l.excluded_plans)}});
  }
  return out;
}

json::object ToJson(const AuditRecord& record) {
  const auto parse_or_null = [](const std::string& text) -> json::value {
    if (text.empty()) return nullptr;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    return ec ? json::value(text) : v;
  };
  return {{"id", std::to_string(record.id)},
          {"time", FormatInstant(record.time)},
          {"agentId", record.agent_id},
          {"role", ToString(record.role)},
          {"operation", record.operation},
          {"resourceType", record.resource_type},
          {"resourceId", record.resource_id},
          {"customerId", record.customer_id ? json::value(record.customer_id->value().ToString())
                                            : json::value(nullptr)},
          {"before", parse_or_null(record.before)},
          {"after", parse_or_null(record.after)},
          {"correlationId", record.correlation_id},
          {"attributes", Attributes("AuditRecord")}};
}

json::object ToJson(const SubscribedSku& sku) {
  const std::int64_t available = std::max<std::int64_t>(0, sku.active_units - sku.consumed_units);
  const std::string_view capability = sku.active_units > 0    ? "Enabled"
                                      : sku.warning_units > 0 ? "Warning"
                                                              : "Suspended";
  json::array plans;
  for (const auto& plan : sku.service_plans) plans.push_back(ToJson(plan));
  return {{"productSku", ProductSku(sku.sku_id, sku.guid, sku.title)},
          {"activeUnits", sku.active_units},
          {"consumedUnits", sku.consumed_units},
          {"availableUnits", available},
          {"suspendedUnits", sku.suspended_units},
          {"warningUnits", sku.warning_units},
          // Partner Center counts what still serves users: suspended units are not in it.
          {"totalUnits", sku.active_units + sku.warning_units},
          {"capabilityStatus", capability},
          {"servicePlans", std::move(plans)},
          {"targetType", "User"},
          // Partner Center groups licenses by directory group; seatshift has only the one.
          {"licenseGroupId", "group1"},
          {"attributes", Attributes("SubscribedSku")}};
}

json::object ToJson(const LicenseChange& change) {
  json::array assigned;
  for (const License& l : change.to_put) {
    assigned.push_back({{"skuId", l.sku_id.value()}, {"excludedPlans", PlanIds(l.excluded_plans)}});
  }
  json::array removed;
  for (const SkuId& sku : change.to_delete) removed.emplace_back(sku.value());
  json::array warnings;
  for (const auto& w : change.warnings) {
    warnings.push_back(
        {{"code", w.code}, {"message", w.message}, {"parameters", ParametersJson(w.parameters)}});
  }
  return {{"userId", change.user_id.value().ToString()},
          {"licensesToAssign", std::move(assigned)},
          {"licensesToRemove", std::move(removed)},
          {"licenseWarnings", std::move(warnings)},
          {"attributes", Attributes("LicenseUpdate")}};
}

json::object ParametersJson(const Parameters& parameters) {
  json::object out;
  for (const auto& parameter : parameters) out[parameter.key] = ValueOf(parameter);
  return out;
}

json::object ToJson(const Error& error) {
  json::array data;
  for (const auto& detail : error.details) {
    json::object item;
    item[detail.key] = ValueOf(detail);
    data.push_back(std::move(item));
  }
  json::object out{{"code", Describe(error.code).api_code},
                   {"description", error.message},
                   {"data", std::move(data)},
                   {"source", "seatshift"}};
  if (!error.details.empty()) out["parameters"] = ParametersJson(error.details);
  return out;
}

std::string Serialize(const json::value& value) { return json::serialize(value); }

boost::json::object ToJson(const Charge& charge) {
  return {{"subscriptionId", charge.subscription_id.value().ToString()},
          {"offerId", charge.sku_id.value()},
          {"chargeType", ToString(charge.kind)},
          {"periodStart", FormatDate(charge.period.first)},
          {"periodEnd", FormatDate(charge.period.last)},
          {"quantity", charge.quantity},
          {"unitPrice", charge.unit_price},
          {"unitCost", charge.unit_cost},
          {"amount", charge.amount},
          {"currency", charge.currency},
          {"chargedAt", FormatInstant(charge.charged_at)}};
}

boost::json::object ToJson(const LifecycleTally& tally) {
  return {{"subscriptions", tally.subscriptions},
          {"renewals", tally.renewals},
          {"expiries", tally.expiries},
          {"disabled", tally.disabled},
          {"deprovisioned", tally.deprovisioned},
          {"autoRenewOff", tally.auto_renew_off},
          {"charges", tally.charges},
          {"unpricedPeriods", tally.unpriced_periods},
          {"licensesRemoved", tally.licenses_removed},
          {"alertsRaised", tally.alerts_raised}};
}

boost::json::object ToJson(const ServiceLossRow& row) {
  boost::json::array replacements;
  for (const SkuId& r : row.replacements) replacements.emplace_back(r.value());
  return {{"customerId", row.customer_id.value().ToString()},
          {"userId", row.user_id.value().ToString()},
          {"userPrincipalName", row.user_principal_name},
          {"offerId", row.sku_id.value()},
          {"servicePlan",
           {{"id", row.service_plan.id.value().ToString()},
            {"name", row.service_plan.name},
            {"displayName", row.service_plan.display_name}}},
          {"losesAccessAt", FormatInstant(row.loses_at)},
          {"reason", ToString(row.reason)},
          {"replacementSkuIds", std::move(replacements)}};
}

boost::json::object ToJson(const PlanLossSummary& summary) {
  return {{"servicePlanName", summary.service_plan_name},
          {"displayName", summary.display_name},
          {"users", summary.users},
          {"earliestLoss", FormatInstant(summary.earliest_loss)}};
}

boost::json::object ToJson(const SubscriptionAtRisk& row, Instant now) {
  boost::json::object json = ToJson(row.subscription, row.offer_name, now);
  json["daysUntilEnd"] = row.days_until_end;
  json["assignedLicenses"] = row.assigned_licenses;
  json["unusedSeats"] = row.unused_seats;
  boost::json::array replacements;
  for (const SkuId& r : row.replacements) replacements.emplace_back(r.value());
  json["replacementSkuIds"] = std::move(replacements);
  json["companyName"] = row.company_name;
  json["domain"] = row.domain;
  json["segment"] = ToString(row.segment);
  json["recommendedReplacement"] = row.recommended
                                       ? json::value({{"offerId", row.recommended->sku_id.value()},
                                                      {"title", row.recommended->title},
                                                      {"quantity", row.recommended->quantity}})
                                       : json::value(nullptr);
  return json;
}

}  // namespace seatshift::codec
