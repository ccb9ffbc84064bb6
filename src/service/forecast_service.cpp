#include "service/forecast_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <set>

namespace seatshift::service {
namespace {

// Candidate customers read per store query; a page usually needs few of them.
constexpr int kCustomersPerRead = 64;
constexpr int kSubscriptionsPerRead = 500;

// The continuation token: "c" and the id of the last customer a page holds. Customers are
// walked in id order, so the next page starts after it.
std::string EncodeToken(const CustomerId& last) { return "c" + last.value().ToString(); }

Result<std::optional<CustomerId>> DecodeToken(const std::string& token) {
  if (token.empty()) return std::optional<CustomerId>();
  if (token.front() == 'c') {
    if (const auto id = Uuid::Parse(std::string_view(token).substr(1))) {
      return std::optional<CustomerId>(CustomerId(*id));
    }
  }
  return Error(ErrorCode::kBadRequest, "continuationToken is not one this server issued",
               {{"field", std::string("continuationToken")}});
}

//! The whole catalog, read once per forecast: a forecast looks at most SKUs anyway.
class Catalog {
 public:
  explicit Catalog(std::vector<Sku> skus) {
    for (Sku& sku : skus) skus_.emplace(sku.id, std::move(sku));
  }
  const std::map<SkuId, Sku>& skus() const { return skus_; }
  SkuLookup AsLookup() const {
    return [this](const SkuId& id) -> const Sku* {
      const auto it = skus_.find(id);
      return it == skus_.end() ? nullptr : &it->second;
    };
  }

 private:
  std::map<SkuId, Sku> skus_;
};

//! The SKUs whose losses the query asks about (nullopt: every SKU), or why the query names
//! something that does not exist.
Result<std::optional<std::set<SkuId>>> SkusAsked(const Catalog& catalog,
                                                 const ServiceLossQuery& query) {
  if (query.sku_id && !catalog.skus().contains(*query.sku_id)) {
    return Error(ErrorCode::kNotFound, fmt::format("SKU {} not found", query.sku_id->value()),
                 {{"skuId", query.sku_id->value()}});
  }
  if (!query.service_plan) {
    if (!query.sku_id) return std::optional<std::set<SkuId>>();
    return std::optional<std::set<SkuId>>({*query.sku_id});
  }
  std::set<SkuId> including;
  for (const auto& [id, sku] : catalog.skus()) {
    const bool includes = std::any_of(
        sku.service_plans.begin(), sku.service_plans.end(),
        [&](const ServicePlan& plan) { return MatchesServicePlan(plan, *query.service_plan); });
    if (includes) including.insert(id);
  }
  if (including.empty()) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("no SKU of the catalog includes service plan {}", *query.service_plan),
                 {{"servicePlan", *query.service_plan}});
  }
  if (query.sku_id) {
    std::erase_if(including, [&](const SkuId& id) { return id != *query.sku_id; });
  }
  return std::optional<std::set<SkuId>>(std::move(including));
}

bool Matches(const ServiceLossRow& row, const ServiceLossQuery& query) {
  return (!query.sku_id || row.sku_id == *query.sku_id) &&
         (!query.service_plan || MatchesServicePlan(row.service_plan, *query.service_plan));
}

Result<std::vector<Subscription>> SubscriptionsOf(store::ReadTransaction& tx,
                                                  const CustomerId& customer) {
  std::vector<Subscription> out;
  store::PageRequest page{.after = "", .limit = kSubscriptionsPerRead};
  do {
    SEATSHIFT_ASSIGN_OR_RETURN(auto batch, tx.ListSubscriptions({.customer_id = customer}, page));
    std::move(batch.items.begin(), batch.items.end(), std::back_inserter(out));
    page.after = std::move(batch.next);
  } while (!page.after.empty());
  return out;
}

