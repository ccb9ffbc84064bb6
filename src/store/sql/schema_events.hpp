#pragma once

// Schema version 22 (events, webhooks, alerts), written once for both dialects: each passes its
// spelling of an integer column (INT), of an integer key the database assigns (PK), of a GUID
// column (GUID), and the index the events' stream order needs (STREAM_INDEX: none on SQLite,
// where ids are the order; by transaction and id on PostgreSQL, store/sql/sql_events.cpp).
// A macro of string literals, as each dialect's migrations are an array of them.
// clang-format off
#define SEATSHIFT_SCHEMA_22_EVENTS(INT, PK, GUID, STREAM_INDEX) \
  "CREATE TABLE events (" "\n" \
  "  id " PK "," "\n" \
  "  txn " INT " NOT NULL," "\n" \
  "  name TEXT NOT NULL," "\n" \
  "  resource_name TEXT NOT NULL," "\n" \
  "  resource_uri TEXT NOT NULL," "\n" \
  "  audit_uri TEXT NOT NULL," "\n" \
  "  customer " INT "," "\n" \
  "  time " INT " NOT NULL," "\n" \
  "  correlation_id TEXT NOT NULL," "\n" \
  "  data TEXT NOT NULL" "\n" \
  ");" "\n" \
  STREAM_INDEX "CREATE TABLE webhook_endpoints (" "\n" \
  "  id " PK "," "\n" \
  "  guid " GUID " NOT NULL UNIQUE," "\n" \
  "  url TEXT NOT NULL," "\n" \
  "  description TEXT NOT NULL," "\n" \
  "  secret TEXT NOT NULL," "\n" \
  "  paused " INT " NOT NULL," "\n" \
  "  partner_center " INT "," "\n" \
  "  created_at " INT " NOT NULL," "\n" \
  "  version " INT " NOT NULL" "\n" \
  ");" "\n" \
  "CREATE UNIQUE INDEX webhook_partner_center ON webhook_endpoints (partner_center)" "\n" \
  "  WHERE partner_center = 1;" "\n" \
  "-- The names an endpoint receives; '*' for every name but test-created." "\n" \
  "CREATE TABLE webhook_endpoint_events (" "\n" \
  "  endpoint " INT " NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE," "\n" \
  "  name TEXT NOT NULL," "\n" \
  "  PRIMARY KEY (name, endpoint)" "\n" \
  ");" "\n" \
  "CREATE TABLE webhook_deliveries (" "\n" \
  "  id " PK "," "\n" \
  "  endpoint " INT " NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE," "\n" \
  "  event " INT " NOT NULL REFERENCES events(id)," "\n" \
  "  resource_uri TEXT NOT NULL," "\n" \
  "  state TEXT NOT NULL," "\n" \
  "  attempts " INT " NOT NULL," "\n" \
  "  next_attempt_at " INT " NOT NULL," "\n" \
  "  lease_owner TEXT," "\n" \
  "  lease_expires_at " INT "," "\n" \
  "  last_status " INT "," "\n" \
  "  last_error TEXT NOT NULL," "\n" \
  "  delivered_at " INT "\n" \
  ");" "\n" \
  "-- The only index a change writes to: claims and the order per resource read the pending ones." "\n" \
  "-- (A delivery log is read by endpoint from the table: endpoints are few.)" "\n" \
  "CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint, resource_uri, id)" "\n" \
  "  WHERE state = 'pending';" "\n" \
  "CREATE TABLE webhook_attempts (" "\n" \
  "  id " PK "," "\n" \
  "  delivery " INT " NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE," "\n" \
  "  at " INT " NOT NULL," "\n" \
  "  status " INT "," "\n" \
  "  error TEXT NOT NULL," "\n" \
  "  latency_ms " INT " NOT NULL," "\n" \
  "  response_excerpt TEXT NOT NULL," "\n" \
  "  server TEXT NOT NULL" "\n" \
  ");" "\n" \
  "CREATE INDEX webhook_attempts_of_delivery ON webhook_attempts (delivery, id);" "\n" \
  "CREATE TABLE alerts (" "\n" \
  "  id " PK "," "\n" \
  "  guid " GUID " NOT NULL UNIQUE," "\n" \
  "  rule TEXT NOT NULL," "\n" \
  "  occurrence TEXT NOT NULL," "\n" \
  "  customer " INT "," "\n" \
  "  resource_name TEXT NOT NULL," "\n" \
  "  resource_id TEXT NOT NULL," "\n" \
  "  resource_uri TEXT NOT NULL," "\n" \
  "  raised_at " INT " NOT NULL," "\n" \
  "  due_at " INT "," "\n" \
  "  parameters TEXT NOT NULL," "\n" \
  "  dismissed_at " INT "," "\n" \
  "  dismissed_by TEXT NOT NULL," "\n" \
  "  UNIQUE (rule, occurrence)" "\n" \
  ");" "\n" \
  "CREATE INDEX alerts_open ON alerts (id) WHERE dismissed_at IS NULL;" "\n" \
  "ALTER TABLE subscriptions ADD COLUMN window_closes_at " INT ";" "\n" \
  "CREATE INDEX subscriptions_in_window ON subscriptions (window_closes_at)" "\n" \
  "  WHERE window_closes_at IS NOT NULL;" "\n" \
  ""
// clang-format on
