#pragma once

// Migrations: plans, their customers, the engine's job record and leases.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/migration.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! Reads, in any transaction.
class MigrationReads {
 public:
  virtual ~MigrationReads() = default;

  //! Up to `limit` customers, in creation order after `after` (nullopt = from the first),
  //! holding a subscription of `sku` that is not deleted (the customers a migration off `sku`
  //! concerns).
  virtual std::vector<CustomerId> CustomersHoldingSku(const SkuId& sku,
                                                      const std::optional<CustomerId>& after,
                                                      int limit) = 0;
  virtual std::optional<Migration> FindMigration(const MigrationId& id) = 0;
  //! The migration of `subscription` alone (Migration::source_subscription_id) that is planned,
  //! running or paused, if any.
  virtual std::optional<MigrationId> FindMigrationInFlight(const SubscriptionId& subscription) = 0;
  //! Newest first.
  virtual Result<Page<Migration>> ListMigrations(const PageRequest& page) = 0;
  //! The migration's customers in its order (position), with their plans and progress.
  virtual std::vector<MigrationCustomer> ListMigrationCustomers(const MigrationId& id) = 0;
  //! Up to `limit` of them, in position order after `after_position` (-1: from the first), so
  //! that a migration of any size is read a page at a time.
  virtual std::vector<MigrationCustomer> MigrationCustomersAfter(const MigrationId& id,
                                                                 int after_position, int limit) = 0;
  //! Counted from the customers' rows: done = step done; purchased = action purchase at step
  //! purchased, moving, suspended or done; suspended = step suspended or done; with errors =
  //! an error code recorded.
  virtual MigrationProgress CountMigrationProgress(const MigrationId& id) = 0;
  //! Up to `limit` users that step B moved for the customer and no rollback has moved back, in
  //! the order they were moved.
  virtual std::vector<MovedUser> MovedUsers(const MigrationId& id, const CustomerId& customer,
                                            int limit) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class MigrationWrites {
 public:
  virtual ~MigrationWrites() = default;

  //! Stores a new migration (its overrides) and its customers (plans, sources, warnings), with
  //! prepared statements reused across rows. kAlreadyExists when the id is taken; kNotFound
  //! naming a customer that does not exist.
  virtual Status InsertMigration(const Migration& migration,
                                 const std::vector<MigrationCustomer>& customers) = 0;
  // The migration engine's job record. Lease times are wall time (several processes compare
  // them); every change bumps the migration's version.
  //! Gives the lease to `owner` until `until` when nobody holds it, its holder's lease expired
  //! at or before `now`, or `owner` already holds it. kInvalidStatusTransition naming the holder
  //! otherwise; kNotFound for no such migration.
  virtual Result<Migration> ClaimMigrationLease(const MigrationId& id, const std::string& owner,
                                                Instant now, Instant until) = 0;
  //! Extends `owner`'s lease to `until`; kInvalidStatusTransition when `owner` no longer holds
  //! it (it expired and another executor took it): the caller must not apply its step.
  virtual Status RenewMigrationLease(const MigrationId& id, const std::string& owner,
                                     Instant until) = 0;
  //! Frees the lease if `owner` holds it (a no-op otherwise).
  virtual void ReleaseMigrationLease(const MigrationId& id, const std::string& owner) = 0;
  //! Sets the status if the stored version is still `expected_version`; returns the new
  //! version, or kEtagMismatch.
  virtual Result<std::int64_t> UpdateMigrationStatus(const MigrationId& id, MigrationStatus status,
                                                     std::int64_t expected_version,
                                                     Instant now) = 0;
  //! Stores the engine's progress on one customer of the migration: step, users_moved,
  //! plan.action (a run may skip a purchase that is no longer wanted),
  //! plan.target_subscription_id and the error; kNotFound when it is not one of its customers.
  virtual Status UpdateMigrationCustomer(const MigrationId& id,
                                         const MigrationCustomer& customer) = 0;
  //! Adds `warning` after the customer's plan warnings (the run's own, such as
  //! kChangedSincePlanning); kNotFound when it is not one of the migration's customers.
  virtual Status AddMigrationWarning(const MigrationId& id, const CustomerId& customer,
                                     const MigrationWarning& warning) = 0;
  //! Records users that step B moved for the customer (see MovedUsers). kNotFound when the
  //! customer is not one of the migration's, or a user is unknown.
  virtual Status RecordMovedUsers(const MigrationId& id, const CustomerId& customer,
                                  const std::vector<MovedUser>& users) = 0;
  //! Forgets moved users once a rollback has moved them back.
  virtual void ForgetMovedUsers(const MigrationId& id, const CustomerId& customer,
                                const std::vector<UserId>& users) = 0;
  //! Up to `limit` migrations that are running and whose lease is free or expired at `now`.
  virtual std::vector<MigrationId> RunnableMigrations(Instant now, int limit) = 0;
  //! Up to `limit` running migrations whose lease `owner` holds until after `now`.
  virtual std::vector<MigrationLease> LeasedMigrations(Instant now, int limit) = 0;
};

}  // namespace seatshift::store
