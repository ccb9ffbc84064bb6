#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "store/sql/catalog_cache.hpp"
#include "store/sql/statement.hpp"
#include "store/store.hpp"

namespace seatshift::store::sql {

//! The store's transactions, written once for every SQL backend over a Connection (the seam)
//! and its Dialect. Implementations are split by resource over sql_*.cpp. A backend derives
//! from it for what is its own: beginning and ending the transaction and savepoints.
//! Not thread-safe: one thread uses a transaction.
class SqlTransaction : public WriteTransaction {
 public:
  //! Whether a write transaction may share the catalog it read with the process's cache:
  //! kNever where a commit that succeeded may still be undone (a group commit's batch fails);
  //! kIfUnchanged where a writer sees other commits as they happen (READ COMMITTED), so its
  //! SKUs are shared only when the catalog version is the same before and after reading them.
  enum class WriterCatalog { kNever, kIfUnchanged };

  ~SqlTransaction() override = default;

  std::vector<Product> ListProducts() override;
  std::vector<Sku> ListSkus(const SkuFilter& filter) override;
  std::optional<Sku> FindSku(const SkuId& id) override;
  std::optional<SkuId> FindSkuIdByGuid(const Uuid& guid) override;

  std::optional<Customer> FindCustomer(const CustomerId& id) override;
  std::optional<Customer> FindCustomerByDomain(const std::string& domain) override;
  Result<Page<Customer>> ListCustomers(const CustomerFilter& filter,
                                       const PageRequest& page) override;

  std::optional<User> FindUser(const CustomerId& customer, const UserId& id) override;
  std::optional<User> FindUserByPrincipalName(const CustomerId& customer,
                                              const std::string& upn) override;
  Result<Page<User>> ListUsers(const CustomerId& customer, const PageRequest& page) override;

  std::optional<Subscription> FindSubscription(const CustomerId& customer,
                                               const SubscriptionId& id) override;
  Result<Page<Subscription>> ListSubscriptions(const SubscriptionFilter& filter,
                                               const PageRequest& page) override;
  Result<Page<Subscription>> ListInCancellationWindow(Instant now,
                                                      const PageRequest& page) override;

  std::vector<CustomerId> CustomersWithLapsingSubscriptions(const LapsingFilter& filter,
                                                            const std::optional<CustomerId>& after,
                                                            int limit) override;
  std::vector<License> LicensesOfUser(const UserId& user) override;
  std::map<UserId, std::vector<License>> LicensesOfCustomer(const CustomerId& customer) override;
  std::map<UserId, std::vector<License>> LicensesOfUsers(const CustomerId& customer,
                                                         const std::vector<UserId>& users) override;
  SeatCount CountSeats(const CustomerId& customer, const SkuId& sku) override;
  std::map<SkuId, SeatCount> CountAllSeats(const CustomerId& customer) override;
  std::map<std::pair<CustomerId, SkuId>, SeatCount> CountSeatsOf(
      const std::vector<CustomerId>& customers, const std::vector<SkuId>& skus) override;
  std::vector<User> UsersHolding(const CustomerId& customer, const SkuId& sku, int limit) override;
  std::vector<std::pair<UserId, std::vector<License>>> LicensesOfUsersHolding(
      const CustomerId& customer, const SkuId& sku, int limit) override;
  std::vector<CustomerHoldings> HoldingsOf(const std::vector<CustomerId>& customers) override;
  std::vector<Customer> FindCustomers(const std::vector<CustomerId>& customers) override;

  std::optional<Order> FindOrder(const CustomerId& customer, const OrderId& id) override;
  std::vector<Order> ListOrders(const CustomerId& customer) override;

  std::optional<Agent> FindAgentByTokenHash(const std::string& token_hash) override;
  std::optional<Agent> FindAgentByEmail(const std::string& email) override;
  std::optional<Agent> FindAgentById(const AgentId& id) override;
  std::vector<Agent> ListAgents() override;
  std::optional<std::string> FindAgentPasswordHash(const AgentId& agent) override;
  std::optional<AgentSession> FindSession(const std::string& token_hash) override;
  std::optional<RequestRecord> FindRequest(const std::string& agent_id,
                                           const std::string& request_id) override;

