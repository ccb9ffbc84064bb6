#include "service/migration_service.hpp"

#include <fmt/format.h>

#include <set>

#include "codec/json.hpp"
#include "domain/migration_recommend.hpp"
#include "service/audit.hpp"
#include "service/catalog_service.hpp"
#include "service/idempotency.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr std::string_view kPlanMigration = MigrationService::kPlanOperation;
//! Above this many customers holding the source, "all" is refused: split the fleet by lists.
constexpr std::size_t kMaxCustomers = 100'000;

Error SkuNotFound(const SkuId& id, std::string_view role) {
  return Error(ErrorCode::kNotFound, fmt::format("{} SKU {} not found", role, id.value()),
               {{"offerId", id.value()}});
}

Error BadRequest(std::string message, std::string field) {
  return Error(ErrorCode::kBadRequest, std::move(message), {{"field", std::move(field)}});
}

//! The SKUs a plan can name: the source, its replacements, the explicit targets. Read once, so
//! the customers' read transactions need not read the catalog again.
class PlanCatalog {
 public:
  const Sku* Find(const SkuId& id) const {
    const auto it = skus_.find(id);
    return it == skus_.end() ? nullptr : &it->second;
  }
  SkuLookup AsLookup() const {
    return [this](const SkuId& id) { return Find(id); };
  }
  bool Load(store::ReadTransaction& tx, const SkuId& id) {
    if (skus_.contains(id)) return true;
    auto sku = tx.FindSku(id);
    if (!sku) return false;
    skus_.emplace(id, std::move(*sku));
    return true;
  }

 private:
  std::map<SkuId, Sku> skus_;
};

Status CheckRequest(const MigrationRequest& request) {
  if (request.target == request.source) {
    return BadRequest(fmt::format("the target {} is the source SKU", request.source.value()),
                      "targetOfferId");
  }
  for (const auto& [customer, sku] : request.overrides) {
    if (sku == request.source) {
      return BadRequest(fmt::format("the target override of customer {} is the source SKU {}",
                                    ToString(customer), sku.value()),
                        "targetOverrides");
    }
  }
  if (request.seats && *request.seats < 1) {
    return BadRequest("at least one seat must be bought or added", "quantity");
  }
  if (request.source_subscription &&
      (!request.target || !request.customers || request.customers->size() != 1)) {
    return BadRequest("a migration of one subscription names its customer and its target",
                      "customerIds");
  }
  if (!request.customers) return OkStatus();
  if (request.customers->size() > MigrationService::kMaxListedCustomers) {
    return BadRequest(fmt::format("at most {} customers may be listed; use \"all\" or split",
                                  MigrationService::kMaxListedCustomers),
                      "customerIds");
  }
  std::set<CustomerId> seen;
  for (const CustomerId& id : *request.customers) {
    if (!seen.insert(id).second) {
      return BadRequest(fmt::format("customer {} is listed twice", ToString(id)), "customerIds");
    }
  }
  for (const auto& [customer, sku] : request.overrides) {
    if (!seen.contains(customer)) {
      return BadRequest(
          fmt::format("the target override names customer {}, which is not in the migration",
                      ToString(customer)),
          "targetOverrides");
    }
  }
  return OkStatus();
}

Result<PlanCatalog> LoadCatalog(store::ReadTransaction& tx, const MigrationRequest& request) {
  PlanCatalog catalog;
  if (!catalog.Load(tx, request.source)) return SkuNotFound(request.source, "source");
  const Sku& source = *catalog.Find(request.source);
  if (request.target && !catalog.Load(tx, *request.target)) {
    return SkuNotFound(*request.target, "target");
  }
  if (!request.target && source.replacements.empty()) {
    return BadRequest(
        fmt::format("{} has no replacement SKUs to recommend; name a target", source.id.value()),
        "targetOfferId");
  }
  for (const auto& [customer, sku] : request.overrides) {
    if (!catalog.Load(tx, sku)) return SkuNotFound(sku, "target");
  }
  for (const SkuId& replacement : source.replacements) catalog.Load(tx, replacement);
  return catalog;
}

