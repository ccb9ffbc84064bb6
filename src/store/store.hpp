#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/agent.hpp"
#include "domain/audit.hpp"
#include "domain/catalog.hpp"
#include "domain/charge.hpp"
#include "domain/customer.hpp"
#include "domain/license.hpp"
#include "domain/migration.hpp"
#include "domain/order.hpp"
#include "domain/subscription.hpp"

namespace seatshift::store {

//! The database failed in a way the caller cannot fix (I/O error, disk full, corruption, lock
//! timeout). It ends the operation; the open transaction rolls back. Expected outcomes (not
//! found, duplicate, stale version) are return values, never this exception.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A stored row that does not decode (unknown status, bad date, ...): the backend reports it
//! rather than invent a value. The message names the table, the row's key and the column.
class CorruptionError : public StorageError {
 public:
  using StorageError::StorageError;
};

//! The database gave up on the transaction because of concurrent ones (a serialization failure
//! or a deadlock): it rolled back, and running it again from the start may well succeed.
//! Transact (store/transact.hpp) does so a bounded number of times.
class TransientError : public StorageError {
 public:
  using StorageError::StorageError;
};

//! Keyset pagination: `after` is an opaque token from the previous page (empty = first page).
//! List methods refuse a token they did not issue with kBadRequest.
struct PageRequest {
  std::string after;
  int limit = 100;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next;  //!< empty when this is the last page
  std::int64_t total = 0;
};

struct SkuFilter {
  std::optional<ProductId> product_id;
  std::optional<Segment> segment;
};

//! Charges whose period starts in [from, to], of one customer (and of one subscription).
struct ChargeFilter {
  CustomerId customer_id;
  std::optional<SubscriptionId> subscription_id;
  std::optional<Date> from;
  std::optional<Date> to;
};

//! A subscription the lifecycle engine works on, with what it needs from its customer.
struct LifecycleCandidate {
  Subscription subscription;
  std::string currency;
};

struct CustomerFilter {
  std::string name_prefix;    //!< case-insensitive company-name prefix; empty = all
  std::string domain_prefix;  //!< case-insensitive domain prefix; empty = all
};

struct SubscriptionFilter {
  std::optional<CustomerId> customer_id;
  std::optional<SkuId> sku_id;
  std::optional<SubscriptionStatus> status;
  std::optional<bool> auto_renew;
  std::optional<Date> ends_before;  //!< term ends before this day
  std::optional<OrderId> order_id;  //!< bought by this order
};

//! What can take service away from users by some day: the service-loss forecast's candidates.
struct LapsingFilter {
  //! Active subscriptions count when their term ends before this day and they will not renew:
  //! auto-renew off, or of a SKU in `not_renewing` (no longer sold when the term ends).
  Date ends_before{};
  std::vector<SkuId> not_renewing;
  //! Only subscriptions of these SKUs; nullopt = of every SKU.
  std::optional<std::vector<SkuId>> skus;
};

struct AuditFilter {
  std::optional<CustomerId> customer_id;
  std::string resource_id;
  std::optional<Instant> from;
  std::optional<Instant> to;
};

//! A consistent snapshot of the database. Not thread-safe: one thread uses a transaction.
//! Rolls back (releasing the snapshot) when destroyed.
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;

  virtual std::vector<Product> ListProducts() = 0;
  virtual std::vector<Sku> ListSkus(const SkuFilter& filter) = 0;
  virtual std::optional<Sku> FindSku(const SkuId& id) = 0;
  //! The id of the SKU whose vendor GUID is `guid` (Partner Center clients name SKUs so).
  virtual std::optional<SkuId> FindSkuIdByGuid(const Uuid& guid) = 0;

  virtual std::optional<Customer> FindCustomer(const CustomerId& id) = 0;
  virtual std::optional<Customer> FindCustomerByDomain(const std::string& domain) = 0;
  virtual Result<Page<Customer>> ListCustomers(const CustomerFilter& filter,
                                               const PageRequest& page) = 0;

  virtual std::optional<User> FindUser(const CustomerId& customer, const UserId& id) = 0;
  virtual std::optional<User> FindUserByPrincipalName(const CustomerId& customer,
                                                      const std::string& upn) = 0;
  virtual Result<Page<User>> ListUsers(const CustomerId& customer, const PageRequest& page) = 0;

  virtual std::optional<Subscription> FindSubscription(const CustomerId& customer,
                                                       const SubscriptionId& id) = 0;
  //! Ordered by creation; the filter's fields combine with AND.
  virtual Result<Page<Subscription>> ListSubscriptions(const SubscriptionFilter& filter,
                                                       const PageRequest& page) = 0;

