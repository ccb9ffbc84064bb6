#include "store/sqlite/schema.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "store/schema_versions.hpp"
#include "store/sql/schema_audit_details.hpp"
#include "store/sql/schema_events.hpp"
#include "store/sql/schema_license_groups.hpp"
#include "store/sql/schema_report_order.hpp"
#include "store/sql/schema_runner.hpp"

namespace seatshift::store::sqlite {
namespace {

// Storage format: internal INTEGER keys (rowids) join the tables; the ids the outside world
// sees are 16-byte UUIDv7 BLOBs with their own unique index. Time-ordered ids keep inserts at
// the end of that index. Dates are ISO 'YYYY-MM-DD' text (they sort correctly); instants are
// Unix seconds. Never edit a migration that has shipped: add the next one.
constexpr SchemaMigrations kMigrations{
    R"sql(
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  segment TEXT NOT NULL
);
CREATE TABLE skus (
  id INTEGER PRIMARY KEY,
  sku_id TEXT NOT NULL UNIQUE,
  guid BLOB NOT NULL,
  product_id TEXT NOT NULL REFERENCES products(id),
  title TEXT NOT NULL,
  segment TEXT NOT NULL,
  minimum_quantity INTEGER NOT NULL,
  maximum_quantity INTEGER NOT NULL,
  end_of_sale TEXT,
  retirement TEXT
);
CREATE TABLE sku_service_plans (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  plan_id BLOB NOT NULL,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  PRIMARY KEY (sku, plan_id)
) WITHOUT ROWID;
CREATE TABLE sku_prices (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  currency TEXT NOT NULL,
  term TEXT NOT NULL,
  billing_cycle TEXT NOT NULL,
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (sku, currency, term, billing_cycle)
) WITHOUT ROWID;
-- Replacements name SKUs by string id: a replacement may be imported after the SKU it replaces.
CREATE TABLE sku_replacements (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  replacement_sku_id TEXT NOT NULL,
  PRIMARY KEY (sku, replacement_sku_id)
) WITHOUT ROWID;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  guid BLOB NOT NULL UNIQUE,
  company_name TEXT NOT NULL,
  domain TEXT NOT NULL UNIQUE,
  segment TEXT NOT NULL,
  country TEXT NOT NULL,
  currency TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  guid BLOB NOT NULL UNIQUE,
  customer INTEGER NOT NULL REFERENCES customers(id),
  upn TEXT NOT NULL,
  display_name TEXT NOT NULL,
  usage_location TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (customer, upn)
);

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  guid BLOB NOT NULL UNIQUE,
  customer INTEGER NOT NULL REFERENCES customers(id),
  sku INTEGER NOT NULL REFERENCES skus(id),
  friendly_name TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  status TEXT NOT NULL
    CHECK (status IN ('active', 'suspended', 'expired', 'disabled', 'deleted')),
  term_start TEXT NOT NULL,
  term_end TEXT NOT NULL,
  term TEXT NOT NULL,
  billing_cycle TEXT NOT NULL,
  auto_renew INTEGER NOT NULL CHECK (auto_renew IN (0, 1)),
  suspension_reasons TEXT NOT NULL DEFAULT '',
  suspended_at INTEGER,
  status_changed_at INTEGER,
  order_guid BLOB,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1)
);
CREATE INDEX subscriptions_by_customer_sku ON subscriptions (customer, sku, status);
-- The expiring report: active subscriptions that will not renew, by end date.
CREATE INDEX subscriptions_expiring ON subscriptions (term_end)
  WHERE auto_renew = 0 AND status = 'active';

-- Keyed by customer first: a customer's licenses are one range of one B-tree (read in one pass,
-- written in one place by a batch), and each change touches a single index. Hence no foreign
-- key to users: SQLite would need a second index on `user` to check it on every user deletion.
-- The store deletes a user's licenses itself, in the same transaction as the user.
CREATE TABLE licenses (
  customer INTEGER NOT NULL,
  user INTEGER NOT NULL,
  sku INTEGER NOT NULL REFERENCES skus(id),
  excluded_plans TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (customer, user, sku)
) WITHOUT ROWID;
-- How many licenses of each SKU a customer has assigned: the seat check reads one row instead
-- of counting every license. Kept by the store, updated once per SKU per transaction.
CREATE TABLE license_counts (
  customer INTEGER NOT NULL REFERENCES customers(id),
  sku INTEGER NOT NULL REFERENCES skus(id),
  assigned INTEGER NOT NULL CHECK (assigned >= 0),
  PRIMARY KEY (customer, sku)
) WITHOUT ROWID;

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  guid BLOB NOT NULL UNIQUE,
  customer INTEGER NOT NULL REFERENCES customers(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer, id);
