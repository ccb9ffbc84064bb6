// Webhooks (admin): Partner Center's registration (/webhooks/v1/registration, its shapes and
// PascalCase names) and seatshift's endpoints (/v1/webhooks) with their deliveries and replays.
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "codec/event_json.hpp"
#include "service/webhook_service.hpp"

namespace seatshift::api {
namespace {

constexpr std::size_t kMaxEvents = 64;

//! An array of event names (`key`), as given.
Result<std::optional<std::vector<std::string>>> ReadNames(ObjectReader& reader,
                                                          std::string_view key) {
  if (!reader.Value(key)) return std::optional<std::vector<std::string>>();
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::array* names,
                             reader.OptionalArray(key, kMaxEvents));
  std::vector<std::string> out;
  for (const boost::json::value& name : *names) {
    if (!name.is_string()) return reader.Bad(key, "must be an array of event names");
    out.emplace_back(name.as_string());
  }
  return std::optional(std::move(out));
}

boost::json::object RegistrationJson(const WebhookEndpoint& endpoint) {
  boost::json::array names;
  for (const std::string& name : endpoint.events) names.emplace_back(name);
  return {{"SubscriberId", ToString(endpoint.id)},
          {"WebhookUrl", endpoint.url},
          {"WebhookEvents", std::move(names)}};
}

//! {"WebhookUrl": ..., "WebhookEvents": [...]}, both required.
Result<service::WebhookInput> ReadRegistration(const Call& call) {
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::object body, JsonBody(call));
  ObjectReader reader(body);
  service::WebhookInput input;
  SEATSHIFT_ASSIGN_OR_RETURN(input.url, reader.String("WebhookUrl", 2048));
  SEATSHIFT_ASSIGN_OR_RETURN(auto names, ReadNames(reader, "WebhookEvents"));
  if (!names) return reader.Bad("WebhookEvents", "is required");
  input.events = *std::move(names);
  SEATSHIFT_TRY(reader.Finish());
  return input;
}

Response Register(service::WebhookService webhooks, Call& call) {
  auto input = ReadRegistration(call);
  if (!input) return ErrorResponse(std::move(input).error());
  return Respond(webhooks.Register(call.ctx, *input), [](const service::WebhookWithSecret& made) {
    boost::json::object json = RegistrationJson(made.endpoint);
    json["SigningSecret"] = made.secret;  // shown once: the server keeps it to sign with
    return JsonResponse(http::status::ok, json);
  });
}

Response GetRegistration(service::WebhookService webhooks, Call& call) {
  return Respond(webhooks.Registration(call.ctx), [](const WebhookEndpoint& endpoint) {
    return JsonResponse(http::status::ok, RegistrationJson(endpoint));
  });
}

Response UpdateRegistration(service::WebhookService webhooks, Call& call) {
  auto input = ReadRegistration(call);
  if (!input) return ErrorResponse(std::move(input).error());
  return Respond(webhooks.UpdateRegistration(call.ctx, *input), [](const WebhookEndpoint& e) {
    return JsonResponse(http::status::ok, RegistrationJson(e));
  });
}

Response DeleteRegistration(service::WebhookService webhooks, Call& call) {
  if (Status done = webhooks.Unregister(call.ctx); !done) {
    return ErrorResponse(std::move(done).error());
  }
  return EmptyResponse(http::status::no_content);
}

Response EventNames(Call& call) {
  if (Status allowed = service::Require(call.ctx, Permission::kManageWebhooks); !allowed) {
    return ErrorResponse(std::move(allowed).error());
  }
  boost::json::array names;
  for (const std::string_view name : events::Names()) names.emplace_back(name);
  return JsonResponse(http::status::ok, names);
}

Response Validate(service::WebhookService webhooks, Call& call) {
  return Respond(webhooks.Validate(call.ctx), [](const std::string& correlation_id) {
    return JsonResponse(http::status::ok, boost::json::object{{"correlationId", correlation_id}});
  });
}

Response ValidationStatus(service::WebhookService webhooks, Call& call) {
  return Respond(webhooks.Validation(call.ctx, call.Path("correlationId")),
                 [](const service::ValidationResult& r) {
                   const auto or_null = [](const auto& value) {
                     return value ? boost::json::value(*value) : boost::json::value(nullptr);
                   };
                   return JsonResponse(
                       http::status::ok,
                       boost::json::object{{"correlationId", r.correlation_id},
                                           {"status", r.status},
                                           {"callbackUrl", r.callback_url},
                                           {"responseCode", or_null(r.response_code)},
                                           {"responseMessage", r.response_message},
                                           {"responseTime", or_null(r.response_time_ms)}});
                 });
}

