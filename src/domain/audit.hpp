#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/time.hpp"
#include "domain/ids.hpp"
#include "domain/role.hpp"

namespace seatshift {

//! One change, written in the same transaction as the change itself.
struct AuditRecord {
  std::int64_t id = 0;  //!< assigned by the store, increasing
  Instant time{};
  std::string agent_id;
  Role role = Role::kSystem;
  std::string operation;      //!< e.g. "subscription.suspend", "license.update"
  std::string resource_type;  //!< e.g. "Subscription"
  std::string resource_id;
  std::optional<CustomerId> customer_id;
  std::string before;  //!< JSON of the resource before the change ("" when created)
  std::string after;   //!< JSON after ("" when deleted)
  std::string correlation_id;
};

}  // namespace seatshift