CREATE TABLE order_line_items (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  line_item_number INTEGER NOT NULL,
  sku_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  friendly_name TEXT NOT NULL,
  term TEXT NOT NULL,
  billing_cycle TEXT NOT NULL,
  subscription_guid BLOB,
  PRIMARY KEY (order_id, line_item_number)
) WITHOUT ROWID;

CREATE TABLE audit_records (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  role TEXT NOT NULL,
  operation TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  customer INTEGER,  -- customers.id; no foreign key: the log outlives what it records
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  correlation_id TEXT NOT NULL
);
-- Every resource but a catalog SKU belongs to a customer, so one index serves the audit views:
-- a customer's records in order, and (filtered on the way) one resource's. It leads with the
-- customer so that a batch of changes to one customer's users appends to one narrow range; an
-- index on the resource id alone would put each user's record on a random page.
CREATE INDEX audit_by_customer ON audit_records (customer, id);
-- X
)sql",
    // 2: agents and their tokens; idempotency keys of create requests.
    R"sql(
CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  guid BLOB NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL
    CHECK (role IN ('admin_agent', 'sales_agent', 'helpdesk_agent', 'billing_admin')),
  token_hash TEXT NOT NULL UNIQUE,  -- BLAKE2b of the bearer token, hex; never the token
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL
);
CREATE TABLE request_keys (
  agent_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  response_status INTEGER NOT NULL DEFAULT 0,
  response_body TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (agent_id, request_id)
) WITHOUT ROWID;
)sql",
    // 3: users carry a version, the ETag of PATCH /users/{id}.
    R"sql(
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
)sql",
    // 4: a counter every catalog write increments in its own transaction, so that processes
    // can cache the catalog and know, with one row read, whether their copy is current.
    R"sql(
CREATE TABLE catalog_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);
CREATE TRIGGER products_insert_bumps_catalog AFTER INSERT ON products
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER products_update_bumps_catalog AFTER UPDATE ON products
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER products_delete_bumps_catalog AFTER DELETE ON products
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER skus_insert_bumps_catalog AFTER INSERT ON skus
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER skus_update_bumps_catalog AFTER UPDATE ON skus
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER skus_delete_bumps_catalog AFTER DELETE ON skus
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_service_plans_insert_bumps_catalog AFTER INSERT ON sku_service_plans
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_service_plans_update_bumps_catalog AFTER UPDATE ON sku_service_plans
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_service_plans_delete_bumps_catalog AFTER DELETE ON sku_service_plans
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_prices_insert_bumps_catalog AFTER INSERT ON sku_prices
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_prices_update_bumps_catalog AFTER UPDATE ON sku_prices
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_prices_delete_bumps_catalog AFTER DELETE ON sku_prices
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_replacements_insert_bumps_catalog AFTER INSERT ON sku_replacements
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_replacements_update_bumps_catalog AFTER UPDATE ON sku_replacements
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_replacements_delete_bumps_catalog AFTER DELETE ON sku_replacements
  BEGIN UPDATE catalog_version SET version = version + 1; END;
)sql",
    // 5: the lifecycle engine: what is due when, what was charged, the simulated clock.
    R"sql(
ALTER TABLE subscriptions ADD COLUMN next_charge_on TEXT;
-- NextDueAt(subscription) in Unix seconds, kept by the store on every write; NULL: nothing due.
ALTER TABLE subscriptions ADD COLUMN due_at INTEGER;
-- Rows written before this version: charged from their next term, looked at by the next pass.
UPDATE subscriptions SET next_charge_on = date(term_end, '+1 day'), due_at = 0
  WHERE status <> 'deleted';
CREATE INDEX subscriptions_due ON subscriptions (due_at) WHERE due_at IS NOT NULL;
-- Partial-index conditions are OR chains, not IN lists: SQLite evaluates an IN list through a
-- temporary table on every write of a row, which made each subscription update allocate.
CREATE INDEX subscriptions_auto_renewing ON subscriptions (sku)
  WHERE auto_renew = 1 AND (status = 'active' OR status = 'suspended');
