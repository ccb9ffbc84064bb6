#pragma once

// A fault injector for tests of retries: a Store that forwards to a real one and makes chosen
// calls of its write transactions throw TransientError, as PostgreSQL reports a serialization
// failure or a deadlock. Header-only, like test_env.hpp, so that no test code is linked into
// the program.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace seatshift::testing {

//! Forwards every call to `inner`; FailOnce arms a fault. A transaction that threw is never
//! committed: the caller drops it and the inner transaction rolls back, as the database's did.
//! Thread-safe as `inner` is.
class FaultInjectingStore final : public store::Store {
 public:
  explicit FaultInjectingStore(store::Store& inner) : inner_(inner) {}

  //! The `nth` call from now (1 = the next one) of the write transactions' method `method`
  //! ("Commit", "RecordMovedUsers", ...) throws TransientError instead of reaching `inner`.
  void FailOnce(const std::string& method, int nth = 1) {
    std::lock_guard lock(mutex_);
    armed_[method].push_back(calls_[method] + nth);
  }
  //! While set, AppendEvents is dropped (returns no ids) instead of reaching `inner`: a store
  //! without the outbox, to measure what the outbox costs (bench/events_bench.cpp).
  void DropEvents(bool drop) { drop_events_ = drop; }
  bool dropping_events() const { return drop_events_; }
  //! How many faults were thrown so far.
  int fired() {
    std::lock_guard lock(mutex_);
    return fired_;
  }
  //! How many times the write transactions' method `method` was called (faults included).
  int calls(const std::string& method) {
    std::lock_guard lock(mutex_);
    return calls_[method];
  }

  std::unique_ptr<store::ReadTransaction> Read() override { return inner_.Read(); }
  std::unique_ptr<store::WriteTransaction> Write() override;

 private:
  class Transaction;

  void Hit(std::string_view method) {
    std::lock_guard lock(mutex_);
    const std::string name(method);
    const int call = ++calls_[name];
    auto& armed = armed_[name];
    for (auto it = armed.begin(); it != armed.end(); ++it) {
      if (*it != call) continue;
      armed.erase(it);
      ++fired_;
      throw store::TransientError("could not serialize access (injected into " + name + ")");
    }
  }

  store::Store& inner_;
  std::mutex mutex_;
  std::map<std::string, int> calls_;               // GUARDED_BY(mutex_)
  std::map<std::string, std::vector<int>> armed_;  // GUARDED_BY(mutex_)
  int fired_ = 0;                                  // GUARDED_BY(mutex_)
  std::atomic<bool> drop_events_ = false;
};

class FaultInjectingStore::Transaction final : public store::WriteTransaction {
 public:
  Transaction(FaultInjectingStore& store, std::unique_ptr<store::WriteTransaction> inner)
      : store_(store), inner_(std::move(inner)) {}

