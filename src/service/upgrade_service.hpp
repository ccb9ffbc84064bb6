#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/upgrade.hpp"
#include "service/migration_service.hpp"

namespace seatshift::service {

//! What a client asks of an upgrade (Partner Center's Upgrade, as POSTed).
struct UpgradeRequest {
  //! The target offer: a SKU id or the SKU's GUID.
  std::string target_offer;
  //! kUpgradeOnly or kUpgradeWithLicenseTransfer.
  UpgradeType type = UpgradeType::kUpgradeWithLicenseTransfer;
  //! Seats to buy, or to add to a target subscription the customer already holds; nullopt: the
  //! source subscription's quantity (Partner Center's default).
  std::optional<std::int64_t> quantity;
};

//! Partner Center's upgrade of one subscription, on the migration engine. The targets are the
//! source SKU's replacements as the catalog knows them, each judged by the migration planner
//! narrowed to the subscription (CustomerEstate::only_source) and by CheckUpgrade. An upgrade is
//! a stored migration of that one subscription — A buy the target or add seats to the one held,
//! B move the users resting on the subscription's seats, C suspend it — planned, started and
//! run to its end within the call: durable, audited under its migration id, resumable after a
//! crash, listed with the migrations.
class UpgradeService {
 public:
  //! The most users a result names in its license errors.
  static constexpr int kMaxLicenseErrors = 100;

  explicit UpgradeService(Dependencies deps) : deps_(deps) {}

  //! The subscription's upgrades: one per replacement SKU the catalog holds, in the catalog's
  //! order, offered with OfferedUpgradeType, the quantity the default (the source's quantity)
  //! buys or adds, and CheckUpgrade's errors. A SKU without replacements answers the single
  //! NoUpgradePath. 404 for an unknown customer or subscription.
  Result<std::vector<Upgrade>> List(const RequestContext& ctx, const CustomerId& customer,
                                    const SubscriptionId& subscription);

  //! Upgrades the subscription. An ineligible upgrade (a target that is not one of the
  //! replacements, CheckUpgrade's refusals, a SKU without replacements) stores nothing and
  //! answers its upgrade errors. Otherwise the migration of this subscription is planned
  //! (audited, recording ctx's idempotency key), started with the lease held by this process
  //! (ThisProcessLeaseOwner) and run here; a failure of its customer is the result's upgrade
  //! error, and the users still resting on the source its license errors. A request id that
  //! already planned an upgrade of this subscription continues that migration (a retry after a
  //! timeout or a crash) and answers its result: nothing is bought twice.
  //! kInvalidStatusTransition (409) when the migration is paused, or another live executor
  //! holds it: a later retry with the same request id answers once it has finished.
  //! REQUIRES: request.type != kNone (kBadRequest otherwise).
  Result<UpgradeResult> Perform(const RequestContext& ctx, const CustomerId& customer,
                                const SubscriptionId& subscription, const UpgradeRequest& request);

 private:
  //! Starts (if planned) and runs the upgrade's migration, then reads its result.
  Result<UpgradeResult> Run(const RequestContext& ctx, const MigrationId& id,
                            const SubscriptionId& subscription, UpgradeType type);
  //! Up to kMaxLicenseErrors users still resting on the source's seats, each with `mc`'s error.
  std::vector<UserLicenseError> LeftBehind(const Migration& migration, const MigrationCustomer& mc,
                                           const SubscriptionId& subscription);

  Dependencies deps_;
};

}  // namespace seatshift::service