CREATE TABLE charges (
  id INTEGER PRIMARY KEY,
  customer INTEGER NOT NULL REFERENCES customers(id),
  subscription INTEGER NOT NULL REFERENCES subscriptions(id),
  sku_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cycle', 'proration')),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  charged_at INTEGER NOT NULL
);
-- A period is charged once, whichever process gets there: the second insert fails.
CREATE UNIQUE INDEX charges_one_cycle_per_period ON charges (subscription, period_start)
  WHERE kind = 'cycle';
CREATE INDEX charges_by_customer ON charges (customer, id);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 6: the service-loss forecast's candidates that need no date: subscriptions whose users
    // have lost or are about to lose access, few next to all the active ones.
    R"sql(
CREATE INDEX subscriptions_lapsing ON subscriptions (customer, sku, status)
  WHERE status = 'suspended' OR status = 'expired' OR status = 'disabled';
)sql",
    // 7: an idempotency key remembers the request target it was first used on.
    R"sql(
ALTER TABLE request_keys ADD COLUMN target TEXT NOT NULL DEFAULT '';
)sql",
    // 8: the first day of a subscription's first term, which later terms count months from.
    R"sql(
ALTER TABLE subscriptions ADD COLUMN term_anchor TEXT;
)sql",
    // 9: sku_replacements with its key columns first. SQLite 3.40's integrity_check misreads a
    // WITHOUT ROWID table whose last column is part of the key and a NOT NULL column sits
    // between the key columns: it reported "NULL value in sku_replacements.position" for every
    // row, hiding real corruption behind a false alarm. Same rows, same triggers, same order.
    R"sql(
CREATE TABLE sku_replacements_v9 (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  replacement_sku_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (sku, replacement_sku_id)
) WITHOUT ROWID;
INSERT INTO sku_replacements_v9 (sku, replacement_sku_id, position)
  SELECT sku, replacement_sku_id, position FROM sku_replacements;
DROP TABLE sku_replacements;
ALTER TABLE sku_replacements_v9 RENAME TO sku_replacements;
CREATE TRIGGER sku_replacements_insert_bumps_catalog AFTER INSERT ON sku_replacements
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_replacements_update_bumps_catalog AFTER UPDATE ON sku_replacements
  BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER sku_replacements_delete_bumps_catalog AFTER DELETE ON sku_replacements
  BEGIN UPDATE catalog_version SET version = version + 1; END;
)sql",
    // 10: an agent's token may expire (Unix seconds of real time; NULL: never).
    R"sql(
ALTER TABLE agents ADD COLUMN token_expires_at INTEGER;
)sql",
    // 11: migrations (durable jobs) and their customers. SKU ids are text, as in
    // sku_replacements: a plan names what the catalog named when it was made. Subscriptions are
    // their GUIDs (no foreign key: a deprovisioned subscription's plan stays readable). Progress
    // lives on the customer rows and is counted from them, never kept in counters on the
    // migration row, which every batch of the engine would otherwise rewrite.
    R"sql(
