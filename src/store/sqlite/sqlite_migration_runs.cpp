// The migration engine's writes: the lease, the status and each customer's progress.
#include <fmt/format.h>

#include "store/sqlite/sqlite_transaction.hpp"

namespace seatshift::store::sqlite {
namespace {

// A lease is taken when free, expired, or already ours: the WHERE clause is the compare of the
// compare-and-swap, and the writer lock of the transaction makes it atomic.
constexpr const char* kClaimLease =
    "UPDATE migrations SET lease_owner = ?2, lease_expires_at = ?4, version = version + 1 "
    "WHERE guid = ?1 AND (lease_owner IS NULL OR lease_owner = ?2 OR lease_expires_at <= ?3)";
constexpr const char* kRenewLease =
    "UPDATE migrations SET lease_expires_at = ?3, version = version + 1 "
    "WHERE guid = ?1 AND lease_owner = ?2";
constexpr const char* kReleaseLease =
    "UPDATE migrations SET lease_owner = NULL, lease_expires_at = NULL, version = version + 1 "
    "WHERE guid = ?1 AND lease_owner = ?2";
constexpr const char* kUpdateStatus =
    "UPDATE migrations SET status = ?2, updated_at = ?4, version = version + 1 "
    "WHERE guid = ?1 AND version = ?3";
constexpr const char* kUpdateCustomer =
    "UPDATE migration_customers SET step = ?3, users_moved = ?4, target_subscription = ?5, "
    "error_code = ?6, error_description = ?7 "
    "WHERE migration = (SELECT id FROM migrations WHERE guid = ?1) "
    "AND customer = (SELECT id FROM customers WHERE guid = ?2)";
constexpr const char* kRunnable =
    "SELECT guid FROM migrations WHERE status = 'running' "
    "AND (lease_expires_at IS NULL OR lease_expires_at <= ?1) ORDER BY id LIMIT ?2";

Error LeaseHeld(const MigrationId& id, const std::optional<std::string>& holder) {
  return Error(ErrorCode::kInvalidStatusTransition,
               fmt::format("migration {} is held by {}", ToString(id), holder.value_or("nobody")),
               {{"leaseOwner", holder.value_or("")}});
}

Error MigrationNotFound(const MigrationId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("migration {} not found", ToString(id)));
}

}  // namespace

Result<Migration> SqliteTransaction::ClaimMigrationLease(const MigrationId& id,
                                                         const std::string& owner, Instant now,
                                                         Instant until) {
  auto stmt = conn().Prepare(kClaimLease);
  stmt.Bind(1, id.value()).Bind(2, owner).Bind(3, Seconds(now)).Bind(4, Seconds(until));
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("claim migration lease");
  const bool claimed = conn().Changes() == 1;
  auto migration = FindMigration(id);
  if (!migration) return MigrationNotFound(id);
  if (!claimed) return LeaseHeld(id, migration->lease_owner);
  return std::move(*migration);
}

Status SqliteTransaction::RenewMigrationLease(const MigrationId& id, const std::string& owner,
                                              Instant until) {
  auto stmt = conn().Prepare(kRenewLease);
  stmt.Bind(1, id.value()).Bind(2, owner).Bind(3, Seconds(until));
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("renew migration lease");
  if (conn().Changes() == 1) return OkStatus();
  const auto migration = FindMigration(id);
  if (!migration) return MigrationNotFound(id);
  return LeaseHeld(id, migration->lease_owner);
}

void SqliteTransaction::ReleaseMigrationLease(const MigrationId& id, const std::string& owner) {
  auto stmt = conn().Prepare(kReleaseLease);
  stmt.Bind(1, id.value()).Bind(2, owner);
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("release migration lease");
}

Result<std::int64_t> SqliteTransaction::UpdateMigrationStatus(const MigrationId& id,
                                                              MigrationStatus status,
                                                              std::int64_t expected_version,
                                                              Instant now) {
  auto stmt = conn().Prepare(kUpdateStatus);
  stmt.Bind(1, id.value()).Bind(2, ToString(status)).Bind(3, expected_version);
  stmt.Bind(4, Seconds(now));
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("update migration status");
  if (conn().Changes() == 1) return expected_version + 1;
  const auto migration = FindMigration(id);
  if (!migration) return MigrationNotFound(id);
  return Error(ErrorCode::kEtagMismatch,
               fmt::format("migration {} has changed: version {} is stale (now {})", ToString(id),
                           expected_version, migration->version),
               {{"currentEtag", std::to_string(migration->version)}});
}

Status SqliteTransaction::UpdateMigrationCustomer(const MigrationId& id,
                                                  const MigrationCustomer& customer) {
  auto stmt = conn().Prepare(kUpdateCustomer);
  stmt.Bind(1, id.value()).Bind(2, customer.plan.customer_id.value());
  stmt.Bind(3, ToString(customer.step)).Bind(4, customer.users_moved);
  if (customer.plan.target_subscription_id) {
    stmt.Bind(5, customer.plan.target_subscription_id->value());
  } else {
    stmt.BindNull(5);
  }
  stmt.Bind(6, customer.error_code).Bind(7, customer.error_description);
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("update migration customer");
  if (conn().Changes() == 1) return OkStatus();
  return Error(ErrorCode::kNotFound,
               fmt::format("customer {} is not part of migration {}",
                           ToString(customer.plan.customer_id), ToString(id)));
}

std::vector<MigrationId> SqliteTransaction::RunnableMigrations(Instant now, int limit) {
  auto stmt = conn().Prepare(kRunnable);
  stmt.Bind(1, Seconds(now)).Bind(2, limit);
  std::vector<MigrationId> out;
  while (stmt.Step()) out.emplace_back(stmt.Guid(0));
  return out;
}

}  // namespace seatshift::store::sqlite