  //! Up to `limit` customers, in id order after `after` (nullopt = from the first), holding a
  //! subscription that is suspended, expired or disabled, or active and matching `filter`, of a
  //! SKU (one of `filter.skus`, if set) they have licenses assigned of. Reads the indexes of such
  //! subscriptions only, never all of them.
  virtual std::vector<CustomerId> CustomersWithLapsingSubscriptions(
      const LapsingFilter& filter, const std::optional<CustomerId>& after, int limit) = 0;

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
  //! Up to `limit` users holding a license of `sku`, in creation order.
  virtual std::vector<User> UsersHolding(const CustomerId& customer, const SkuId& sku,
                                         int limit) = 0;
  //! The same users, each with every license it holds (as LicensesOfUsers gives them), in one
  //! read: what a batch that moves them off `sku` needs.
  virtual std::vector<std::pair<UserId, std::vector<License>>> LicensesOfUsersHolding(
      const CustomerId& customer, const SkuId& sku, int limit) = 0;

  virtual std::optional<Order> FindOrder(const CustomerId& customer, const OrderId& id) = 0;
  virtual std::vector<Order> ListOrders(const CustomerId& customer) = 0;

  virtual std::optional<Agent> FindAgentByTokenHash(const std::string& token_hash) = 0;
  virtual std::optional<Agent> FindAgentByEmail(const std::string& email) = 0;
  virtual std::optional<Agent> FindAgentById(const AgentId& id) = 0;
  virtual std::vector<Agent> ListAgents() = 0;
  //! The agent's password hash (libsodium crypto_pwhash_str form); nullopt when the agent has
  //! no password (or does not exist).
  virtual std::optional<std::string> FindAgentPasswordHash(const AgentId& agent) = 0;
  //! The session whose cookie hashes to `token_hash`, with its agent as stored now (expired
  //! sessions too: the caller judges the time).
  virtual std::optional<AgentSession> FindSession(const std::string& token_hash) = 0;

  virtual std::optional<RequestRecord> FindRequest(const std::string& agent_id,
                                                   const std::string& request_id) = 0;

  virtual Result<Page<AuditRecord>> ListAudit(const AuditFilter& filter,
                                              const PageRequest& page) = 0;

  //! In the order they were charged.
  virtual Result<Page<Charge>> ListCharges(const ChargeFilter& filter, const PageRequest& page) = 0;
  //! The sum of the amounts of every charge the filter selects (all pages), in minor units.
  virtual std::int64_t SumCharges(const ChargeFilter& filter) = 0;

  //! How many subscriptions have something due at or before `until` (progress reports).
  virtual std::int64_t CountDue(Instant until) = 0;

  //! Small named values the system keeps (e.g. the simulated clock); nullopt when unset.
  virtual std::optional<std::string> FindSetting(const std::string& key) = 0;

  //! Up to `limit` customers, in creation order after `after` (nullopt = from the first),
  //! holding a subscription of `sku` that is not deleted (the customers a migration off `sku`
  //! concerns).
  virtual std::vector<CustomerId> CustomersHoldingSku(const SkuId& sku,
                                                      const std::optional<CustomerId>& after,
                                                      int limit) = 0;

  virtual std::optional<Migration> FindMigration(const MigrationId& id) = 0;
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

//! A read transaction that can also change data; nothing is visible to others until Commit.
//! Holding one excludes every other writer of the database (SQLite) or of the rows it locked
//! (PostgreSQL), so a check made inside it (seats left, version unchanged) still holds at
//! commit. Insert* return kAlreadyExists on a unique-key clash and leave the transaction usable
//! (backends where a failed statement aborts the transaction avoid the failure: ON CONFLICT).
//! Any method may throw TransientError when concurrent transactions conflict: run the whole
//! transaction again (Transact).
class WriteTransaction : public ReadTransaction {
 public:
  //! Serialises writers of one customer's seats, for backends without a database-wide writer
  //! lock. Call before reading seat counts that the transaction will act on (and then change),
  //! wherever that happens: orders, license changes, subscription changes, the lifecycle's
  //! removal of stranded licenses, the migration engine.
  virtual void LockCustomer(const CustomerId& customer) = 0;

  //! FindSubscription that also keeps other writers off the row until this transaction ends
  //! (SELECT ... FOR UPDATE), so that a read-change-write of it cannot lose to a concurrent
  //! writer (the lifecycle engine) between the read and the version-checked write.
  virtual std::optional<Subscription> LockSubscription(const CustomerId& customer,
                                                       const SubscriptionId& id) = 0;

  //! Insert or replace a catalog entry; returns whether it was new.
  virtual bool UpsertProduct(const Product& product) = 0;
  virtual bool UpsertSku(const Sku& sku) = 0;

  virtual Status InsertCustomer(const Customer& customer) = 0;
  virtual Status InsertUser(const User& user) = 0;
  //! Stores the user's display name and usage location if the stored version is still
  //! `user.version`, bumping it; kEtagMismatch otherwise.
  virtual Result<std::int64_t> UpdateUser(const User& user) = 0;
  //! Deletes the user and the licenses the user holds.
  virtual void DeleteUser(const UserId& user) = 0;