// --- /v1/webhooks

Result<WebhookId> WebhookIdOf(const Call& call) {
  return ParseGuid<WebhookId>(call.Path("webhookId"), "webhookId");
}

Response CreateWebhook(service::WebhookService webhooks, Call& call) {
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  service::WebhookInput input;
  auto url = reader.String("url", 2048);
  if (!url) return ErrorResponse(std::move(url).error());
  input.url = *std::move(url);
  auto description = reader.OptionalString("description", 500);
  if (!description) return ErrorResponse(std::move(description).error());
  input.description = description->value_or("");
  auto names = ReadNames(reader, "events");
  if (!names) return ErrorResponse(std::move(names).error());
  input.events = names->value_or(std::vector<std::string>{});
  auto paused = reader.OptionalBool("paused");
  if (!paused) return ErrorResponse(std::move(paused).error());
  input.paused = paused->value_or(false);
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  return Respond(webhooks.Create(call.ctx, input), [](const service::WebhookWithSecret& made) {
    boost::json::object json = codec::ToJson(made.endpoint);
    json["secret"] = made.secret;  // shown once
    return WithEtag(JsonResponse(http::status::created, json), made.endpoint.version);
  });
}

Response ListWebhooks(service::WebhookService webhooks, Call& call) {
  return Respond(webhooks.List(call.ctx), [&](const std::vector<WebhookEndpoint>& list) {
    boost::json::array items;
    for (const WebhookEndpoint& e : list) items.push_back(codec::ToJson(e));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response GetWebhook(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(webhooks.Get(call.ctx, *id), [](const WebhookEndpoint& e) {
    return WithEtag(JsonResponse(http::status::ok, codec::ToJson(e)), e.version);
  });
}

//! PATCH: any of url, description, events (null or [] for every event), paused.
Response UpdateWebhook(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  auto if_match = IfMatch(call);
  if (!if_match) return ErrorResponse(std::move(if_match).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto current = webhooks.Get(call.ctx, *id);
  if (!current) return ErrorResponse(std::move(current).error());
  ObjectReader reader(*body);
  service::WebhookInput input{.url = current->url,
                              .description = current->description,
                              .events = current->events,
                              .paused = current->paused};
  auto url = reader.OptionalString("url", 2048);
  if (!url) return ErrorResponse(std::move(url).error());
  if (*url) input.url = **url;
  auto description = reader.OptionalString("description", 500);
  if (!description) return ErrorResponse(std::move(description).error());
  if (*description) input.description = **description;
  const bool events_given = body->contains("events");
  auto names = ReadNames(reader, "events");
  if (!names) return ErrorResponse(std::move(names).error());
  if (events_given) input.events = names->value_or(std::vector<std::string>{});
  auto paused = reader.OptionalBool("paused");
  if (!paused) return ErrorResponse(std::move(paused).error());
  if (*paused) input.paused = **paused;
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  return Respond(webhooks.Update(call.ctx, *id, input, *if_match), [](const WebhookEndpoint& e) {
    return WithEtag(JsonResponse(http::status::ok, codec::ToJson(e)), e.version);
  });
}

Response DeleteWebhook(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  if (Status done = webhooks.Delete(call.ctx, *id); !done) {
    return ErrorResponse(std::move(done).error());
  }
  return EmptyResponse(http::status::no_content);
}

Response RotateSecret(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(webhooks.RotateSecret(call.ctx, *id), [](const std::string& secret) {
    return JsonResponse(http::status::ok, boost::json::object{{"secret", secret}});
  });
}

Response ListDeliveries(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  store::DeliveryFilter filter{.endpoint = *id};
  if (const std::string& state = call.Query("state"); !state.empty()) {
    filter.state = ValueNamed(kDeliveryStateNames, state);
    if (!filter.state) {
      return ErrorResponse(
          Error(ErrorCode::kBadRequest,
                fmt::format("state '{}': expected pending, delivered or dead", state),
                {{"field", "state"}}));
    }
  }
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  return Respond(
      webhooks.Deliveries(call.ctx, filter, *page), [&](const store::Page<WebhookDelivery>& found) {
        return PageResponse(found, call, [](const WebhookDelivery& d) { return codec::ToJson(d); });
      });
}

Response GetDelivery(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  auto delivery = WholeNumber(call.Path("deliveryId"), "deliveryId", 1);
  if (!delivery) return ErrorResponse(std::move(delivery).error());
  return Respond(webhooks.Delivery(call.ctx, *id, *delivery),
                 [](const service::DeliveryWithAttempts& found) {
                   boost::json::object json = codec::ToJson(found.delivery);
                   boost::json::array attempts;
                   for (const DeliveryAttempt& a : found.attempts) {
                     attempts.push_back(codec::ToJson(a));
                   }
                   json["attemptLog"] = std::move(attempts);
                   return JsonResponse(http::status::ok, json);
                 });
}

//! {eventId} or any of fromEventId, toEventId, from, to.
Response Replay(service::WebhookService webhooks, Call& call) {
  auto id = WebhookIdOf(call);
  if (!id) return ErrorResponse(std::move(id).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  store::EventRange range;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  auto one = reader.OptionalInteger("eventId", 1, kMax);
  if (!one) return ErrorResponse(std::move(one).error());
  auto first = reader.OptionalInteger("fromEventId", 1, kMax);
  if (!first) return ErrorResponse(std::move(first).error());
  auto last = reader.OptionalInteger("toEventId", 1, kMax);
  if (!last) return ErrorResponse(std::move(last).error());
  if (*one && (*first || *last)) {
    return ErrorResponse(reader.Bad("eventId", "goes alone: not with fromEventId or toEventId"));
  }
  range.first = *one ? *one : *first;
  range.last = *one ? *one : *last;
  for (const auto& [key, bound] : {std::pair{"from", &range.from}, std::pair{"to", &range.to}}) {
    auto text = reader.OptionalString(key, 64);
    if (!text) return ErrorResponse(std::move(text).error());
    if (!*text) continue;
    *bound = ParseInstant(**text);
    if (!*bound)
      return ErrorResponse(reader.Bad(key, "must be an instant such as 2027-01-31T00:00:00Z"));
  }
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  return Respond(webhooks.Replay(call.ctx, *id, range), [](std::int64_t queued) {
    return JsonResponse(http::status::accepted, boost::json::object{{"queued", queued}});
  });
}

}  // namespace

void AddWebhookRoutes(Router& router, service::Dependencies deps) {
  const service::WebhookService w(deps);
  const std::string registration = "/webhooks/v1/registration";
  router.Add(http::verb::post, registration, [w](Call& c) { return Register(w, c); });
  router.Add(http::verb::get, registration, [w](Call& c) { return GetRegistration(w, c); });
  router.Add(http::verb::put, registration, [w](Call& c) { return UpdateRegistration(w, c); });
  router.Add(http::verb::delete_, registration, [w](Call& c) { return DeleteRegistration(w, c); });
  router.Add(http::verb::get, registration + "/events", [](Call& c) { return EventNames(c); });
  router.Add(http::verb::post, registration + "/validationEvents",
             [w](Call& c) { return Validate(w, c); });
  router.Add(http::verb::get, registration + "/validationEvents/{correlationId}",
             [w](Call& c) { return ValidationStatus(w, c); });

  router.Add(http::verb::post, "/v1/webhooks", [w](Call& c) { return CreateWebhook(w, c); });
  router.Add(http::verb::get, "/v1/webhooks", [w](Call& c) { return ListWebhooks(w, c); });
  router.Add(http::verb::get, "/v1/webhooks/{webhookId}",
             [w](Call& c) { return GetWebhook(w, c); });
  router.Add(http::verb::patch, "/v1/webhooks/{webhookId}",
             [w](Call& c) { return UpdateWebhook(w, c); });
  router.Add(http::verb::delete_, "/v1/webhooks/{webhookId}",
             [w](Call& c) { return DeleteWebhook(w, c); });
  router.Add(http::verb::post, "/v1/webhooks/{webhookId}/secret",
             [w](Call& c) { return RotateSecret(w, c); });
  router.Add(http::verb::get, "/v1/webhooks/{webhookId}/deliveries",
             [w](Call& c) { return ListDeliveries(w, c); }, {.query = PagedQuery({"state"})});
  router.Add(http::verb::get, "/v1/webhooks/{webhookId}/deliveries/{deliveryId}",
             [w](Call& c) { return GetDelivery(w, c); });
  router.Add(http::verb::post, "/v1/webhooks/{webhookId}/replays",
             [w](Call& c) { return Replay(w, c); });
}

}  // namespace seatshift::api