//! The query's rows of one customer. Only the holders of the losing SKUs asked about are read,
//! but every losing SKU goes to the rule: a losing license never keeps a plan working.
Result<std::vector<ServiceLossRow>> ForecastCustomer(store::ReadTransaction& tx,
                                                     const Catalog& catalog,
                                                     const std::optional<std::set<SkuId>>& asked,
                                                     const CustomerId& customer,
                                                     const ServiceLossQuery& query) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto subscriptions, SubscriptionsOf(tx, customer));
  const std::vector<SkuLoss> losing = LosingSkus(subscriptions, catalog.AsLookup(), query.by);
  std::vector<User> holders;
  std::set<UserId> seen;
  for (const SkuLoss& loss : losing) {
    if (asked && !asked->contains(loss.sku_id)) continue;
    for (User& user : tx.UsersHolding(customer, loss.sku_id, std::numeric_limits<int>::max())) {
      if (seen.insert(user.id).second) holders.push_back(std::move(user));
    }
  }
  if (holders.empty()) return std::vector<ServiceLossRow>();
  std::vector<UserId> ids(seen.begin(), seen.end());
  const auto licenses = tx.LicensesOfUsers(customer, ids);
  std::vector<ServiceLossRow> rows =
      UsersLosingService(losing, holders, licenses, catalog.AsLookup());
  std::erase_if(rows, [&](const ServiceLossRow& row) { return !Matches(row, query); });
  return rows;
}

//! The customers a forecast walks, in id order: the one asked about, or the candidates.
class CustomerWalk {
 public:
  CustomerWalk(store::ReadTransaction& tx, const Catalog& catalog,
               const std::optional<std::set<SkuId>>& asked, const ServiceLossQuery& query)
      : tx_(tx), single_(query.customer_id) {
    filter_.ends_before = TermsEndingBefore(query.by);
    // A term ending before `ends_before` would renew on or before that day; a SKU not sold
    // then was not sold either on any earlier day.
    for (const auto& [id, sku] : catalog.skus()) {
      if (!sku.IsPurchasableOn(filter_.ends_before)) filter_.not_renewing.push_back(id);
    }
    if (asked) filter_.skus.emplace(asked->begin(), asked->end());
  }

  //! The next customers after `after`; empty when none is left.
  std::vector<CustomerId> After(const std::optional<CustomerId>& after) {
    if (single_) {
      if (after && *single_ <= *after) return {};
      return {*single_};
    }
    return tx_.CustomersWithLapsingSubscriptions(filter_, after, kCustomersPerRead);
  }

 private:
  store::ReadTransaction& tx_;
  std::optional<CustomerId> single_;
  store::LapsingFilter filter_;
};

}  // namespace

Result<ServiceLossPage> ForecastService::ServiceLoss(const RequestContext& ctx,
                                                     const ServiceLossQuery& query) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadReports));
  if (query.page.limit < 1) {
    return Error(ErrorCode::kBadRequest, "size must be at least 1",
                 {{"field", std::string("size")}});
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const std::optional<CustomerId> start, DecodeToken(query.page.after));
  auto tx = deps_.store.Read();
  if (query.customer_id && !tx->FindCustomer(*query.customer_id)) {
    return CustomerNotFound(*query.customer_id);
  }
  const Catalog catalog(tx->ListSkus({}));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto asked, SkusAsked(catalog, query));

  // Every customer is forecast, the page's and the others: the totals (count, per plan, the
  // earliest loss) are over everything the query selects, whichever page is asked for.
  ServiceLossPage page;
  const auto limit = static_cast<std::size_t>(query.page.limit);
  std::vector<ServiceLossRow> all;
  CustomerWalk walk(*tx, catalog, asked, query);
  std::optional<CustomerId> walked;  // the last customer forecast
  bool full = false;                 // the page holds whole customers: no more fit
  for (auto batch = walk.After(walked); !batch.empty(); batch = walk.After(walked)) {
    for (const CustomerId& customer : batch) {
      SEATSHIFT_ASSIGN_OR_RETURN(auto rows, ForecastCustomer(*tx, catalog, asked, customer, query));
      const bool on_page = !start || customer > *start;
      if (on_page && !full && !rows.empty()) {
        if (!page.items.empty() && page.items.size() + rows.size() > limit) {
          full = true;
          page.next = EncodeToken(*walked);
        } else {
          page.items.insert(page.items.end(), rows.begin(), rows.end());
        }
      }
      std::move(rows.begin(), rows.end(), std::back_inserter(all));
      walked = customer;
    }
  }
  page.total = static_cast<std::int64_t>(all.size());
  std::set<UserId> users;
  for (const ServiceLossRow& row : all) users.insert(row.user_id);
  page.users = static_cast<std::int64_t>(users.size());
  page.plans = SummariseByPlan(all);
  return page;
}

}  // namespace seatshift::service
