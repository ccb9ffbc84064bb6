// The migration engine's writes: the lease, the status and each customer's progress.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
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
    "error_code = ?6, error_description = ?7, action = ?8, error_parameters = ?9 "
    "WHERE migration = (SELECT id FROM migrations WHERE guid = ?1) "
    "AND customer = (SELECT id FROM customers WHERE guid = ?2)";
constexpr const char* kAddWarning =
    "INSERT INTO migration_warnings (migration_customer, position, code, message, parameters) "
    "SELECT ?1, coalesce(max(position) + 1, 0), ?2, ?3, ?4 FROM migration_warnings "
    "WHERE migration_customer = ?1";
constexpr const char* kMigrationCustomerKey =
    "SELECT mc.id FROM migration_customers mc JOIN migrations m ON m.id = mc.migration "
    "JOIN customers c ON c.id = mc.customer WHERE m.guid = ?1 AND c.guid = ?2";
// Users that share excluded plans and target_assigned (a batch's usually all do) in one
// statement: ?2 is the list of their keys. An upsert rather than a replace (the same rows), as
// SQLite's REPLACE would need a statement journal per row. `WHERE true` tells SQLite's parser
// that ON CONFLICT belongs to the insert, not to the join.
constexpr const char* kInsertMovedUsers =
    "INSERT INTO migration_moved_users "
    "(migration_customer, \"user\", excluded_plans, target_assigned) "
    "SELECT ?1, u.guid, ?3, ?4 FROM {{key_table:?2:j}} JOIN users u ON u.id = j.value WHERE true "
    "ON CONFLICT (migration_customer, \"user\") DO UPDATE SET "
    "excluded_plans = excluded.excluded_plans, target_assigned = excluded.target_assigned";
// In key order: any order restores the same state, and this one reads the primary key only.
constexpr const char* kSelectMovedUsers =
    "SELECT \"user\", excluded_plans, target_assigned FROM migration_moved_users "
    "WHERE migration_customer = ?1 ORDER BY \"user\" LIMIT ?2";
constexpr const char* kDeleteMovedUser =
    "DELETE FROM migration_moved_users WHERE migration_customer = ?1 AND \"user\" = ?2";
constexpr const char* kRunnable =
    "SELECT guid FROM migrations WHERE status = 'running' "
    "AND (lease_expires_at IS NULL OR lease_expires_at <= ?1) ORDER BY id LIMIT ?2";

constexpr const char* kLeased =
    "SELECT guid, lease_owner FROM migrations WHERE status = 'running' "
    "AND lease_expires_at > ?1 AND lease_owner IS NOT NULL ORDER BY id LIMIT ?2";

Error LeaseHeld(const MigrationId& id, const std::optional<std::string>& holder) {
  return Error(ErrorCode::kInvalidStatusTransition,
               fmt::format("migration {} is held by {}", ToString(id), holder.value_or("nobody")),
               {{"leaseOwner", holder.value_or("")}});
}

Error MigrationNotFound(const MigrationId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("migration {} not found", ToString(id)));
}

}  // namespace

Result<Migration> SqlTransaction::ClaimMigrationLease(const MigrationId& id,
                                                      const std::string& owner, Instant now,
                                                      Instant until) {
  auto stmt = conn().Prepare(kClaimLease);
  stmt.Bind(1, id.value()).Bind(2, owner).Bind(3, Seconds(now)).Bind(4, Seconds(until));
  stmt.Execute();
  const bool claimed = conn().Changes() == 1;
  auto migration = FindMigration(id);
  if (!migration) return MigrationNotFound(id);
  if (!claimed) return LeaseHeld(id, migration->lease_owner);
  return std::move(*migration);
}

Status SqlTransaction::RenewMigrationLease(const MigrationId& id, const std::string& owner,
                                           Instant until) {
  auto stmt = conn().Prepare(kRenewLease);
  stmt.Bind(1, id.value()).Bind(2, owner).Bind(3, Seconds(until));
  stmt.Execute();
  if (conn().Changes() == 1) return OkStatus();
  const auto migration = FindMigration(id);
  if (!migration) return MigrationNotFound(id);
  return LeaseHeld(id, migration->lease_owner);
}

void SqlTransaction::ReleaseMigrationLease(const MigrationId& id, const std::string& owner) {
  auto stmt = conn().Prepare(kReleaseLease);
  stmt.Bind(1, id.value()).Bind(2, owner);
  stmt.Execute();
}

Result<std::int64_t> SqlTransaction::UpdateMigrationStatus(const MigrationId& id,
                                                           MigrationStatus status,
                                                           std::int64_t expected_version,
                                                           Instant now) {
  auto stmt = conn().Prepare(kUpdateStatus);
  stmt.Bind(1, id.value()).Bind(2, ToString(status)).Bind(3, expected_version);
  stmt.Bind(4, Seconds(now));
  stmt.Execute();
  if (conn().Changes() == 1) return expected_version + 1;
  const auto migration = FindMigration(id);
  if (!migration) return MigrationNotFound(id);
  return Error(ErrorCode::kEtagMismatch,
               fmt::format("migration {} has changed: version {} is stale (now {})", ToString(id),
                           expected_version, migration->version),
               {{"currentEtag", std::to_string(migration->version)}});
}

