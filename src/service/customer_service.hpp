#pragma once

#include "service/request_context.hpp"

namespace seatshift::service {

struct NewCustomer {
  std::string company_name;
  std::string domain;
  Segment segment = Segment::kCommercial;
  std::string country;
  std::string currency;
};

struct NewUser {
  std::string user_principal_name;
  std::string display_name;
  std::string first_name;      //!< optional ("")
  std::string last_name;       //!< optional ("")
  std::string usage_location;  //!< empty: the customer's country
  std::string immutable_id;    //!< optional (""): the on-premises directory's anchor
};

//! A partial update of a user; the principal name never changes.
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> usage_location;
  //! The ETag the caller last saw; a different stored version refuses the patch (2055).
  std::optional<std::int64_t> if_match;
};

//! Customers (tenants) and their users.
class CustomerService {
 public:
  //! What their idempotency keys are recorded as (service/idempotency.hpp).
  static constexpr std::string_view kCreateOperation = "customer.create";
  static constexpr std::string_view kCreateUserOperation = "user.create";
  explicit CustomerService(Dependencies deps) : deps_(deps) {}

  Result<Customer> Create(const RequestContext& ctx, const NewCustomer& input);
  Result<Customer> Get(const RequestContext& ctx, const CustomerId& id);
  //! A customer named by its id (GUID) or its domain, as people type it.
  Result<Customer> Find(const RequestContext& ctx, const std::string& id_or_domain);
  //! A user named by its id (GUID) or its user principal name.
  Result<User> FindUser(const RequestContext& ctx, const CustomerId& customer,
                        const std::string& id_or_upn);
  Result<store::Page<Customer>> List(const RequestContext& ctx, const store::CustomerFilter& filter,
                                     const store::PageRequest& page);

  Result<User> CreateUser(const RequestContext& ctx, const CustomerId& customer,
                          const NewUser& input);
  Result<User> GetUser(const RequestContext& ctx, const CustomerId& customer, const UserId& id);
  Result<store::Page<User>> ListUsers(const RequestContext& ctx, const CustomerId& customer,
                                      const store::PageRequest& page);
  Result<User> UpdateUser(const RequestContext& ctx, const CustomerId& customer, const UserId& id,
                          const UserPatch& patch);
  //! Deletes the user and frees its licenses in one transaction; the audit record keeps them.
  Status DeleteUser(const RequestContext& ctx, const CustomerId& customer, const UserId& id);

 private:
  Dependencies deps_;
};

Error UserNotFound(const UserId& id);

}  // namespace seatshift::service