  Result<Page<AuditRecord>> ListAudit(const AuditFilter& filter, const PageRequest& page) override;
  Result<std::vector<Event>> EventsAfter(std::int64_t after, const EventFilter& filter,
                                         int limit) override;
  std::optional<Event> FindEvent(std::int64_t id) override;
  std::vector<WebhookEndpoint> ListWebhooks() override;
  std::optional<WebhookEndpoint> FindWebhook(const WebhookId& id) override;
  std::optional<WebhookEndpoint> FindPartnerCenterWebhook() override;
  std::optional<std::string> FindWebhookSecret(const WebhookId& id) override;
  Result<Page<WebhookDelivery>> ListDeliveries(const DeliveryFilter& filter,
                                               const PageRequest& page) override;
  std::optional<WebhookDelivery> FindDelivery(std::int64_t id) override;
  std::vector<DeliveryAttempt> ListAttempts(std::int64_t delivery) override;
  std::int64_t CountPendingDeliveries() override;
  Result<Page<Alert>> ListAlerts(const AlertFilter& filter, const PageRequest& page) override;
  std::optional<Alert> FindAlert(const AlertId& id) override;
  Result<Page<Charge>> ListCharges(const ChargeFilter& filter, const PageRequest& page) override;
  std::int64_t SumCharges(const ChargeFilter& filter) override;
  std::optional<std::string> FindSetting(const std::string& key) override;
  std::vector<CustomerId> CustomersHoldingSku(const SkuId& sku,
                                              const std::optional<CustomerId>& after,
                                              int limit) override;
  std::optional<Migration> FindMigration(const MigrationId& id) override;
  std::optional<MigrationId> FindMigrationInFlight(const SubscriptionId& subscription) override;
  Result<Page<Migration>> ListMigrations(const PageRequest& page) override;
  std::vector<MigrationCustomer> ListMigrationCustomers(const MigrationId& id) override;
  std::vector<MigrationCustomer> MigrationCustomersAfter(const MigrationId& id, int after_position,
                                                         int limit) override;
  MigrationProgress CountMigrationProgress(const MigrationId& id) override;
  std::vector<MovedUser> MovedUsers(const MigrationId& id, const CustomerId& customer,
                                    int limit) override;
  std::int64_t CountDue(Instant until) override;

  void LockCustomer(const CustomerId& customer) override;
  UserLicenseBasis LockForLicenseChange(const CustomerId& customer, const UserId& user,
                                        const std::vector<SkuId>& skus) override;
  std::optional<Subscription> LockSubscription(const CustomerId& customer,
                                               const SubscriptionId& id) override;
  bool UpsertProduct(const Product& product) override;
  bool UpsertSku(const Sku& sku) override;
  Status InsertCustomer(const Customer& customer) override;
  Status InsertUser(const User& user) override;
  Result<std::int64_t> UpdateUser(const User& user) override;
  void DeleteUser(const UserId& user) override;
  Status InsertSubscription(const Subscription& sub) override;
  Result<std::int64_t> UpdateSubscription(const Subscription& sub) override;
  std::vector<LifecycleCandidate> ClaimDue(Instant until, int limit,
                                           bool wait_for_held = false) override;
  std::vector<LifecycleCandidate> ClaimAutoRenewing(const std::vector<SkuId>& skus,
                                                    int limit) override;
  void InsertCharges(const std::vector<Charge>& charges) override;
  void PutSetting(const std::string& key, const std::string& value) override;
  void PutLicense(const CustomerId& customer, const License& license) override;
  void DeleteLicense(const UserId& user, const SkuId& sku) override;
  void ApplyLicenseChanges(const CustomerId& customer,
                           const std::vector<LicenseChange>& changes) override;
  Status InsertOrder(const Order& order) override;
  Status InsertAgent(const Agent& agent, const std::string& token_hash) override;
  Status UpdateAgent(const Agent& agent, const std::string& token_hash) override;
  Status SetAgentPassword(const AgentId& agent, const std::string& password_hash) override;
  Status InsertSession(const AgentSession& session) override;
  void DeleteSession(const std::string& token_hash) override;
  void DeleteSessionsOf(const AgentId& agent) override;
  void DeleteExpiredSessions(Instant now) override;
  Status InsertRequest(const RequestRecord& record) override;
  void SetRequestResponse(const std::string& agent_id, const std::string& request_id, int status,
                          const std::string& body) override;
  void AppendAudit(const AuditRecord& record) override;
  void AppendAudit(const std::vector<AuditRecord>& records) override;
  void AppendEvents(const std::vector<Event>& events) override;
  std::int64_t LastAppendedEvent() override;
  Result<std::int64_t> AddDelivery(const WebhookId& endpoint, std::int64_t event,
                                   Instant due) override;
  std::int64_t ReplayEvents(const WebhookId& endpoint, const EventRange& range,
                            Instant due) override;
  Status InsertWebhook(const WebhookEndpoint& endpoint, const std::string& secret) override;
  Result<std::int64_t> UpdateWebhook(const WebhookEndpoint& endpoint,
                                     std::int64_t expected_version) override;
  Status SetWebhookSecret(const WebhookId& id, const std::string& secret) override;
  bool DeleteWebhook(const WebhookId& id) override;
  std::vector<ClaimedDelivery> ClaimDeliveries(const std::string& owner, Instant now,
                                               Instant wall_now, Instant lease_until,
                                               int limit) override;
  bool FinishAttempt(const std::string& owner, const DeliveryAttempt& attempt, DeliveryState state,
                     std::optional<Instant> next) override;
  bool RaiseAlert(const Alert& alert) override;
  Status DismissAlert(const AlertId& id, const std::string& by, Instant at) override;
  Status InsertMigration(const Migration& migration,
                         const std::vector<MigrationCustomer>& customers) override;
  Result<Migration> ClaimMigrationLease(const MigrationId& id, const std::string& owner,
                                        Instant now, Instant until) override;
  Status RenewMigrationLease(const MigrationId& id, const std::string& owner,
                             Instant until) override;
  void ReleaseMigrationLease(const MigrationId& id, const std::string& owner) override;
  Result<std::int64_t> UpdateMigrationStatus(const MigrationId& id, MigrationStatus status,
                                             std::int64_t expected_version, Instant now) override;
  Status UpdateMigrationCustomer(const MigrationId& id, const MigrationCustomer& customer) override;
  Status AddMigrationWarning(const MigrationId& id, const CustomerId& customer,
                             const MigrationWarning& warning) override;
  Status RecordMovedUsers(const MigrationId& id, const CustomerId& customer,
                          const std::vector<MovedUser>& users) override;
  void ForgetMovedUsers(const MigrationId& id, const CustomerId& customer,
                        const std::vector<UserId>& users) override;
  std::vector<MigrationId> RunnableMigrations(Instant now, int limit) override;

