#pragma once

// The `recommended` target of a migration: which of the source SKU's replacements suits one
// customer. Pure catalog data; no SKU id is named in code.

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "domain/catalog.hpp"
#include "domain/license.hpp"
#include "domain/migration_inputs.hpp"

namespace seatshift {

//! The real vendor caps its Business plans at this many seats, so a commercial SKU whose
//! maximum quantity is at most this is a Business plan; a larger one is an Enterprise plan.
inline constexpr int kBusinessSeatCap = 300;

//! The codes of a recommendation's reason (TargetChoice::code): the customer's own family of
//! plans, or a fallback family because its own had no candidate.
inline constexpr std::string_view kRecommendedInFamily = "recommendedInFamily";
inline constexpr std::string_view kRecommendedInFallbackFamily = "recommendedInFallbackFamily";

struct TargetChoice {
  SkuId target;
  std::string reason;  //!< one sentence for a sales agent, e.g. "commercial, 42 seats ≤ 300: ..."
  //! `reason` as a stable code (kRecommendedIn...) and its values: segment, seats, family
  //! (business, enterprise, education, frontline, government), preferredFamily (the fallback's),
  //! seatCap (when a commercial family was sought), servicePlansEnabled, servicePlansMissing (the
  //! names of those the target lacks), servicePlansOtherTier, candidates (in the family),
  //! candidatesAlike (as few missing plans as the chosen one).
  std::string code;
  Parameters parameters;
};

//! Chooses among `source.replacements` (looked up with `find_sku`; unknown ids are ignored) for
//! the customer of `estate`, sized by `policy` (SeatsWanted). Candidates are the replacements
//! purchasable on `estate.today` with a price in the customer's currency for the planned term
//! (TermFor the source subscriptions). Tiers, first non-empty wins:
//!  1. the customer's segment family: education → education SKUs; frontline → frontline SKUs;
//!     government → government SKUs; commercial → Business plans (max quantity ≤ 300) for up
//!     to 300 seats, Enterprise plans (larger max) above;
//!  2. a fallback the reason names: commercial → the other commercial family; education,
//!     frontline and government → the commercial family by seats, then the other one. A
//!     commercial customer is never offered education, frontline or government SKUs (those
//!     need eligibility or fit other workers).
//! Within the tier: fewest service plans users have enabled that the target lacks (CoverageOf:
//! another tier of the same service counts as kept), then the lowest monthly cost for the seats
//! clamped to the SKU's range, then the SKU id.
//! Fails with kOfferNotPurchasable when no replacement qualifies, saying why; its details name
//! `offerId` and `reason` (noReplacementListed, noReplacementPurchasable or
//! noReplacementForSegment), with the values that sentence names.
Result<TargetChoice> Recommend(const Sku& source, const SkuLookup& find_sku,
                               const CustomerEstate& estate, SeatPolicy policy);

}  // namespace seatshift