//! The customers of the migration in its order: the list given, or every holder of the source
//! in creation order (ids only, read a page per transaction).
Result<std::vector<CustomerId>> CustomersOf(store::Store& store, const MigrationRequest& request) {
  if (request.customers) return *request.customers;
  std::vector<CustomerId> out;
  std::optional<CustomerId> after;
  for (;;) {
    auto page = store.Read()->CustomersHoldingSku(request.source, after,
                                                  MigrationService::kPlanningPage * 4);
    if (page.empty()) break;
    after = page.back();
    out.insert(out.end(), page.begin(), page.end());
    if (out.size() > kMaxCustomers) {
      return BadRequest(fmt::format("more than {} customers hold {}; list them in parts",
                                    kMaxCustomers, request.source.value()),
                        "customerIds");
    }
  }
  const std::set<CustomerId> members(out.begin(), out.end());
  for (const auto& [customer, sku] : request.overrides) {
    if (!members.contains(customer)) {
      return BadRequest(fmt::format("the target override names customer {}, which holds no {}",
                                    ToString(customer), request.source.value()),
                        "targetOverrides");
    }
  }
  return out;
}

//! The customer as the planner sees it, narrowed to the request's source subscription if any.
CustomerEstate EstateOf(const store::CustomerHoldings& holdings, const MigrationRequest& request,
                        Date today, std::vector<MarginRule> margins) {
  CustomerEstate estate{
      .customer = holdings.customer, .today = today, .only_source = request.source_subscription};
  estate.subscriptions = holdings.subscriptions;
  for (const LicenseGroup& group : holdings.licenses) {
    if (group.sku_id == request.source) estate.source_licenses.push_back(group);
  }
  for (const auto& [sku, count] : holdings.seats) estate.assigned_licenses[sku] = count.assigned;
  estate.margins = std::move(margins);
  return estate;
}

//! The plan of a customer no target could be chosen for: nothing happens to it, and why.
CustomerMigrationPlan Blocked(const Sku& source, const CustomerEstate& estate, const Error& why) {
  CustomerMigrationPlan plan;
  plan.customer_id = estate.customer.id;
  const auto sources = SourceSubscriptions(estate, source.id);
  for (const Subscription& sub : sources) plan.source_subscription_ids.push_back(sub.id);
  plan.term = TermFor(sources);
  plan.users_to_move = UsersToMove(estate, source.id);
  plan.currency = estate.customer.currency;
  plan.recommendation_reason = why.message;
  // The refusal's reason detail is its code (Recommend); the rest its values.
  for (const ErrorDetail& detail : why.details) {
    const auto* code = std::get_if<std::string>(&detail.value);
    if (detail.key == "reason" && code) {
      plan.recommendation_code = *code;
    } else {
      plan.recommendation_parameters.push_back(detail);
    }
  }
  plan.warnings.push_back({.code = MigrationWarningCode::kTargetNotPurchasable,
                           .message = why.message,
                           .parameters = plan.recommendation_parameters});
  return plan;
}

CustomerMigrationPlan PlanOne(const PlanCatalog& catalog, const MigrationRequest& request,
                              const CustomerEstate& estate) {
  const Sku& source = *catalog.Find(request.source);
  std::optional<SkuId> target = request.target;
  if (const auto it = request.overrides.find(estate.customer.id); it != request.overrides.end()) {
    target = it->second;
  }
  if (target) {
    return PlanCustomer(source, *catalog.Find(*target), estate, request.seat_policy, request.seats);
  }
  auto choice = Recommend(source, catalog.AsLookup(), estate, request.seat_policy);
  if (!choice) return Blocked(source, estate, choice.error());
  CustomerMigrationPlan plan =
      PlanCustomer(source, *catalog.Find(choice->target), estate, request.seat_policy);
  plan.recommendation_reason = std::move(choice->reason);
  plan.recommendation_code = std::move(choice->code);
  plan.recommendation_parameters = std::move(choice->parameters);
  return plan;
}