CREATE TABLE migrations (
  id INTEGER PRIMARY KEY,
  guid BLOB NOT NULL UNIQUE,
  source_sku_id TEXT NOT NULL,
  target TEXT NOT NULL,  -- a SKU id, or 'recommended'
  seat_policy TEXT NOT NULL CHECK (seat_policy IN ('assigned', 'source_quantity')),
  status TEXT NOT NULL CHECK (status IN ('planned', 'running', 'paused', 'completed',
    'completed_with_errors', 'rolled_back', 'failed')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  lease_owner TEXT,
  lease_expires_at INTEGER,
  CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL))
);
-- The engine's work list: migrations someone should be running.
CREATE INDEX migrations_runnable ON migrations (lease_expires_at) WHERE status = 'running';
CREATE TABLE migration_target_overrides (
  migration INTEGER NOT NULL REFERENCES migrations(id) ON DELETE CASCADE,
  customer BLOB NOT NULL,
  target_sku_id TEXT NOT NULL,
  PRIMARY KEY (migration, customer)
) WITHOUT ROWID;
CREATE TABLE migration_customers (
  id INTEGER PRIMARY KEY,
  migration INTEGER NOT NULL REFERENCES migrations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  customer INTEGER NOT NULL REFERENCES customers(id),
  target_sku_id TEXT NOT NULL,  -- '' when no target could be chosen (action 'none')
  action TEXT NOT NULL CHECK (action IN ('purchase', 'addSeats', 'none')),
  target_subscription BLOB,  -- addSeats: the one that grows; purchase: the one step A bought
  term TEXT NOT NULL,
  billing_cycle TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats >= 0),
  users_to_move INTEGER NOT NULL CHECK (users_to_move >= 0),
  monthly_cost_before INTEGER,  -- minor units of currency; NULL when a price is missing
  monthly_cost_after INTEGER,
  currency TEXT NOT NULL,
  recommendation_reason TEXT NOT NULL,
  step TEXT NOT NULL CHECK (step IN ('pending', 'purchased', 'moving', 'suspended', 'done',
    'failed', 'rolled_back')),
  users_moved INTEGER NOT NULL DEFAULT 0 CHECK (users_moved >= 0),
  error_code TEXT NOT NULL DEFAULT '',
  error_description TEXT NOT NULL DEFAULT '',
  UNIQUE (migration, position),
  UNIQUE (migration, customer)
);
CREATE TABLE migration_source_subscriptions (
  migration_customer INTEGER NOT NULL REFERENCES migration_customers(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  subscription BLOB NOT NULL,
  PRIMARY KEY (migration_customer, position)
) WITHOUT ROWID;
CREATE TABLE migration_warnings (
  migration_customer INTEGER NOT NULL REFERENCES migration_customers(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (migration_customer, position)
) WITHOUT ROWID;
CREATE INDEX migration_warnings_by_code ON migration_warnings (code);
)sql",
    // 12: what step B took from each user, for a rollback to give back exactly: the source
    // license's excluded plans, and whether B assigned the target (false: the user held it
    // already). A row is written with the batch that moved the user and deleted with the
    // rollback batch that moved the user back.
    R"sql(
CREATE TABLE migration_moved_users (
  migration_customer INTEGER NOT NULL REFERENCES migration_customers(id) ON DELETE CASCADE,
  user BLOB NOT NULL,
  excluded_plans TEXT NOT NULL,  -- comma-separated service plan ids, as in licenses
  target_assigned INTEGER NOT NULL CHECK (target_assigned IN (0, 1)),
  PRIMARY KEY (migration_customer, user)
) WITHOUT ROWID;
)sql",
    // 13: a migration may replace one subscription only (Partner Center's upgrade of one
    // subscription): its GUID, kept with the migration so that a run resumed after a crash moves
    // only the users resting on its seats and suspends it alone. NULL: every source
    // subscription of each customer.
    R"sql(
ALTER TABLE migrations ADD COLUMN source_subscription BLOB;
)sql",
    // 14: a user's given and family names, as Partner Center's CustomerUser carries them ('' when
    // not given; the display name stays the name shown).
    R"sql(
ALTER TABLE users ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_name TEXT NOT NULL DEFAULT '';
)sql",
    // 15: agents sign in to the portal with a password (libsodium crypto_pwhash_str; NULL: no
    // password, tokens only) and hold sessions: the hex BLAKE2b digest of the session cookie
    // (never the cookie itself) and when it ends, in Unix seconds of real time.
    R"sql(
ALTER TABLE agents ADD COLUMN password_hash TEXT;
CREATE TABLE agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX agent_sessions_by_agent ON agent_sessions (agent);
)sql",
    // 16: a customer planned with nothing to do (action 'skip': no active source, nobody holding
    // it). SQLite cannot change a CHECK in place, so migration_customers is built anew; its
    // children are built anew first, because dropping a table that is still referenced deletes
    // the referencing rows (ON DELETE CASCADE). Renaming a table rewrites the references to it.
    R"sql(
