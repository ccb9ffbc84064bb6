// GET|POST /v1/customers/{customerId}/subscriptions/{subscriptionId}/upgrades: Partner Center's
// upgrade of one subscription, run on the migration engine.
#include <set>

#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/migration_service.hpp"
#include "service/upgrade_service.hpp"

namespace seatshift::api {
namespace {

using service::UpgradeService;

constexpr std::size_t kMaxOfferIdLength = 100;
constexpr std::int64_t kMaxQuantity = 1'000'000;

struct UpgradePath {
  CustomerId customer;
  SubscriptionId subscription;
};

Result<UpgradePath> ParsePath(const Call& call) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer,
                             ParseGuid<CustomerId>(call.Path("customerId"), "customerId"));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto subscription,
      ParseGuid<SubscriptionId>(call.Path("subscriptionId"), "subscriptionId"));
  return UpgradePath{customer, subscription};
}

//! The fields of the Offer shape GET answers (codec::OfferJson), so that a client may POST the
//! Upgrade as it got it.
const std::set<std::string, std::less<>>& OfferFields() {
  static const std::set<std::string, std::less<>> fields = [] {
    std::set<std::string, std::less<>> keys;
    for (const auto& [key, value] : codec::OfferJson(Sku{}, Date{})) keys.emplace(key);
    return keys;
  }();
  return fields;
}

//! `targetOffer.id`, `upgradeType` and `quantity` say what to do. The rest of the Upgrade as GET
//! answered it (isEligible, upgradeErrors, attributes, the offer's other fields) is read-only:
//! accepted with its type checked, and not used (eligibility is judged again). Anything else
//! is refused naming it.
Result<service::UpgradeRequest> ReadUpgrade(const boost::json::object& body) {
  ObjectReader reader(body);
  service::UpgradeRequest request;
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::object* offer, reader.Object("targetOffer"));
  ObjectReader offer_reader(*offer, "targetOffer");
  SEATSHIFT_ASSIGN_OR_RETURN(request.target_offer, offer_reader.String("id", kMaxOfferIdLength));
  for (const auto& [key, value] : *offer) {
    if (OfferFields().contains(std::string_view(key))) offer_reader.Value(key);
  }
  SEATSHIFT_TRY(offer_reader.Finish());
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string type, reader.String("upgradeType", 64));
  const auto parsed = ParseUpgradeType(type);
  if (!parsed || *parsed == UpgradeType::kNone) {
    return reader.Bad("upgradeType", "must be upgrade_only or upgrade_with_license_transfer");
  }
  request.type = *parsed;
  SEATSHIFT_ASSIGN_OR_RETURN(request.quantity, reader.OptionalInteger("quantity", 1, kMaxQuantity));
  SEATSHIFT_TRY(reader.OptionalBool("isEligible"));
  SEATSHIFT_TRY(reader.OptionalArray("upgradeErrors", 100));
  SEATSHIFT_TRY(reader.Attributes("Upgrade"));
  SEATSHIFT_TRY(reader.Finish());
  return request;
}

Response List(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  const Date today = deps.clock.Today();
  return Respond(UpgradeService(deps).List(call.ctx, path->customer, path->subscription),
                 [&](const std::vector<Upgrade>& upgrades) {
                   boost::json::array items;
                   for (const Upgrade& u : upgrades) items.push_back(codec::ToJson(u, today));
                   const auto total = static_cast<std::int64_t>(items.size());
                   return JsonResponse(http::status::ok,
                                       Collection(std::move(items), total, "", call));
                 });
}

//! 200 with the UpgradeResult, as Partner Center answers, also when the upgrade was refused
//! (its upgradeErrors say why).
Response Perform(service::Dependencies deps, Call& call) {
  auto path = ParsePath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto request = ReadUpgrade(*body);
  if (!request) return ErrorResponse(std::move(request).error());
  return Respond(
      UpgradeService(deps).Perform(call.ctx, path->customer, path->subscription, *request),
      [](const UpgradeResult& result) {
        return JsonResponse(http::status::ok, codec::ToJson(result));
      });
}

}  // namespace

void AddUpgradeRoutes(Router& router, service::Dependencies deps) {
  constexpr const char* kPath =
      "/v1/customers/{customerId}/subscriptions/{subscriptionId}/upgrades";
  router.Add(http::verb::get, kPath, [deps](Call& c) { return List(deps, c); });
  // An upgrade is a migration of one subscription: its key is recorded by the plan, its
  // response once the migration ran (many transactions).
  router.Add(http::verb::post, kPath, [deps](Call& c) { return Perform(deps, c); },
             {.idempotent = {{.name = std::string(service::MigrationService::kPlanOperation),
                              .one_transaction = false}}});
}

}  // namespace seatshift::api
