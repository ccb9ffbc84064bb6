#pragma once

// The service-loss forecast: which users would lose which service plan by a given day if the
// partner does nothing, and when. Pure: the caller reads subscriptions, licenses and users.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/customer.hpp"
#include "domain/ids.hpp"
#include "domain/license.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

//! The lifecycle event that takes service away from a subscription's users.
enum class LossReason {
  kExpiry,         //!< the term ends without renewal; users lose access when it is disabled
  kSuspension,     //!< suspended by the partner: users lost access then
  kDisabled,       //!< already disabled (past the grace period after expiry)
  kDeprovisioned,  //!< deleted: it serves nobody any more
};

std::string_view ToString(LossReason reason);  //!< "expiry", "suspension", "disabled", ...

//! When a subscription stops serving its users, and why.
struct ServiceLossAt {
  Instant at{};
  LossReason reason = LossReason::kExpiry;
  bool operator==(const ServiceLossAt&) const = default;
};

//! When `sub` (of `sku`) stops serving its users if nothing is done; nullopt when it renews for
//! ever. An active subscription renews at each term end while auto-renew is on and its SKU is
//! still sold the day after; the first term end it does not renew at is its expiry, and its
//! users lose access kExpiredGracePeriod later (when it is disabled).
std::optional<ServiceLossAt> WhenServiceEnds(const Subscription& sub, const Sku& sku);

//! Whether a loss has happened by the end of day `by`.
inline bool LostBy(const ServiceLossAt& loss, Date by) { return DayOf(loss.at) <= by; }

//! Only active subscriptions whose term ends before this day can stop serving by the end of
//! `by` (terms that renew end later still): what a store query can narrow candidates with.
Date TermsEndingBefore(Date by);

//! A SKU whose licenses stop working at one customer: every subscription of it the customer
//! holds (deleted ones aside) has stopped serving by the forecast day.
struct SkuLoss {
  CustomerId customer_id;
  SkuId sku_id;
  ServiceLossAt loss;  //!< the latest of its subscriptions' losses
  bool operator==(const SkuLoss&) const = default;
};

//! The SKUs, per customer, whose licenses stop working by the end of `by`, by customer then SKU.
//! A SKU missing from the catalog is never reported (nothing can be said about it).
std::vector<SkuLoss> LosingSkus(const std::vector<Subscription>& subscriptions,
                                const SkuLookup& find_sku, Date by);

//! One user losing one service plan.
struct ServiceLossRow {
  CustomerId customer_id;
  UserId user_id;
  std::string user_principal_name;
  //! The losing SKU that provides the plan longest (a user can hold several that include it).
  SkuId sku_id;
  ServicePlan service_plan;
  Instant loses_at{};
  LossReason reason = LossReason::kExpiry;
  std::vector<SkuId> replacements;  //!< what the vendor says to sell instead of `sku_id`
  bool operator==(const ServiceLossRow&) const = default;
};

//! The plans `users` lose with `losing` SKUs: each plan of a losing license (minus its excluded
//! plans) unless another license of the user, of a SKU not losing service, includes the same
//! plan id without excluding it. Ordered by customer, user principal name, SKU and plan name.
std::vector<ServiceLossRow> UsersLosingService(
    const std::vector<SkuLoss>& losing, const std::vector<User>& users,
    const std::map<UserId, std::vector<License>>& licenses_by_user, const SkuLookup& find_sku);

//! The whole rule: LosingSkus, then UsersLosingService.
std::vector<ServiceLossRow> ForecastServiceLoss(
    const std::vector<Subscription>& subscriptions, const std::vector<User>& users,
    const std::map<UserId, std::vector<License>>& licenses_by_user, const SkuLookup& find_sku,
    Date by);

//! Whether `plan` is the one a person named: by its id (a GUID) or its name, in any case.
bool MatchesServicePlan(const ServicePlan& plan, std::string_view id_or_name);

//! The overview of a forecast: per plan name, how many users lose it and when the first does.
struct PlanLossSummary {
  std::string service_plan_name;
  std::string display_name;
  std::int64_t users = 0;  //!< distinct users
  Instant earliest_loss{};
  bool operator==(const PlanLossSummary&) const = default;
};

//! By plan name.
std::vector<PlanLossSummary> SummariseByPlan(const std::vector<ServiceLossRow>& rows);

}  // namespace seatshift
