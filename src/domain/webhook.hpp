#pragma once

// Webhooks: where events are delivered, and the rules of delivering them. A delivery is one
// event for one endpoint; it is tried until the receiver answers 2xx, with exponential backoff,
// and given up (a dead letter) three days after its event. The I/O is elsewhere
// (service/webhook_delivery.hpp); what is here decides.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/enum_names.hpp"
#include "domain/event.hpp"
#include "domain/ids.hpp"

namespace seatshift {

using WebhookId = StrongId<struct WebhookIdTag, Uuid>;

struct WebhookEndpoint {
  WebhookId id;
  std::string url;
  std::string description;
  //! The event names it receives (events::Names()); empty: every event but test-created.
  std::vector<std::string> events;
  //! Deliveries wait (and are kept) while paused; they resume where they stopped.
  bool paused = false;
  //! Partner Center's single registration (/webhooks/v1/registration), not one of /v1/webhooks.
  bool partner_center = false;
  Instant created_at{};
  std::int64_t version = 1;
};

//! Whether `endpoint` receives events named `name`. test-created goes only where it is sent.
bool Subscribes(const WebhookEndpoint& endpoint, std::string_view name);

enum class DeliveryState { kPending, kDelivered, kDead };
inline constexpr EnumNames<DeliveryState, 3> kDeliveryStateNames{{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kDead, "dead"},
}};
inline std::string_view ToString(DeliveryState state) { return NameOf(kDeliveryStateNames, state); }

//! One event for one endpoint, and how trying it went.
struct WebhookDelivery {
  std::int64_t id = 0;
  WebhookId endpoint;
  Event event;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Instant next_attempt_at{};  //!< business clock; meaningful while pending
  std::optional<int> last_status;
  std::string last_error;
  std::optional<Instant> delivered_at;
};

//! One try of a delivery, for the endpoint's log.
struct DeliveryAttempt {
  std::int64_t delivery = 0;
  Instant at{};
  std::optional<int> status;  //!< the receiver's HTTP status; none when no answer came
  std::string error;          //!< "" on 2xx; else why it failed (status, timeout, refused, ...)
  std::int64_t latency_ms = 0;
  std::string response_excerpt;  //!< the start of the receiver's answer, for the log
  std::string server;            //!< the process that tried
};

namespace webhooks {

//! The first retry waits this long; each next one twice as long, up to kMaxRetryDelay.
inline constexpr std::chrono::seconds kFirstRetryDelay{60};
inline constexpr std::chrono::seconds kMaxRetryDelay{std::chrono::hours(6)};
//! A delivery still failing this long after its event is given up (a dead letter).
inline constexpr std::chrono::seconds kGiveUpAfter{std::chrono::hours(72)};
//! How old a signature's timestamp a receiver should accept (documented for receivers).
inline constexpr std::chrono::seconds kSignatureTolerance{300};

//! The wait after the `failures`-th failed attempt (1: the first): 1 min, 2, 4, ... 6 h.
std::chrono::seconds RetryDelay(int failures);
//! When to try again after the `failures`-th failure at `now`; nullopt when that would be past
//! kGiveUpAfter from `event_time`: the delivery is dead.
std::optional<Instant> NextAttempt(Instant event_time, int failures, Instant now);

//! Whether a receiver's HTTP status counts as delivered (2xx).
inline bool Delivered(int status) { return status >= 200 && status < 300; }

}  // namespace webhooks
}  // namespace seatshift
