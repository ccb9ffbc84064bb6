// /v1/migrations[/{migrationId}]: planned migrations (A + B + C for a fleet).
#include <chrono>

#include "api/api.hpp"
#include "api/event_stream.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/lease_owner.hpp"
#include "service/migration_engine.hpp"
#include "service/migration_service.hpp"

namespace seatshift::api {
namespace {

using service::MigrationDetails;
using service::MigrationEngine;
using service::MigrationRequest;
using service::MigrationService;
using service::MigrationSummary;

constexpr std::size_t kMaxSkuIdLength = 100;

//! `customerIds`: an array of GUIDs, or the string "all" (nullopt).
Result<std::optional<std::vector<CustomerId>>> ReadCustomerIds(ObjectReader& reader) {
  const boost::json::value* value = reader.Value("customerIds");
  if (!value) {
    return Error(ErrorCode::kBadRequest, "customerIds: is required (an array of ids or \"all\")",
                 {{"field", std::string("customerIds")}});
  }
  if (value->is_string() && value->get_string() == "all") {
    return std::optional<std::vector<CustomerId>>();
  }
  if (!value->is_array()) {
    return Error(ErrorCode::kBadRequest, "customerIds: must be an array of ids or \"all\"",
                 {{"field", std::string("customerIds")}});
  }
  if (value->get_array().size() > MigrationService::kMaxListedCustomers) {
    return Error(
        ErrorCode::kBadRequest,
        fmt::format("customerIds: holds at most {} items", MigrationService::kMaxListedCustomers),
        {{"field", std::string("customerIds")}});
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto texts, StringArray(value->get_array(), "customerIds", 64));
  std::vector<CustomerId> ids;
  ids.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    SEATSHIFT_ASSIGN_OR_RETURN(CustomerId id,
                               ParseGuid<CustomerId>(texts[i], fmt::format("customerIds[{}]", i)));
    ids.push_back(id);
  }
  return std::optional<std::vector<CustomerId>>(std::move(ids));
}

Result<MigrationRequest> ReadRequest(const boost::json::object& body) {
  ObjectReader reader(body);
  MigrationRequest request;
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string source,
                             reader.String("sourceOfferId", kMaxSkuIdLength));
  request.source = SkuId(source);
  SEATSHIFT_ASSIGN_OR_RETURN(request.customers, ReadCustomerIds(reader));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string target,
                             reader.String("targetOfferId", kMaxSkuIdLength));
  if (target != kRecommendedTarget) request.target = SkuId(target);
  if (const boost::json::value* overrides = reader.Value("targetOverrides")) {
    if (!overrides->is_object()) return reader.Bad("targetOverrides", "must be an object");
    for (const auto& [key, value] : overrides->get_object()) {
      const std::string path = fmt::format("targetOverrides.{}", std::string_view(key));
      SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId customer,
                                 ParseGuid<CustomerId>(std::string_view(key), path));
      if (!value.is_string() || value.get_string().empty() ||
          value.get_string().size() > kMaxSkuIdLength) {
        return Error(ErrorCode::kBadRequest, path + ": must be a SKU id", {{"field", path}});
      }
      request.overrides.emplace(customer, SkuId(std::string(value.get_string())));
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto policy, reader.OptionalString("seatPolicy", 32));
  if (policy) {
    const auto parsed = ParseSeatPolicy(*policy);
    if (!parsed) return reader.Bad("seatPolicy", "must be assigned or source_quantity");
    request.seat_policy = *parsed;
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto dry_run, reader.OptionalBool("dryRun"));
  request.dry_run = dry_run.value_or(false);
  SEATSHIFT_TRY(reader.Finish());
  return request;
}

boost::json::object Render(const MigrationDetails& d) {
  return codec::MigrationToJson(d.migration, d.stored, d.progress, d.customers, d.totals, d.names);
}

Response Plan(MigrationService migrations, Call& call) {
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto request = ReadRequest(*body);
  if (!request) return ErrorResponse(std::move(request).error());
  return Respond(migrations.Plan(call.ctx, *request), [](const MigrationDetails& d) {
    return JsonResponse(d.stored ? http::status::created : http::status::ok, Render(d));
  });
}

