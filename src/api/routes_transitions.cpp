// Partner Center's New Commerce transitions of one subscription, on the upgrade engine:
//   GET  .../subscriptions/{subscriptionId}/transitioneligibilities?eligibilityType=immediate
//   POST .../subscriptions/{subscriptionId}/transitions
//   GET  .../subscriptions/{subscriptionId}/transitions[?operationId=]
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "codec/json_reader.hpp"
#include "service/migration_service.hpp"
#include "service/transition_service.hpp"

namespace seatshift::api {
namespace {

namespace json = boost::json;
using service::Transition;
using service::TransitionService;

constexpr std::int64_t kMaxQuantity = 1'000'000;

struct SubscriptionPath {
  CustomerId customer;
  SubscriptionId subscription;
};

Result<SubscriptionPath> ParsePath(const Call& call) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer,
                             ParseGuid<CustomerId>(call.Path("customerId"), "customerId"));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto subscription,
      ParseGuid<SubscriptionId>(call.Path("subscriptionId"), "subscriptionId"));
  return SubscriptionPath{customer, subscription};
}

std::string_view TransitionTypeName(UpgradeType type) {
  return type == UpgradeType::kUpgradeWithLicenseTransfer ? "transition_with_license_transfer"
                                                          : "transition_only";
}

std::optional<UpgradeType> ParseTransitionType(std::string_view text) {
  if (text == "transition_only") return UpgradeType::kUpgradeOnly;
  if (text == "transition_with_license_transfer") return UpgradeType::kUpgradeWithLicenseTransfer;
  return std::nullopt;
}

json::array ErrorsJson(const std::vector<UpgradeError>& errors) {
  json::array out;
  for (const UpgradeError& e : errors) {
    out.push_back({{"code", ToString(e.code)}, {"description", e.description}});
  }
  return out;
}

Response Eligibilities(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  const std::string lower = codec::FoldAsciiCase(call.Query("eligibilityType"));
  if (lower == "scheduled") {
    return ErrorResponse(Error(
        ErrorCode::kBadRequest,
        "eligibilityType=scheduled: a change of product at renewal is not offered yet; change "
        "the term, billing cycle or seats at renewal with scheduledNextTermInstructions",
        {{"field", std::string("eligibilityType")}}));
  }
  if (!lower.empty() && lower != "immediate") {
    return ErrorResponse(Error(ErrorCode::kBadRequest, "eligibilityType must be immediate",
                               {{"field", std::string("eligibilityType")}}));
  }
  return Respond(
      TransitionService(deps).Eligibilities(call.ctx, path->customer, path->subscription),
      [&](const std::vector<Upgrade>& upgrades) {
        json::array items;
        for (const Upgrade& u : upgrades) {
          if (!u.target) continue;  // no path: an empty list, as Partner Center answers
          items.push_back({{"catalogItemId", u.target->id.value()},
                           {"title", u.target->title},
                           {"quantity", u.quantity},
                           {"eligibilities",
                            {{{"isEligible", u.eligible},
                              {"transitionType", TransitionTypeName(u.type)},
                              {"errors", ErrorsJson(u.errors)}}}},
                           {"attributes", {{"objectType", "TransitionEligibility"}}}});
        }
        const auto total = static_cast<std::int64_t>(items.size());
        return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
      });
}

Result<service::TransitionRequest> ReadTransition(const json::object& body,
                                                  const SubscriptionId& from) {
  ObjectReader reader(body);
  service::TransitionRequest request;
  SEATSHIFT_ASSIGN_OR_RETURN(request.upgrade.target_offer, reader.String("toCatalogItemId", 200));
  SEATSHIFT_ASSIGN_OR_RETURN(request.upgrade.quantity, reader.Integer("quantity", 1, kMaxQuantity));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string type, reader.String("transitionType", 64));
  const auto parsed = ParseTransitionType(type);
  if (!parsed) {
    return reader.Bad("transitionType",
                      "must be transition_only or transition_with_license_transfer");
  }
  request.upgrade.type = *parsed;
  SEATSHIFT_ASSIGN_OR_RETURN(const auto term, reader.OptionalString("termDuration", 8));
  if (term) {
    request.term = ParseTermDuration(*term);
    if (!request.term) return reader.Bad("termDuration", "must be P1M, P1Y or P3Y");
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto cycle, reader.OptionalString("billingCycle", 16));
  if (cycle) {
    // Partner Center writes "Monthly" here.
    request.billing_cycle = ParseBillingCycle(codec::FoldAsciiCase(*cycle));
    if (!request.billing_cycle) {
      return reader.Bad("billingCycle", "must be monthly, annual or triennial");
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto to, reader.OptionalString("toSubscriptionId", 64));
  if (to) {
    SEATSHIFT_ASSIGN_OR_RETURN(request.to_subscription,
                               ParseGuid<SubscriptionId>(*to, "toSubscriptionId"));
  }
  // The source is the path's; a body naming it must agree.
  SEATSHIFT_ASSIGN_OR_RETURN(const auto source, reader.OptionalString("fromSubscriptionId", 64));
  if (source && *source != ToString(from)) {
    return reader.Bad("fromSubscriptionId", "must be the subscription of the path");
  }
  SEATSHIFT_TRY(reader.OptionalString("fromCatalogItemId", 200));
  SEATSHIFT_TRY(reader.Finish());
  return request;
}

