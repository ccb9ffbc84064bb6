#include "domain/service_loss.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <tuple>
#include <utility>

namespace seatshift {
namespace {

using S = SubscriptionStatus;
using std::chrono::days;

Instant TermEndsAt(Date last_day) { return StartOf(last_day + days(1)); }

//! The last day of the last term `sub` serves: its own, or a later one it renews into.
//! nullopt when it renews for ever (auto-renew on, SKU sold without an end).
std::optional<Date> LastServedDay(const Subscription& sub, const Sku& sku) {
  if (!sub.auto_renew) return sub.term_end;
  if (!sku.end_of_sale && !sku.retirement) return std::nullopt;
  // Ends: the SKU stops being sold on a fixed day, and every term ends later than the last.
  Subscription renewed = sub;
  while (sku.IsPurchasableOn(renewed.term_end + days(1))) {
    const Date next_end = renewed.NextTermEnd();
    renewed.term_start = renewed.term_end + days(1);
    renewed.term_end = next_end;
  }
  return renewed.term_end;
}

bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool Excludes(const License& license, const ServicePlanId& plan) {
  return std::find(license.excluded_plans.begin(), license.excluded_plans.end(), plan) !=
         license.excluded_plans.end();
}

//! A plan a user is about to lose, and the losing SKU that provides it longest.
struct LostPlan {
  const ServicePlan* plan;
  const SkuLoss* loss;
  const Sku* sku;
};

//! Whether `candidate` provides a plan longer than `current` (ties: the smaller SKU id, so the
//! answer does not depend on the order licenses come in).
bool ProvidesLonger(const SkuLoss& candidate, const SkuLoss& current) {
  if (candidate.loss.at != current.loss.at) return candidate.loss.at > current.loss.at;
  return candidate.sku_id < current.sku_id;
}

using LossIndex = std::map<std::pair<CustomerId, SkuId>, const SkuLoss*>;

//! The rows of one user, in no particular order.
void AddRowsOfUser(const User& user, const std::vector<License>& licenses, const LossIndex& losing,
                   const SkuLookup& find_sku, std::vector<ServiceLossRow>& rows) {
  const auto loss_of = [&](const SkuId& sku) -> const SkuLoss* {
    const auto it = losing.find({user.customer_id, sku});
    return it == losing.end() ? nullptr : it->second;
  };
  std::set<ServicePlanId> kept;  // plans of licenses whose SKU keeps serving
  for (const License& license : licenses) {
    const Sku* sku = find_sku(license.sku_id);
    if (!sku || loss_of(license.sku_id)) continue;
    for (const ServicePlan& plan : sku->service_plans) {
      if (!Excludes(license, plan.id)) kept.insert(plan.id);
    }
  }
  std::map<ServicePlanId, LostPlan> lost;
  for (const License& license : licenses) {
    const SkuLoss* loss = loss_of(license.sku_id);
    const Sku* sku = loss ? find_sku(license.sku_id) : nullptr;
    if (!sku) continue;
    for (const ServicePlan& plan : sku->service_plans) {
      if (Excludes(license, plan.id) || kept.contains(plan.id)) continue;
      auto [it, added] = lost.try_emplace(plan.id, LostPlan{&plan, loss, sku});
      if (!added && ProvidesLonger(*loss, *it->second.loss)) it->second = {&plan, loss, sku};
    }
  }
  for (const auto& [id, lost_plan] : lost) {
    rows.push_back({.customer_id = user.customer_id,
                    .user_id = user.id,
                    .user_principal_name = user.user_principal_name,
                    .sku_id = lost_plan.loss->sku_id,
                    .service_plan = *lost_plan.plan,
                    .loses_at = lost_plan.loss->loss.at,
                    .reason = lost_plan.loss->loss.reason,
                    .replacements = lost_plan.sku->replacements});
  }
}

}  // namespace

std::string_view ToString(LossReason reason) {
  static constexpr std::array<std::string_view, 4> kNames{"expiry", "suspension", "disabled",
                                                          "deprovisioned"};
  return kNames.at(static_cast<std::size_t>(reason));
}

std::optional<ServiceLossAt> WhenServiceEnds(const Subscription& sub, const Sku& sku) {
  // Fallbacks for rows written without the instant (imports): the best day the row itself says.
  switch (sub.status) {
    case S::kActive: {
      const auto last_day = LastServedDay(sub, sku);
      if (!last_day) return std::nullopt;
      return ServiceLossAt{TermEndsAt(*last_day) + kExpiredGracePeriod, LossReason::kExpiry};
    }
    case S::kExpired:
      return ServiceLossAt{
          sub.status_changed_at.value_or(TermEndsAt(sub.term_end)) + kExpiredGracePeriod,
          LossReason::kExpiry};
    case S::kDisabled:
      return ServiceLossAt{
          sub.status_changed_at.value_or(TermEndsAt(sub.term_end) + kExpiredGracePeriod),
          LossReason::kDisabled};
    case S::kSuspended:
      return ServiceLossAt{
          sub.suspended_at.value_or(sub.status_changed_at.value_or(sub.created_at)),
          LossReason::kSuspension};
    case S::kDeleted:
      return ServiceLossAt{sub.status_changed_at.value_or(sub.created_at),
                           LossReason::kDeprovisioned};
  }
  return std::nullopt;
}

Date TermsEndingBefore(Date by) { return by - kExpiredGracePeriod; }

std::vector<SkuLoss> LosingSkus(const std::vector<Subscription>& subscriptions,
                                const SkuLookup& find_sku, Date by) {
  std::map<std::pair<CustomerId, SkuId>, std::vector<const Subscription*>> held;
  for (const Subscription& sub : subscriptions) {
    if (sub.status != S::kDeleted) held[{sub.customer_id, sub.sku_id}].push_back(&sub);
  }
  std::vector<SkuLoss> out;
  for (const auto& [key, subs] : held) {
    const Sku* sku = find_sku(key.second);
    if (!sku) continue;
    std::optional<ServiceLossAt> latest;
    bool all_lost = true;
    for (const Subscription* sub : subs) {
      const auto loss = WhenServiceEnds(*sub, *sku);
      if (!loss || !LostBy(*loss, by)) {
        all_lost = false;
        break;
      }
      if (!latest || loss->at > latest->at) latest = loss;
    }
    if (all_lost) out.push_back({key.first, key.second, *latest});
  }
  return out;
}

std::vector<ServiceLossRow> UsersLosingService(
    const std::vector<SkuLoss>& losing, const std::vector<User>& users,
    const std::map<UserId, std::vector<License>>& licenses_by_user, const SkuLookup& find_sku) {
  LossIndex index;
  for (const SkuLoss& loss : losing) index.emplace(std::pair(loss.customer_id, loss.sku_id), &loss);
  std::vector<ServiceLossRow> rows;
  std::set<UserId> seen;
  for (const User& user : users) {
    const auto licenses = licenses_by_user.find(user.id);
    if (licenses == licenses_by_user.end() || !seen.insert(user.id).second) continue;
    AddRowsOfUser(user, licenses->second, index, find_sku, rows);
  }
  std::sort(rows.begin(), rows.end(), [](const ServiceLossRow& a, const ServiceLossRow& b) {
    return std::tie(a.customer_id, a.user_principal_name, a.user_id, a.sku_id, a.service_plan.name,
                    a.service_plan.id) < std::tie(b.customer_id, b.user_principal_name, b.user_id,
                                                  b.sku_id, b.service_plan.name, b.service_plan.id);
  });
  return rows;
}

std::vector<ServiceLossRow> ForecastServiceLoss(
    const std::vector<Subscription>& subscriptions, const std::vector<User>& users,
    const std::map<UserId, std::vector<License>>& licenses_by_user, const SkuLookup& find_sku,
    Date by) {
  return UsersLosingService(LosingSkus(subscriptions, find_sku, by), users, licenses_by_user,
                            find_sku);
}

bool MatchesServicePlan(const ServicePlan& plan, std::string_view id_or_name) {
  if (const auto id = Uuid::Parse(id_or_name)) return plan.id == ServicePlanId(*id);
  return EqualIgnoringCase(plan.name, id_or_name);
}

std::vector<PlanLossSummary> SummariseByPlan(const std::vector<ServiceLossRow>& rows) {
  std::map<std::string, PlanLossSummary> by_name;
  std::map<std::string, std::set<UserId>> users_by_name;
  for (const ServiceLossRow& row : rows) {
    const std::string& name = row.service_plan.name;
    auto it = by_name
                  .try_emplace(name, PlanLossSummary{.service_plan_name = name,
                                                     .display_name = row.service_plan.display_name,
                                                     .users = 0,
                                                     .earliest_loss = row.loses_at})
                  .first;
    it->second.earliest_loss = std::min(it->second.earliest_loss, row.loses_at);
    if (users_by_name[name].insert(row.user_id).second) ++it->second.users;
  }
  std::vector<PlanLossSummary> out;
  out.reserve(by_name.size());
  for (auto& [name, summary] : by_name) out.push_back(std::move(summary));
  return out;
}

}  // namespace seatshift
