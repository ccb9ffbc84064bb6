#pragma once

// Delivering events to webhooks: claim due deliveries (several processes share the work, each
// delivery claimed by one: store::EventWrites::ClaimDeliveries), post each signed, record the
// attempt and what follows (delivered; retried with backoff; given up after three days). A
// process killed mid-attempt leaves a lease that runs out: another process, or this one after
// a restart, claims the delivery again (at least once).
//
// The signature is Stripe's scheme: header `Seatshift-Signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<body>" under the endpoint's secret>` (docs/events.md shows how to check
// it).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/periodic_worker.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

inline constexpr std::string_view kSignatureHeader = "Seatshift-Signature";

//! The signature header's value for `body` sent at `t` (unix seconds) under `secret`.
std::string SignatureHeader(std::string_view secret, std::int64_t t, std::string_view body);
//! Whether `header` signs `body` under `secret` with a timestamp within `tolerance` of `now`
//! (what a receiver checks).
bool VerifySignature(std::string_view header, std::string_view secret, std::string_view body,
                     std::int64_t now, std::chrono::seconds tolerance);

//! What one POST to a receiver came to.
struct PostOutcome {
  std::optional<int> status;  //!< none: no answer (refused, timed out, closed, too large)
  std::string error;          //!< why there was no answer; "" when there was one
  std::string excerpt;        //!< the start of the answer's body
  std::chrono::milliseconds latency{0};
};

//! The network side (api/webhook_client.hpp): one POST, bounded in time and size. Never throws.
class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  virtual PostOutcome Post(const std::string& url,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& body) = 0;
};

struct DeliveryOptions {
  //! Names this process in leases and in the attempt log.
  std::string owner;
  //! Prefix of the envelope's ResourceUri and AuditUri (this server's public address).
  std::string base_url;
  //! Deliveries claimed at once; the lease covers all of them at the transport's worst time.
  int batch = 10;
  //! The transport's bound for one POST (connect, send, answer).
  std::chrono::seconds timeout{10};
};

//! One process's deliverer.
class WebhookDispatcher {
 public:
  WebhookDispatcher(Dependencies deps, WebhookTransport& transport, DeliveryOptions options);

  //! Claims up to a batch of due deliveries and tries each once; how many it tried.
  int RunOnce();
  //! RunOnce until nothing is due (or `keep_going` says stop); how many it tried.
  int Drain(const std::function<bool()>& keep_going = [] { return true; });

 private:
  //! One attempt's outcome, to record.
  struct Finished {
    DeliveryAttempt attempt;
    DeliveryState state = DeliveryState::kPending;
    std::optional<Instant> next;
  };
  //! Posts `claimed` once; what to record.
  Finished Attempt(const store::ClaimedDelivery& claimed);

  Dependencies deps_;
  WebhookTransport& transport_;
  DeliveryOptions options_;
};

//! Runs a dispatcher in a server: a pass every `interval` (a quarter second: events reach
//! receivers within a second) and whenever woken.
class WebhookDeliveryWorker {
 public:
  WebhookDeliveryWorker(Dependencies deps, WebhookTransport& transport, DeliveryOptions options,
                        std::chrono::milliseconds interval,
                        std::function<void(const std::string&)> log);
  void Wake() { worker_.Wake(); }

 private:
  WebhookDispatcher dispatcher_;
  std::function<void(const std::string&)> log_;
  std::string last_failure_;  //!< the last pass's error, "" after a pass that worked
  PeriodicWorker worker_;     // last: its thread uses the members above
};

}  // namespace seatshift::service