//! The Transition resource: the migration that ran it, seen from its one customer.
json::object TransitionJson(const Transition& t) {
  const Migration& m = t.migration.migration;
  const MigrationCustomer* row =
      t.migration.customers.empty() ? nullptr : &t.migration.customers.front();
  std::string_view status = "inProgress";
  std::string_view event = "InProgress";
  if (m.status == MigrationStatus::kCompleted) {
    status = "completed";
    event = "Completed";
  } else if (m.status == MigrationStatus::kFailed ||
             m.status == MigrationStatus::kCompletedWithErrors) {
    status = "failed";
    event = "Failed";
  } else if (m.status == MigrationStatus::kRolledBack) {
    status = "rolledBack";
    event = "Completed";
  }
  const std::string when = FormatInstant(m.created_at);
  json::array events{{{"name", "Conversion"}, {"status", event}, {"timestamp", when}}};
  if (t.license_transfer) {
    events.push_back({{"name", "SeatReassignment"}, {"status", event}, {"timestamp", when}});
  }
  json::array errors;
  if (row && !row->error_code.empty()) {
    errors.push_back({{"code", row->error_code}, {"description", row->error_description}});
  }
  const auto& to = row ? row->plan.target_subscription_id : std::nullopt;
  return {{"id", ToString(m.id)},
          {"operationId", ToString(m.id)},
          {"fromCatalogItemId", m.source_sku_id.value()},
          {"toCatalogItemId", row ? json::value(row->plan.target_sku_id.value()) : nullptr},
          {"fromSubscriptionId", ToString(t.from_subscription)},
          {"toSubscriptionId", to ? json::value(ToString(*to)) : json::value(nullptr)},
          {"quantity", row ? row->plan.seats : 0},
          {"termDuration", row ? json::value(ToString(row->plan.term.term)) : nullptr},
          {"billingCycle", row ? json::value(ToString(row->plan.term.billing_cycle)) : nullptr},
          {"transitionType",
           t.license_transfer ? "transition_with_license_transfer" : "transition_only"},
          {"status", status},
          {"createdTime", when},
          {"events", std::move(events)},
          {"errors", std::move(errors)},
          {"attributes", {{"objectType", "Transition"}}}};
}

Response Create(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto request = ReadTransition(*body, path->subscription);
  if (!request) return ErrorResponse(std::move(request).error());
  return Respond(
      TransitionService(deps).Perform(call.ctx, path->customer, path->subscription, *request),
      [](const Transition& t) { return JsonResponse(http::status::ok, TransitionJson(t)); });
}

Response List(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  std::optional<MigrationId> operation;
  if (const std::string& id = call.Query("operationId"); !id.empty()) {
    auto parsed = ParseGuid<MigrationId>(id, "operationId");
    if (!parsed) return ErrorResponse(std::move(parsed).error());
    operation = *parsed;
  }
  return Respond(
      TransitionService(deps).List(call.ctx, path->customer, path->subscription, operation),
      [&](const std::vector<Transition>& transitions) {
        json::array items;
        for (const Transition& t : transitions) items.push_back(TransitionJson(t));
        const auto total = static_cast<std::int64_t>(items.size());
        return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
      });
}

}  // namespace

void AddTransitionRoutes(Router& router, service::Dependencies deps) {
  constexpr const char* kBase = "/v1/customers/{customerId}/subscriptions/{subscriptionId}";
  router.Add(http::verb::get, std::string(kBase) + "/transitioneligibilities",
             [deps](Call& c) { return Eligibilities(deps, c); }, {.query = {"eligibilityType"}});
  // A transition is a migration of one subscription: its key is recorded by the plan, its
  // response once the migration ran (many transactions).
  router.Add(http::verb::post, std::string(kBase) + "/transitions",
             [deps](Call& c) { return Create(deps, c); },
             {.idempotent = {{.name = std::string(service::MigrationService::kPlanOperation),
                              .one_transaction = false}}});
  router.Add(http::verb::get, std::string(kBase) + "/transitions",
             [deps](Call& c) { return List(deps, c); }, {.query = {"operationId"}});
}

}  // namespace seatshift::api
