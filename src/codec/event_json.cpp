#include "codec/event_json.hpp"

#include <fmt/format.h>

#include <boost/url.hpp>

#include "codec/json.hpp"

namespace seatshift::codec {
namespace {

boost::json::value InstantOrNull(const std::optional<Instant>& when) {
  if (!when) return nullptr;
  return boost::json::value(FormatInstant(*when));
}

//! A stored JSON object ("" or not an object: none).
boost::json::value ObjectOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return nullptr;
  return value;
}

}  // namespace

boost::json::object ToJson(const Event& event) {
  return {{"id", event.id},
          {"eventName", event.name},
          {"resourceName", event.resource_name},
          {"resourceUri", event.resource_uri},
          {"auditUri", event.audit_uri},
          {"resourceChangeUtcDate", FormatInstant(event.time)},
          {"customerId", event.customer_id ? boost::json::value(ToString(*event.customer_id))
                                           : boost::json::value(nullptr)},
          {"correlationId", event.correlation_id},
          {"data", ObjectOrNull(event.data)}};
}

std::string WebhookEnvelope(const Event& event, std::string_view base_url) {
  boost::json::object body{
      {"EventName", event.name},
      {"ResourceUri", fmt::format("{}{}", base_url, event.resource_uri)},
      {"ResourceName", event.resource_name},
      {"AuditUri", event.audit_uri.empty()
                       ? boost::json::value(nullptr)
                       : boost::json::value(fmt::format("{}{}", base_url, event.audit_uri))},
      {"ResourceChangeUtcDate", FormatInstant(event.time)},
      {"EventId", event.id}};
  if (boost::json::value data = ObjectOrNull(event.data); !data.is_null()) body["Data"] = data;
  return Serialize(body);
}

boost::json::object ToJson(const WebhookEndpoint& endpoint) {
  boost::json::array names;
  for (const std::string& name : endpoint.events) names.emplace_back(name);
  return {{"id", ToString(endpoint.id)},
          {"url", endpoint.url},
          {"description", endpoint.description},
          {"events", std::move(names)},
          {"paused", endpoint.paused},
          {"partnerCenterRegistration", endpoint.partner_center},
          {"createdAt", FormatInstant(endpoint.created_at)},
          {"etag", std::to_string(endpoint.version)}};
}

boost::json::object ToJson(const DeliveryAttempt& attempt) {
  return {{"at", FormatInstant(attempt.at)},
          {"status",
           attempt.status ? boost::json::value(*attempt.status) : boost::json::value(nullptr)},
          {"error", attempt.error},
          {"latencyMs", attempt.latency_ms},
          {"responseExcerpt", attempt.response_excerpt},
          {"server", attempt.server}};
}

boost::json::object ToJson(const WebhookDelivery& delivery) {
  const bool pending = delivery.state == DeliveryState::kPending;
  return {{"id", delivery.id},
          {"webhookId", ToString(delivery.endpoint)},
          {"state", ToString(delivery.state)},
          {"attempts", delivery.attempts},
          {"nextAttemptAt", pending ? boost::json::value(FormatInstant(delivery.next_attempt_at))
                                    : boost::json::value(nullptr)},
          {"lastStatus", delivery.last_status ? boost::json::value(*delivery.last_status)
                                              : boost::json::value(nullptr)},
          {"lastError", delivery.last_error},
          {"deliveredAt", InstantOrNull(delivery.delivered_at)},
          {"event", ToJson(delivery.event)}};
}

boost::json::object ToJson(const Alert& alert) {
  boost::json::value parameters = ObjectOrNull(alert.parameters);
  if (parameters.is_null()) parameters = boost::json::object{};
  return {{"id", ToString(alert.id)},
          {"rule", ToString(alert.rule)},
          {"customerId", alert.customer_id ? boost::json::value(ToString(*alert.customer_id))
                                           : boost::json::value(nullptr)},
          {"resourceName", alert.resource_name},
          {"resourceId", alert.resource_id},
          {"resourceUri", alert.resource_uri},
          {"raisedAt", FormatInstant(alert.raised_at)},
          {"dueAt", InstantOrNull(alert.due_at)},
          {"status", alert.dismissed_at ? "dismissed" : "open"},
          {"dismissedAt", InstantOrNull(alert.dismissed_at)},
          {"dismissedBy", alert.dismissed_at ? boost::json::value(alert.dismissed_by)
                                             : boost::json::value(nullptr)},
          {"parameters", std::move(parameters)}};
}

Result<WebhookUrl> ParseWebhookUrl(std::string_view text, std::string_view field) {
  const auto refuse = [&](std::string_view why) {
    return Error(ErrorCode::kBadRequest, fmt::format("{} '{}': {}", field, text, why),
                 {{"field", std::string(field)}});
  };
  if (text.size() > 2048) return refuse("longer than 2,048 characters");
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return refuse("not an absolute URL");
  const boost::urls::url_view url = *parsed;
  WebhookUrl out;
  out.scheme = std::string(url.scheme());
  if (out.scheme != "http" && out.scheme != "https")
    return refuse("the scheme must be http or https");
  if (url.has_userinfo()) return refuse("a user or password in the URL is not allowed");
  if (url.has_fragment()) return refuse("a fragment (#...) is not allowed");
  out.host = std::string(url.encoded_host());
  if (out.host.empty()) return refuse("the URL names no host");
  if (url.host_type() == boost::urls::host_type::ipv6) {
    out.host = std::string(url.host_ipv6_address().to_string());
  }
  if (url.has_port()) {
    if (url.port_number() == 0) return refuse("the port must be 1 to 65535");
    out.port = url.port_number();
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  out.target = std::string(url.encoded_resource());
  if (out.target.empty() || out.target.front() != '/') out.target = "/" + out.target;
  return out;
}

}  // namespace seatshift::codec
