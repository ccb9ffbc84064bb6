#pragma once

// Webhook endpoints (admin): Partner Center's single registration (/webhooks/v1/registration)
// and any number of seatshift endpoints (/v1/webhooks), each with its event filter and secret;
// their delivery logs, dead letters and replays; Partner Center's validation event.

#include <optional>
#include <string>
#include <vector>

#include "domain/webhook.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

//! What a client sets on an endpoint.
struct WebhookInput {
  std::string url;
  std::string description;
  std::vector<std::string> events;  //!< empty: every event
  bool paused = false;
};

//! An endpoint with its signing secret, which is shown only when made or rotated.
struct WebhookWithSecret {
  WebhookEndpoint endpoint;
  std::string secret;
};

struct DeliveryWithAttempts {
  WebhookDelivery delivery;
  std::vector<DeliveryAttempt> attempts;
};

//! The outcome of Partner Center's validation event, as its GET answers it.
struct ValidationResult {
  std::string correlation_id;
  std::string callback_url;
  std::string status;  //!< "pending", "completed" (2xx), "failed" (given up)
  std::optional<int> response_code;
  std::string response_message;
  std::optional<std::int64_t> response_time_ms;
};

class WebhookService {
 public:
  explicit WebhookService(Dependencies deps) : deps_(deps) {}

  // seatshift's endpoints. Each requires kManageWebhooks; kBadRequest for a URL that is not
  // absolute http(s) or an unknown event name; kNotFound for an unknown id.
  Result<WebhookWithSecret> Create(const RequestContext& ctx, const WebhookInput& input);
  Result<std::vector<WebhookEndpoint>> List(const RequestContext& ctx);
  Result<WebhookEndpoint> Get(const RequestContext& ctx, const WebhookId& id);
  //! kEtagMismatch (412) when `if_match` is given and stale.
  Result<WebhookEndpoint> Update(const RequestContext& ctx, const WebhookId& id,
                                 const WebhookInput& input, std::optional<std::int64_t> if_match);
  Status Delete(const RequestContext& ctx, const WebhookId& id);
  Result<std::string> RotateSecret(const RequestContext& ctx, const WebhookId& id);

  Result<store::Page<WebhookDelivery>> Deliveries(const RequestContext& ctx,
                                                  const store::DeliveryFilter& filter,
                                                  const store::PageRequest& page);
  Result<DeliveryWithAttempts> Delivery(const RequestContext& ctx, const WebhookId& id,
                                        std::int64_t delivery);
  //! Delivers the events of `range` again to `id` (new deliveries, due now); how many.
  //! kBadRequest for an empty range (no bound at all).
  Result<std::int64_t> Replay(const RequestContext& ctx, const WebhookId& id,
                              const store::EventRange& range);

  // Partner Center's registration: one per partner. Register answers kAlreadyExists when there
  // is one; the others kNotFound when there is none. An empty event list is refused (Partner
  // Center's registration names its events).
  Result<WebhookWithSecret> Register(const RequestContext& ctx, const WebhookInput& input);
  Result<WebhookEndpoint> Registration(const RequestContext& ctx);
  Result<WebhookEndpoint> UpdateRegistration(const RequestContext& ctx, const WebhookInput& input);
  Status Unregister(const RequestContext& ctx);
  //! Sends a test-created event to the registration only; its correlation id.
  Result<std::string> Validate(const RequestContext& ctx);
  Result<ValidationResult> Validation(const RequestContext& ctx, const std::string& correlation_id);

 private:
  //! `input` checked: URL, event names, description length.
  Status Check(const WebhookInput& input, bool partner_center);
  Result<WebhookWithSecret> Insert(const RequestContext& ctx, const WebhookInput& input,
                                   bool partner_center);
  Result<WebhookEndpoint> Change(const RequestContext& ctx, const WebhookId& id,
                                 const WebhookInput& input, std::optional<std::int64_t> if_match);
  Result<WebhookEndpoint> PartnerCenterEndpoint(const RequestContext& ctx);

  Dependencies deps_;
};

}  // namespace seatshift::service
