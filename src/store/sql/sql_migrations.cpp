// Migrations (durable jobs of the migration engine) and their customers.
#include <fmt/format.h>

#include <set>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kCustomersHoldingSku =
    "SELECT DISTINCT c.id, c.guid FROM subscriptions s JOIN customers c ON c.id = s.customer "
    "WHERE s.sku = (SELECT id FROM skus WHERE sku_id = ?1) AND s.status <> 'deleted' "
    "AND c.id > coalesce((SELECT id FROM customers WHERE guid = ?2), 0) ORDER BY c.id LIMIT ?3";

constexpr const char* kInsertMigration =
    "INSERT INTO migrations (guid, source_sku_id, target, seat_policy, status, created_by, "
    "created_at, updated_at, version, lease_owner, lease_expires_at, source_subscription) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING "
    "RETURNING id";
constexpr const char* kInsertOverride =
    "INSERT INTO migration_target_overrides (migration, customer, target_sku_id) "
    "VALUES (?1, ?2, ?3)";
constexpr const char* kInsertCustomer =
    "INSERT INTO migration_customers (migration, position, customer, target_sku_id, action, "
    "target_subscription, term, billing_cycle, seats, users_to_move, monthly_cost_before, "
    "monthly_cost_after, currency, recommendation_reason, step, users_moved, error_code, "
    "error_description, monthly_resale_before, monthly_resale_after, recommendation_code, "
    "recommendation_parameters, error_parameters) SELECT ?1, ?2, c.id, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23 FROM customers c "
    "WHERE c.guid = ?3";
// Which of a plan's customers exist, read at once before the plan is stored: the inserts then
// need no answer (on PostgreSQL a customer's rows cost no round trip).
constexpr const char* kExistingCustomers = "SELECT guid FROM customers WHERE {{in_guids:guid:?1}}";
// A customer's sources and warnings name its row by the migration (?1) and its position (?4),
// once every customer's row is in. Inserted the other way round (each customer, then its own),
// PostgreSQL checked their foreign key with a plan made while the table held one row, a scan of
// it at every later row (after `db copy` had analysed it empty): 10 s instead of 0.3 s.
constexpr const char* kInsertSource =
    "INSERT INTO migration_source_subscriptions (migration_customer, position, subscription) "
    "SELECT id, ?2, ?3 FROM migration_customers WHERE migration = ?1 AND position = ?4";
constexpr const char* kInsertWarning =
    "INSERT INTO migration_warnings (migration_customer, position, code, message, parameters) "
    "SELECT id, ?2, ?3, ?5, ?6 FROM migration_customers WHERE migration = ?1 AND position = ?4";

constexpr const char* kAnalyzeMigrationCustomers = "ANALYZE migration_customers";

#define SEATSHIFT_MIGRATION_COLUMNS                                                            \
  "id, guid, source_sku_id, target, seat_policy, status, created_by, created_at, updated_at, " \
  "version, lease_owner, lease_expires_at, source_subscription "
constexpr const char* kFindMigration =
    "SELECT " SEATSHIFT_MIGRATION_COLUMNS "FROM migrations WHERE guid = ?1";
// Newest first: keys descend, so the page continues below the last key (0: from the top).
constexpr const char* kListMigrations = "SELECT " SEATSHIFT_MIGRATION_COLUMNS
                                        "FROM migrations WHERE (?1 = 0 OR id < ?1) "
                                        "ORDER BY id DESC LIMIT ?2";
#undef SEATSHIFT_MIGRATION_COLUMNS
constexpr const char* kCountMigrations = "SELECT count(*) FROM migrations";
// Through migrations_in_flight (schema 18): its WHERE clause repeats the index's.
constexpr const char* kFindInFlight =
    "SELECT guid FROM migrations WHERE source_subscription = ?1 "
    "AND source_subscription IS NOT NULL AND status IN ('planned', 'running', 'paused') "
    "ORDER BY id LIMIT 1";