  std::vector<ListPrice> ListListPrices(const PriceListFilter& filter) override;
  std::vector<std::string> UnmappedOfferIds() override;
  std::vector<MarginRule> ListMarginRules() override;
  PriceListCounts UpsertListPrices(const std::vector<ListPrice>& rows) override;
  void PutMarginRule(const MarginRule& rule) override;
  bool DeleteMarginRule(MarginScope scope, const std::string& key) override;
  std::vector<MigrationLease> LeasedMigrations(Instant now, int limit) override;

  //! Savepoints are SQL's own (SAVEPOINT, RELEASE, ROLLBACK TO), the same in every backend.
  void Savepoint() final;
  void ReleaseSavepoint() final;
  void RollBackToSavepoint() final;
  //! Writes what is held back, then has the backend make it all durable (CommitWrites).
  void Commit() final;

 protected:
  //! Makes every change durable and ends the transaction (COMMIT, or the end of a group
  //! commit's savepoint). Called once, by Commit.
  virtual void CommitWrites() = 0;

  //! `conn` outlives the transaction; `write`: a write transaction.
  SqlTransaction(Connection& conn, bool write, WriterCatalog writer_catalog, CatalogCache& catalog);

  Connection& conn() { return *conn_; }
  bool is_write() const { return write_; }
  //! Writes what the transaction holds back (license counts, batched audit records): before a
  //! savepoint, so that a rollback to it keeps them, and before COMMIT.
  void FlushPending();
  //! Forgets what was cached or held back since the latest savepoint (rolled back to).
  void ForgetSinceSavepoint();