//! Plans every customer, a page of them per read transaction. Unknown customers are collected
//! and refused together.
Result<std::vector<MigrationCustomer>> PlanAll(store::Store& store, const PlanCatalog& catalog,
                                               const MigrationRequest& request,
                                               const std::vector<CustomerId>& ids, Date today) {
  std::vector<MigrationCustomer> out;
  out.reserve(ids.size());
  std::vector<std::string> unknown;
  const auto page = static_cast<std::size_t>(MigrationService::kPlanningPage);
  for (std::size_t start = 0; start < ids.size(); start += page) {
    auto tx = store.Read();
    const std::vector<CustomerId> asked(
        ids.begin() + static_cast<std::ptrdiff_t>(start),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + page)));
    std::vector<store::CustomerHoldings> holdings = tx->HoldingsOf(asked);
    const std::vector<MarginRule> margins = tx->ListMarginRules();
    auto next = holdings.begin();
    for (const CustomerId& id : asked) {
      if (next == holdings.end() || next->customer.id != id) {
        unknown.push_back(ToString(id));
        continue;
      }
      const CustomerEstate estate = EstateOf(*next++, request, today, margins);
      out.push_back(
          {.position = static_cast<int>(out.size()), .plan = PlanOne(catalog, request, estate)});
    }
  }
  if (!unknown.empty()) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("customer(s) not found: {}", fmt::join(unknown, ", ")),
                 {{"customerIds", unknown}});
  }
  return out;
}

//! The migration an idempotency key recorded; the key's row is ours, so a bad id is corruption.
MigrationId RecordedMigration(const std::string& resource_id) {
  const auto uuid = Uuid::Parse(resource_id);
  if (!uuid)
    throw store::StorageError("corrupt row: request_keys.resource_id holds " + resource_id);
  return MigrationId(*uuid);
}

MigrationTotals TotalsOf(const std::vector<MigrationCustomer>& customers) {
  std::vector<CustomerMigrationPlan> plans;
  plans.reserve(customers.size());
  for (const MigrationCustomer& mc : customers) plans.push_back(mc.plan);
  return Total(plans);
}

//! The progress of a migration nobody ran yet (a dry run's, before it is stored).
MigrationProgress Unstarted(const std::vector<MigrationCustomer>& customers) {
  MigrationProgress progress{.customers_total = static_cast<std::int64_t>(customers.size())};
  for (const MigrationCustomer& mc : customers) progress.users_total += mc.plan.users_to_move;
  return progress;
}

//! One migration of a single subscription (an upgrade) may be in flight at a time. Checked under
//! the customer's lock in the transaction that stores the plan: two requests that planned at
//! once, each on its own snapshot, cannot both pass.
Status CheckNoneInFlight(store::WriteTransaction& tx, const MigrationRequest& request) {
  if (!request.source_subscription) return OkStatus();
  tx.LockCustomer(request.customers->front());
  const auto other = tx.FindMigrationInFlight(*request.source_subscription);
  if (!other) return OkStatus();
  return Error(ErrorCode::kInvalidStatusTransition,
               fmt::format("subscription {} is being migrated already (migration {}): wait for it "
                           "to end",
                           ToString(*request.source_subscription), ToString(*other)),
               {{std::string(MigrationService::kInFlightDetail), ToString(*other)}});
}

