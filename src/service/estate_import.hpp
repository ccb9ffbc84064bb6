#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/customer_service.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

// An existing estate: the customers, users, subscriptions and licenses a partner already has
// when it starts using seatshift, as read from its files (import/estate_files.hpp). Records
// refer to each other by customer domain and user principal name, as the files do; ids are
// minted on import. Each record keeps `where` it came from ("customers.csv:3",
// "estate.json:customers[2]"), and every error about it starts with that.

struct EstateCustomer {
  std::string where;
  NewCustomer data;
};

struct EstateUser {
  std::string where;
  std::string customer_domain;  //!< a customer of the estate or already in the database
  NewUser data;
};

struct EstateSubscription {
  std::string where;
  std::string customer_domain;
  SkuId offer_id;
  std::string friendly_name;  //!< empty: the SKU's title
  std::int64_t quantity = 0;
  SubscriptionStatus status = SubscriptionStatus::kActive;
  Date term_start{};
  Date term_end{};  //!< last day of the current term
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  bool auto_renew = false;
  //! Only for status suspended; absent means "suspended now" (the import's clock time), so the
  //! 120-day deprovisioning countdown starts on import rather than possibly in the past.
  std::optional<Instant> suspended_at;
};

struct EstateLicense {
  std::string where;
  std::string customer_domain;
  std::string user_principal_name;
  SkuId sku_id;
  std::vector<ServicePlanId> excluded_plans;
};

struct Estate {
  std::vector<EstateCustomer> customers;
  std::vector<EstateUser> users;
  std::vector<EstateSubscription> subscriptions;
  std::vector<EstateLicense> licenses;
};

//! What an import created.
struct EstateImportReport {
  int customers = 0;
  int users = 0;
  int subscriptions = 0;
  int licenses = 0;
};

//! Loads `estate` into the store in one write transaction: all of it, or on any error nothing.
//! Customers come first, then users, subscriptions and licenses, so a record may refer to a
//! customer or user of any file of the estate, or to one already in the database.
//! Rules beyond those of the domain types: customer domains and each customer's UPNs are
//! unique (within the estate and against the database); a subscription's SKU exists (retired
//! ones too: this is an estate that exists), its quantity lies within 0..the SKU's maximum,
//! its term ends on or after its start, and its auto-renew is off if the SKU is past end of
//! sale today; a license's excluded plans belong to its SKU and a user holds a SKU once; per
//! customer and SKU, assigned licenses do not exceed the seats of active subscriptions.
//! New records get ids from deps.ids, created_at = deps.clock.Now() and version 1. One audit
//! record "estate.import" per customer created or added to, with the counts.
//! `progress`, if set, is called every 1000 records and once at the end.
//! REQUIRES permission kManageCustomers. Errors start with the offending record's `where`
//! and keep the code of the rule broken (kAlreadyExists, kNotFound, kNotEnoughLicenses, ...).
Result<EstateImportReport> ImportEstate(
    Dependencies deps, const RequestContext& ctx, const Estate& estate,
    const std::function<void(std::size_t done, std::size_t total)>& progress = {});

}  // namespace seatshift::service