CREATE TABLE migration_customers_v16 (
  id INTEGER PRIMARY KEY,
  migration INTEGER NOT NULL REFERENCES migrations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  customer INTEGER NOT NULL REFERENCES customers(id),
  target_sku_id TEXT NOT NULL,  -- '' when no target could be chosen (action 'none')
  action TEXT NOT NULL CHECK (action IN ('purchase', 'addSeats', 'none', 'skip')),
  target_subscription BLOB,  -- addSeats: the one that grows; purchase: the one step A bought
  term TEXT NOT NULL,
  billing_cycle TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats >= 0),
  users_to_move INTEGER NOT NULL CHECK (users_to_move >= 0),
  monthly_cost_before INTEGER,  -- minor units of currency; NULL when a price is missing
  monthly_cost_after INTEGER,
  currency TEXT NOT NULL,
  recommendation_reason TEXT NOT NULL,
  step TEXT NOT NULL CHECK (step IN ('pending', 'purchased', 'moving', 'suspended', 'done',
    'failed', 'rolled_back')),
  users_moved INTEGER NOT NULL DEFAULT 0 CHECK (users_moved >= 0),
  error_code TEXT NOT NULL DEFAULT '',
  error_description TEXT NOT NULL DEFAULT '',
  UNIQUE (migration, position),
  UNIQUE (migration, customer)
);
INSERT INTO migration_customers_v16 SELECT * FROM migration_customers;
CREATE TABLE migration_source_subscriptions_v16 (
  migration_customer INTEGER NOT NULL REFERENCES migration_customers_v16(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  subscription BLOB NOT NULL,
  PRIMARY KEY (migration_customer, position)
) WITHOUT ROWID;
INSERT INTO migration_source_subscriptions_v16 SELECT * FROM migration_source_subscriptions;
CREATE TABLE migration_warnings_v16 (
  migration_customer INTEGER NOT NULL REFERENCES migration_customers_v16(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (migration_customer, position)
) WITHOUT ROWID;
INSERT INTO migration_warnings_v16 SELECT * FROM migration_warnings;
CREATE TABLE migration_moved_users_v16 (
  migration_customer INTEGER NOT NULL REFERENCES migration_customers_v16(id) ON DELETE CASCADE,
  user BLOB NOT NULL,
  excluded_plans TEXT NOT NULL,  -- comma-separated service plan ids, as in licenses
  target_assigned INTEGER NOT NULL CHECK (target_assigned IN (0, 1)),
  PRIMARY KEY (migration_customer, user)
) WITHOUT ROWID;
INSERT INTO migration_moved_users_v16 SELECT * FROM migration_moved_users;
DROP TABLE migration_source_subscriptions;
DROP TABLE migration_warnings;
DROP TABLE migration_moved_users;
DROP TABLE migration_customers;
ALTER TABLE migration_customers_v16 RENAME TO migration_customers;
ALTER TABLE migration_source_subscriptions_v16 RENAME TO migration_source_subscriptions;
ALTER TABLE migration_warnings_v16 RENAME TO migration_warnings;
ALTER TABLE migration_moved_users_v16 RENAME TO migration_moved_users;
CREATE INDEX migration_warnings_by_code ON migration_warnings (code);
)sql",
    // 17: PostgreSQL's due index gained id, the order the lifecycle claims rows in; SQLite's
    // already has it (every index ends with the rowid).
    R"sql(
-- nothing to do
)sql",
    // 18: one migration of a single subscription (an upgrade) may be in flight at a time: the
    // plan looks its source subscription up among the migrations not yet ended. A user's
    // immutableId (the on-premises directory's anchor; '' when not given).
    R"sql(
ALTER TABLE users ADD COLUMN immutable_id TEXT NOT NULL DEFAULT '';
CREATE INDEX migrations_in_flight ON migrations (source_subscription)
  WHERE source_subscription IS NOT NULL AND status IN ('planned', 'running', 'paused');
)sql",
    // 19: Microsoft's price list (rows kept by offer id, "ProductId:SkuId", so a SKU mapped
    // later finds them), the SKU's offer id, the partner's margin rules, a subscription's price
    // fixed for its term, a charge's cost beside its (resale) price, a migration plan's resale
    // months. Charges and plans written before: the price was the catalog's, cost = resale.
    R"sql(
ALTER TABLE skus ADD COLUMN offer_id TEXT;
CREATE UNIQUE INDEX skus_by_offer ON skus (offer_id) WHERE offer_id IS NOT NULL;
CREATE TABLE price_list (
  id INTEGER PRIMARY KEY,
  offer_id TEXT NOT NULL,
  market TEXT NOT NULL,
  currency TEXT NOT NULL,
  segment TEXT NOT NULL,
  term TEXT NOT NULL,
  billing_plan TEXT NOT NULL,
  tier_min INTEGER NOT NULL,
  tier_max INTEGER,
  effective_start TEXT NOT NULL,
  effective_end TEXT,
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  erp_price INTEGER CHECK (erp_price >= 0),
  product_title TEXT NOT NULL,
  sku_title TEXT NOT NULL,
  UNIQUE (offer_id, market, currency, segment, term, billing_plan, tier_min, effective_start)
);
-- Microsoft's offer matrix, per SKU: the markets it is sold in, the offers it needs, the SKUs it
-- converts to. Written only with their SKU's row (whose triggers bump the catalog version).
CREATE TABLE sku_markets (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  market TEXT NOT NULL,
  PRIMARY KEY (sku, market)
) WITHOUT ROWID;
CREATE TABLE sku_prerequisites (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  offer_id TEXT NOT NULL,
  PRIMARY KEY (sku, position)
) WITHOUT ROWID;
CREATE TABLE sku_conversions (
  sku INTEGER NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  target_sku_id TEXT NOT NULL,
  PRIMARY KEY (sku, position)
) WITHOUT ROWID;
CREATE TABLE margin_rules (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  basis_points INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
ALTER TABLE subscriptions ADD COLUMN price_cost INTEGER;
ALTER TABLE subscriptions ADD COLUMN price_resale INTEGER;
ALTER TABLE charges ADD COLUMN unit_cost INTEGER;
UPDATE charges SET unit_cost = unit_price;
ALTER TABLE migration_customers ADD COLUMN monthly_resale_before INTEGER;
ALTER TABLE migration_customers ADD COLUMN monthly_resale_after INTEGER;
UPDATE migration_customers SET monthly_resale_before = monthly_cost_before,
  monthly_resale_after = monthly_cost_after;
)sql",
    // 20: every message a migration keeps carries its values beside its English sentence, so that
    // a client says it in its own language: a recommendation's code and parameters, a warning's
    // and a customer's error's parameters (store/sql/stored_values.hpp EncodeParameters). Rows
    // written before have none ('').
    R"sql(