Response Get(MigrationService migrations, Call& call) {
  auto id = ParseGuid<MigrationId>(call.Path("migrationId"), "migrationId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(migrations.Get(call.ctx, *id), [](const MigrationDetails& d) {
    return WithEtag(JsonResponse(http::status::ok, Render(d)), d.migration.version);
  });
}

Response List(MigrationService migrations, Call& call) {
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  return Respond(migrations.List(call.ctx, *page),
                 [&](const store::Page<service::MigrationSummary>& result) {
                   return PageResponse(result, call, [](const service::MigrationSummary& s) {
                     return codec::ToJson(s.migration, s.progress);
                   });
                 });
}

//! POST /v1/migrations/{id}/start|pause|resume|rollback: 202 with the migration as GET shows it;
//! the work itself happens on the server's runner (`runnable` wakes it).
template <typename Change>
Response ChangeStatus(Call& call, Change change, const std::function<void()>& runnable) {
  auto id = ParseGuid<MigrationId>(call.Path("migrationId"), "migrationId");
  if (!id) return ErrorResponse(std::move(id).error());
  auto changed = change(call.ctx, *id);
  if (changed && changed->migration.status == MigrationStatus::kRunning && runnable) runnable();
  return Respond(std::move(changed), [](const MigrationDetails& d) {
    return WithEtag(JsonResponse(http::status::accepted, Render(d)), d.migration.version);
  });
}

//! GET /v1/migrations/{id}/events: the migration's state (codec::MigrationStateToJson) as
//! Server-Sent Events, read from the database — the runner may be another process — every
//! kPollInterval. Each change is an `event: progress`; once the status is settled an
//! `event: end` with the same data follows and the body ends. `id:` counts the stream's events
//! from 1. Quiet for kKeepAlive (on the monotonic clock), it sends a comment so that proxies
//! keep the connection. Used by one stream at a time (EventStream::Poll is never concurrent).
class MigrationEvents final : public EventStream {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{250};
  static constexpr std::chrono::seconds kKeepAlive{15};
  //! How long a browser's EventSource waits before it reconnects after the body ended without
  //! `end` (a restart, a revoked token, a lost connection).
  static constexpr std::chrono::milliseconds kRetry{3000};

  //! `first`: the state read when the request was answered, sent by the first Poll.
  MigrationEvents(MigrationService migrations, service::RequestContext ctx,
                  const MonotonicClock& clock, MigrationSummary first)
      : migrations_(migrations),
        ctx_(std::move(ctx)),
        clock_(clock),
        id_(first.migration.id),
        first_(std::move(first)) {}

  Chunk Poll() override {
    std::string out;
    MigrationSummary state;
    if (first_) {
      state = std::move(*first_);
      first_.reset();
      out = fmt::format("retry: {}\n", kRetry.count());
    } else {
      auto read = migrations_.Progress(ctx_, id_);
      // Gone (or no longer readable by this agent): end the body; a reconnect gets the error.
      if (!read) return {.text = "", .last = true};
      state = std::move(*read);
    }
    const auto now = clock_.Now();
    std::string data =
        codec::Serialize(codec::MigrationStateToJson(state.migration, state.progress));
    if (data == last_data_) {
      if (now - last_sent_ >= kKeepAlive) {
        out += kKeepAliveComment;
        last_sent_ = now;
      }
      return {.text = std::move(out), .last = false};
    }
    out += FormatEvent("progress", next_id_++, data);
    const bool settled = IsSettled(state.migration.status);
    if (settled) out += FormatEvent("end", next_id_++, data);
    last_data_ = std::move(data);
    last_sent_ = now;
    return {.text = std::move(out), .last = settled};
  }

  std::chrono::milliseconds interval() const override { return kPollInterval; }

 private:
  MigrationService migrations_;
  const service::RequestContext ctx_;
  const MonotonicClock& clock_;
  const MigrationId id_;
  std::optional<MigrationSummary> first_;
  std::string last_data_;  // the last event's data
  MonotonicClock::TimePoint last_sent_{};
  std::int64_t next_id_ = 1;
};

