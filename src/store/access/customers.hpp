#pragma once

// Customers (tenants) and their users.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/customer.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

struct CustomerFilter {
  std::string name_prefix;    //!< case-insensitive company-name prefix; empty = all
  std::string domain_prefix;  //!< case-insensitive domain prefix; empty = all
};

//! Reads, in any transaction.
class CustomerReads {
 public:
  virtual ~CustomerReads() = default;

  virtual std::optional<Customer> FindCustomer(const CustomerId& id) = 0;
  //! Those of `ids` that exist, in the order asked, in one read.
  virtual std::vector<Customer> FindCustomers(const std::vector<CustomerId>& ids) = 0;
  virtual std::optional<Customer> FindCustomerByDomain(const std::string& domain) = 0;
  virtual Result<Page<Customer>> ListCustomers(const CustomerFilter& filter,
                                               const PageRequest& page) = 0;
  virtual std::optional<User> FindUser(const CustomerId& customer, const UserId& id) = 0;
  virtual std::optional<User> FindUserByPrincipalName(const CustomerId& customer,
                                                      const std::string& upn) = 0;
  virtual Result<Page<User>> ListUsers(const CustomerId& customer, const PageRequest& page) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class CustomerWrites {
 public:
  virtual ~CustomerWrites() = default;

  virtual Status InsertCustomer(const Customer& customer) = 0;
  virtual Status InsertUser(const User& user) = 0;
  //! Stores the user's display name and usage location if the stored version is still
  //! `user.version`, bumping it; kEtagMismatch otherwise.
  virtual Result<std::int64_t> UpdateUser(const User& user) = 0;
  //! Deletes the user and the licenses the user holds.
  virtual void DeleteUser(const UserId& user) = 0;
};

}  // namespace seatshift::store