constexpr const char* kSelectOverrides =
    "SELECT customer, target_sku_id FROM migration_target_overrides WHERE migration = ?1";

#define SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS                                                 \
  "SELECT mc.id, mc.position, c.guid, mc.target_sku_id, mc.action, mc.target_subscription, " \
  "mc.term, mc.billing_cycle, mc.seats, mc.users_to_move, mc.monthly_cost_before, "          \
  "mc.monthly_cost_after, mc.currency, mc.recommendation_reason, mc.step, mc.users_moved, "  \
  "mc.error_code, mc.error_description, mc.monthly_resale_before, mc.monthly_resale_after, " \
  "mc.recommendation_code, mc.recommendation_parameters, mc.error_parameters "               \
  "FROM migration_customers mc JOIN customers c ON c.id = mc.customer "                      \
  "WHERE mc.migration = (SELECT id FROM migrations WHERE guid = ?1) "
constexpr const char* kSelectCustomers =
    SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS "ORDER BY mc.position";
// Through the (migration, position) unique index: a page costs its own rows only.
constexpr const char* kSelectCustomersAfter =
    SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS "AND mc.position > ?2 ORDER BY mc.position LIMIT ?3";
#undef SEATSHIFT_MIGRATION_CUSTOMER_COLUMNS
constexpr const char* kSelectSources =
    "SELECT subscription FROM migration_source_subscriptions WHERE migration_customer = ?1 "
    "ORDER BY position";
constexpr const char* kSelectWarnings =
    "SELECT code, message, parameters FROM migration_warnings WHERE migration_customer = ?1 "
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
    "FROM migration_customers WHERE migration = (SELECT id FROM migrations WHERE guid = ?1)";

const MigrationCustomerChildQueries kCustomerChildren{.sources = kSelectSources,
                                                      .warnings = kSelectWarnings};

}  // namespace

std::vector<CustomerId> SqlTransaction::CustomersHoldingSku(const SkuId& sku,
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

Status SqlTransaction::CheckPlannedCustomers(const std::vector<MigrationCustomer>& customers) {
  std::vector<Uuid> guids;
  guids.reserve(customers.size());
  for (const MigrationCustomer& mc : customers) guids.push_back(mc.plan.customer_id.value());
  std::set<Uuid> existing;
  auto stmt = conn().Prepare(kExistingCustomers);
  stmt.BindGuids(1, guids);
  while (stmt.Step()) existing.insert(stmt.Guid(0));
  // The first customer in the plan's order that is missing or repeated names the error.
  std::set<CustomerId> seen;
  for (const MigrationCustomer& mc : customers) {
    const CustomerId& customer = mc.plan.customer_id;
    if (!existing.contains(customer.value())) {
      return Error(ErrorCode::kNotFound, fmt::format("customer {} not found", ToString(customer)),
                   {{"customerId", ToString(customer)}});
    }
    if (!seen.insert(customer).second) {
      return Error(ErrorCode::kAlreadyExists,
                   fmt::format("customer {} appears twice in the migration", ToString(customer)),
                   {{"customerId", ToString(customer)}});
    }
  }
  return OkStatus();
}

Status SqlTransaction::InsertMigration(const Migration& migration,
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
  SEATSHIFT_TRY(CheckPlannedCustomers(customers));
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
    const auto minor_units = [](const std::optional<Money>& money) {
      return money ? std::optional(money->minor_units) : std::nullopt;
    };
    ins.Bind(11, minor_units(plan.monthly_cost_before));
    ins.Bind(12, minor_units(plan.monthly_cost_after));
    ins.Bind(19, minor_units(plan.monthly_resale_before));
    ins.Bind(20, minor_units(plan.monthly_resale_after));
    ins.BindUncopied(13, plan.currency).BindUncopied(14, plan.recommendation_reason);
    ins.Bind(15, ToString(mc.step)).Bind(16, mc.users_moved);
    ins.BindUncopied(17, mc.error_code).BindUncopied(18, mc.error_description);
    ins.BindUncopied(21, plan.recommendation_code);
    ins.Bind(22, EncodeParameters(plan.recommendation_parameters));
    ins.Bind(23, EncodeParameters(mc.error_parameters));
    ins.ExecuteExpecting(1);  // each customer exists and appears once (CheckPlannedCustomers)
  }
  // A server's connection may have checked the children's foreign key while migration_customers
  // was nearly empty (an earlier plan of ten customers): PostgreSQL keeps that plan, a scan of the
  // table, and a fleet's children then took 20 s instead of 2 (docs/postgresql.md). Statistics
  // that count the rows just written make it plan the check again.
  RefreshStatistics(kAnalyzeMigrationCustomers);
  for (const MigrationCustomer& mc : customers) {
    const CustomerMigrationPlan& plan = mc.plan;
    for (std::size_t i = 0; i < plan.source_subscription_ids.size(); ++i) {
      auto src = conn().Prepare(kInsertSource);
      src.Bind(1, key).Bind(2, static_cast<std::int64_t>(i)).Bind(4, mc.position);
      src.Bind(3, plan.source_subscription_ids[i].value());
      src.ExecuteExpecting(1);
    }
    for (std::size_t i = 0; i < plan.warnings.size(); ++i) {
      auto warn = conn().Prepare(kInsertWarning);
      warn.Bind(1, key).Bind(2, static_cast<std::int64_t>(i)).Bind(4, mc.position);
      warn.Bind(3, ToString(plan.warnings[i].code)).BindUncopied(5, plan.warnings[i].message);
      warn.Bind(6, EncodeParameters(plan.warnings[i].parameters));
      warn.ExecuteExpecting(1);
    }
  }
  return OkStatus();
}

