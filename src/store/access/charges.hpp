#pragma once

// Charges per billing period, and the small named settings (the simulated clock).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/charge.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! Charges whose period starts in [from, to], of one customer (and of one subscription).
struct ChargeFilter {
  CustomerId customer_id;
  std::optional<SubscriptionId> subscription_id;
  std::optional<Date> from;
  std::optional<Date> to;
};

//! Reads, in any transaction.
class ChargeReads {
 public:
  virtual ~ChargeReads() = default;

  //! In the order they were charged.
  virtual Result<Page<Charge>> ListCharges(const ChargeFilter& filter, const PageRequest& page) = 0;
  //! The sum of the amounts of every charge the filter selects (all pages), in minor units.
  virtual std::int64_t SumCharges(const ChargeFilter& filter) = 0;
  //! Small named values the system keeps (e.g. the simulated clock); nullopt when unset.
  virtual std::optional<std::string> FindSetting(const std::string& key) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class ChargeWrites {
 public:
  virtual ~ChargeWrites() = default;

  virtual void InsertCharges(const std::vector<Charge>& charges) = 0;
  virtual void PutSetting(const std::string& key, const std::string& value) = 0;
};

}  // namespace seatshift::store
