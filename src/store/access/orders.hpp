#pragma once

// Orders and their line items.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/order.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! Reads, in any transaction.
class OrderReads {
 public:
  virtual ~OrderReads() = default;

  virtual std::optional<Order> FindOrder(const CustomerId& customer, const OrderId& id) = 0;
  virtual std::vector<Order> ListOrders(const CustomerId& customer) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class OrderWrites {
 public:
  virtual ~OrderWrites() = default;

  virtual Status InsertOrder(const Order& order) = 0;
};

}  // namespace seatshift::store
