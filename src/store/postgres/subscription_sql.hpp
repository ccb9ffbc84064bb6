#pragma once

// Statements whose query plans tests check; the backend's other statements stay private to
// their files.

namespace seatshift::store::postgres::sql {

extern const char* const kClaimDue;  //!< the lifecycle engine's work list ($1 until, $2 limit)

}  // namespace seatshift::store::postgres::sql
