#pragma once

// Licenses of users and the seats they use.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/customer.hpp"
#include "domain/license.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! Reads, in any transaction.
class LicenseReads {
 public:
  virtual ~LicenseReads() = default;

  virtual std::vector<License> LicensesOfUser(const UserId& user) = 0;
  //! Every license of the customer's users, by user (users without licenses are absent).
  virtual std::map<UserId, std::vector<License>> LicensesOfCustomer(const CustomerId& customer) = 0;
  //! The licenses of each of `users` (all of the customer's users), in one read where the
  //! backend can; a user without licenses maps to an empty list.
  virtual std::map<UserId, std::vector<License>> LicensesOfUsers(
      const CustomerId& customer, const std::vector<UserId>& users) = 0;
  //! Seats of the customer's active subscriptions of `sku`, and licenses assigned from it.
  virtual SeatCount CountSeats(const CustomerId& customer, const SkuId& sku) = 0;
  //! Every SKU the customer holds a subscription or a license of.
  virtual std::map<SkuId, SeatCount> CountAllSeats(const CustomerId& customer) = 0;
  //! CountSeats of every pair of one of `customers` and one of `skus`, in one read (a report
  //! page's rows); pairs holding nothing are absent.
  virtual std::map<std::pair<CustomerId, SkuId>, SeatCount> CountSeatsOf(
      const std::vector<CustomerId>& customers, const std::vector<SkuId>& skus) = 0;
  //! Up to `limit` users holding a license of `sku`, in creation order.
  virtual std::vector<User> UsersHolding(const CustomerId& customer, const SkuId& sku,
                                         int limit) = 0;
  //! The same users, each with every license it holds (as LicensesOfUsers gives them), in one
  //! read: what a batch that moves them off `sku` needs.
  virtual std::vector<std::pair<UserId, std::vector<License>>> LicensesOfUsersHolding(
      const CustomerId& customer, const SkuId& sku, int limit) = 0;
};

//! What a change to one user's licenses is planned from (LicenseWrites::LockForLicenseChange).
struct UserLicenseBasis {
  //! The customer (FindCustomer); nullopt when there is none, and then nothing else is read.
  std::optional<Customer> customer;
  //! Whether the customer has the user (FindUser).
  bool user_found = false;
  //! The user's licenses, as LicensesOfUser gives them.
  std::vector<License> licenses;
  //! CountSeats of each SKU asked that the catalog has.
  std::map<SkuId, SeatCount> seats;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class LicenseWrites {
 public:
  virtual ~LicenseWrites() = default;

  //! LockCustomer, then what a change to the licenses of the customer's `user` reads before it
  //! is planned: the customer, whether it has the user, the user's licenses and the seats of
  //! `skus` (those the change may assign); in one round trip where the backend pipelines.
  virtual UserLicenseBasis LockForLicenseChange(const CustomerId& customer, const UserId& user,
                                                const std::vector<SkuId>& skus) = 0;

  //! Adds the license or replaces its excluded plans.
  virtual void PutLicense(const CustomerId& customer, const License& license) = 0;
  virtual void DeleteLicense(const UserId& user, const SkuId& sku) = 0;
  //! Stores the outcome of planned changes to the licenses of the customer's users: the same as
  //! DeleteLicense for every `to_delete` and PutLicense for every `to_put`, in as few statements
  //! as the backend can (a migration moves thousands of users at once).
  //! REQUIRES: the changes were planned from this transaction's reads, for users of `customer`.
  virtual void ApplyLicenseChanges(const CustomerId& customer,
                                   const std::vector<LicenseChange>& changes) = 0;
};

}  // namespace seatshift::store