//! The names a migration's answer shows beside its ids (MigrationNames).
MigrationNames NamesOf(store::ReadTransaction& tx, const Migration& migration,
                       const std::vector<MigrationCustomer>& customers, Instant now) {
  MigrationNames names;
  SkuCache skus(tx);
  const auto add_title = [&](const SkuId& id) {
    if (id.value().empty() || names.sku_titles.contains(id)) return;
    if (const Sku* sku = skus.Find(id)) names.sku_titles.emplace(id, sku->title);
  };
  add_title(migration.source_sku_id);
  if (migration.target_sku_id) add_title(*migration.target_sku_id);
  const Date today = DayOf(now);
  std::vector<CustomerId> ids;
  ids.reserve(customers.size());
  for (const MigrationCustomer& mc : customers) ids.push_back(mc.plan.customer_id);
  for (Customer& customer : tx.FindCustomers(ids)) {
    names.companies.emplace(customer.id, std::move(customer.company_name));
  }
  for (const MigrationCustomer& mc : customers) {
    add_title(mc.plan.target_sku_id);
    const Sku* target = skus.Find(mc.plan.target_sku_id);
    if (!target) continue;
    const auto& id = mc.plan.target_subscription_id;
    const auto subscription = id ? tx.FindSubscription(mc.plan.customer_id, *id) : std::nullopt;
    if (auto commitment = CommitmentOf(mc.plan, *target, subscription, today)) {
      names.commitments.emplace(mc.plan.customer_id, std::move(*commitment));
    }
  }
  return names;
}

}  // namespace

std::optional<RecommendedTarget> RecommendTarget(SkuCache& skus,
                                                 const store::CustomerHoldings& holdings,
                                                 const SkuId& source, Date today,
                                                 const std::vector<MarginRule>& margins) {
  const Sku* from = skus.Find(source);
  if (!from || from->replacements.empty()) return std::nullopt;
  const CustomerEstate estate = EstateOf(holdings, {.source = source}, today, margins);
  const auto choice = Recommend(*from, skus.AsLookup(), estate, SeatPolicy::kAssigned);
  if (!choice) return std::nullopt;
  return RecommendedTarget{.target = skus.Find(choice->target),
                           .users = UsersToMove(estate, source)};
}

Result<MigrationDetails> MigrationService::Plan(const RequestContext& ctx,
                                                MigrationRequest request) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageMigrations));
  {
    auto tx = deps_.store.Read();
    request.source = CanonicalSkuId(*tx, request.source);
    if (request.target) request.target = CanonicalSkuId(*tx, *request.target);
    for (auto& [customer, target] : request.overrides) target = CanonicalSkuId(*tx, target);
  }
  SEATSHIFT_TRY(CheckRequest(request));
  if (!request.dry_run) {
    SEATSHIFT_ASSIGN_OR_RETURN(const auto prior,
                               PriorRequest(*deps_.store.Read(), ctx, kPlanMigration));
    if (prior) return Get(ctx, RecordedMigration(*prior));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const PlanCatalog catalog, LoadCatalog(*deps_.store.Read(), request));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::vector<CustomerId> ids, CustomersOf(deps_.store, request));
  const Instant now = deps_.clock.Now();
  SEATSHIFT_ASSIGN_OR_RETURN(std::vector<MigrationCustomer> customers,
                             PlanAll(deps_.store, catalog, request, ids, DayOf(now)));
  MigrationDetails details{.stored = !request.dry_run,
                           .migration = {.id = MigrationId(deps_.ids.Next()),
                                         .source_sku_id = request.source,
                                         .target_sku_id = request.target,
                                         .target_overrides = request.overrides,
                                         .seat_policy = request.seat_policy,
                                         .source_subscription_id = request.source_subscription,
                                         .status = MigrationStatus::kPlanned,
                                         .created_by = ctx.actor.id,
                                         .created_at = now,
                                         .updated_at = now},
                           .customers = std::move(customers),
                           .totals = {},
                           .progress = {},
                           .names = {}};
  details.totals = TotalsOf(details.customers);
  details.progress = Unstarted(details.customers);
  details.names =
      NamesOf(*deps_.store.Read(), details.migration, details.customers, deps_.clock.Now());
  if (request.dry_run) return details;
  if (details.customers.empty()) {
    return BadRequest(
        fmt::format("no customer holds {}: nothing to migrate", request.source.value()),
        "customerIds");
  }

  // Another request with the same key may have committed while this one planned.
  std::optional<std::string> prior;
  const Status stored = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    SEATSHIFT_ASSIGN_OR_RETURN(prior, PriorRequest(tx, ctx, kPlanMigration));
    if (prior) return OkStatus();
    SEATSHIFT_TRY(CheckNoneInFlight(tx, request));
    const std::string id = ToString(details.migration.id);
    SEATSHIFT_TRY(tx.InsertMigration(details.migration, details.customers));
    SEATSHIFT_TRY(RecordRequest(tx, ctx, kPlanMigration, id, now));
    RecordAudit(tx, ctx, now,
                {.operation = std::string(kPlanMigration),
                 .resource_type = "Migration",
                 .resource_id = id,
                 .customer_id = std::nullopt,
                 .before = "",
                 .after = codec::Serialize(codec::ToJson(details.migration, details.progress))});
    tx.Commit();
    return OkStatus();
  });
  SEATSHIFT_TRY(stored);
  if (prior) return Get(ctx, RecordedMigration(*prior));
  return details;
}

