#include "service/idempotency.hpp"

#include <fmt/format.h>

namespace seatshift::service {
namespace {

//! What a key recorded for an operation is refused as on a route that records none.
constexpr std::string_view kRecordsNothing = "a request that creates nothing";

//! The scope of ctx when `tx` is its transaction (a use case may get other transactions too:
//! the migration engine's own).
IdempotentScope* ScopeOf(const store::ReadTransaction& tx, const RequestContext& ctx) {
  return ctx.scope && &ctx.scope->tx == &tx ? ctx.scope : nullptr;
}

RecordedResponse Recorded(const RequestRecord& record) {
  return {.status = record.response_status, .body = record.response_body};
}

[[noreturn]] void ThrowConcurrent(const RequestContext& ctx) {
  // The key was not there when this transaction looked, so a concurrent request with the same
  // key (another server) recorded it since: this transaction's effect must not happen. Run
  // again (Transact), it finds the key and answers as the first did.
  throw store::TransientError(
      fmt::format("request id '{}' was recorded by a concurrent request", ctx.request_id()));
}

}  // namespace

Result<std::optional<std::string>> PriorRequest(store::ReadTransaction& tx,
                                                const RequestContext& ctx,
                                                std::string_view operation) {
  if (!ctx.idempotency) return std::optional<std::string>();
  if (const IdempotentScope* scope = ScopeOf(tx, ctx)) {
    // Idempotency::Run read the key in this transaction already.
    if (!scope->prior) return std::optional<std::string>();
    SEATSHIFT_TRY(CheckSameRequest(*scope->prior, ctx, operation));
    return std::optional<std::string>(scope->prior->resource_id);
  }
  const auto prior = tx.FindRequest(ctx.actor.id, ctx.idempotency->request_id);
  if (!prior) return std::optional<std::string>();
  SEATSHIFT_TRY(CheckSameRequest(*prior, ctx, operation));
  return std::optional<std::string>(prior->resource_id);
}

Status CheckSameRequest(const RequestRecord& prior, const RequestContext& ctx,
                        std::string_view operation) {
  const std::string& target = ctx.idempotency ? ctx.idempotency->target : prior.target;
  const bool other_target = !prior.target.empty() && !target.empty() && prior.target != target;
  if (prior.operation == operation && !other_target) return OkStatus();
  return Error(ErrorCode::kRequestIdReused,
               fmt::format("request id '{}' was already used for {}{}", ctx.request_id(),
                           prior.operation, prior.target.empty() ? "" : " on " + prior.target));
}

Status RecordRequest(store::WriteTransaction& tx, const RequestContext& ctx,
                     std::string_view operation, const std::string& resource_id, Instant now) {
  if (!ctx.idempotency) return OkStatus();
  if (IdempotentScope* scope = ScopeOf(tx, ctx)) {
    scope->operation = std::string(operation);
    scope->resource_id = resource_id;
    return OkStatus();
  }
  Status recorded = tx.InsertRequest({.agent_id = ctx.actor.id,
                                      .request_id = ctx.idempotency->request_id,
                                      .operation = std::string(operation),
                                      .resource_id = resource_id,
                                      .target = ctx.idempotency->target,
                                      .created_at = now});
  if (!recorded.ok() && recorded.error().code == ErrorCode::kAlreadyExists) ThrowConcurrent(ctx);
  return recorded;
}

Result<std::optional<RecordedResponse>> Idempotency::Run(
    const RequestContext& ctx, const std::optional<IdempotentOperation>& operation,
    const Effect& effect) {
  if (!ctx.idempotency) {
    effect(ctx);
    return std::optional<RecordedResponse>();
  }
  if (operation && operation->one_transaction) return RunInOneTransaction(ctx, *operation, effect);
  return RunThenRecord(ctx, operation, effect);
}

Result<std::optional<RecordedResponse>> Idempotency::RunInOneTransaction(
    const RequestContext& ctx, const IdempotentOperation& operation, const Effect& effect) {
  const IdempotencyKey& key = *ctx.idempotency;
  return store::Transact(
      deps_.store, [&](store::WriteTransaction& tx) -> Result<std::optional<RecordedResponse>> {
        std::optional<RequestRecord> prior = tx.FindRequest(ctx.actor.id, key.request_id);
        if (prior) {
          SEATSHIFT_TRY(CheckSameRequest(*prior, ctx, operation.name));
          if (prior->response_status != 0) return std::optional(Recorded(*prior));
        }
        IdempotentScope scope{.tx = tx,
                              .prior = prior,
                              .operation = operation.name,
                              .resource_id = prior ? prior->resource_id : ""};
        RequestContext scoped = ctx;
        scoped.scope = &scope;
        const std::optional<RecordedResponse> response = effect(scoped);
        // A failure is not recorded: the key stays unused, and the effect's writes roll back.
        if (!response) return std::optional<RecordedResponse>();
        if (prior) {
          tx.SetRequestResponse(ctx.actor.id, key.request_id, response->status, response->body);
        } else {
          Status recorded = tx.InsertRequest({.agent_id = ctx.actor.id,
                                              .request_id = key.request_id,
                                              .operation = scope.operation,
                                              .resource_id = scope.resource_id,
                                              .target = key.target,
                                              .response_status = response->status,
                                              .response_body = response->body,
                                              .created_at = deps_.clock.Now()});
          if (!recorded.ok() && recorded.error().code == ErrorCode::kAlreadyExists) {
            ThrowConcurrent(ctx);
          }
          SEATSHIFT_TRY(recorded);
        }
        tx.Commit();
        return std::optional<RecordedResponse>();
      });
}

Result<std::optional<RecordedResponse>> Idempotency::RunThenRecord(
    const RequestContext& ctx, const std::optional<IdempotentOperation>& operation,
    const Effect& effect) {
  const IdempotencyKey& key = *ctx.idempotency;
  if (const auto prior = deps_.store.Read()->FindRequest(ctx.actor.id, key.request_id);
      prior && prior->response_status != 0) {
    SEATSHIFT_TRY(CheckSameRequest(*prior, ctx, operation ? operation->name : kRecordsNothing));
    return std::optional(Recorded(*prior));
  }
  const std::optional<RecordedResponse> response = effect(ctx);
  if (!response || !operation) return std::optional<RecordedResponse>();
  // The use case recorded the key with its effect (if it made one); the response follows.
  store::Transact(deps_.store, [&](store::WriteTransaction& tx) {
    if (const auto recorded = tx.FindRequest(ctx.actor.id, key.request_id);
        recorded && recorded->response_status == 0) {
      tx.SetRequestResponse(ctx.actor.id, key.request_id, response->status, response->body);
      tx.Commit();
    }
  });
  return std::optional<RecordedResponse>();
}

}  // namespace seatshift::service
