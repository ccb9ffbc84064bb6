#pragma once

#include "service/context.hpp"

namespace seatshift::service {

//! One SKU the customer holds, as Graph's subscribedSkus reports it.
struct SubscribedSku {
  SkuId sku_id;
  std::string title;
  Uuid guid;
  std::int64_t active_units = 0;     //!< seats of active subscriptions
  std::int64_t suspended_units = 0;  //!< seats of suspended or disabled subscriptions
  std::int64_t warning_units = 0;    //!< seats of expired subscriptions (grace period)
  std::int64_t consumed_units = 0;   //!< assigned licenses
};

//! Who moves in a swap: one user, or every user holding the source SKU.
struct SwapRequest {
  SkuId from;
  SkuId to;
  std::optional<UserId> user;
};

//! Licenses (step B of the procedure).
class LicenseService {
 public:
  explicit LicenseService(Dependencies deps) : deps_(deps) {}

  Result<std::vector<License>> UserLicenses(const RequestContext& ctx, const CustomerId& customer,
                                            const UserId& user);
  Result<std::vector<SubscribedSku>> SubscribedSkus(const RequestContext& ctx,
                                                    const CustomerId& customer);
  //! Applies every update in one transaction or none: each user's removals and assignments
  //! together, seats judged on the batch's end state. One audit record per user.
  Result<std::vector<LicenseChange>> Update(const RequestContext& ctx, const CustomerId& customer,
                                            const std::vector<LicenseUpdate>& updates);
  //! Moves users from one SKU to another atomically (remove + assign per user, one
  //! transaction for all). The target license comes with all of its service plans enabled.
  Result<std::vector<LicenseChange>> Swap(const RequestContext& ctx, const CustomerId& customer,
                                          const SwapRequest& swap);

 private:
  using HeldLicenses = std::map<UserId, std::vector<License>>;
  //! Plans, checks and stores `updates` with one audit record per user.
  //! REQUIRES: the customer exists and is locked in `tx`; `held` holds the current licenses of
  //! every updated user (read in `tx`), and the users belong to the customer.
  Result<std::vector<LicenseChange>> Apply(store::WriteTransaction& tx, const RequestContext& ctx,
                                           const CustomerId& customer,
                                           const std::vector<LicenseUpdate>& updates,
                                           const HeldLicenses& held);
  static Status CheckUsers(store::WriteTransaction& tx, const CustomerId& customer,
                           const std::vector<UserId>& users);
  Dependencies deps_;
};

}  // namespace seatshift::service
