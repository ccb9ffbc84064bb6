#pragma once

// The outbox (events, appended in the transaction of their change), webhook endpoints, their
// deliveries and attempts, and alerts.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/alert.hpp"
#include "domain/event.hpp"
#include "domain/webhook.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

struct EventFilter {
  std::optional<CustomerId> customer_id;
  std::vector<std::string> names;  //!< empty: any
};

//! A delivery claimed by one process for one attempt, with what the attempt needs.
struct ClaimedDelivery {
  std::int64_t id = 0;
  int attempts = 0;  //!< before this one
  WebhookId endpoint;
  std::string url;
  std::string secret;
  Event event;
};

struct DeliveryFilter {
  WebhookId endpoint;
  std::optional<DeliveryState> state;
};

//! Which events a replay sends again; every bound is optional (inclusive ids, [from, to) times).
struct EventRange {
  std::optional<std::int64_t> first;
  std::optional<std::int64_t> last;
  std::optional<Instant> from;
  std::optional<Instant> to;
};

struct AlertFilter {
  enum class Status { kOpen, kDismissed, kAll };
  Status status = Status::kOpen;
  std::optional<CustomerId> customer_id;
};

//! Reads, in any transaction.
class EventReads {
 public:
  virtual ~EventReads() = default;

  //! Events after event `after` (0: from the first) in stream order, at most `limit`, only those
  //! no transaction still open can precede (so a reader that continues from the last one it saw
  //! misses none that commit later). kNotFound when `after` names no event.
  virtual Result<std::vector<Event>> EventsAfter(std::int64_t after, const EventFilter& filter,
                                                 int limit) = 0;
  virtual std::optional<Event> FindEvent(std::int64_t id) = 0;

  virtual std::vector<WebhookEndpoint> ListWebhooks() = 0;
  virtual std::optional<WebhookEndpoint> FindWebhook(const WebhookId& id) = 0;
  virtual std::optional<WebhookEndpoint> FindPartnerCenterWebhook() = 0;
  virtual std::optional<std::string> FindWebhookSecret(const WebhookId& id) = 0;
  //! Newest first.
  virtual Result<Page<WebhookDelivery>> ListDeliveries(const DeliveryFilter& filter,
                                                       const PageRequest& page) = 0;
  virtual std::optional<WebhookDelivery> FindDelivery(std::int64_t id) = 0;
  //! Oldest first.
  virtual std::vector<DeliveryAttempt> ListAttempts(std::int64_t delivery) = 0;
  //! Pending deliveries that are due at `now` (business clock), for metrics and tests.
  virtual std::int64_t CountPendingDeliveries() = 0;

  //! Newest first.
  virtual Result<Page<Alert>> ListAlerts(const AlertFilter& filter, const PageRequest& page) = 0;
  virtual std::optional<Alert> FindAlert(const AlertId& id) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class EventWrites {
 public:
  virtual ~EventWrites() = default;

  //! Appends `events` (their ids assigned, in order) and a pending delivery of each to every
  //! endpoint that subscribes to its name, due at its time. Nothing is read back: where a
  //! statement is a round trip, they travel with the transaction's next one.
  virtual void AppendEvents(const std::vector<Event>& events) = 0;
  //! The id of the event this transaction appended last.
  virtual std::int64_t LastAppendedEvent() = 0;
  //! A pending delivery of event `event` to `endpoint` only, due at `due` (a validation event, a
  //! replay). kNotFound for an unknown endpoint or event. Returns the delivery's id.
  virtual Result<std::int64_t> AddDelivery(const WebhookId& endpoint, std::int64_t event,
                                           Instant due) = 0;
  //! New deliveries to `endpoint` of the events in `range` it subscribes to; how many.
  virtual std::int64_t ReplayEvents(const WebhookId& endpoint, const EventRange& range,
                                    Instant due) = 0;

  //! kAlreadyExists when the id is taken, or for a second Partner Center registration.
  virtual Status InsertWebhook(const WebhookEndpoint& endpoint, const std::string& secret) = 0;
  //! kEtagMismatch when `expected_version` is stale; kNotFound. Returns the new version.
  virtual Result<std::int64_t> UpdateWebhook(const WebhookEndpoint& endpoint,
                                             std::int64_t expected_version) = 0;
  virtual Status SetWebhookSecret(const WebhookId& id, const std::string& secret) = 0;
  //! Deletes it with its deliveries and their attempts; false when there was none.
  virtual bool DeleteWebhook(const WebhookId& id) = 0;

  //! Up to `limit` pending deliveries due at `now` (business clock) of endpoints not paused,
  //! that no process holds (or whose holder's lease ran out at `wall_now`) and that no earlier
  //! pending delivery of the same endpoint and resource precedes; leased to `owner` until
  //! `lease_until` (wall clock). Skips rows other transactions hold (SKIP LOCKED).
  virtual std::vector<ClaimedDelivery> ClaimDeliveries(const std::string& owner, Instant now,
                                                       Instant wall_now, Instant lease_until,
                                                       int limit) = 0;
  //! Records an attempt by `owner` and the delivery's new state: delivered (`next` ignored),
  //! pending again until `next`, or dead. Releases the lease. False when `owner` no longer
  //! holds the delivery (the attempt is still logged).
  virtual bool FinishAttempt(const std::string& owner, const DeliveryAttempt& attempt,
                             DeliveryState state, std::optional<Instant> next) = 0;

  //! Inserts the alert unless its (rule, occurrence) was raised before; whether it was new.
  virtual bool RaiseAlert(const Alert& alert) = 0;
  //! kNotFound; kInvalidStatusTransition when it was dismissed already.
  virtual Status DismissAlert(const AlertId& id, const std::string& by, Instant at) = 0;
};

}  // namespace seatshift::store
