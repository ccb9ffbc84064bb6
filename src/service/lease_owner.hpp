#pragma once

// Names of migration executors, and whether one is known to be dead. The engine's lease expires
// on its own; this lets `resume` take over at once from a process of this host that died.

#include <string>

namespace seatshift::service {

//! "host:pid" plus `role` when given: unique among live processes sharing a database.
std::string ThisProcessLeaseOwner(const std::string& role = "");

//! True when `owner` names a process of this host that no longer exists. False when it lives,
//! runs elsewhere (only its lease expiry can tell), or the name is not ours to read.
bool LeaseOwnerGone(const std::string& owner);

}  // namespace seatshift::service
