#pragma once

// Schema version 24 (audit details shared by the records of a bulk change), written once for
// both dialects: each passes its spelling of an integer column (INT) and of an integer key the
// database assigns (PK). A macro of string literals, as each dialect's migrations are an array
// of them.

//! 24: a change of many resources at once (a migration batch moving a hundred users between the
//! same license lists) wrote the same actor, operation, before, after and correlation id into
//! each of its records: about 240 bytes a user, most of a migration's writes. Such records now
//! keep only what is theirs (time, resource, customer) and name the one audit_details row that
//! holds the rest; a record on its own keeps every column as before (detail NULL). The view
//! audit_entries joins the two back into whole records: the store reads the log through it
//! (store/sql/sql_audit.cpp), and so can anyone reading the database.
// clang-format off
#define SEATSHIFT_SCHEMA_24_AUDIT_DETAILS(INT, PK) \
  "CREATE TABLE audit_details (" "\n" \
  "  id " PK "," "\n" \
  "  agent_id TEXT NOT NULL," "\n" \
  "  role TEXT NOT NULL," "\n" \
  "  operation TEXT NOT NULL," "\n" \
  "  resource_type TEXT NOT NULL," "\n" \
  "  before TEXT NOT NULL," "\n" \
  "  after TEXT NOT NULL," "\n" \
  "  correlation_id TEXT NOT NULL" "\n" \
  ");" "\n" \
  "-- audit_details.id; no foreign key, as for customer: the log is append-only." "\n" \
  "ALTER TABLE audit_records ADD COLUMN detail " INT ";" "\n" \
  "CREATE VIEW audit_entries AS" "\n" \
  "  SELECT a.id, a.time, coalesce(d.agent_id, a.agent_id) AS agent_id," "\n" \
  "    coalesce(d.role, a.role) AS role, coalesce(d.operation, a.operation) AS operation," "\n" \
  "    coalesce(d.resource_type, a.resource_type) AS resource_type, a.resource_id," "\n" \
  "    a.customer, coalesce(d.before, a.before) AS before, coalesce(d.after, a.after) AS after," "\n" \
  "    coalesce(d.correlation_id, a.correlation_id) AS correlation_id" "\n" \
  "  FROM audit_records a LEFT JOIN audit_details d ON d.id = a.detail;" "\n"
// clang-format on
