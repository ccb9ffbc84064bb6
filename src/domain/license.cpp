#include "domain/license.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace seatshift {
namespace {

Error BadUpdate(std::string message) { return Error(ErrorCode::kBadRequest, std::move(message)); }

const License* FindHeld(const std::vector<License>& held, const SkuId& sku) {
  for (const License& l : held) {
    if (l.sku_id == sku) return &l;
  }
  return nullptr;
}

}  // namespace

Result<LicenseChange> PlanLicenseUpdate(const LicenseUpdate& update,
                                        const std::vector<License>& current,
                                        const SkuLookup& find_sku) {
  if (update.to_assign.empty() && update.to_remove.empty()) {
    return BadUpdate("a license update needs licensesToAssign or licensesToRemove");
  }
  LicenseChange change;
  change.user_id = update.user_id;
  change.before = current;
  change.after = current;
  std::set<SkuId> mentioned;
  for (const SkuId& sku_id : update.to_remove) {
    if (!mentioned.insert(sku_id).second) {
      return BadUpdate(fmt::format("SKU {} appears twice in the update", sku_id.value()));
    }
    if (!FindHeld(current, sku_id)) {
      return BadUpdate(fmt::format("the user holds no {} license to remove", sku_id.value()));
    }
    change.to_delete.push_back(sku_id);
    std::erase_if(change.after, [&](const License& l) { return l.sku_id == sku_id; });
  }
  for (const LicenseAssignment& assign : update.to_assign) {
    if (!mentioned.insert(assign.sku_id).second) {
      return BadUpdate(fmt::format("SKU {} appears twice in the update", assign.sku_id.value()));
    }
    const Sku* sku = find_sku(assign.sku_id);
    if (!sku) {
      return Error(ErrorCode::kNotFound, fmt::format("SKU {} not found", assign.sku_id.value()),
                   {{"skuId", assign.sku_id.value()}});
    }
    std::set<ServicePlanId> excluded;
    for (const ServicePlanId& plan : assign.excluded_plans) {
      if (!sku->HasServicePlan(plan)) {
        return Error(ErrorCode::kServicePlanNotInSku,
                     fmt::format("service plan {} is not part of {}", plan.value().ToString(),
                                 sku->id.value()),
                     {{"servicePlanId", plan.value().ToString()}, {"skuId", sku->id.value()}});
      }
      excluded.insert(plan);
    }
    if (excluded.size() == sku->service_plans.size() && !excluded.empty()) {
      change.warnings.push_back({"allServicePlansExcluded",
                                 fmt::format("every service plan of {} is excluded: the license "
                                             "grants nothing",
                                             sku->id.value()),
                                 {{"skuId", sku->id.value()}}});
    }
    License license{update.user_id, assign.sku_id, {excluded.begin(), excluded.end()}};
    std::erase_if(change.after, [&](const License& l) { return l.sku_id == assign.sku_id; });
    change.after.push_back(license);
    change.to_put.push_back(std::move(license));
  }
  if (change.after.empty() && !current.empty()) {
    change.warnings.push_back(
        {"userUnlicensed", "the user holds no license after this update and loses all service"});
  }
  return change;
}

void SeatLedger::Apply(const LicenseChange& change) {
  for (const SkuId& sku : change.to_delete) --deltas_[sku];
  for (const License& license : change.to_put) {
    if (!FindHeld(change.before, license.sku_id)) ++deltas_[license.sku_id];
  }
}

std::vector<SkuId> SeatLedger::Growing() const {
  std::vector<SkuId> out;
  for (const auto& [sku, delta] : deltas_) {
    if (delta > 0) out.push_back(sku);
  }
  return out;
}

Status SeatLedger::Check(const std::function<SeatCount(const SkuId&)>& count_of) const {
  for (const SkuId& sku : Growing()) {
    const std::int64_t delta = deltas_.at(sku);
    const SeatCount count = count_of(sku);
    if (count.assigned + delta > count.seats) {
      const std::int64_t available = std::max<std::int64_t>(0, count.seats - count.assigned);
      return Error(ErrorCode::kNotEnoughLicenses,
                   fmt::format("not enough {} licenses: {} available, {} requested", sku.value(),
                               available, delta),
                   {{"sku", sku.value()}, {"available", available}, {"requested", delta}});
    }
  }
  return OkStatus();
}

std::int64_t LicensesDependingOn(const Subscription& sub, const SeatCount& count) {
  if (sub.status != SubscriptionStatus::kActive) return 0;
  const std::int64_t other_seats = count.seats - sub.quantity;
  return std::max<std::int64_t>(0, count.assigned - other_seats);
}

}  // namespace seatshift
