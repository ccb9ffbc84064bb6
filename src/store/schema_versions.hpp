#pragma once

#include <algorithm>
#include <array>

namespace seatshift::store {

//! The schema version this program writes, one number for every backend. Each SQL dialect
//! (sqlite/schema.cpp, postgres/schema.cpp) holds a SchemaMigrations list with exactly one
//! migration per version: raising this number fails to compile until both dialects have theirs.
//!   1 catalog, customers, users, subscriptions, licenses, orders, audit
//!   2 agents, idempotency keys      3 user versions        4 catalog version
//!   5 lifecycle (due instant, charges, settings)           6 lapsing index
//!   7 request key target            8 term anchor          9 sku_replacements key order
//!  10 token expiry                 11 migrations          12 moved users
//!  13 single-subscription migrations                      14 user first/last names
//!  15 agent passwords and portal sessions              16 migration action 'skip'
//!  17 due index in claim order   18 upgrades in flight, user immutableId
//!  19 price list, offer ids, margins, term prices
//!  20 parameters of migration messages (recommendation, warnings, errors)
//!  21 New Commerce: SKU commerce, purchase lots, scheduled next term
//!  22 events: outbox, webhooks, deliveries, alerts
//!  23 expiring report index in the report's order
//!  24 audit details shared by the records of a bulk change
//!  25 an index of the licenses that exclude service plans
inline constexpr int kLatestSchemaVersion = 25;

//! A dialect's migrations: [v - 1] brings a database from version v - 1 to v.
using SchemaMigrations = std::array<const char*, kLatestSchemaVersion>;

//! Whether every version has its migration (a list shorter than the versions compiles, its tail
//! left null: dialects static_assert this).
constexpr bool Complete(const SchemaMigrations& migrations) {
  return std::none_of(migrations.begin(), migrations.end(),
                      [](const char* sql) { return sql == nullptr; });
}

}  // namespace seatshift::store
