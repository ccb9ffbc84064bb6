// Migrations (durable jobs of the migration engine) and their customers.
#include <fmt/format.h>

#include "store/postgres/pg_transaction.hpp"

namespace seatshift::store::postgres {
namespace {

constexpr const char* kCustomersHoldingSku =
    "SELECT DISTINCT c.id, c.guid FROM subscriptions s JOIN customers c ON c.id = s.customer "
    "WHERE s.sku = (SELECT id FROM skus WHERE sku_id = $1) AND s.status <> 'deleted' "
    "AND c.id > coalesce((SELECT id FROM customers WHERE guid = $2), 0) ORDER BY c.id LIMIT $3";

constexpr const char* kInsertMigration =
    "INSERT INTO migrations (guid, source_sku_id, target, seat_policy, status, created_by, "
    "created_at, updated_at, version, lease_owner, lease_expires_at, source_subscription) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING "
    "RETURNING id";
constexpr const char* kInsertOverride =
    "INSERT INTO migration_target_overrides (migration, customer, target_sku_id) "
    "VALUES ($1, $2, $3)";
constexpr const char* kInsertCustomer =
    "INSERT INTO migration_customers (migration, position, customer, target_sku_id, action, "
    "target_subscription, term, billing_cycle, seats, users_to_move, monthly_cost_before, "
    "monthly_cost_after, currency, recommendation_reason, step, users_moved, error_code, "
    "error_description) SELECT $1, $2, c.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
    "$15, $16, $17, $18 FROM customers c WHERE c.guid = $3 ON CONFLICT DO NOTHING RETURNING id";
constexpr const char* kCustomerExists = "SELECT 1 FROM customers WHERE guid = $1";
constexpr const char* kInsertSource =
    "INSERT INTO migration_source_subscriptions (migration_customer, position, subscription) "
    "VALUES ($1, $2, $3)";
constexpr const char* kInsertWarning =
    "INSERT INTO migration_warnings (migration_customer, position, code, message) "
    "VALUES ($1, $2, $3, $4)";

#define SEATSHIFT_MIGRATION_COLUMNS                                                            \
  "id, guid, source_sku_id, target, seat_policy, status, created_by, created_at, updated_at, " \
  "version, lease_owner, lease_expires_at, source_subscription "
constexpr const char* kFindMigration =
    "SELECT " SEATSHIFT_MIGRATION_COLUMNS "FROM migrations WHERE guid = $1";
// Newest first: keys descend, so the page continues below the last key (0: from the top).
constexpr const char* kListMigrations = "SELECT " SEATSHIFT_MIGRATION_COLUMNS
                                        "FROM migrations WHERE ($1 = 0 OR id < $1) "
                                        "ORDER BY id DESC LIMIT $2";
#undef SEATSHIFT_MIGRATION_COLUMNS
constexpr const char* kCountMigrations = "SELECT count(*) FROM migrations";
constexpr const char* kSelectOverrides =
    "SELECT customer, target_sku_id FROM migration_target_overrides WHERE migration = $1";

#define SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS                                                 \
  "SELECT mc.id, mc.position, c.guid, mc.target_sku_id, mc.action, mc.target_subscription, " \
  "mc.term, mc.billing_cycle, mc.seats, mc.users_to_move, mc.monthly_cost_before, "          \
  "mc.monthly_cost_after, mc.currency, mc.recommendation_reason, mc.step, mc.users_moved, "  \
  "mc.error_code, mc.error_description "                                                     \
  "FROM migration_customers mc JOIN customers c ON c.id = mc.customer "                      \
  "WHERE mc.migration = (SELECT id FROM migrations WHERE guid = $1) "
constexpr const char* kSelectCustomers =
    SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS "ORDER BY mc.position";
// Through the (migration, position) unique index: a page costs its own rows only.
constexpr const char* kSelectCustomersAfter =
    SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS "AND mc.position > $2 ORDER BY mc.position LIMIT $3";
#undef SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS
constexpr const char* kSelectSources =
    "SELECT subscription FROM migration_source_subscriptions WHERE migration_customer = $1 "
    "ORDER BY position";
constexpr const char* kSelectWarnings =
    "SELECT code, message FROM migration_warnings WHERE migration_customer = $1 "
    "ORDER BY position";

// ProgressOf (domain/migration.cpp) in SQL: keep the two alike.
constexpr const char* kCountProgress =
    "SELECT count(*), "
    "count(*) FILTER (WHERE step = 'done'), "
    "coalesce(sum(users_to_move), 0), "
    "coalesce(sum(users_moved), 0), "
    "count(*) FILTER (WHERE action = 'purchase' "
    "AND step IN ('purchased', 'moving', 'suspended', 'done')), "
    "count(*) FILTER (WHERE step IN ('suspended', 'done') AND action <> 'skip'), "
    "count(*) FILTER (WHERE error_code <> '') "
    "FROM migration_customers WHERE migration = (SELECT id FROM migrations WHERE guid = $1)";

//! A stored value this program cannot read: corruption to report, never a default to fill in.
[[noreturn]] void Corrupt(std::string_view column, std::string_view value) {
  throw StorageError(fmt::format("corrupt row: {} holds '{}'", column, value));
}

template <typename T, typename Parse>
T Decode(const Statement& row, int column, std::string_view name, Parse parse) {
  const std::string text = row.Text(column);
  const std::optional<T> value = parse(text);
  if (!value) Corrupt(name, text);
  return *value;
}

Migration ReadMigration(Connection& conn, const Statement& row) {
  Migration m;
  m.id = MigrationId(row.Guid(1));
  m.source_sku_id = SkuId(row.Text(2));
  if (std::string target = row.Text(3); target != kRecommendedTarget) {
    m.target_sku_id = SkuId(std::move(target));
  }
  m.seat_policy = Decode<SeatPolicy>(row, 4, "migrations.seat_policy",
                                     [](std::string_view t) { return ParseSeatPolicy(t); });
  m.status = Decode<MigrationStatus>(row, 5, "migrations.status",
                                     [](std::string_view t) { return ParseMigrationStatus(t); });
  m.created_by = row.Text(6);
  m.created_at = FromSeconds(row.Int(7));
  m.updated_at = FromSeconds(row.Int(8));
  m.version = row.Int(9);
  m.lease_owner = row.OptionalText(10);
  if (const auto expiry = row.OptionalInt(11)) m.lease_expires_at = FromSeconds(*expiry);
  if (!row.IsNull(12)) m.source_subscription_id = SubscriptionId(row.Guid(12));
  auto overrides = conn.Prepare(kSelectOverrides);
  overrides.Bind(1, row.Int(0));
  while (overrides.Step()) {
    m.target_overrides.emplace(CustomerId(overrides.Guid(0)), SkuId(overrides.Text(1)));
  }
  return m;
}

std::optional<Money> OptionalMoney(const Statement& row, int column, const std::string& currency) {
  const auto minor = row.OptionalInt(column);
  if (!minor) return std::nullopt;
  return Money{.minor_units = *minor, .currency = currency};
}

MigrationCustomer ReadCustomer(Connection& conn, const Statement& row) {
  MigrationCustomer mc;
  mc.position = static_cast<int>(row.Int(1));
  CustomerMigrationPlan& plan = mc.plan;
  plan.customer_id = CustomerId(row.Guid(2));
  plan.target_sku_id = SkuId(row.Text(3));
  plan.action = Decode<MigrationAction>(row, 4, "migration_customers.action",
                                        [](std::string_view t) { return ParseMigrationAction(t); });
  if (!row.IsNull(5)) plan.target_subscription_id = SubscriptionId(row.Guid(5));
  plan.term.term = Decode<TermDuration>(row, 6, "migration_customers.term",
                                        [](std::string_view t) { return ParseTermDuration(t); });
  plan.term.billing_cycle =
      Decode<BillingCycle>(row, 7, "migration_customers.billing_cycle",
                           [](std::string_view t) { return ParseBillingCycle(t); });
  plan.seats = row.Int(8);
  plan.users_to_move = row.Int(9);
  plan.currency = row.Text(12);
  plan.monthly_cost_before = OptionalMoney(row, 10, plan.currency);
  plan.monthly_cost_after = OptionalMoney(row, 11, plan.currency);
  plan.recommendation_reason = row.Text(13);
  mc.step = Decode<MigrationStep>(row, 14, "migration_customers.step",
                                  [](std::string_view t) { return ParseMigrationStep(t); });
  mc.users_moved = row.Int(15);
  mc.error_code = row.Text(16);
  mc.error_description = row.Text(17);

  auto sources = conn.Prepare(kSelectSources);
  sources.Bind(1, row.Int(0));
  while (sources.Step()) plan.source_subscription_ids.emplace_back(sources.Guid(0));
  auto warnings = conn.Prepare(kSelectWarnings);
  warnings.Bind(1, row.Int(0));
  while (warnings.Step()) {
    plan.warnings.push_back({.code = Decode<MigrationWarningCode>(
                                 warnings, 0, "migration_warnings.code",
                                 [](std::string_view t) { return ParseMigrationWarningCode(t); }),
                             .message = warnings.Text(1)});
  }
  return mc;
}

}  // namespace

std::vector<CustomerId> PgTransaction::CustomersHoldingSku(const SkuId& sku,
                                                           const std::optional<CustomerId>& after,
                                                           int limit) {
  auto stmt = conn().Prepare(kCustomersHoldingSku);
  stmt.Bind(1, sku.value());
  if (after) {
    stmt.Bind(2, after->value());
  } else {
    stmt.BindNull(2);
  }
  stmt.Bind(3, limit);
  std::vector<CustomerId> out;
  while (stmt.Step()) out.emplace_back(stmt.Guid(1));
  return out;
}

Status PgTransaction::InsertMigration(const Migration& migration,
                                      const std::vector<MigrationCustomer>& customers) {
  auto stmt = conn().Prepare(kInsertMigration);
  stmt.Bind(1, migration.id.value()).Bind(2, migration.source_sku_id.value());
  stmt.Bind(3, migration.target_sku_id ? std::string_view(migration.target_sku_id->value())
                                       : kRecommendedTarget);
  stmt.Bind(4, ToString(migration.seat_policy)).Bind(5, ToString(migration.status));
  stmt.Bind(6, migration.created_by).Bind(7, Seconds(migration.created_at));
  stmt.Bind(8, Seconds(migration.updated_at)).Bind(9, migration.version);
  stmt.Bind(10, migration.lease_owner);
  if (migration.lease_expires_at) {
    stmt.Bind(11, Seconds(*migration.lease_expires_at));
  } else {
    stmt.BindNull(11);
  }
  if (migration.source_subscription_id) {
    stmt.Bind(12, migration.source_subscription_id->value());
  } else {
    stmt.BindNull(12);
  }
  if (!stmt.Step()) {
    return Error(ErrorCode::kAlreadyExists,
                 fmt::format("migration {} already exists", ToString(migration.id)));
  }
  const std::int64_t key = stmt.Int(0);

  for (const auto& [customer, sku] : migration.target_overrides) {
    auto ins = conn().Prepare(kInsertOverride);
    ins.Bind(1, key).Bind(2, customer.value()).Bind(3, sku.value());
    ins.Execute();
  }
  for (const MigrationCustomer& mc : customers) {
    const CustomerMigrationPlan& plan = mc.plan;
    auto ins = conn().Prepare(kInsertCustomer);
    ins.Bind(1, key).Bind(2, mc.position).Bind(3, plan.customer_id.value());
    ins.BindUncopied(4, plan.target_sku_id.value()).Bind(5, ToString(plan.action));
    if (plan.target_subscription_id) {
      ins.Bind(6, plan.target_subscription_id->value());
    } else {
      ins.BindNull(6);
    }
    ins.Bind(7, ToString(plan.term.term)).Bind(8, ToString(plan.term.billing_cycle));
    ins.Bind(9, plan.seats).Bind(10, plan.users_to_move);
    if (plan.monthly_cost_before) {
      ins.Bind(11, plan.monthly_cost_before->minor_units);
    } else {
      ins.BindNull(11);
    }
    if (plan.monthly_cost_after) {
      ins.Bind(12, plan.monthly_cost_after->minor_units);
    } else {
      ins.BindNull(12);
    }
    ins.BindUncopied(13, plan.currency).BindUncopied(14, plan.recommendation_reason);
    ins.Bind(15, ToString(mc.step)).Bind(16, mc.users_moved);
    ins.BindUncopied(17, mc.error_code).BindUncopied(18, mc.error_description);
    const bool inserted = ins.Step();
    auto exists = conn().Prepare(kCustomerExists);
    exists.Bind(1, plan.customer_id.value());
    if (!inserted && !exists.Step()) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("customer {} not found", ToString(plan.customer_id)),
                   {{"customerId", ToString(plan.customer_id)}});
    }
    if (!inserted) {
      return Error(
          ErrorCode::kAlreadyExists,
          fmt::format("customer {} appears twice in the migration", ToString(plan.customer_id)),
          {{"customerId", ToString(plan.customer_id)}});
    }
    const std::int64_t row = ins.Int(0);
    for (std::size_t i = 0; i < plan.source_subscription_ids.size(); ++i) {
      auto src = conn().Prepare(kInsertSource);
      src.Bind(1, row).Bind(2, static_cast<std::int64_t>(i));
      src.Bind(3, plan.source_subscription_ids[i].value());
      src.Execute();
    }
    for (std::size_t i = 0; i < plan.warnings.size(); ++i) {
      auto warn = conn().Prepare(kInsertWarning);
      warn.Bind(1, row).Bind(2, static_cast<std::int64_t>(i));
      warn.Bind(3, ToString(plan.warnings[i].code)).BindUncopied(4, plan.warnings[i].message);
      warn.Execute();
    }
  }
  return OkStatus();
}

