#include "domain/migration_recommend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "domain/offer_matrix.hpp"

namespace seatshift {
namespace {

enum class Family { kBusiness, kEnterprise, kEducation, kFrontline, kGovernment };

//! The family as the API's parameter value.
std::string CodeOf(Family family) {
  switch (family) {
    case Family::kBusiness:
      return "business";
    case Family::kEnterprise:
      return "enterprise";
    case Family::kEducation:
      return "education";
    case Family::kFrontline:
      return "frontline";
    case Family::kGovernment:
      return "government";
  }
  return "unknown";
}

std::string_view NameOf(Family family) {
  switch (family) {
    case Family::kBusiness:
      return "Business";
    case Family::kEnterprise:
      return "Enterprise";
    case Family::kEducation:
      return "education";
    case Family::kFrontline:
      return "frontline";
    case Family::kGovernment:
      return "government";
  }
  return "unknown";
}

Family FamilyOf(const Sku& sku) {
  switch (sku.segment) {
    case Segment::kEducation:
      return Family::kEducation;
    case Segment::kFrontline:
      return Family::kFrontline;
    case Segment::kGovernment:
      return Family::kGovernment;
    case Segment::kCommercial:
      break;
  }
  return sku.maximum_quantity <= kBusinessSeatCap ? Family::kBusiness : Family::kEnterprise;
}

//! The families to look in, best first (see Recommend).
std::vector<Family> FamiliesFor(Segment segment, std::int64_t seats) {
  const Family commercial = seats <= kBusinessSeatCap ? Family::kBusiness : Family::kEnterprise;
  const Family other = commercial == Family::kBusiness ? Family::kEnterprise : Family::kBusiness;
  switch (segment) {
    case Segment::kCommercial:
      return {commercial, other};
    case Segment::kEducation:
      return {Family::kEducation, commercial, other};
    case Segment::kFrontline:
      return {Family::kFrontline, commercial, other};
    case Segment::kGovernment:
      return {Family::kGovernment, commercial, other};
  }
  return {commercial, other};
}

struct Candidate {
  const Sku* sku;
  PlanCoverage coverage;
  Money cost;
};

bool Better(const Candidate& a, const Candidate& b) {
  return std::tuple(a.coverage.missing.size(), a.cost.minor_units, a.sku->id) <
         std::tuple(b.coverage.missing.size(), b.cost.minor_units, b.sku->id);
}

std::string SizingPhrase(const CustomerEstate& estate, std::int64_t seats, Family first,
                         Family chosen) {
  std::string out =
      fmt::format("{}, {} seat{}", ToString(estate.customer.segment), seats, seats == 1 ? "" : "s");
  if (first == Family::kBusiness || first == Family::kEnterprise) {
    out += fmt::format(" {} {}", seats <= kBusinessSeatCap ? "≤" : ">", kBusinessSeatCap);
  }
  if (chosen == first) return out + fmt::format(": {} family", NameOf(chosen));
  return out +
         fmt::format(": no {} plan available, so the {} family", NameOf(first), NameOf(chosen));
}

std::string CoveragePhrase(const Candidate& best, std::size_t needed) {
  if (needed == 0) return "users have no service plan enabled";
  if (!best.coverage.KeepsAll()) {
    return fmt::format("no candidate keeps every service plan users have; lacks {}",
                       DescribePlans(best.coverage.missing));
  }
  std::string out =
      fmt::format("keeps all {} service plan{} users have", needed, needed == 1 ? "" : "s");
  if (!best.coverage.other_tier.empty()) {
    out += fmt::format(" ({} as another tier)", best.coverage.other_tier.size());
  }
  return out;
}

}  // namespace

Result<TargetChoice> Recommend(const Sku& source, const SkuLookup& find_sku,
                               const CustomerEstate& estate, SeatPolicy policy) {
  const std::int64_t seats = SeatsWanted(estate, source.id, policy);
  const PlannedTerm term = TermFor(SourceSubscriptions(estate, source.id));
  const std::string& currency = estate.customer.currency;
  const Buyer buyer = estate.AsBuyer();
  const std::vector<ServicePlan> needed = EnabledServicePlans(source, estate.source_licenses);

  std::vector<Candidate> qualified;
  for (const SkuId& id : source.replacements) {
    const Sku* sku = find_sku(id);
    if (!sku || !sku->IsPurchasableOn(estate.today)) continue;
    if (!CheckSoldIn(*sku, estate.customer.country).ok()) continue;
    auto cost = MonthlyCost(*sku, buyer, term, ClampToRange(*sku, seats), estate.today);
    if (!cost) continue;
    qualified.push_back({sku, CoverageOf(needed, *sku), std::move(cost->resale)});
  }
  if (qualified.empty() && source.replacements.empty()) {
    return Error(ErrorCode::kOfferNotPurchasable,
                 fmt::format("{} lists no replacement plan", source.id.value()),
                 {{"offerId", source.id.value()}, {"reason", std::string("noReplacementListed")}});
  }
  if (qualified.empty()) {
    return Error(ErrorCode::kOfferNotPurchasable,
                 fmt::format("no replacement of {} is purchasable on {} with a {} price "
                             "for term {} billed {}",
                             source.id.value(), FormatDate(estate.today), currency,
                             ToString(term.term), ToString(term.billing_cycle)),
                 {{"offerId", source.id.value()},
                  {"reason", std::string("noReplacementPurchasable")},
                  {"date", FormatDate(estate.today)},
                  {"currency", currency},
                  {"termDuration", std::string(ToString(term.term))},
                  {"billingCycle", std::string(ToString(term.billing_cycle))}});
  }

  const std::vector<Family> families = FamiliesFor(estate.customer.segment, seats);
  for (const Family family : families) {
    std::vector<const Candidate*> tier;
    for (const Candidate& c : qualified) {
      if (FamilyOf(*c.sku) == family) tier.push_back(&c);
    }
    if (tier.empty()) continue;
    const Candidate& best =
        **std::min_element(tier.begin(), tier.end(),
                           [](const Candidate* a, const Candidate* b) { return Better(*a, *b); });
    const auto alike = std::count_if(tier.begin(), tier.end(), [&](const Candidate* c) {
      return c->coverage.missing.size() == best.coverage.missing.size();
    });
    std::string cost_phrase = fmt::format("lowest monthly cost of {} candidates", alike);
    if (tier.size() == 1) {
      cost_phrase = "the only candidate";
    } else if (alike == 1) {
      cost_phrase = best.coverage.KeepsAll()
                        ? fmt::format("the only one of {} candidates that keeps them", tier.size())
                        : fmt::format("the only one of {} candidates missing only {}", tier.size(),
                                      best.coverage.missing.size());
    }
    Parameters parameters{{"segment", std::string(ToString(estate.customer.segment))},
                          {"seats", seats},
                          {"family", CodeOf(family)}};
    if (family != families.front())
      parameters.push_back({"preferredFamily", CodeOf(families.front())});
    if (families.front() == Family::kBusiness || families.front() == Family::kEnterprise) {
      parameters.push_back({"seatCap", std::int64_t{kBusinessSeatCap}});
    }
    std::vector<std::string> missing;
    for (const ServicePlan& plan : best.coverage.missing) {
      missing.push_back(plan.display_name.empty() ? plan.name : plan.display_name);
    }
    parameters.push_back({"servicePlansEnabled", static_cast<std::int64_t>(needed.size())});
    parameters.push_back({"servicePlansMissing", std::move(missing)});
    parameters.push_back(
        {"servicePlansOtherTier", static_cast<std::int64_t>(best.coverage.other_tier.size())});
    parameters.push_back({"candidates", static_cast<std::int64_t>(tier.size())});
    parameters.push_back({"candidatesAlike", static_cast<std::int64_t>(alike)});
    return TargetChoice{
        best.sku->id,
        fmt::format("{}; {}; {}", SizingPhrase(estate, seats, families.front(), family),
                    CoveragePhrase(best, needed.size()), cost_phrase),
        std::string(family == families.front() ? kRecommendedInFamily
                                               : kRecommendedInFallbackFamily),
        std::move(parameters)};
  }
  return Error(ErrorCode::kOfferNotPurchasable,
               fmt::format("no replacement of {} suits a {} customer: {} of them qualify, none of "
                           "the {} family",
                           source.id.value(), ToString(estate.customer.segment), qualified.size(),
                           NameOf(families.front())),
               {{"offerId", source.id.value()},
                {"reason", std::string("noReplacementForSegment")},
                {"segment", std::string(ToString(estate.customer.segment))},
                {"family", CodeOf(families.front())},
                {"candidates", static_cast<std::int64_t>(qualified.size())}});
}

}  // namespace seatshift
