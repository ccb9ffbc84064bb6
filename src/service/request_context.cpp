#include "service/request_context.hpp"

#include <fmt/format.h>

namespace seatshift::service {

const std::string& RequestContext::request_id() const {
  static const std::string kNone;
  return idempotency ? idempotency->request_id : kNone;
}

RequestContext SystemContext(std::string correlation_id) {
  return {.actor = Actor{"system", Role::kSystem},
          .correlation_id = std::move(correlation_id),
          .idempotency = std::nullopt,
          .scope = nullptr};
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

}  // namespace seatshift::service