std::optional<Migration> PgTransaction::FindMigration(const MigrationId& id) {
  auto stmt = conn().Prepare(kFindMigration);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadMigration(conn(), stmt);
}

Result<Page<Migration>> PgTransaction::ListMigrations(const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  auto stmt = conn().Prepare(kListMigrations);
  stmt.Bind(1, after).Bind(2, page.limit + 1);
  Page<Migration> out = ReadPage<Migration>(
      stmt, page.limit, [this](const Statement& row) { return ReadMigration(conn(), row); });
  auto count = conn().Prepare(kCountMigrations);
  count.Step();
  out.total = count.Int(0);
  return out;
}

std::vector<MigrationCustomer> PgTransaction::ListMigrationCustomers(const MigrationId& id) {
  auto stmt = conn().Prepare(kSelectCustomers);
  stmt.Bind(1, id.value());
  std::vector<MigrationCustomer> out;
  while (stmt.Step()) out.push_back(ReadCustomer(conn(), stmt));
  return out;
}

std::vector<MigrationCustomer> PgTransaction::MigrationCustomersAfter(const MigrationId& id,
                                                                      int after_position,
                                                                      int limit) {
  auto stmt = conn().Prepare(kSelectCustomersAfter);
  stmt.Bind(1, id.value()).Bind(2, after_position).Bind(3, limit);
  std::vector<MigrationCustomer> out;
  while (stmt.Step()) out.push_back(ReadCustomer(conn(), stmt));
  return out;
}

MigrationProgress PgTransaction::CountMigrationProgress(const MigrationId& id) {
  auto stmt = conn().Prepare(kCountProgress);
  stmt.Bind(1, id.value());
  stmt.Step();
  return {.customers_total = stmt.Int(0),
          .customers_done = stmt.Int(1),
          .users_total = stmt.Int(2),
          .users_moved = stmt.Int(3),
          .subscriptions_purchased = stmt.Int(4),
          .subscriptions_suspended = stmt.Int(5),
          .customers_with_errors = stmt.Int(6)};
}

}  // namespace seatshift::store::postgres
