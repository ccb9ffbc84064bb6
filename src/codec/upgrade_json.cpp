// The JSON shapes of Partner Center's subscription upgrade (Upgrade, UpgradeResult); declared in
// codec/json.hpp.
#include "codec/json.hpp"

namespace seatshift::codec {
namespace json = boost::json;
namespace {

json::object Attributes(std::string_view object_type) { return {{"objectType", object_type}}; }

json::array ErrorsJson(const std::vector<UpgradeError>& errors) {
  json::array out;
  for (const UpgradeError& e : errors) out.push_back(ToJson(e));
  return out;
}

}  // namespace

json::object ToJson(const UpgradeError& error) {
  json::object out{{"code", ToString(error.code)}, {"description", error.description}};
  if (!error.additional_details.empty()) out["additionalDetails"] = error.additional_details;
  out["attributes"] = Attributes("UpgradeError");
  return out;
}

json::object OfferJson(const Sku& sku, Date today) {
  json::object offer = ToJson(sku, today);
  offer["name"] = sku.title;
  offer["attributes"] = Attributes("Offer");
  return offer;
}

json::object ToJson(const Upgrade& upgrade, Date today) {
  return {{"targetOffer",
           upgrade.target ? json::value(OfferJson(*upgrade.target, today)) : json::value(nullptr)},
          {"upgradeType", ToString(upgrade.type)},
          {"isEligible", upgrade.eligible},
          {"quantity", upgrade.quantity},
          {"upgradeErrors", ErrorsJson(upgrade.errors)},
          {"attributes", Attributes("Upgrade")}};
}

json::object ToJson(const UpgradeResult& result) {
  json::array license_errors;
  for (const UserLicenseError& e : result.license_errors) {
    license_errors.push_back(
        {{"userObjectId", ToString(e.user_id)},
         {"name", e.name},
         {"email", e.email},
         {"errors", json::array{{{"code", e.code}, {"description", e.description}}}},
         {"attributes", Attributes("UserLicenseError")}});
  }
  return {{"sourceSubscriptionId", ToString(result.source_subscription_id)},
          {"targetSubscriptionId", result.target_subscription_id
                                       ? json::value(ToString(*result.target_subscription_id))
                                       : json::value(nullptr)},
          {"upgradeType", ToString(result.type)},
          {"upgradeErrors", ErrorsJson(result.upgrade_errors)},
          {"licenseErrors", std::move(license_errors)},
          {"migrationId", result.migration_id ? json::value(ToString(*result.migration_id))
                                              : json::value(nullptr)},
          {"attributes", Attributes("UpgradeResult")}};
}

}  // namespace seatshift::codec
