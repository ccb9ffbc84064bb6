#pragma once

#include <map>
#include <optional>
#include <vector>

#include "domain/migration.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

//! What an agent asks to migrate (API.md "Migrations").
struct MigrationRequest {
  SkuId source;
  //! nullopt: every customer holding a live subscription of `source`.
  std::optional<std::vector<CustomerId>> customers;
  //! nullopt: each customer's recommendation among the source's replacements.
  std::optional<SkuId> target;
  //! Targets of single customers, over `target`. Each must be a customer of the migration.
  std::map<CustomerId, SkuId> overrides;
  SeatPolicy seat_policy = SeatPolicy::kAssigned;
  bool dry_run = false;
  //! Replace this subscription only (Migration::source_subscription_id). REQUIRES one listed
  //! customer and an explicit target.
  std::optional<SubscriptionId> source_subscription;
  //! Seats to buy (or add), over the seat policy: an upgrade's quantity.
  std::optional<std::int64_t> seats;
};

//! A dry run's plan for one target (MigrationService::PlanEach).
struct TargetPlan {
  Sku target;
  CustomerMigrationPlan plan;
};

class SkuCache;

//! The replacement the migration planner recommends for one customer leaving `source`.
struct RecommendedTarget {
  const Sku* target = nullptr;  //!< owned by the SkuCache it was found with
  std::int64_t users = 0;       //!< the users a migration moves: the seats to buy
};

//! The target a migration of the customer of `holdings` off `source` (every source
//! subscription, seats for the users holding it) would recommend today (domain Recommend over
//! the planner's estate, with the partner's `margins`); nullopt when no replacement qualifies or
//! `source` is unknown. Reads nothing: a report reads the holdings of a page's customers at once.
std::optional<RecommendedTarget> RecommendTarget(SkuCache& skus,
                                                 const store::CustomerHoldings& holdings,
                                                 const SkuId& source, Date today,
                                                 const std::vector<MarginRule>& margins);

//! A migration with its plan and progress, as the API and CLI show it.
struct MigrationDetails {
  //! False for a dry run: nothing was stored and `migration.id` means nothing.
  bool stored = true;
  Migration migration;
  std::vector<MigrationCustomer> customers;
  MigrationTotals totals;
  MigrationProgress progress;
  //! The company names of its customers and the titles of its SKUs.
  MigrationNames names;
};

//! A migration without its customers (lists).
struct MigrationSummary {
  Migration migration;
  MigrationProgress progress;
};

//! Plans migrations and keeps them as durable jobs for the execution engine.
class MigrationService {
 public:
  //! The idempotency operation a stored plan records its MS-RequestId under.
  static constexpr std::string_view kPlanOperation = "migration.plan";
  //! The detail naming the migration of the same subscription that is still in flight, on
  //! Plan's refusal (409) of a second one.
  static constexpr std::string_view kInFlightDetail = "inFlightMigrationId";
  //! A customer list longer than this is refused (the body limit allows about 25,000 ids).
  static constexpr std::size_t kMaxListedCustomers = 10'000;
  //! Customers read per read transaction while planning: no snapshot is held for minutes.
  static constexpr int kPlanningPage = 250;

  explicit MigrationService(Dependencies deps) : deps_(deps) {}

  //! Plans moving each customer off `request.source` (PlanCustomer; a customer whose
  //! recommendation fails gets action none with the reason). Unless dry_run, stores the
  //! migration as planned with its customers in one transaction, audited as migration.plan;
  //! with an idempotency key in ctx, a retry returns the first migration and stores nothing new.
  //! Refuses (400) a target equal to the source, overrides of customers outside the migration,
  //! duplicate or too many customers, `recommended` for a SKU without replacements, a stored
  //! migration of no customer; (404) an unknown source or target SKU or customers, naming them;
  //! (409, kInFlightDetail) a migration of one subscription while another of it is in flight.
  //! An explicit target (for all, or an override) may be any other SKU: the agent's choice,
  //! not limited to the vendor's replacement list; the plan's warnings say what it lacks.
  //! SKUs may be named by id or vendor GUID (see CanonicalSkuId).
  Result<MigrationDetails> Plan(const RequestContext& ctx, MigrationRequest request);
  //! Dry runs of `request` (one listed customer; its target and overrides unused) to each of
  //! `targets` that the catalog holds, in their order, from one read of the customer: the
  //! choices an upgrade offers. Stores nothing, so any role may ask. Refused (400) unless one
  //! customer is listed; (404) an unknown source SKU or customer.
  Result<std::vector<TargetPlan>> PlanEach(const RequestContext& ctx,
                                           const MigrationRequest& request,
                                           const std::vector<SkuId>& targets);
  Result<MigrationDetails> Get(const RequestContext& ctx, const MigrationId& id);
  //! The migration and its progress without its customers: one short read, cheap enough to
  //! repeat a few times a second (the API's event stream polls it).
  Result<MigrationSummary> Progress(const RequestContext& ctx, const MigrationId& id);
  Result<store::Page<MigrationSummary>> List(const RequestContext& ctx,
                                             const store::PageRequest& page);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
