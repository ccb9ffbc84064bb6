// The JSON shapes of migrations (API.md "Migrations"); declared in codec/json.hpp.
#include "codec/json.hpp"

namespace seatshift::codec {
namespace json = boost::json;
namespace {

json::value OptionalMinorUnits(const std::optional<Money>& money) {
  return money ? json::value(money->minor_units) : json::value(nullptr);
}

template <typename Key>
json::value NameOf(const std::map<Key, std::string>& names, const Key& key) {
  const auto it = names.find(key);
  return it == names.end() ? json::value(nullptr) : json::value(it->second);
}

}  // namespace

json::object ToJson(const CustomerMigrationPlan& plan) {
  json::array sources;
  for (const SubscriptionId& id : plan.source_subscription_ids) sources.emplace_back(ToString(id));
  json::array warnings;
  for (const MigrationWarning& w : plan.warnings) {
    warnings.push_back({{"code", ToString(w.code)},
                        {"message", w.message},
                        {"parameters", ParametersJson(w.parameters)}});
  }
  return {{"customerId", ToString(plan.customer_id)},
          {"sourceSubscriptionId", sources.empty() ? json::value(nullptr) : sources.front()},
          {"sourceSubscriptionIds", std::move(sources)},
          {"targetOfferId", plan.target_sku_id.value().empty()
                                ? json::value(nullptr)
                                : json::value(plan.target_sku_id.value())},
          {"action", ToString(plan.action)},
          {"targetSubscriptionId", plan.target_subscription_id
                                       ? json::value(ToString(*plan.target_subscription_id))
                                       : json::value(nullptr)},
          {"termDuration", ToString(plan.term.term)},
          {"billingCycle", ToString(plan.term.billing_cycle)},
          {"seats", plan.seats},
          {"usersToMove", plan.users_to_move},
          {"monthlyCostBefore", OptionalMinorUnits(plan.monthly_cost_before)},
          {"monthlyCostAfter", OptionalMinorUnits(plan.monthly_cost_after)},
          {"monthlyPriceBefore", OptionalMinorUnits(plan.monthly_resale_before)},
          {"monthlyPriceAfter", OptionalMinorUnits(plan.monthly_resale_after)},
          {"currency", plan.currency},
          {"recommendationReason", plan.recommendation_reason.empty()
                                       ? json::value(nullptr)
                                       : json::value(plan.recommendation_reason)},
          {"recommendationReasonCode", plan.recommendation_code.empty()
                                           ? json::value(nullptr)
                                           : json::value(plan.recommendation_code)},
          {"recommendationParameters", ParametersJson(plan.recommendation_parameters)},
          {"warnings", std::move(warnings)}};
}

json::object CommitmentJson(const StepCommitment& c) {
  return {{"termDuration", ToString(c.term)},
          {"billingCycle", ToString(c.billing_cycle)},
          {"commitmentEndDate", FormatDate(c.ends)},
          {"cancellationAllowedUntilDate", c.cancellable_until
                                               ? json::value(FormatInstant(*c.cancellable_until))
                                               : json::value(nullptr)},
          {"totalCost", OptionalMinorUnits(c.total_cost)},
          {"totalPrice", OptionalMinorUnits(c.total_price)}};
}

json::object ToJson(const MigrationCustomer& customer) {
  json::object out = ToJson(customer.plan);
  out["step"] = ToString(customer.step);
  out["usersMoved"] = customer.users_moved;
  return out;
}

json::object ToJson(const MigrationTotals& totals) {
  json::object currencies;
  for (const auto& [currency, t] : totals.by_currency) {
    currencies[currency] = {{"monthlyCostBefore", t.monthly_cost_before},
                            {"monthlyCostAfter", t.monthly_cost_after},
                            {"monthlyPriceBefore", t.monthly_price_before},
                            {"monthlyPriceAfter", t.monthly_price_after},
                            {"customers", t.customers},
                            {"customersUnpriced", t.customers_unpriced}};
  }
  json::object warnings;
  for (const auto& [code, count] : totals.warnings) warnings[ToString(code)] = count;
  return {{"customers", totals.customers},
          {"customersBlocked", totals.customers_blocked},
          {"purchases", totals.purchases},
          {"seatAdditions", totals.seat_additions},
          {"seats", totals.seats},
          {"usersToMove", totals.users_to_move},
          {"byCurrency", std::move(currencies)},
          {"warnings", std::move(warnings)}};
}

json::object ToJson(const MigrationProgress& p) {
  return {{"customersTotal", p.customers_total},
          {"customersDone", p.customers_done},
          {"usersTotal", p.users_total},
          {"usersMoved", p.users_moved},
          {"subscriptionsPurchased", p.subscriptions_purchased},
          {"subscriptionsSuspended", p.subscriptions_suspended}};
}

json::object ToJson(const Migration& m, const MigrationProgress& progress) {
  json::object overrides;
  for (const auto& [customer, sku] : m.target_overrides)
    overrides[ToString(customer)] = sku.value();
  return {{"id", ToString(m.id)},
          {"status", ToString(m.status)},
          {"sourceOfferId", m.source_sku_id.value()},
          {"targetOfferId", m.target_sku_id ? json::value(m.target_sku_id->value())
                                            : json::value(kRecommendedTarget)},
          {"targetOverrides", std::move(overrides)},
          {"seatPolicy", ToString(m.seat_policy)},
          {"sourceSubscriptionId", m.source_subscription_id
                                       ? json::value(ToString(*m.source_subscription_id))
                                       : json::value(nullptr)},
          {"createdBy", m.created_by},
          {"creationDate", FormatInstant(m.created_at)},
          {"lastModifiedDate", FormatInstant(m.updated_at)},
          {"progress", ToJson(progress)},
          {"attributes", {{"objectType", "Migration"}, {"etag", std::to_string(m.version)}}}};
}

json::object MigrationToJson(const Migration& migration, bool stored,
                             const MigrationProgress& progress,
                             const std::vector<MigrationCustomer>& customers,
                             const MigrationTotals& totals, const MigrationNames& names) {
  json::object out = ToJson(migration, progress);
  out["sourceOfferTitle"] = NameOf(names.sku_titles, migration.source_sku_id);
  out["targetOfferTitle"] = migration.target_sku_id
                                ? NameOf(names.sku_titles, *migration.target_sku_id)
                                : json::value(nullptr);
  if (!stored) {
    out["id"] = nullptr;
    out["attributes"] = {{"objectType", "Migration"}};
  }
  json::array errors;
  json::array plans;
  plans.reserve(customers.size());
  for (const MigrationCustomer& c : customers) {
    if (!c.error_code.empty()) {
      errors.push_back({{"customerId", ToString(c.plan.customer_id)},
                        {"companyName", NameOf(names.companies, c.plan.customer_id)},
                        {"code", c.error_code},
                        {"description", c.error_description},
                        {"parameters", ParametersJson(c.error_parameters)}});
    }
    json::object plan = ToJson(c);
    plan["companyName"] = NameOf(names.companies, c.plan.customer_id);
    plan["targetOfferTitle"] = NameOf(names.sku_titles, c.plan.target_sku_id);
    const auto commitment = names.commitments.find(c.plan.customer_id);
    plan["commitment"] = commitment == names.commitments.end()
                             ? json::value(nullptr)
                             : json::value(CommitmentJson(commitment->second));
    plans.push_back(std::move(plan));
  }
  out["errors"] = std::move(errors);
  out["plan"] = {{"customers", std::move(plans)}, {"totals", ToJson(totals)}};
  return out;
}

json::object MigrationStateToJson(const Migration& migration, const MigrationProgress& progress) {
  return {{"id", ToString(migration.id)},
          {"status", ToString(migration.status)},
          {"progress", ToJson(progress)},
          {"errorCount", progress.customers_with_errors}};
}

}  // namespace seatshift::codec