Status SqlTransaction::UpdateMigrationCustomer(const MigrationId& id,
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
  stmt.Bind(8, ToString(customer.plan.action));
  stmt.Bind(9, EncodeParameters(customer.error_parameters));
  stmt.Execute();
  if (conn().Changes() == 1) return OkStatus();
  return Error(ErrorCode::kNotFound,
               fmt::format("customer {} is not part of migration {}",
                           ToString(customer.plan.customer_id), ToString(id)));
}

namespace {

std::optional<std::int64_t> MigrationCustomerKey(Connection& conn, const MigrationId& id,
                                                 const CustomerId& customer) {
  auto stmt = conn.Prepare(kMigrationCustomerKey);
  stmt.Bind(1, id.value()).Bind(2, customer.value());
  if (!stmt.Step()) return std::nullopt;
  return stmt.Int(0);
}

}  // namespace

Status SqlTransaction::AddMigrationWarning(const MigrationId& id, const CustomerId& customer,
                                           const MigrationWarning& warning) {
  const auto key = MigrationCustomerKey(conn(), id, customer);
  if (!key) {
    return Error(ErrorCode::kNotFound, fmt::format("customer {} is not part of migration {}",
                                                   ToString(customer), ToString(id)));
  }
  auto stmt = conn().Prepare(kAddWarning);
  stmt.Bind(1, *key).Bind(2, ToString(warning.code)).Bind(3, warning.message);
  stmt.Bind(4, EncodeParameters(warning.parameters));
  stmt.Execute();
  return OkStatus();
}

std::vector<MovedUser> SqlTransaction::MovedUsers(const MigrationId& id, const CustomerId& customer,
                                                  int limit) {
  std::vector<MovedUser> out;
  const auto key = MigrationCustomerKey(conn(), id, customer);
  if (!key) return out;
  auto stmt = conn().Prepare(kSelectMovedUsers);
  stmt.Bind(1, *key).Bind(2, limit);
  while (stmt.Step()) {
    const UserId user(stmt.Guid(0));
    out.push_back({.user_id = user,
                   .excluded_plans = SplitPlans(stmt.Text(1), user),
                   .target_assigned = stmt.Int(2) != 0});
  }
  return out;
}

Status SqlTransaction::RecordMovedUsers(const MigrationId& id, const CustomerId& customer,
                                        const std::vector<MovedUser>& users) {
  const auto key = MigrationCustomerKey(conn(), id, customer);
  if (!key) {
    return Error(ErrorCode::kNotFound, fmt::format("customer {} is not part of migration {}",
                                                   ToString(customer), ToString(id)));
  }
  std::map<std::pair<std::string, bool>, std::vector<std::int64_t>> groups;
  for (const MovedUser& u : users) {
    const auto user_key = UserKey(u.user_id);
    if (!user_key) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("user {} not found", u.user_id.value().ToString()));
    }
    groups[{JoinPlans(u.excluded_plans), u.target_assigned}].push_back(*user_key);
  }
  for (const auto& [shared, keys] : groups) {
    auto stmt = conn().Prepare(kInsertMovedUsers);
    stmt.Bind(1, *key).BindKeys(2, keys);
    stmt.Bind(3, shared.first).Bind(4, shared.second);
    stmt.Execute();
  }
  return OkStatus();
}

void SqlTransaction::ForgetMovedUsers(const MigrationId& id, const CustomerId& customer,
                                      const std::vector<UserId>& users) {
  const auto key = MigrationCustomerKey(conn(), id, customer);
  if (!key) return;
  for (const UserId& user : users) {
    auto stmt = conn().Prepare(kDeleteMovedUser);
    stmt.Bind(1, *key).Bind(2, user.value());
    stmt.Execute();
  }
}

std::vector<MigrationId> SqlTransaction::RunnableMigrations(Instant now, int limit) {
  auto stmt = conn().Prepare(kRunnable);
  stmt.Bind(1, Seconds(now)).Bind(2, limit);
  std::vector<MigrationId> out;
  while (stmt.Step()) out.emplace_back(stmt.Guid(0));
  return out;
}

std::vector<MigrationLease> SqlTransaction::LeasedMigrations(Instant now, int limit) {
  auto stmt = conn().Prepare(kLeased);
  stmt.Bind(1, Seconds(now)).Bind(2, limit);
  std::vector<MigrationLease> out;
  while (stmt.Step()) out.push_back({.id = MigrationId(stmt.Guid(0)), .owner = stmt.Text(1)});
  return out;
}

}  // namespace seatshift::store::sql