//! Unknown or malformed ids are refused with the usual error before anything streams.
Reply Events(MigrationService migrations, const MonotonicClock& clock, Call& call) {
  auto id = ParseGuid<MigrationId>(call.Path("migrationId"), "migrationId");
  if (!id) return ErrorResponse(std::move(id).error());
  auto first = migrations.Progress(call.ctx, *id);
  if (!first) return ErrorResponse(std::move(first).error());
  return Reply(EventStreamHead(),
               std::make_unique<MigrationEvents>(migrations, call.ctx, clock, std::move(*first)));
}

//! The rollback's optional body: `{"customerId": "..."}` for one customer; none for all.
Result<std::optional<CustomerId>> RollbackCustomer(const Call& call) {
  if (call.request.body().empty()) return std::optional<CustomerId>();
  SEATSHIFT_ASSIGN_OR_RETURN(const auto body, JsonBody(call));
  ObjectReader reader(body);
  SEATSHIFT_ASSIGN_OR_RETURN(const auto text, reader.OptionalString("customerId", 64));
  SEATSHIFT_TRY(reader.Finish());
  if (!text) return std::optional<CustomerId>();
  SEATSHIFT_ASSIGN_OR_RETURN(const CustomerId id, ParseGuid<CustomerId>(*text, "customerId"));
  return std::optional<CustomerId>(id);
}

}  // namespace

void AddMigrationRoutes(Router& router, service::Dependencies deps,
                        std::function<void()> runnable) {
  const MigrationService migrations(deps);
  // A plan reads the fleet before its one write: its key is recorded with that write, its
  // response after it.
  router.Add(http::verb::post, "/v1/migrations",
             [migrations](Call& c) { return Plan(migrations, c); },
             {.idempotent = {{.name = std::string(MigrationService::kPlanOperation),
                              .one_transaction = false}}});
  router.Add(http::verb::get, "/v1/migrations",
             [migrations](Call& c) { return List(migrations, c); }, {.query = PagedQuery()});
  router.Add(http::verb::get, "/v1/migrations/{migrationId}",
             [migrations](Call& c) { return Get(migrations, c); });
  router.AddStreaming(
      http::verb::get, "/v1/migrations/{migrationId}/events",
      [migrations, &clock = deps.monotonic](Call& c) { return Events(migrations, clock, c); });
  router.Add(http::verb::post, "/v1/migrations/{migrationId}/start", [deps, runnable](Call& c) {
    return ChangeStatus(
        c,
        [deps](const service::RequestContext& ctx, const MigrationId& id) {
          return MigrationEngine(deps).Start(ctx, id);
        },
        runnable);
  });
  router.Add(http::verb::post, "/v1/migrations/{migrationId}/pause", [deps](Call& c) {
    return ChangeStatus(c,
                        [deps](const service::RequestContext& ctx, const MigrationId& id) {
                          return MigrationEngine(deps).Pause(ctx, id);
                        },
                        {});
  });
  // A running migration whose executor died on this host is freed for the runner at once.
  router.Add(http::verb::post, "/v1/migrations/{migrationId}/resume", [deps, runnable](Call& c) {
    return ChangeStatus(
        c,
        [deps](const service::RequestContext& ctx, const MigrationId& id) {
          return MigrationEngine(deps).Resume(ctx, id, service::LeaseOwnerGone);
        },
        runnable);
  });
  // The rollback runs within the request: it ends rolled back, or with each refusal recorded.
  router.Add(http::verb::post, "/v1/migrations/{migrationId}/rollback", [deps](Call& c) {
    auto customer = RollbackCustomer(c);
    if (!customer) return ErrorResponse(std::move(customer).error());
    return ChangeStatus(
        c,
        [deps, customer = *customer](const service::RequestContext& ctx, const MigrationId& id) {
          return MigrationEngine(deps).Rollback(ctx, id, customer);
        },
        {});
  });
}

}  // namespace seatshift::api
