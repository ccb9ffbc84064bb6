#include "service/context.hpp"

#include <fmt/format.h>

namespace seatshift::service {

RequestContext SystemContext(std::string correlation_id) {
  return {Actor{"system", Role::kSystem}, std::move(correlation_id), "", ""};
}

Status Require(const RequestContext& ctx, Permission permission) {
  if (Allows(ctx.actor.role, permission)) return OkStatus();
  return Error(
      ErrorCode::kForbidden,
      fmt::format("{} ({}) is not allowed to do this", ctx.actor.id, ToString(ctx.actor.role)),
      {{"role", std::string(ToString(ctx.actor.role))}});
}

Error CustomerNotFound(const CustomerId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("customer {} not found", id.value().ToString()),
               {{"customerId", id.value().ToString()}});
}

const Sku* SkuCache::Find(const SkuId& id) {
  auto it = skus_.find(id);
  if (it == skus_.end()) it = skus_.emplace(id, tx_.FindSku(id)).first;
  return it->second ? &*it->second : nullptr;
}

Result<std::optional<std::string>> PriorRequest(store::ReadTransaction& tx,
                                                const RequestContext& ctx,
                                                std::string_view operation) {
  if (ctx.request_id.empty()) return std::optional<std::string>();
  const auto prior = tx.FindRequest(ctx.actor.id, ctx.request_id);
  if (!prior) return std::optional<std::string>();
  SEATSHIFT_TRY(CheckSameRequest(*prior, ctx, operation));
  return std::optional<std::string>(prior->resource_id);
}

Status CheckSameRequest(const RequestRecord& prior, const RequestContext& ctx,
                        std::string_view operation) {
  const bool other_target =
      !prior.target.empty() && !ctx.request_target.empty() && prior.target != ctx.request_target;
  if (prior.operation == operation && !other_target) return OkStatus();
  return Error(ErrorCode::kRequestIdReused,
               fmt::format("request id '{}' was already used for {}{}", ctx.request_id,
                           prior.operation, prior.target.empty() ? "" : " on " + prior.target));
}

Status RecordRequest(store::WriteTransaction& tx, const RequestContext& ctx,
                     std::string_view operation, const std::string& resource_id, Instant now) {
  if (ctx.request_id.empty()) return OkStatus();
  Status recorded = tx.InsertRequest({.agent_id = ctx.actor.id,
                                      .request_id = ctx.request_id,
                                      .operation = std::string(operation),
                                      .resource_id = resource_id,
                                      .target = ctx.request_target,
                                      .created_at = now});
  // PriorRequest found no key in this transaction, so a concurrent request with the same key
  // (another server) recorded it since: a conflict, and this transaction's creation must not
  // happen. Run again (Transact), it finds the key and answers as the first did.
  if (!recorded.ok() && recorded.error().code == ErrorCode::kAlreadyExists) {
    throw store::TransientError(
        fmt::format("request id '{}' was recorded by a concurrent request", ctx.request_id));
  }
  return recorded;
}

void RecordAudit(store::WriteTransaction& tx, const RequestContext& ctx, Instant now,
                 AuditEntry entry) {
  tx.AppendAudit(MakeAuditRecord(ctx, now, std::move(entry)));
}

AuditRecord MakeAuditRecord(const RequestContext& ctx, Instant now, AuditEntry entry) {
  AuditRecord record;
  record.time = now;
  record.agent_id = ctx.actor.id;
  record.role = ctx.actor.role;
  record.operation = std::move(entry.operation);
  record.resource_type = std::move(entry.resource_type);
  record.resource_id = std::move(entry.resource_id);
  record.customer_id = entry.customer_id;
  record.before = std::move(entry.before);
  record.after = std::move(entry.after);
  record.correlation_id = ctx.correlation_id;
  return record;
}

}  // namespace seatshift::service
