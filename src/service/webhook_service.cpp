#include "service/webhook_service.hpp"

#include <fmt/format.h>

#include <charconv>

#include "codec/event_json.hpp"
#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/secret_token.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr std::size_t kMaxDescription = 500;
constexpr std::string_view kSecretPrefix = "whsec_";

Error WebhookNotFound(const WebhookId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("webhook {} not found", ToString(id)));
}

Error NoRegistration() {
  return Error(ErrorCode::kNotFound, "no Partner Center webhook registration exists");
}

void Audit(store::WriteTransaction& tx, const RequestContext& ctx, Instant now,
           std::string operation, const WebhookEndpoint* before, const WebhookEndpoint* after) {
  RecordAudit(tx, ctx, now,
              {.operation = std::move(operation),
               .resource_type = "Webhook",
               .resource_id = ToString((before ? before : after)->id),
               .customer_id = std::nullopt,
               .before = before ? codec::Serialize(codec::ToJson(*before)) : "",
               .after = after ? codec::Serialize(codec::ToJson(*after)) : ""});
}

}  // namespace

Status WebhookService::Check(const WebhookInput& input, bool partner_center) {
  SEATSHIFT_TRY(codec::ParseWebhookUrl(input.url, partner_center ? "WebhookUrl" : "url"));
  if (input.description.size() > kMaxDescription) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("description is longer than {} characters", kMaxDescription),
                 {{"field", "description"}});
  }
  const std::string_view field = partner_center ? "WebhookEvents" : "events";
  if (partner_center && input.events.empty()) {
    return Error(ErrorCode::kBadRequest, fmt::format("{} names no event", field),
                 {{"field", std::string(field)}});
  }
  for (const std::string& name : input.events) {
    if (!events::IsKnownName(name) || name == events::kTestCreated) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("{}: '{}' is not an event name (GET /webhooks/v1/registration/"
                               "events lists them)",
                               field, name),
                   {{"field", std::string(field)}, {"value", name}});
    }
  }
  return OkStatus();
}

Result<WebhookWithSecret> WebhookService::Insert(const RequestContext& ctx,
                                                 const WebhookInput& input, bool partner_center) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  SEATSHIFT_TRY(Check(input, partner_center));
  WebhookWithSecret made{.endpoint = {.id = WebhookId(deps_.ids.Next()),
                                      .url = input.url,
                                      .description = input.description,
                                      .events = input.events,
                                      .paused = input.paused,
                                      .partner_center = partner_center,
                                      .created_at = deps_.clock.Now()},
                         .secret = NewSecretToken(kSecretPrefix)};
  const Status inserted = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    SEATSHIFT_TRY(tx.InsertWebhook(made.endpoint, made.secret));
    Audit(tx, ctx, made.endpoint.created_at, "webhook.create", nullptr, &made.endpoint);
    tx.Commit();
    return OkStatus();
  });
  if (!inserted) return inserted.error();
  return made;
}

Result<WebhookWithSecret> WebhookService::Create(const RequestContext& ctx,
                                                 const WebhookInput& input) {
  return Insert(ctx, input, false);
}

Result<std::vector<WebhookEndpoint>> WebhookService::List(const RequestContext& ctx) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  return deps_.store.Read()->ListWebhooks();
}

Result<WebhookEndpoint> WebhookService::Get(const RequestContext& ctx, const WebhookId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  auto found = deps_.store.Read()->FindWebhook(id);
  if (!found) return WebhookNotFound(id);
  return *std::move(found);
}

Result<WebhookEndpoint> WebhookService::Change(const RequestContext& ctx, const WebhookId& id,
                                               const WebhookInput& input,
                                               std::optional<std::int64_t> if_match) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<WebhookEndpoint> {
    auto before = tx.FindWebhook(id);
    if (!before) return WebhookNotFound(id);
    SEATSHIFT_TRY(Check(input, before->partner_center));
    WebhookEndpoint after = *before;
    after.url = input.url;
    after.description = input.description;
    after.events = input.events;
    after.paused = input.paused;
    SEATSHIFT_ASSIGN_OR_RETURN(after.version,
                               tx.UpdateWebhook(after, if_match.value_or(before->version)));
    Audit(tx, ctx, deps_.clock.Now(), "webhook.update", &*before, &after);
    tx.Commit();
    return after;
  });
}

Result<WebhookEndpoint> WebhookService::Update(const RequestContext& ctx, const WebhookId& id,
                                               const WebhookInput& input,
                                               std::optional<std::int64_t> if_match) {
  return Change(ctx, id, input, if_match);
}

Status WebhookService::Delete(const RequestContext& ctx, const WebhookId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    auto before = tx.FindWebhook(id);
    if (!before || !tx.DeleteWebhook(id)) return WebhookNotFound(id);
    Audit(tx, ctx, deps_.clock.Now(), "webhook.delete", &*before, nullptr);
    tx.Commit();
    return OkStatus();
  });
}

Result<std::string> WebhookService::RotateSecret(const RequestContext& ctx, const WebhookId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  std::string secret = NewSecretToken(kSecretPrefix);
  const Status rotated = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    auto endpoint = tx.FindWebhook(id);
    if (!endpoint) return WebhookNotFound(id);
    SEATSHIFT_TRY(tx.SetWebhookSecret(id, secret));
    Audit(tx, ctx, deps_.clock.Now(), "webhook.secret.rotate", &*endpoint, &*endpoint);
    tx.Commit();
    return OkStatus();
  });
  if (!rotated) return rotated.error();
  return secret;
}