 private:
  //! Every SKU as this transaction sees the catalog, from the process cache when it is current
  //! (nullptr when it is not and this transaction may not refresh it: see CatalogCache::Offer).
  std::shared_ptr<const CatalogCache::Skus> CatalogSnapshot();
  std::int64_t ReadCatalogVersion();
  //! Sends the read of the catalog version, unless this transaction has it; Step reads it.
  std::optional<Statement> SendCatalogVersionRead();
  //! Keeps the catalog version `read` (as SendCatalogVersionRead sent it) for the transaction.
  void KeepCatalogVersion(Statement& read);
  //! SKUs read from the tables, bypassing the cache.
  std::vector<Sku> ReadSkus(const SkuFilter& filter);
  //! Marks the catalog as changed by this transaction.
  void CatalogWritten();
  //! The internal key of a SKU (cached for the transaction), or nullopt.
  std::optional<std::int64_t> SkuKey(const SkuId& sku);
  std::optional<std::int64_t> CustomerKey(const CustomerId& customer);
  std::optional<std::int64_t> UserKey(const UserId& user);
  void RememberUserKey(const UserId& user, std::int64_t key) { user_keys_.emplace(user, key); }
  //! Reads the customers of `ids` that exist into `found`, remembering their keys; returns the
  //! keys.
  std::vector<std::int64_t> ReadCustomers(const std::vector<CustomerId>& ids,
                                          std::map<CustomerId, Customer>& found);
  // What HoldingsOf reads, for the customers of the given keys (absent: none), in a statement
  // each for all of them; the single-customer reads use them with one key.
  std::map<std::int64_t, std::vector<Subscription>> SubscriptionsOfCustomerKeys(
      std::span<const std::int64_t> customers);
  // Every license of those customers, by user: only LicensesOfCustomer (one key) reads it now;
  // HoldingsOf counts them instead (LicenseGroupsOfCustomerKeys).
  std::map<std::int64_t, std::map<UserId, std::vector<License>>> LicensesOfCustomerKeys(
      std::span<const std::int64_t> customers);
  std::map<std::int64_t, std::map<SkuId, SeatCount>> SeatsOfCustomerKeys(
      std::span<const std::int64_t> customers);
  //! The licenses of those customers grouped per SKU and excluded plans, from their `seats`
  //! (SeatsOfCustomerKeys of the same keys) and the licenses that exclude plans.
  std::map<std::int64_t, std::vector<LicenseGroup>> LicenseGroupsOfCustomerKeys(
      std::span<const std::int64_t> customers,
      const std::map<std::int64_t, std::map<SkuId, SeatCount>>& seats);
  //! Assigned licenses of the SKU at the customer (keys) that this transaction added (or, when
  //! negative, removed) and has not written to license_counts yet.
  std::int64_t PendingAssigned(std::int64_t customer_key, std::int64_t sku_key) const;
  //! Deletes the licenses of `sku_key` that the users of `users` hold at the customer, each of
  //! which must exist (the statements need not wait for their answers).
  void DeleteLicenses(std::int64_t customer_key, std::int64_t sku_key,
                      const std::vector<std::int64_t>& users);
  //! Writes the transaction's pending license count changes.
  void FlushLicenseCounts();
  //! Endpoints a webhook query (`sql`, bound to `guid` when given) selects, with their names.
  std::vector<WebhookEndpoint> ReadWebhooks(const char* sql, const std::optional<Uuid>& guid);
  //! Writes records alike but for their resource now, as one detail row and one statement.
  void WriteBulkAudit(std::span<const AuditRecord* const> records);
  //! Whether each of a plan's customers exists and appears once: the first that does not, in
  //! the plan's order, as NotFound or AlreadyExists.
  Status CheckPlannedCustomers(const std::vector<MigrationCustomer>& customers);
  //! Runs `analyze` ("ANALYZE table") where the dialect keeps plans from table statistics: after
  //! writes that grew the table many times over, so that the plans of later statements (and
  //! foreign-key checks) see its rows. Nothing on SQLite.
  void RefreshStatistics(const char* analyze);
  //! Writes one audit record now.
  void WriteAudit(const AuditRecord& record);
  //! Writes the audit records held back since the last flush, in one statement.
  void FlushAudit();

  Connection* conn_;
  const bool write_;
  const WriterCatalog writer_catalog_;
  CatalogCache* catalog_;
  // The catalog version this transaction reads, once read; forgotten when it writes the catalog.
  std::optional<std::int64_t> catalog_version_;
  bool catalog_written_ = false;    // this transaction changed the catalog
  bool catalog_unsettled_ = false;  // the catalog changed while this transaction read it
  // Keys looked up once per transaction (rows are never re-keyed; a rolled-back insert ends
  // the transaction, or its savepoint, and with it the cache).
  std::map<SkuId, std::int64_t> sku_keys_;
  std::map<CustomerId, std::int64_t> customer_keys_;
  std::map<UserId, std::int64_t> user_keys_;
  // Assigned-license changes per (customer key, SKU key) not yet written to license_counts.
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> count_deltas_;
  // Audit records appended and not yet written (Dialect::batches_audit), with their customer's
  // key (looked up when appended). All were appended after the latest savepoint still open:
  // Savepoint flushes.
  struct PendingAudit {
    AuditRecord record;
    std::optional<std::int64_t> customer;
  };
  std::vector<PendingAudit> pending_audit_;
};

}  // namespace seatshift::store::sql
