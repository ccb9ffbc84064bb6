#pragma once

// Statements whose query plans tests check (that they walk their indexes), in the portable form
// (Dialect::Render gives a backend's text); the other statements stay private to their files.

namespace seatshift::store::sql {

extern const char* const kPartnerSubscriptions;  //!< the partner-wide search's page
extern const char* const kExpiringCount;         //!< the expiring report's count
extern const char* const kExpiringByEnd;         //!< the expiring report's page, soonest first
extern const char* const kClaimDue;  //!< the lifecycle engine's work list (?1 until, ?2 limit)

}  // namespace seatshift::store::sql