Result<store::Page<WebhookDelivery>> WebhookService::Deliveries(const RequestContext& ctx,
                                                                const store::DeliveryFilter& filter,
                                                                const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  auto tx = deps_.store.Read();
  if (!tx->FindWebhook(filter.endpoint)) return WebhookNotFound(filter.endpoint);
  return tx->ListDeliveries(filter, page);
}

Result<DeliveryWithAttempts> WebhookService::Delivery(const RequestContext& ctx,
                                                      const WebhookId& id, std::int64_t delivery) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  auto tx = deps_.store.Read();
  auto found = tx->FindDelivery(delivery);
  if (!found || found->endpoint != id) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("webhook {} has no delivery {}", ToString(id), delivery));
  }
  return DeliveryWithAttempts{.delivery = *std::move(found),
                              .attempts = tx->ListAttempts(delivery)};
}

Result<std::int64_t> WebhookService::Replay(const RequestContext& ctx, const WebhookId& id,
                                            const store::EventRange& range) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  if (!range.first && !range.last && !range.from && !range.to) {
    return Error(ErrorCode::kBadRequest,
                 "name the events to send again: eventId, or a range (fromEventId/toEventId, "
                 "from/to)");
  }
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<std::int64_t> {
    auto endpoint = tx.FindWebhook(id);
    if (!endpoint) return WebhookNotFound(id);
    const Instant now = deps_.clock.Now();
    const std::int64_t queued = tx.ReplayEvents(id, range, now);
    RecordAudit(tx, ctx, now,
                {.operation = "webhook.replay",
                 .resource_type = "Webhook",
                 .resource_id = ToString(id),
                 .customer_id = std::nullopt,
                 .before = "",
                 .after = codec::Serialize(boost::json::object{{"queued", queued}})});
    tx.Commit();
    return queued;
  });
}

Result<WebhookWithSecret> WebhookService::Register(const RequestContext& ctx,
                                                   const WebhookInput& input) {
  return Insert(ctx, input, true);
}

Result<WebhookEndpoint> WebhookService::PartnerCenterEndpoint(const RequestContext& ctx) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageWebhooks));
  auto found = deps_.store.Read()->FindPartnerCenterWebhook();
  if (!found) return NoRegistration();
  return *std::move(found);
}

Result<WebhookEndpoint> WebhookService::Registration(const RequestContext& ctx) {
  return PartnerCenterEndpoint(ctx);
}

Result<WebhookEndpoint> WebhookService::UpdateRegistration(const RequestContext& ctx,
                                                           const WebhookInput& input) {
  SEATSHIFT_ASSIGN_OR_RETURN(const WebhookEndpoint current, PartnerCenterEndpoint(ctx));
  WebhookInput changed = input;
  changed.paused = current.paused;
  changed.description = current.description;
  return Change(ctx, current.id, changed, std::nullopt);
}

Status WebhookService::Unregister(const RequestContext& ctx) {
  SEATSHIFT_ASSIGN_OR_RETURN(const WebhookEndpoint current, PartnerCenterEndpoint(ctx));
  return Delete(ctx, current.id);
}

Result<std::string> WebhookService::Validate(const RequestContext& ctx) {
  SEATSHIFT_ASSIGN_OR_RETURN(const WebhookEndpoint current, PartnerCenterEndpoint(ctx));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<std::string> {
    const Instant now = deps_.clock.Now();
    const Event test{.name = std::string(events::kTestCreated),
                     .resource_name = "test",
                     .resource_uri = "/webhooks/v1/registration/validationEvents",
                     .time = now,
                     .correlation_id = ctx.correlation_id};
    tx.AppendEvents({test});
    const std::int64_t event = tx.LastAppendedEvent();
    SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t delivery, tx.AddDelivery(current.id, event, now));
    tx.Commit();
    return std::to_string(delivery);
  });
}

Result<ValidationResult> WebhookService::Validation(const RequestContext& ctx,
                                                    const std::string& correlation_id) {
  SEATSHIFT_ASSIGN_OR_RETURN(const WebhookEndpoint current, PartnerCenterEndpoint(ctx));
  const Error unknown(
      ErrorCode::kNotFound,
      fmt::format("no validation event has the correlation id '{}'", correlation_id));
  std::int64_t id = 0;
  const auto [end, ec] =
      std::from_chars(correlation_id.data(), correlation_id.data() + correlation_id.size(), id);
  if (ec != std::errc() || end != correlation_id.data() + correlation_id.size()) return unknown;
  auto found = Delivery(ctx, current.id, id);
  if (!found || found->delivery.event.name != events::kTestCreated) return unknown;
  ValidationResult out{.correlation_id = correlation_id, .callback_url = current.url};
  const WebhookDelivery& d = found->delivery;
  out.status = d.state == DeliveryState::kDelivered ? "completed"
               : d.state == DeliveryState::kDead    ? "failed"
                                                    : "pending";
  if (!found->attempts.empty()) {
    const DeliveryAttempt& last = found->attempts.back();
    out.response_code = last.status;
    out.response_message = last.error.empty() ? last.response_excerpt : last.error;
    out.response_time_ms = last.latency_ms;
  }
  return out;
}

}  // namespace seatshift::service