std::optional<Migration> SqlTransaction::FindMigration(const MigrationId& id) {
  auto stmt = conn().Prepare(kFindMigration);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadMigration(conn(), stmt, kSelectOverrides);
}

std::optional<MigrationId> SqlTransaction::FindMigrationInFlight(
    const SubscriptionId& subscription) {
  auto stmt = conn().Prepare(kFindInFlight);
  stmt.Bind(1, subscription.value());
  if (!stmt.Step()) return std::nullopt;
  return MigrationId(stmt.Guid(0));
}

Result<Page<Migration>> SqlTransaction::ListMigrations(const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  auto stmt = conn().Prepare(kListMigrations);
  stmt.Bind(1, after).Bind(2, page.limit + 1);
  Page<Migration> out = ReadPage<Migration>(stmt, page.limit, [this](const Statement& row) {
    return ReadMigration(conn(), row, kSelectOverrides);
  });
  auto count = conn().Prepare(kCountMigrations);
  count.Step();
  out.total = count.Int(0);
  return out;
}

std::vector<MigrationCustomer> SqlTransaction::ListMigrationCustomers(const MigrationId& id) {
  auto stmt = conn().Prepare(kSelectCustomers);
  stmt.Bind(1, id.value());
  std::vector<MigrationCustomer> out;
  while (stmt.Step()) out.push_back(ReadMigrationCustomer(conn(), stmt, kCustomerChildren));
  return out;
}

std::vector<MigrationCustomer> SqlTransaction::MigrationCustomersAfter(const MigrationId& id,
                                                                       int after_position,
                                                                       int limit) {
  auto stmt = conn().Prepare(kSelectCustomersAfter);
  stmt.Bind(1, id.value()).Bind(2, after_position).Bind(3, limit);
  std::vector<MigrationCustomer> out;
  while (stmt.Step()) out.push_back(ReadMigrationCustomer(conn(), stmt, kCustomerChildren));
  return out;
}

MigrationProgress SqlTransaction::CountMigrationProgress(const MigrationId& id) {
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

}  // namespace seatshift::store::sql