  virtual Status InsertSubscription(const Subscription& sub) = 0;
  //! Stores `sub` if the stored version is still `sub.version`, bumping it; returns the new
  //! version, or kEtagMismatch when another change came first.
  virtual Result<std::int64_t> UpdateSubscription(const Subscription& sub) = 0;

  // The lifecycle engine's work lists. Backends index every subscription by NextDueAt(sub),
  // computed when it is written. The rows returned are this transaction's to change: other
  // writers wait for it (SQLite) or skip them (a backend with row locks).
  //! Up to `limit` subscriptions with something due at or before `until`, earliest first,
  //! skipping rows another transaction holds. `wait_for_held`: waits for those instead (a run
  //! whose horizon is later than the holder's must not leave them behind), and returns them
  //! if they are still due once their holder ends.
  virtual std::vector<LifecycleCandidate> ClaimDue(Instant until, int limit,
                                                   bool wait_for_held = false) = 0;
  //! Up to `limit` active or suspended auto-renewing subscriptions of `skus` (the SKUs whose
  //! end of sale has come), for the engine to switch auto-renew off.
  virtual std::vector<LifecycleCandidate> ClaimAutoRenewing(const std::vector<SkuId>& skus,
                                                            int limit) = 0;

  virtual void InsertCharges(const std::vector<Charge>& charges) = 0;
  virtual void PutSetting(const std::string& key, const std::string& value) = 0;

  //! Adds the license or replaces its excluded plans.
  virtual void PutLicense(const CustomerId& customer, const License& license) = 0;
  virtual void DeleteLicense(const UserId& user, const SkuId& sku) = 0;
  //! Stores the outcome of planned changes to the licenses of the customer's users: the same as
  //! DeleteLicense for every `to_delete` and PutLicense for every `to_put`, in as few statements
  //! as the backend can (a migration moves thousands of users at once).
  //! REQUIRES: the changes were planned from this transaction's reads, for users of `customer`.
  virtual void ApplyLicenseChanges(const CustomerId& customer,
                                   const std::vector<LicenseChange>& changes) = 0;

  virtual Status InsertOrder(const Order& order) = 0;

  //! kAlreadyExists when the email or the token hash is taken.
  virtual Status InsertAgent(const Agent& agent, const std::string& token_hash) = 0;
  //! Stores the agent's role, disabled flag and token expiry, and its new token hash unless
  //! `token_hash` is empty (rotation); kNotFound for no such agent.
  virtual Status UpdateAgent(const Agent& agent, const std::string& token_hash) = 0;
  //! Stores the agent's password hash; kNotFound for no such agent.
  virtual Status SetAgentPassword(const AgentId& agent, const std::string& password_hash) = 0;
  //! kNotFound when session.agent does not exist.
  virtual Status InsertSession(const AgentSession& session) = 0;
  //! Ends one session; nothing happens when there is none.
  virtual void DeleteSession(const std::string& token_hash) = 0;
  //! Ends every session of the agent (a new password, a disabled agent).
  virtual void DeleteSessionsOf(const AgentId& agent) = 0;
  //! Forgets every session that ended before `now`.
  virtual void DeleteExpiredSessions(Instant now) = 0;

  //! Records an idempotency key with what it created; kAlreadyExists when the key is taken.
  virtual Status InsertRequest(const RequestRecord& record) = 0;
  //! Stores the response sent for a recorded key.
  virtual void SetRequestResponse(const std::string& agent_id, const std::string& request_id,
                                  int status, const std::string& body) = 0;

  virtual void AppendAudit(const AuditRecord& record) = 0;
  //! Appends the records in order, as one write where the backend can.
  virtual void AppendAudit(const std::vector<AuditRecord>& records) = 0;

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
  //! plan.target_subscription_id and the error; kNotFound when it is not one of its customers.
  virtual Status UpdateMigrationCustomer(const MigrationId& id,
                                         const MigrationCustomer& customer) = 0;
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

  //! Marks a point inside the transaction: RollBackToSavepoint undoes what was written after it
  //! (and only that) and ReleaseSavepoint keeps it, to commit or roll back with the rest. Each
  //! call ends the latest savepoint still open; they nest. One transaction can so carry several
  //! independent changes, one of which may fail without the others (the migration engine's steps
  //! of several customers).
  virtual void Savepoint() = 0;
  virtual void ReleaseSavepoint() = 0;
  virtual void RollBackToSavepoint() = 0;

  //! Makes every change durable at once. After Commit the transaction is finished.
  virtual void Commit() = 0;
};

//! A database. Thread-safe: any thread may open transactions.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<ReadTransaction> Read() = 0;
  //! Waits for the writer lock (bounded by the backend's busy timeout, then StorageError).
  virtual std::unique_ptr<WriteTransaction> Write() = 0;

  //! Told how long each commit took (metrics). Set before the store is shared among threads.
  using CommitObserver = std::function<void(std::chrono::nanoseconds)>;
  void ObserveCommits(CommitObserver observer) { commit_observer_ = std::move(observer); }

 protected:
  CommitObserver commit_observer_;
};

}  // namespace seatshift::store