ALTER TABLE migration_customers ADD COLUMN recommendation_code TEXT NOT NULL DEFAULT '';
ALTER TABLE migration_customers ADD COLUMN recommendation_parameters TEXT NOT NULL DEFAULT '';
ALTER TABLE migration_customers ADD COLUMN error_parameters TEXT NOT NULL DEFAULT '';
ALTER TABLE migration_warnings ADD COLUMN parameters TEXT NOT NULL DEFAULT '';
)sql",
    // 21: New Commerce. A SKU is sold as New Commerce unless legacy: the two legacy offers of
    // the default catalog are marked so for databases made before (a partner's catalog file
    // names its own). A subscription keeps its term's purchase lots (stored_values.hpp
    // EncodeLots) and what its next term is scheduled to be.
    R"sql(
ALTER TABLE skus ADD COLUMN commerce TEXT NOT NULL DEFAULT 'newCommerce';
UPDATE skus SET commerce = 'legacy' WHERE sku_id IN ('KAIZALA_PRO', 'ENTERPRISEWITHSCAL');
ALTER TABLE subscriptions ADD COLUMN purchase_lots TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN scheduled_sku_id TEXT;
ALTER TABLE subscriptions ADD COLUMN scheduled_term TEXT;
ALTER TABLE subscriptions ADD COLUMN scheduled_billing_cycle TEXT;
ALTER TABLE subscriptions ADD COLUMN scheduled_quantity INTEGER;
ALTER TABLE subscriptions ADD COLUMN scheduled_term_end TEXT;
)sql",
    // 22: events. The outbox (events, written in the transaction of their change; `txn` orders
    // them as they committed, store/sql/sql_events.cpp), webhook endpoints with the event names
    // each receives, one delivery per event and endpoint with its attempts, and alerts (one per
    // rule and occurrence). A subscription's latest cancellation window, for the alert that
    // it closes.
    SEATSHIFT_SCHEMA_22_EVENTS("INTEGER", "INTEGER PRIMARY KEY", "BLOB", ""),
    sql::kSchema23ExpiringInReportOrder,
    // 24: audit records of a bulk change share one row of what they have in common.
    SEATSHIFT_SCHEMA_24_AUDIT_DETAILS("INTEGER", "INTEGER PRIMARY KEY"),
    // 25: the licenses that exclude service plans, indexed apart for planning.
    sql::kSchema25LicensesExcludingPlans,
};

static_assert(Complete(kMigrations), "every schema version needs its SQLite migration");

}  // namespace

int LatestSchemaVersion() { return kLatestSchemaVersion; }

void Migrate(Connection& conn, int target) {
  sql::Migrate(conn, kMigrations,
               {
                   // BEGIN IMMEDIATE: two processes opening a new file at once apply each
                   // migration once.
                   .begin = [](sql::Connection& c) { c.Exec("BEGIN IMMEDIATE"); },
                   .read =
                       [](sql::Connection& c) {
                         auto stmt = c.Prepare("PRAGMA user_version");
                         stmt.Step();
                         return static_cast<int>(stmt.Int(0));
                       },
                   .write =
                       [](sql::Connection& c, int version) {
                         c.Exec(fmt::format("PRAGMA user_version = {}", version).c_str());
                       },
               },
               target);
}

}  // namespace seatshift::store::sqlite