  std::vector<Product> ListProducts() override {
    store_.Hit("ListProducts");
    return inner_->ListProducts();
  }
  std::vector<Sku> ListSkus(const store::SkuFilter& filter) override {
    store_.Hit("ListSkus");
    return inner_->ListSkus(filter);
  }
  std::optional<Sku> FindSku(const SkuId& id) override {
    store_.Hit("FindSku");
    return inner_->FindSku(id);
  }
  std::optional<SkuId> FindSkuIdByGuid(const Uuid& guid) override {
    store_.Hit("FindSkuIdByGuid");
    return inner_->FindSkuIdByGuid(guid);
  }
  std::optional<Customer> FindCustomer(const CustomerId& id) override {
    store_.Hit("FindCustomer");
    return inner_->FindCustomer(id);
  }
  std::vector<Customer> FindCustomers(const std::vector<CustomerId>& ids) override {
    return inner_->FindCustomers(ids);
  }
  std::optional<Customer> FindCustomerByDomain(const std::string& domain) override {
    store_.Hit("FindCustomerByDomain");
    return inner_->FindCustomerByDomain(domain);
  }
  Result<store::Page<Customer>> ListCustomers(const store::CustomerFilter& filter,
                                              const store::PageRequest& page) override {
    store_.Hit("ListCustomers");
    return inner_->ListCustomers(filter, page);
  }
  std::optional<User> FindUser(const CustomerId& customer, const UserId& id) override {
    store_.Hit("FindUser");
    return inner_->FindUser(customer, id);
  }
  std::optional<User> FindUserByPrincipalName(const CustomerId& customer,
                                              const std::string& upn) override {
    store_.Hit("FindUserByPrincipalName");
    return inner_->FindUserByPrincipalName(customer, upn);
  }
  Result<store::Page<User>> ListUsers(const CustomerId& customer,
                                      const store::PageRequest& page) override {
    store_.Hit("ListUsers");
    return inner_->ListUsers(customer, page);
  }
  std::optional<Subscription> FindSubscription(const CustomerId& customer,
                                               const SubscriptionId& id) override {
    store_.Hit("FindSubscription");
    return inner_->FindSubscription(customer, id);
  }
  Result<store::Page<Subscription>> ListSubscriptions(const store::SubscriptionFilter& filter,
                                                      const store::PageRequest& page) override {
    store_.Hit("ListSubscriptions");
    return inner_->ListSubscriptions(filter, page);
  }
  std::vector<CustomerId> CustomersWithLapsingSubscriptions(const store::LapsingFilter& filter,
                                                            const std::optional<CustomerId>& after,
                                                            int limit) override {
    store_.Hit("CustomersWithLapsingSubscriptions");
    return inner_->CustomersWithLapsingSubscriptions(filter, after, limit);
  }
  std::vector<License> LicensesOfUser(const UserId& user) override {
    store_.Hit("LicensesOfUser");
    return inner_->LicensesOfUser(user);
  }
  std::map<UserId, std::vector<License>> LicensesOfCustomer(const CustomerId& customer) override {
    store_.Hit("LicensesOfCustomer");
    return inner_->LicensesOfCustomer(customer);
  }
  std::map<UserId, std::vector<License>> LicensesOfUsers(
      const CustomerId& customer, const std::vector<UserId>& users) override {
    store_.Hit("LicensesOfUsers");
    return inner_->LicensesOfUsers(customer, users);
  }
  SeatCount CountSeats(const CustomerId& customer, const SkuId& sku) override {
    store_.Hit("CountSeats");
    return inner_->CountSeats(customer, sku);
  }
  std::map<SkuId, SeatCount> CountAllSeats(const CustomerId& customer) override {
    store_.Hit("CountAllSeats");
    return inner_->CountAllSeats(customer);
  }
  std::map<std::pair<CustomerId, SkuId>, SeatCount> CountSeatsOf(
      const std::vector<CustomerId>& customers, const std::vector<SkuId>& skus) override {
    return inner_->CountSeatsOf(customers, skus);
  }
  std::vector<store::CustomerHoldings> HoldingsOf(
      const std::vector<CustomerId>& customers) override {
    store_.Hit("HoldingsOf");
    return inner_->HoldingsOf(customers);
  }
  std::vector<User> UsersHolding(const CustomerId& customer, const SkuId& sku, int limit) override {
    store_.Hit("UsersHolding");
    return inner_->UsersHolding(customer, sku, limit);
  }
  std::vector<std::pair<UserId, std::vector<License>>> LicensesOfUsersHolding(
      const CustomerId& customer, const SkuId& sku, int limit) override {
    store_.Hit("LicensesOfUsersHolding");
    return inner_->LicensesOfUsersHolding(customer, sku, limit);
  }
  std::optional<Order> FindOrder(const CustomerId& customer, const OrderId& id) override {
    store_.Hit("FindOrder");
    return inner_->FindOrder(customer, id);
  }
  std::vector<Order> ListOrders(const CustomerId& customer) override {
    store_.Hit("ListOrders");
    return inner_->ListOrders(customer);
  }
  std::optional<Agent> FindAgentByTokenHash(const std::string& token_hash) override {
    store_.Hit("FindAgentByTokenHash");
    return inner_->FindAgentByTokenHash(token_hash);
  }
  std::optional<Agent> FindAgentByEmail(const std::string& email) override {
    store_.Hit("FindAgentByEmail");
    return inner_->FindAgentByEmail(email);
  }
  std::optional<Agent> FindAgentById(const AgentId& id) override {
    store_.Hit("FindAgentById");
    return inner_->FindAgentById(id);
  }
  std::vector<Agent> ListAgents() override {
    store_.Hit("ListAgents");
    return inner_->ListAgents();
  }
  std::optional<std::string> FindAgentPasswordHash(const AgentId& agent) override {
    store_.Hit("FindAgentPasswordHash");
    return inner_->FindAgentPasswordHash(agent);
  }
  std::optional<AgentSession> FindSession(const std::string& token_hash) override {
    store_.Hit("FindSession");
    return inner_->FindSession(token_hash);
  }
  std::optional<RequestRecord> FindRequest(const std::string& agent_id,
                                           const std::string& request_id) override {
    store_.Hit("FindRequest");
    return inner_->FindRequest(agent_id, request_id);
  }
  Result<store::Page<AuditRecord>> ListAudit(const store::AuditFilter& filter,
                                             const store::PageRequest& page) override {
    store_.Hit("ListAudit");
    return inner_->ListAudit(filter, page);
  }
  Result<store::Page<Charge>> ListCharges(const store::ChargeFilter& filter,
                                          const store::PageRequest& page) override {
    store_.Hit("ListCharges");
    return inner_->ListCharges(filter, page);
  }
  std::int64_t SumCharges(const store::ChargeFilter& filter) override {
    store_.Hit("SumCharges");
    return inner_->SumCharges(filter);
  }
  std::int64_t CountDue(Instant until) override {
    store_.Hit("CountDue");
    return inner_->CountDue(until);
  }
  std::optional<std::string> FindSetting(const std::string& key) override {
    store_.Hit("FindSetting");
    return inner_->FindSetting(key);
  }
  std::vector<CustomerId> CustomersHoldingSku(const SkuId& sku,
                                              const std::optional<CustomerId>& after,
                                              int limit) override {
    store_.Hit("CustomersHoldingSku");
    return inner_->CustomersHoldingSku(sku, after, limit);
  }
  std::optional<Migration> FindMigration(const MigrationId& id) override {
    store_.Hit("FindMigration");
    return inner_->FindMigration(id);
  }
  std::optional<MigrationId> FindMigrationInFlight(const SubscriptionId& subscription) override {
    store_.Hit("FindMigrationInFlight");
    return inner_->FindMigrationInFlight(subscription);
  }
  Result<store::Page<Migration>> ListMigrations(const store::PageRequest& page) override {
    store_.Hit("ListMigrations");
    return inner_->ListMigrations(page);
  }
  std::vector<MigrationCustomer> ListMigrationCustomers(const MigrationId& id) override {
    store_.Hit("ListMigrationCustomers");
    return inner_->ListMigrationCustomers(id);
  }
  std::vector<MigrationCustomer> MigrationCustomersAfter(const MigrationId& id, int after_position,
                                                         int limit) override {
    store_.Hit("MigrationCustomersAfter");
    return inner_->MigrationCustomersAfter(id, after_position, limit);
  }
  MigrationProgress CountMigrationProgress(const MigrationId& id) override {
    store_.Hit("CountMigrationProgress");
    return inner_->CountMigrationProgress(id);
  }
  std::vector<MovedUser> MovedUsers(const MigrationId& id, const CustomerId& customer,
                                    int limit) override {
    store_.Hit("MovedUsers");
    return inner_->MovedUsers(id, customer, limit);
  }
  void LockCustomer(const CustomerId& customer) override {
    store_.Hit("LockCustomer");
    inner_->LockCustomer(customer);
  }
  store::UserLicenseBasis LockForLicenseChange(const CustomerId& customer, const UserId& user,
                                               const std::vector<SkuId>& skus) override {
    store_.Hit("LockForLicenseChange");
    return inner_->LockForLicenseChange(customer, user, skus);
  }
  std::optional<Subscription> LockSubscription(const CustomerId& customer,
                                               const SubscriptionId& id) override {
    store_.Hit("LockSubscription");
    return inner_->LockSubscription(customer, id);
  }
  bool UpsertProduct(const Product& product) override {
    store_.Hit("UpsertProduct");
    return inner_->UpsertProduct(product);
  }
  bool UpsertSku(const Sku& sku) override {
    store_.Hit("UpsertSku");
    return inner_->UpsertSku(sku);
  }
  Status InsertCustomer(const Customer& customer) override {
    store_.Hit("InsertCustomer");
    return inner_->InsertCustomer(customer);
  }
  Status InsertUser(const User& user) override {
    store_.Hit("InsertUser");
    return inner_->InsertUser(user);
  }
  Result<std::int64_t> UpdateUser(const User& user) override {
    store_.Hit("UpdateUser");
    return inner_->UpdateUser(user);
  }
  void DeleteUser(const UserId& user) override {
    store_.Hit("DeleteUser");
    inner_->DeleteUser(user);
  }
  Status InsertSubscription(const Subscription& sub) override {
    store_.Hit("InsertSubscription");
    return inner_->InsertSubscription(sub);
  }
  Result<std::int64_t> UpdateSubscription(const Subscription& sub) override {
    store_.Hit("UpdateSubscription");
    return inner_->UpdateSubscription(sub);
  }
  std::vector<store::LifecycleCandidate> ClaimDue(Instant until, int limit,
                                                  bool wait_for_held) override {
    store_.Hit("ClaimDue");
    return inner_->ClaimDue(until, limit, wait_for_held);
  }
  std::vector<store::LifecycleCandidate> ClaimAutoRenewing(const std::vector<SkuId>& skus,
                                                           int limit) override {
    store_.Hit("ClaimAutoRenewing");
    return inner_->ClaimAutoRenewing(skus, limit);
  }
  void InsertCharges(const std::vector<Charge>& charges) override {
    store_.Hit("InsertCharges");
    inner_->InsertCharges(charges);
  }
  void PutSetting(const std::string& key, const std::string& value) override {
    store_.Hit("PutSetting");
    inner_->PutSetting(key, value);
  }
  void PutLicense(const CustomerId& customer, const License& license) override {
    store_.Hit("PutLicense");
    inner_->PutLicense(customer, license);
  }
  void DeleteLicense(const UserId& user, const SkuId& sku) override {
    store_.Hit("DeleteLicense");
    inner_->DeleteLicense(user, sku);
  }
  void ApplyLicenseChanges(const CustomerId& customer,
                           const std::vector<LicenseChange>& changes) override {
    store_.Hit("ApplyLicenseChanges");
    inner_->ApplyLicenseChanges(customer, changes);
  }
  Status InsertOrder(const Order& order) override {
    store_.Hit("InsertOrder");
    return inner_->InsertOrder(order);
  }
  Status InsertAgent(const Agent& agent, const std::string& token_hash) override {
    store_.Hit("InsertAgent");
    return inner_->InsertAgent(agent, token_hash);
  }
  Status UpdateAgent(const Agent& agent, const std::string& token_hash) override {
    store_.Hit("UpdateAgent");
    return inner_->UpdateAgent(agent, token_hash);
  }
  Status SetAgentPassword(const AgentId& agent, const std::string& password_hash) override {
    store_.Hit("SetAgentPassword");
    return inner_->SetAgentPassword(agent, password_hash);
  }
  Status InsertSession(const AgentSession& session) override {
    store_.Hit("InsertSession");
    return inner_->InsertSession(session);
  }
  void DeleteSession(const std::string& token_hash) override {
    store_.Hit("DeleteSession");
    inner_->DeleteSession(token_hash);
  }
  void DeleteSessionsOf(const AgentId& agent) override {
    store_.Hit("DeleteSessionsOf");
    inner_->DeleteSessionsOf(agent);
  }
  void DeleteExpiredSessions(Instant now) override {
    store_.Hit("DeleteExpiredSessions");
    inner_->DeleteExpiredSessions(now);
  }
  Status InsertRequest(const RequestRecord& record) override {
    store_.Hit("InsertRequest");
    return inner_->InsertRequest(record);
  }
  void SetRequestResponse(const std::string& agent_id, const std::string& request_id, int status,
                          const std::string& body) override {
    store_.Hit("SetRequestResponse");
    inner_->SetRequestResponse(agent_id, request_id, status, body);
  }
  void AppendAudit(const AuditRecord& record) override {
    store_.Hit("AppendAudit");
    inner_->AppendAudit(record);
  }
  void AppendAudit(const std::vector<AuditRecord>& records) override {
    store_.Hit("AppendAudit");
    inner_->AppendAudit(records);
  }
  // The outbox, webhooks and alerts.
  Result<store::Page<Subscription>> ListInCancellationWindow(
      Instant now, const store::PageRequest& page) override {
    store_.Hit("ListInCancellationWindow");
    return inner_->ListInCancellationWindow(now, page);
  }
  Result<std::vector<Event>> EventsAfter(std::int64_t after, const store::EventFilter& filter,
                                         int limit) override {
    store_.Hit("EventsAfter");
    return inner_->EventsAfter(after, filter, limit);
  }
  std::optional<Event> FindEvent(std::int64_t id) override {
    store_.Hit("FindEvent");
    return inner_->FindEvent(id);
  }
  std::vector<WebhookEndpoint> ListWebhooks() override {
    store_.Hit("ListWebhooks");
    return inner_->ListWebhooks();
  }
  std::optional<WebhookEndpoint> FindWebhook(const WebhookId& id) override {
    store_.Hit("FindWebhook");
    return inner_->FindWebhook(id);
  }
  std::optional<WebhookEndpoint> FindPartnerCenterWebhook() override {
    store_.Hit("FindPartnerCenterWebhook");
    return inner_->FindPartnerCenterWebhook();
  }
  std::optional<std::string> FindWebhookSecret(const WebhookId& id) override {
    store_.Hit("FindWebhookSecret");
    return inner_->FindWebhookSecret(id);
  }
  Result<store::Page<WebhookDelivery>> ListDeliveries(const store::DeliveryFilter& filter,
                                                      const store::PageRequest& page) override {
    store_.Hit("ListDeliveries");
    return inner_->ListDeliveries(filter, page);
  }
  std::optional<WebhookDelivery> FindDelivery(std::int64_t id) override {
    store_.Hit("FindDelivery");
    return inner_->FindDelivery(id);
  }
  std::vector<DeliveryAttempt> ListAttempts(std::int64_t delivery) override {
    store_.Hit("ListAttempts");
    return inner_->ListAttempts(delivery);
  }
  std::int64_t CountPendingDeliveries() override {
    store_.Hit("CountPendingDeliveries");
    return inner_->CountPendingDeliveries();
  }
  Result<store::Page<Alert>> ListAlerts(const store::AlertFilter& filter,
                                        const store::PageRequest& page) override {
    store_.Hit("ListAlerts");
    return inner_->ListAlerts(filter, page);
  }
  std::optional<Alert> FindAlert(const AlertId& id) override {
    store_.Hit("FindAlert");
    return inner_->FindAlert(id);
  }
  void AppendEvents(const std::vector<Event>& events) override {
    store_.Hit("AppendEvents");
    if (store_.dropping_events()) return;
    inner_->AppendEvents(events);
  }
  std::int64_t LastAppendedEvent() override { return inner_->LastAppendedEvent(); }
  Result<std::int64_t> AddDelivery(const WebhookId& endpoint, std::int64_t event,
                                   Instant due) override {
    store_.Hit("AddDelivery");
    return inner_->AddDelivery(endpoint, event, due);
  }
  std::int64_t ReplayEvents(const WebhookId& endpoint, const store::EventRange& range,
                            Instant due) override {
    store_.Hit("ReplayEvents");
    return inner_->ReplayEvents(endpoint, range, due);
  }
  Status InsertWebhook(const WebhookEndpoint& endpoint, const std::string& secret) override {
    store_.Hit("InsertWebhook");
    return inner_->InsertWebhook(endpoint, secret);
  }
  Result<std::int64_t> UpdateWebhook(const WebhookEndpoint& endpoint,
                                     std::int64_t expected_version) override {
    store_.Hit("UpdateWebhook");
    return inner_->UpdateWebhook(endpoint, expected_version);
  }
  Status SetWebhookSecret(const WebhookId& id, const std::string& secret) override {
    store_.Hit("SetWebhookSecret");
    return inner_->SetWebhookSecret(id, secret);
  }
  bool DeleteWebhook(const WebhookId& id) override {
    store_.Hit("DeleteWebhook");
    return inner_->DeleteWebhook(id);
  }
  std::vector<store::ClaimedDelivery> ClaimDeliveries(const std::string& owner, Instant now,
                                                      Instant wall_now, Instant lease_until,
                                                      int limit) override {
    store_.Hit("ClaimDeliveries");
    return inner_->ClaimDeliveries(owner, now, wall_now, lease_until, limit);
  }
  bool FinishAttempt(const std::string& owner, const DeliveryAttempt& attempt, DeliveryState state,
                     std::optional<Instant> next) override {
    store_.Hit("FinishAttempt");
    return inner_->FinishAttempt(owner, attempt, state, next);
  }
  bool RaiseAlert(const Alert& alert) override {
    store_.Hit("RaiseAlert");
    return inner_->RaiseAlert(alert);
  }
  Status DismissAlert(const AlertId& id, const std::string& by, Instant at) override {
    store_.Hit("DismissAlert");
    return inner_->DismissAlert(id, by, at);
  }
  Status InsertMigration(const Migration& migration,
                         const std::vector<MigrationCustomer>& customers) override {
    store_.Hit("InsertMigration");
    return inner_->InsertMigration(migration, customers);
  }
  Result<Migration> ClaimMigrationLease(const MigrationId& id, const std::string& owner,
                                        Instant now, Instant until) override {
    store_.Hit("ClaimMigrationLease");
    return inner_->ClaimMigrationLease(id, owner, now, until);
  }
  Status RenewMigrationLease(const MigrationId& id, const std::string& owner,
                             Instant until) override {
    store_.Hit("RenewMigrationLease");
    return inner_->RenewMigrationLease(id, owner, until);
  }
  void ReleaseMigrationLease(const MigrationId& id, const std::string& owner) override {
    store_.Hit("ReleaseMigrationLease");
    inner_->ReleaseMigrationLease(id, owner);
  }
  Result<std::int64_t> UpdateMigrationStatus(const MigrationId& id, MigrationStatus status,
                                             std::int64_t expected_version, Instant now) override {
    store_.Hit("UpdateMigrationStatus");
    return inner_->UpdateMigrationStatus(id, status, expected_version, now);
  }
  Status UpdateMigrationCustomer(const MigrationId& id,
                                 const MigrationCustomer& customer) override {
    store_.Hit("UpdateMigrationCustomer");
    return inner_->UpdateMigrationCustomer(id, customer);
  }
  Status AddMigrationWarning(const MigrationId& id, const CustomerId& customer,
                             const MigrationWarning& warning) override {
    store_.Hit("AddMigrationWarning");
    return inner_->AddMigrationWarning(id, customer, warning);
  }
  Status RecordMovedUsers(const MigrationId& id, const CustomerId& customer,
                          const std::vector<MovedUser>& users) override {
    store_.Hit("RecordMovedUsers");
    return inner_->RecordMovedUsers(id, customer, users);
  }
  void ForgetMovedUsers(const MigrationId& id, const CustomerId& customer,
                        const std::vector<UserId>& users) override {
    store_.Hit("ForgetMovedUsers");
    inner_->ForgetMovedUsers(id, customer, users);
  }
  std::vector<MigrationId> RunnableMigrations(Instant now, int limit) override {
    store_.Hit("RunnableMigrations");
    return inner_->RunnableMigrations(now, limit);
  }
  std::vector<ListPrice> ListListPrices(const store::PriceListFilter& filter) override {
    store_.Hit("ListListPrices");
    return inner_->ListListPrices(filter);
  }
  std::vector<std::string> UnmappedOfferIds() override {
    store_.Hit("UnmappedOfferIds");
    return inner_->UnmappedOfferIds();
  }
  std::vector<MarginRule> ListMarginRules() override {
    store_.Hit("ListMarginRules");
    return inner_->ListMarginRules();
  }
  store::PriceListCounts UpsertListPrices(const std::vector<ListPrice>& rows) override {
    store_.Hit("UpsertListPrices");
    return inner_->UpsertListPrices(rows);
  }
  void PutMarginRule(const MarginRule& rule) override {
    store_.Hit("PutMarginRule");
    inner_->PutMarginRule(rule);
  }
  bool DeleteMarginRule(MarginScope scope, const std::string& key) override {
    store_.Hit("DeleteMarginRule");
    return inner_->DeleteMarginRule(scope, key);
  }
  std::vector<MigrationLease> LeasedMigrations(Instant now, int limit) override {
    store_.Hit("LeasedMigrations");
    return inner_->LeasedMigrations(now, limit);
  }
  void Savepoint() override {
    store_.Hit("Savepoint");
    inner_->Savepoint();
  }
  void ReleaseSavepoint() override {
    store_.Hit("ReleaseSavepoint");
    inner_->ReleaseSavepoint();
  }
  void RollBackToSavepoint() override {
    store_.Hit("RollBackToSavepoint");
    inner_->RollBackToSavepoint();
  }
  void Commit() override {
    store_.Hit("Commit");
    inner_->Commit();
  }

 private:
  FaultInjectingStore& store_;
  std::unique_ptr<store::WriteTransaction> inner_;
};

inline std::unique_ptr<store::WriteTransaction> FaultInjectingStore::Write() {
  return std::make_unique<Transaction>(*this, inner_.Write());
}

}  // namespace seatshift::testing
