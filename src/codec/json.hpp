#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "domain/audit.hpp"
#include "domain/catalog.hpp"
#include "domain/charge.hpp"
#include "domain/customer.hpp"
#include "domain/license.hpp"
#include "domain/lifecycle.hpp"
#include "domain/migration.hpp"
#include "domain/order.hpp"
#include "domain/service_loss.hpp"
#include "domain/subscription.hpp"
#include "domain/upgrade.hpp"

namespace seatshift::codec {

// The API's JSON shapes (shared/design/API.md), used by the API, by the CLI's --json output
// and for the before/after snapshots of audit records.

boost::json::object ToJson(const Product& product);
boost::json::object ToJson(const Sku& sku, Date today);
boost::json::object ToJson(const Customer& customer);
boost::json::object ToJson(const User& user);
//! `offer_name` is the SKU's title (the subscription only stores the SKU id); `now` decides
//! which seats can still be given back (refundableQuantity, refundOptions).
boost::json::object ToJson(const Subscription& sub, const std::string& offer_name, Instant now);
boost::json::object ToJson(const Order& order);
//! Partner Center's provisioning status of an order's line items: each fulfilled at once.
boost::json::object OrderProvisioningStatusJson(const Order& order);
//! Partner Center's SubscriptionProvisioningStatus of `sub`.
boost::json::object ProvisioningStatusJson(const Subscription& sub);
//! A user's license, with the SKU's plans and the ones excluded for this user.
boost::json::object ToJson(const License& license, const Sku* sku);
boost::json::object ToJson(const AuditRecord& record);
//! Graph's subscribedSku: seats and consumption of one SKU of a customer.
boost::json::object ToJson(const SubscribedSku& sku);
//! The response to a license update: what was assigned and removed, and warnings.
boost::json::object ToJson(const LicenseChange& change);
boost::json::array ToJson(const std::vector<License>& licenses);
//! The error body {code, description, data, source}, with `parameters` (the data as one object)
//! when the error has details.
boost::json::object ToJson(const Error& error);
//! A message's parameters as one object: {"seats": 3, "offerId": "SPE_E3", ...}.
boost::json::object ParametersJson(const Parameters& parameters);
boost::json::object ToJson(const Charge& charge);
//! A subscription of the expiring report: days left, assigned licenses, replacement SKUs.
boost::json::object ToJson(const SubscriptionAtRisk& row, Instant now);
//! One user losing one service plan (the service-loss forecast).
boost::json::object ToJson(const ServiceLossRow& row);
boost::json::object ToJson(const PlanLossSummary& summary);
//! What a lifecycle run changed, counted by kind.
boost::json::object ToJson(const LifecycleTally& tally);

// Migrations (migration_json.cpp).
//! One customer's plan: {customerId, sourceSubscriptionId, targetOfferId, action, seats, ...}.
boost::json::object ToJson(const CustomerMigrationPlan& plan);
//! The plan with the engine's progress on the customer (step, usersMoved, error).
boost::json::object ToJson(const MigrationCustomer& customer);
boost::json::object ToJson(const MigrationTotals& totals);
boost::json::object ToJson(const MigrationProgress& progress);
//! A migration without its plan: id, status, source, target, overrides, progress (lists, audit).
boost::json::object ToJson(const Migration& migration, const MigrationProgress& progress);
//! The API's Migration: the summary plus `errors` and `plan: {customers, totals}`; `id` is null
//! when nothing was stored (a dry run).
//! `names` adds sourceOfferTitle and targetOfferTitle to it, companyName and targetOfferTitle to
//! each customer's plan.
boost::json::object MigrationToJson(const Migration& migration, bool stored,
                                    const MigrationProgress& progress,
                                    const std::vector<MigrationCustomer>& customers,
                                    const MigrationTotals& totals, const MigrationNames& names);
//! What a progress bar needs (the data of GET /v1/migrations/{id}/events): {id, status,
//! progress, errorCount}, errorCount being the length of the Migration's `errors`.
boost::json::object MigrationStateToJson(const Migration& migration,
                                         const MigrationProgress& progress);

// Partner Center's subscription upgrade (upgrade_json.cpp).
boost::json::object ToJson(const UpgradeError& error);
//! The catalog's SKU as Partner Center's Offer: the SKU shape plus `name`, objectType "Offer".
boost::json::object OfferJson(const Sku& sku, Date today);
//! Upgrade: {targetOffer (null without an upgrade path), upgradeType, isEligible, quantity,
//! upgradeErrors}.
boost::json::object ToJson(const Upgrade& upgrade, Date today);
//! UpgradeResult: {sourceSubscriptionId, targetSubscriptionId, upgradeType, upgradeErrors,
//! licenseErrors, migrationId (extension: the migration that ran it)}.
boost::json::object ToJson(const UpgradeResult& result);

std::string Serialize(const boost::json::value& value);

}  // namespace seatshift::codec
