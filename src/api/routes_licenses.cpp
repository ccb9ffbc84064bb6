// subscribedskus, a user's licenses, and licenseupdates (single and bulk): step B.
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/license_service.hpp"

namespace seatshift::api {
namespace {

using service::LicenseService;

//! One user's {licensesToAssign, licensesToRemove}, read from `object` at `path`.
Result<LicenseUpdate> ReadUpdate(const boost::json::object& object, const std::string& path,
                                 UserId user, bool with_user_id) {
  ObjectReader reader(object, path);
  if (with_user_id) {
    SEATSHIFT_ASSIGN_OR_RETURN(const std::string id, reader.String("userId", 64));
    SEATSHIFT_ASSIGN_OR_RETURN(user, ParseGuid<UserId>(id, reader.PathOf("userId")));
  }
  LicenseUpdate update{.user_id = user};
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::array* assign,
                             reader.OptionalArray("licensesToAssign", 50));
  for (std::size_t i = 0; i < assign->size(); ++i) {
    const std::string where = fmt::format("{}[{}]", reader.PathOf("licensesToAssign"), i);
    if (!(*assign)[i].is_object()) {
      return Error(ErrorCode::kBadRequest, where + ": must be an object", {{"field", where}});
    }
    ObjectReader item((*assign)[i].get_object(), where);
    SEATSHIFT_ASSIGN_OR_RETURN(const std::string sku, item.String("skuId", 100));
    SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::array* plans,
                               item.OptionalArray("excludedPlans", 200));
    SEATSHIFT_TRY(item.Finish());
    LicenseAssignment assignment{.sku_id = SkuId(sku)};
    SEATSHIFT_ASSIGN_OR_RETURN(const auto ids,
                               StringArray(*plans, item.PathOf("excludedPlans"), 64));
    for (const std::string& id : ids) {
      SEATSHIFT_ASSIGN_OR_RETURN(const auto plan, ParseGuid<ServicePlanId>(id, "servicePlanId"));
      assignment.excluded_plans.push_back(plan);
    }
    update.to_assign.push_back(std::move(assignment));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::array* remove,
                             reader.OptionalArray("licensesToRemove", 50));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto removed,
                             StringArray(*remove, reader.PathOf("licensesToRemove"), 100));
  for (const std::string& sku : removed) update.to_remove.emplace_back(sku);
  // Partner Center's LicenseUpdate carries the answer's warnings too; clients send it null or
  // empty. Warnings are the server's to give, so any other value is refused.
  if (const boost::json::value* warnings = reader.Value("licenseWarnings");
      warnings && !(warnings->is_array() && warnings->get_array().empty())) {
    return reader.Bad("licenseWarnings", "is the server's answer: send it empty or null");
  }
  SEATSHIFT_TRY(reader.Attributes("LicenseUpdate"));
  SEATSHIFT_TRY(reader.Finish());
  return update;
}

Response SubscribedSkus(LicenseService licenses, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  return Respond(licenses.SubscribedSkus(call.ctx, *customer), [&](const auto& skus) {
    boost::json::array items;
    for (const SubscribedSku& s : skus) items.push_back(codec::ToJson(s));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response UserLicenses(service::Dependencies deps, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto user = ParseGuid<UserId>(call.Path("userId"), "userId");
  if (!user) return ErrorResponse(std::move(user).error());
  return Respond(LicenseService(deps).UserLicenses(call.ctx, *customer, *user),
                 [&](const std::vector<service::LicenseWithSku>& held) {
                   boost::json::array items;
                   for (const auto& [license, sku] : held) {
                     items.push_back(codec::ToJson(license, sku ? &*sku : nullptr));
                   }
                   const auto total = static_cast<std::int64_t>(items.size());
                   return JsonResponse(http::status::ok,
                                       Collection(std::move(items), total, "", call));
                 });
}

Response UpdateOne(LicenseService licenses, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto user = ParseGuid<UserId>(call.Path("userId"), "userId");
  if (!user) return ErrorResponse(std::move(user).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto update = ReadUpdate(*body, "", *user, false);
  if (!update) return ErrorResponse(std::move(update).error());
  return Respond(licenses.Update(call.ctx, *customer, {std::move(*update)}),
                 [](const std::vector<LicenseChange>& changes) {
                   return JsonResponse(http::status::created, codec::ToJson(changes.front()));
                 });
}

Response UpdateMany(LicenseService licenses, Call& call) {
  auto customer = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!customer) return ErrorResponse(std::move(customer).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  auto list = reader.OptionalArray("updates", 10'000);
  if (!list) return ErrorResponse(std::move(list).error());
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  std::vector<LicenseUpdate> updates;
  for (std::size_t i = 0; i < (*list)->size(); ++i) {
    const std::string path = fmt::format("updates[{}]", i);
    const boost::json::value& item = (**list)[i];
    if (!item.is_object()) {
      return ErrorResponse(
          Error(ErrorCode::kBadRequest, path + ": must be an object", {{"field", path}}));
    }
    auto update = ReadUpdate(item.get_object(), path, UserId(), true);
    if (!update) return ErrorResponse(std::move(update).error());
    updates.push_back(std::move(*update));
  }
  return Respond(licenses.Update(call.ctx, *customer, updates),
                 [](const std::vector<LicenseChange>& changes) {
                   boost::json::array results;
                   for (const LicenseChange& c : changes) results.push_back(codec::ToJson(c));
                   return JsonResponse(http::status::created,
                                       boost::json::object{{"updates", std::move(results)}});
                 });
}

}  // namespace

void AddLicenseRoutes(Router& router, service::Dependencies deps) {
  const LicenseService licenses(deps);
  router.Add(http::verb::get, "/v1/customers/{customerId}/subscribedskus",
             [licenses](Call& c) { return SubscribedSkus(licenses, c); });
  router.Add(http::verb::get, "/v1/customers/{customerId}/users/{userId}/licenses",
             [deps](Call& c) { return UserLicenses(deps, c); });
  const RouteOptions idempotent{
      .idempotent = {{.name = std::string(LicenseService::kUpdateOperation)}}};
  router.Add(
      http::verb::post, "/v1/customers/{customerId}/users/{userId}/licenseupdates",
      [licenses](Call& c) { return UpdateOne(licenses, c); }, idempotent);
  router.Add(
      http::verb::post, "/v1/customers/{customerId}/licenseupdates",
      [licenses](Call& c) { return UpdateMany(licenses, c); }, idempotent);
}

}  // namespace seatshift::api
