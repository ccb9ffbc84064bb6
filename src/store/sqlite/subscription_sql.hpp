#pragma once

// Statements whose query plans tests check (that they walk their partial indexes); the
// backend's other statements stay private to their files.

namespace seatshift::store::sqlite::sql {

extern const char* const kPartnerSubscriptions;  //!< the partner-wide search's page
extern const char* const kExpiringCount;         //!< the expiring report's count
extern const char* const kDueSubscriptions;      //!< the lifecycle engine's work list

}  // namespace seatshift::store::sqlite::sql
