#pragma once

// What the migration engine's phases share (migration_engine.cpp: start, pause, resume and the
// run under its lease; migration_steps.cpp: A, B and C for one customer; migration_rollback.cpp:
// undoing them). Private to those three files.

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "service/migration_engine.hpp"
#include "store/transact.hpp"

namespace seatshift::service {

struct MigrationEngine::Job {
  MigrationId id;
  std::string owner;
  //! The system actor: the purchase's request id is keyed by actor, and whoever resumes, the
  //! replay must find the first purchase.
  RequestContext ctx;
  SkuId source;
  //! Migration::source_subscription_id: the one subscription replaced, if so.
  std::optional<SubscriptionId> only_source;
  Progress progress;
  //! A rollback holds the lease while the migration is not running; a run while it is.
  bool rollback = false;
};

inline std::string SuspensionReason(const MigrationId& id) { return "migration " + ToString(id); }

inline bool Finished(MigrationStep step) {
  return step == MigrationStep::kDone || step == MigrationStep::kFailed ||
         step == MigrationStep::kRolledBack;
}

inline std::string StatusJson(MigrationStatus status) {
  return fmt::format(R"({{"status":"{}"}})", ToString(status));
}

inline Error MigrationNotFound(const MigrationId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("migration {} not found", ToString(id)));
}

inline Error MigrationRefused(const Migration& m, std::string_view what) {
  return Error(
      ErrorCode::kInvalidStatusTransition,
      fmt::format("migration {} is {}: it cannot be {}", ToString(m.id), ToString(m.status), what),
      {{"status", std::string(ToString(m.status))}});
}

//! Frees the lease if `owner` holds it, in a transaction of its own.
inline void ReleaseLease(store::Store& store, const MigrationId& id, const std::string& owner) {
  store::Transact(store, [&](store::WriteTransaction& tx) {
    tx.ReleaseMigrationLease(id, owner);
    tx.Commit();
  });
}

}  // namespace seatshift::service
