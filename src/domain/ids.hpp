#pragma once

#include <compare>
#include <functional>
#include <string>
#include <utility>

#include "base/uuid.hpp"

namespace seatshift {

//! A value of Rep that only converts to and from itself explicitly, so that a UserId can never
//! be passed where a SubscriptionId is expected (userver's StrongTypedef).
template <typename Tag, typename Rep>
class StrongId {
 public:
  using Underlying = Rep;
  StrongId() = default;
  explicit StrongId(Rep value) : value_(std::move(value)) {}
  const Rep& value() const { return value_; }
  auto operator<=>(const StrongId&) const = default;

 private:
  Rep value_{};
};

using CustomerId = StrongId<struct CustomerIdTag, Uuid>;
using UserId = StrongId<struct UserIdTag, Uuid>;
using SubscriptionId = StrongId<struct SubscriptionIdTag, Uuid>;
using OrderId = StrongId<struct OrderIdTag, Uuid>;
using ServicePlanId = StrongId<struct ServicePlanIdTag, Uuid>;
//! A SKU's string id as the vendor names it, e.g. "SPE_E3".
using SkuId = StrongId<struct SkuIdTag, std::string>;
using ProductId = StrongId<struct ProductIdTag, std::string>;

template <typename Tag>
std::string ToString(const StrongId<Tag, Uuid>& id) {
  return id.value().ToString();
}
template <typename Tag>
const std::string& ToString(const StrongId<Tag, std::string>& id) {
  return id.value();
}

}  // namespace seatshift
