#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/catalog.hpp"
#include "domain/ids.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

//! A user's license for one SKU, with the service plans switched off for that user.
struct License {
  UserId user_id;
  SkuId sku_id;
  std::vector<ServicePlanId> excluded_plans;
  bool operator==(const License&) const = default;
};

//! Licenses of one SKU at a customer that switch off the same service plans, counted. Planning
//! reads licenses this way: who holds them does not change a plan, and a fleet's licenses are
//! millions of rows where its groups are a few per customer.
struct LicenseGroup {
  SkuId sku_id;
  std::vector<ServicePlanId> excluded_plans;
  std::int64_t licenses = 0;  //!< a user holds one license of a SKU at most: also its users
  bool operator==(const LicenseGroup&) const = default;
};

struct LicenseAssignment {
  SkuId sku_id;
  std::vector<ServicePlanId> excluded_plans;
};

//! One user's requested change, applied atomically (Graph's assignLicense): everything in
//! `to_assign` and `to_remove` happens together or nothing does.
struct LicenseUpdate {
  UserId user_id;
  std::vector<LicenseAssignment> to_assign;
  std::vector<SkuId> to_remove;
};

struct LicenseWarning {
  std::string code;
  std::string message;
  Parameters parameters = {};  //!< the values `message` names
};

//! What a LicenseUpdate does to the stored licenses of its user.
struct LicenseChange {
  UserId user_id;
  std::vector<License> to_put;  //!< new licenses, or new excluded plans for held ones
  std::vector<SkuId> to_delete;
  std::vector<License> before;  //!< the user's licenses before the change
  std::vector<License> after;   //!< ... and after it
  std::vector<LicenseWarning> warnings;
};

//! One SKU the customer holds, as Graph's subscribedSkus reports it.
struct SubscribedSku {
  SkuId sku_id;
  std::string title;
  Uuid guid;
  std::int64_t active_units = 0;           //!< seats of active subscriptions
  std::int64_t suspended_units = 0;        //!< seats of suspended or disabled subscriptions
  std::int64_t warning_units = 0;          //!< seats of expired subscriptions (grace period)
  std::int64_t consumed_units = 0;         //!< assigned licenses
  std::vector<ServicePlan> service_plans;  //!< the SKU's, as the catalog lists them
};

using SkuLookup = std::function<const Sku*(const SkuId&)>;

//! Checks one user's update against the catalog and the licenses the user holds now, and
//! computes the change. Seats are checked separately (SeatLedger) because a batch of updates
//! is judged by its end state: one user's freed seat can go to another in the same batch.
Result<LicenseChange> PlanLicenseUpdate(const LicenseUpdate& update,
                                        const std::vector<License>& current,
                                        const SkuLookup& find_sku);

//! Seats (from active subscriptions) and assigned licenses per SKU of one customer.
struct SeatCount {
  std::int64_t seats = 0;
  std::int64_t assigned = 0;
  bool operator==(const SeatCount&) const = default;
};

//! How many of the customer's assigned licenses of a SKU rest on `sub`'s seats: those that would
//! exceed the remaining seats if `sub` stopped counting (its SKU's other active subscriptions
//! may carry the rest). Suspending `sub` or lowering its quantity must not strand them.
std::int64_t LicensesDependingOn(const Subscription& sub, const SeatCount& count);

//! Counts how a batch of changes moves assigned licenses per SKU and verifies that no SKU ends
//! above its seats. A SKU whose count does not grow is never refused, so a batch can always
//! shrink an over-assigned SKU (after a forced suspension).
class SeatLedger {
 public:
  void Apply(const LicenseChange& change);
  //! The SKUs whose assigned count grows; only these need their seats counted.
  std::vector<SkuId> Growing() const;
  //! OK, or 60012 naming the first SKU over its seats with the available and requested counts.
  //! `count_of` gives the seats and assignments of a SKU before the batch.
  Status Check(const std::function<SeatCount(const SkuId&)>& count_of) const;

 private:
  std::map<SkuId, std::int64_t> deltas_;
};

}  // namespace seatshift
