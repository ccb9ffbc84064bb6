#pragma once

#include "service/request_context.hpp"

namespace seatshift::service {

//! Who moves in a swap: one user, or every user holding the source SKU.
struct SwapRequest {
  SkuId from;
  SkuId to;
  std::optional<UserId> user;
};

//! A license with its SKU as the catalog holds it (nullopt: the catalog does not).
struct LicenseWithSku {
  License license;
  std::optional<Sku> sku;
};

//! A user with every license it holds.
struct UserWithLicenses {
  User user;
  std::vector<License> licenses;
};

//! Licenses (step B of the procedure).
class LicenseService {
 public:
  //! What Update's idempotency keys are recorded as (service/idempotency.hpp): Update makes its
  //! effect through service::Transact, so a key is recorded in the same transaction.
  static constexpr std::string_view kUpdateOperation = "license.update";
  explicit LicenseService(Dependencies deps) : deps_(deps) {}

  //! The user's licenses with their SKUs, read in one transaction.
  Result<std::vector<LicenseWithSku>> UserLicenses(const RequestContext& ctx,
                                                   const CustomerId& customer, const UserId& user);
  Result<std::vector<SubscribedSku>> SubscribedSkus(const RequestContext& ctx,
                                                    const CustomerId& customer);
  //! A page of the customer's users (as ListUsers pages them), each with its licenses, read in
  //! one transaction with one query for all of their licenses: a page of the portal's customer
  //! view in one request, not one per user.
  Result<store::Page<UserWithLicenses>> UsersWithLicenses(const RequestContext& ctx,
                                                          const CustomerId& customer,
                                                          const store::PageRequest& page);
  //! Applies every update in one transaction or none: each user's removals and assignments
  //! together, seats judged on the batch's end state. One audit record per user.
  //! SKUs may be named by id or vendor GUID (see CanonicalSkuId).
  Result<std::vector<LicenseChange>> Update(const RequestContext& ctx, const CustomerId& customer,
                                            std::vector<LicenseUpdate> updates);
  //! Moves users from one SKU to another atomically (remove + assign per user, one
  //! transaction for all). The target license comes with all of its service plans enabled.
  Result<std::vector<LicenseChange>> Swap(const RequestContext& ctx, const CustomerId& customer,
                                          const SwapRequest& swap);

  using HeldLicenses = std::map<UserId, std::vector<License>>;
  //! Plans, checks and stores `updates` with one audit record per user, in the caller's
  //! transaction (the migration engine records its progress in the same one). Checks no
  //! permission: the caller did.
  //! REQUIRES: the customer exists and is locked in `tx`; `held` holds the current licenses of
  //! every updated user (read in `tx`), and the users belong to the customer; `counted` holds
  //! seats of SKUs already counted in `tx` since the lock (CountSeats): the others are counted
  //! here as the check needs them.
  Result<std::vector<LicenseChange>> Apply(store::WriteTransaction& tx, const RequestContext& ctx,
                                           const CustomerId& customer,
                                           const std::vector<LicenseUpdate>& updates,
                                           const HeldLicenses& held,
                                           const std::map<SkuId, SeatCount>& counted = {});

 private:
  static Status CheckUsers(store::WriteTransaction& tx, const CustomerId& customer,
                           const std::vector<UserId>& users);
  Dependencies deps_;
};

}  // namespace seatshift::service
