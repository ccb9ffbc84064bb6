#pragma once

// A page of customers with what they hold, read in a few statements for the whole page rather
// than a few per customer: planning a fleet's migration reads every customer this way (on
// PostgreSQL each statement is a round trip).

#include <map>
#include <vector>

#include "domain/customer.hpp"
#include "domain/license.hpp"
#include "domain/subscription.hpp"

namespace seatshift::store {

//! A customer with its subscriptions (every status, by creation), its licenses grouped by SKU
//! and excluded plans (in no particular order), and the seats of every SKU it holds (as
//! CountAllSeats).
struct CustomerHoldings {
  Customer customer;
  std::vector<Subscription> subscriptions;
  std::vector<LicenseGroup> licenses;
  std::map<SkuId, SeatCount> seats;
};

//! Reads, in any transaction.
class HoldingReads {
 public:
  virtual ~HoldingReads() = default;

  //! The holdings of each of `customers` that exists, in the order asked; an unknown id is left
  //! out (the caller tells which).
  virtual std::vector<CustomerHoldings> HoldingsOf(const std::vector<CustomerId>& customers) = 0;
};

}  // namespace seatshift::store