Result<std::vector<TargetPlan>> MigrationService::PlanEach(const RequestContext& ctx,
                                                           const MigrationRequest& request,
                                                           const std::vector<SkuId>& targets) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  if (!request.customers || request.customers->size() != 1) {
    return BadRequest("the choices of one customer are planned at a time", "customerIds");
  }
  const CustomerId& id = request.customers->front();
  auto tx = deps_.store.Read();
  PlanCatalog catalog;
  if (!catalog.Load(*tx, request.source)) return SkuNotFound(request.source, "source");
  auto holdings = tx->HoldingsOf({id});
  if (holdings.empty()) return CustomerNotFound(id);
  const CustomerEstate estate =
      EstateOf(holdings.front(), request, DayOf(deps_.clock.Now()), tx->ListMarginRules());
  const Sku& source = *catalog.Find(request.source);
  std::vector<TargetPlan> out;
  for (const SkuId& target : targets) {
    if (target == request.source || !catalog.Load(*tx, target)) continue;
    const Sku& sku = *catalog.Find(target);
    out.push_back({.target = sku,
                   .plan = PlanCustomer(source, sku, estate, request.seat_policy, request.seats)});
  }
  return out;
}

Result<MigrationDetails> MigrationService::Get(const RequestContext& ctx, const MigrationId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  auto migration = tx->FindMigration(id);
  if (!migration) {
    return Error(ErrorCode::kNotFound, fmt::format("migration {} not found", ToString(id)),
                 {{"migrationId", ToString(id)}});
  }
  MigrationDetails details{.stored = true,
                           .migration = std::move(*migration),
                           .customers = tx->ListMigrationCustomers(id),
                           .totals = {},
                           .progress = tx->CountMigrationProgress(id),
                           .names = {}};
  details.totals = TotalsOf(details.customers);
  details.names = NamesOf(*tx, details.migration, details.customers, deps_.clock.Now());
  return details;
}

Result<MigrationSummary> MigrationService::Progress(const RequestContext& ctx,
                                                    const MigrationId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  auto migration = tx->FindMigration(id);
  if (!migration) {
    return Error(ErrorCode::kNotFound, fmt::format("migration {} not found", ToString(id)),
                 {{"migrationId", ToString(id)}});
  }
  MigrationProgress progress = tx->CountMigrationProgress(id);
  return MigrationSummary{.migration = std::move(*migration), .progress = progress};
}

Result<store::Page<MigrationSummary>> MigrationService::List(const RequestContext& ctx,
                                                             const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  SEATSHIFT_ASSIGN_OR_RETURN(auto migrations, tx->ListMigrations(page));
  store::Page<MigrationSummary> out{
      .items = {}, .next = migrations.next, .total = migrations.total};
  for (Migration& m : migrations.items) {
    MigrationProgress progress = tx->CountMigrationProgress(m.id);
    out.items.push_back({.migration = std::move(m), .progress = progress});
  }
  return out;
}

}  // namespace seatshift::service
