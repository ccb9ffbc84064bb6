#pragma once

// The JSON of events, webhooks, deliveries and alerts (the API's and the CLI's), and the body a
// webhook delivery posts: Partner Center's envelope.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/alert.hpp"
#include "domain/event.hpp"
#include "domain/webhook.hpp"

namespace seatshift::codec {

boost::json::object ToJson(const Event& event);
//! Partner Center's webhook body (EventName, ResourceUri, ResourceName, AuditUri,
//! ResourceChangeUtcDate), its URIs absolute under `base_url` (e.g. "https://seatshift.example"),
//! with the event's id and, for alerts, its details (EventId, Data).
std::string WebhookEnvelope(const Event& event, std::string_view base_url);

boost::json::object ToJson(const WebhookEndpoint& endpoint);
boost::json::object ToJson(const WebhookDelivery& delivery);
boost::json::object ToJson(const DeliveryAttempt& attempt);
boost::json::object ToJson(const Alert& alert);

//! A webhook's target, as ParseWebhookUrl checked it.
struct WebhookUrl {
  std::string scheme;  //!< "http" or "https"
  std::string host;
  unsigned short port = 0;
  std::string target;  //!< path and query, at least "/"
};

//! An absolute http(s) URL with a host, no user or password, no fragment, at most 2,048
//! characters; kBadRequest (naming `field`) otherwise.
Result<WebhookUrl> ParseWebhookUrl(std::string_view text, std::string_view field = "url");

}  // namespace seatshift::codec
