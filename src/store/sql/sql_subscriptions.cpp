// Subscriptions: the versioned rows behind the API's ETags.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

#include "domain/lifecycle.hpp"
#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"
#include "store/sql/subscription_sql.hpp"

namespace seatshift::store::sql {
namespace {

// The columns ReadSubscription reads, then `MORE` (a literal: ", s.x" or ""), and the tables.
#define SEATSHIFT_SUBSCRIPTION_COLUMNS_WITH(MORE)                                              \
  "s.id, s.guid, c.guid, k.sku_id, s.friendly_name, s.quantity, s.status, s.term_start, "      \
  "s.term_end, s.term, s.billing_cycle, s.auto_renew, s.suspension_reasons, s.suspended_at, "  \
  "s.status_changed_at, s.order_guid, s.created_at, s.version, s.next_charge_on, c.currency, " \
  "s.term_anchor, c.country, s.price_cost, s.price_resale, c.segment, s.purchase_lots, "       \
  "s.scheduled_sku_id, s.scheduled_term, s.scheduled_billing_cycle, s.scheduled_quantity, "    \
  "s.scheduled_term_end" MORE                                                                  \
  " "                                                                                          \
  "FROM subscriptions s JOIN customers c ON c.id = s.customer JOIN skus k ON k.id = s.sku "
#define SEATSHIFT_SUBSCRIPTION_COLUMNS SEATSHIFT_SUBSCRIPTION_COLUMNS_WITH("")

constexpr const char* kFindSubscription =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS "WHERE s.guid = ?1 AND c.guid = ?2";
constexpr const char* kLockSubscription = "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
                                          "WHERE s.guid = ?1 AND c.guid = ?2 {{for_update_of:s}}";
// Parameters: ?1 after id, ?2 customer key, ?3 SKU id, ?4 status, ?5 auto-renew, ?6 limit,
// ?7 ends before, ?8 order GUID, ?10 non-NULL: only subscriptions of a SKU the customer will
// renew seats of that no license uses (the active subscriptions' seats at renewal, scheduled or
// as they are, above the licenses assigned). A customer's list
// has statements of its own that start from its index: `(s.customer = ?2 OR ?2 IS NULL)` would
// make SQLite walk every subscription.
#define SEATSHIFT_SUBSCRIPTION_FILTER                                                       \
  "(k.sku_id = ?3 OR ?3 IS NULL) AND (s.status = ?4 OR ?4 IS NULL) "                        \
  "AND (s.auto_renew = ?5 OR ?5 IS NULL) AND (s.term_end < ?7 OR ?7 IS NULL) "              \
  "AND (s.order_guid = ?8 OR ?8 IS NULL) "                                                  \
  "AND ({{typed:?10:bigint}} IS NULL OR coalesce((SELECT l.assigned FROM license_counts l " \
  "WHERE l.customer = s.customer AND l.sku = s.sku), 0) < (SELECT "                         \
  "sum(coalesce(o.scheduled_quantity, o.quantity)) "                                        \
  "FROM subscriptions o WHERE o.customer = s.customer AND o.sku = s.sku "                   \
  "AND o.status = 'active')) "
#define SEATSHIFT_SUBSCRIPTION_COUNT \
  "SELECT count(*) FROM subscriptions s JOIN skus k ON k.id = s.sku WHERE "
constexpr const char* kListSubscriptions =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS "WHERE s.id > ?1 AND " SEATSHIFT_SUBSCRIPTION_FILTER
    "ORDER BY s.id LIMIT ?6";
constexpr const char* kCountSubscriptions =
    SEATSHIFT_SUBSCRIPTION_COUNT SEATSHIFT_SUBSCRIPTION_FILTER;
// The partner-wide search soonest end first (?9 the last page's end date, '' first, ?1 its key
// among those ending that day). The expiring report's shape (auto-renew off, active) has its
// own statement, whose literal terms let SQLite walk subscriptions_expiring in that order.
#define SEATSHIFT_AFTER_END_DATE "(s.term_end > ?9 OR (s.term_end = ?9 AND s.id > ?1)) AND "
constexpr const char* kListSubscriptionsByEnd =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE " SEATSHIFT_AFTER_END_DATE SEATSHIFT_SUBSCRIPTION_FILTER
    "ORDER BY s.term_end, s.id LIMIT ?6";
constexpr const char* kListSubscriptionsOfCustomerByEnd =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.customer = ?2 AND " SEATSHIFT_AFTER_END_DATE SEATSHIFT_SUBSCRIPTION_FILTER
    "ORDER BY s.term_end, s.id LIMIT ?6";
constexpr const char* kListExpiringByEnd =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.auto_renew = 0 AND s.status = 'active' AND " SEATSHIFT_AFTER_END_DATE
        SEATSHIFT_SUBSCRIPTION_FILTER "ORDER BY s.term_end, s.id LIMIT ?6";
#undef SEATSHIFT_AFTER_END_DATE
// The partner-wide expiring report's count, in the literal shape of subscriptions_expiring's
// condition so that it walks only that index (the generic filter's `?4 IS NULL OR ...` terms
// would make SQLite count every subscription).
constexpr const char* kCountExpiring =
    "SELECT count(*) FROM subscriptions s WHERE s.auto_renew = 0 AND s.status = 'active' "
    "AND s.term_end < ?7 "
    "AND ({{typed:?3:text}} IS NULL OR s.sku = (SELECT id FROM skus WHERE sku_id = ?3))";
constexpr const char* kListSubscriptionsOfCustomer =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.customer = ?2 AND s.id > ?1 AND " SEATSHIFT_SUBSCRIPTION_FILTER
    "ORDER BY s.id LIMIT ?6";
// Every subscription of the customers whose keys are bound to ?1, with the customer's key.
constexpr const char* kSubscriptionsOfCustomers = "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS_WITH(
    ", s.customer") "WHERE {{in_keys:s.customer:?1}} ORDER BY s.id";
constexpr const char* kCountSubscriptionsOfCustomer =
    SEATSHIFT_SUBSCRIPTION_COUNT "s.customer = ?2 AND " SEATSHIFT_SUBSCRIPTION_FILTER;
// Rows another transaction holds are skipped (where writers lock rows): two engines share the
// work.
constexpr const char* kClaimDueSkipping =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.due_at IS NOT NULL AND s.due_at <= ?1 ORDER BY s.due_at, s.id LIMIT ?2 "
    "{{for_update_of:s}} {{skip_locked}}";
// After waiting for a row's holder, READ COMMITTED re-checks the condition on the row as the
// holder left it: a row no longer due is not returned.
constexpr const char* kClaimDueWaiting =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.due_at IS NOT NULL AND s.due_at <= ?1 ORDER BY s.due_at, s.id LIMIT ?2 "
    "{{for_update_of:s}}";
constexpr const char* kCountDue =
    "SELECT count(*) FROM subscriptions WHERE due_at IS NOT NULL AND due_at <= ?1";
constexpr const char* kClaimAutoRenewing =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.sku = ?1 AND s.auto_renew = 1 AND (s.status = 'active' OR s.status = 'suspended') "
    "ORDER BY s.id LIMIT ?2 {{for_update_of:s}} {{skip_locked}}";
// Parameters: ?1 after customer guid, ?2 ends before, ?3 list of the SKU keys to keep (NULL:
// all), ?4 list of the keys of SKUs that will not renew, ?5 limit. One branch per partial index
// (subscriptions_expiring, subscriptions_lapsing, subscriptions_auto_renewing), each keeping only
// SKUs the customer has licenses of. SQLite's planner, without statistics, would rather scan
// subscriptions_by_customer_sku whole than use subscriptions_lapsing: hence the index hint.
#define SEATSHIFT_LAPSING_SKU                                                                   \
  "AND ({{typed:?3:bigint[]}} IS NULL OR {{in_keys:s.sku:?3}}) "                                \
  "AND EXISTS (SELECT 1 FROM license_counts l WHERE l.customer = s.customer AND l.sku = s.sku " \
  "AND l.assigned > 0) "
constexpr const char* kCustomersWithLapsingSubscriptions =
    "SELECT c.guid FROM customers c WHERE c.id IN ("
    "SELECT s.customer FROM subscriptions s "
    "WHERE s.auto_renew = 0 AND s.status = 'active' AND s.term_end < ?2 " SEATSHIFT_LAPSING_SKU
    "UNION ALL SELECT s.customer FROM subscriptions s {{indexed_by:subscriptions_lapsing}} "
    "WHERE (s.status = 'suspended' OR s.status = 'expired' OR s.status = "
    "'disabled') " SEATSHIFT_LAPSING_SKU
    "UNION ALL SELECT s.customer FROM subscriptions s "
    "WHERE s.auto_renew = 1 AND (s.status = 'active' OR s.status = 'suspended') "
    "AND s.term_end < ?2 "
    "AND {{in_keys:s.sku:?4}} " SEATSHIFT_LAPSING_SKU
    ") AND ({{typed:?1:bytea}} IS NULL OR c.guid > ?1) ORDER BY c.guid LIMIT ?5";
constexpr const char* kInCancellationWindow =
    "SELECT " SEATSHIFT_SUBSCRIPTION_COLUMNS
    "WHERE s.window_closes_at > ?2 AND s.id > ?1 AND s.status = 'active' ORDER BY s.id LIMIT ?3";
#undef SEATSHIFT_LAPSING_SKU
#undef SEATSHIFT_SUBSCRIPTION_FILTER
#undef SEATSHIFT_SUBSCRIPTION_COUNT
#undef SEATSHIFT_SUBSCRIPTION_COLUMNS
#undef SEATSHIFT_SUBSCRIPTION_COLUMNS_WITH

constexpr const char* kInsertSubscription =
    "INSERT INTO subscriptions (guid, customer, sku, friendly_name, quantity, status, "
    "term_start, term_end, term, billing_cycle, auto_renew, suspension_reasons, suspended_at, "
    "status_changed_at, order_guid, created_at, version, next_charge_on, due_at, term_anchor, "
    "price_cost, price_resale, purchase_lots, scheduled_sku_id, scheduled_term, "
    "scheduled_billing_cycle, scheduled_quantity, scheduled_term_end, window_closes_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28) ON CONFLICT DO NOTHING";
// The version check and the bump happen in one statement: compare-and-swap on the row.
constexpr const char* kUpdateSubscription =
    "UPDATE subscriptions SET friendly_name = ?2, quantity = ?3, status = ?4, term_start = ?5, "
    "term_end = ?6, term = ?7, billing_cycle = ?8, auto_renew = ?9, suspension_reasons = ?10, "
    "suspended_at = ?11, status_changed_at = ?12, next_charge_on = ?14, due_at = ?15, "
    "term_anchor = ?16, price_cost = ?17, price_resale = ?18, purchase_lots = ?19, "
    "scheduled_sku_id = ?20, scheduled_term = ?21, scheduled_billing_cycle = ?22, "
    "scheduled_quantity = ?23, scheduled_term_end = ?24, window_closes_at = ?25, "
    "version = version + 1 "
    "WHERE guid = ?1 AND version = ?13";
constexpr const char* kSubscriptionVersion = "SELECT version FROM subscriptions WHERE guid = ?1";

//! Binds a term's price to parameters `first` (cost) and `first` + 1 (resale), NULL when unset.
template <typename Statement>
void BindPrice(Statement& stmt, int first, const std::optional<TermPrice>& price) {
  stmt.Bind(first, price ? std::optional(price->cost) : std::nullopt);
  stmt.Bind(first + 1, price ? std::optional(price->resale) : std::nullopt);
}

//! Binds the purchase lots to `first`, the scheduled change to the five after it (NULL when
//! none is scheduled) and the latest lot's window end to the next (NULL without lots).
template <typename Statement>
void BindCommitment(Statement& stmt, int first, const Subscription& sub) {
  stmt.Bind(first, EncodeLots(sub.lots));
  const auto& next = sub.scheduled;
  stmt.Bind(first + 1, next ? std::optional(next->sku_id.value()) : std::nullopt);
  stmt.Bind(first + 2, next ? std::optional(std::string(ToString(next->term))) : std::nullopt);
  stmt.Bind(first + 3,
            next ? std::optional(std::string(ToString(next->billing_cycle))) : std::nullopt);
  stmt.Bind(first + 4, next ? std::optional(next->quantity) : std::nullopt);
  stmt.Bind(first + 5, DateText(next ? next->custom_term_end : std::nullopt));
  std::optional<std::int64_t> window_closes;
  for (const PurchaseLot& lot : sub.lots) {
    window_closes = std::max(window_closes.value_or(0), Seconds(lot.RefundableUntil()));
  }
  stmt.Bind(first + 6, window_closes);
}

}  // namespace

const char* const kPartnerSubscriptions = kListSubscriptions;
const char* const kExpiringCount = kCountExpiring;
const char* const kExpiringByEnd = kListExpiringByEnd;
const char* const kClaimDue = kClaimDueSkipping;

namespace {

//! A page token of the search by end date: "e<last end date>.<last key>".
std::string EncodeEndToken(Date end, std::int64_t key) {
  return fmt::format("e{}.{}", FormatDate(end), key);
}

struct EndPosition {
  std::string end;  //!< '' before the first page
  std::int64_t key = 0;
};

Result<EndPosition> DecodeEndToken(const std::string& token) {
  if (token.empty()) return EndPosition{};
  const auto dot = token.find('.');
  const Error refused(ErrorCode::kBadRequest, "continuationToken is not one this server issued");
  if (token.front() != 'e' || dot == std::string::npos) return refused;
  const std::string end = token.substr(1, dot - 1);
  if (!ParseDate(end)) return refused;
  auto key = DecodeToken("k" + token.substr(dot + 1));
  if (!key) return refused;
  return EndPosition{end, *key};
}

}  // namespace

std::optional<Subscription> SqlTransaction::FindSubscription(const CustomerId& customer,
                                                             const SubscriptionId& id) {
  auto stmt = conn().Prepare(kFindSubscription);
  stmt.Bind(1, id.value()).Bind(2, customer.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadSubscription(stmt);
}

std::optional<Subscription> SqlTransaction::LockSubscription(const CustomerId& customer,
                                                             const SubscriptionId& id) {
  auto stmt = conn().Prepare(kLockSubscription);
  stmt.Bind(1, id.value()).Bind(2, customer.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadSubscription(stmt);
}

std::map<std::int64_t, std::vector<Subscription>> SqlTransaction::SubscriptionsOfCustomerKeys(
    std::span<const std::int64_t> customers) {
  std::map<std::int64_t, std::vector<Subscription>> out;
  auto stmt = conn().Prepare(kSubscriptionsOfCustomers);
  stmt.BindKeys(1, customers);
  constexpr int kCustomerColumn = 31;  // after ReadSubscription's
  while (stmt.Step()) out[stmt.Int(kCustomerColumn)].push_back(ReadSubscription(stmt));
  return out;
}

Result<Page<Subscription>> SqlTransaction::ListInCancellationWindow(Instant now,
                                                                    const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  auto stmt = conn().Prepare(kInCancellationWindow);
  stmt.Bind(1, after).Bind(2, Seconds(now)).Bind(3, page.limit + 1);
  return ReadPage<Subscription>(stmt, page.limit, ReadSubscription<Statement>);
}

Result<Page<Subscription>> SqlTransaction::ListSubscriptions(const SubscriptionFilter& filter,
                                                             const PageRequest& page) {
  const bool by_end = filter.by_end_date;
  std::int64_t after = 0;
  EndPosition end_after;
  if (by_end) {
    SEATSHIFT_ASSIGN_OR_RETURN(end_after, DecodeEndToken(page.after));
    after = end_after.key;
  } else {
    SEATSHIFT_ASSIGN_OR_RETURN(after, DecodeToken(page.after));
  }
  std::optional<std::int64_t> customer;
  if (filter.customer_id) {
    customer = CustomerKey(*filter.customer_id);
    if (!customer) return Page<Subscription>{};
  }
  const bool expiring_report = !customer && !filter.order_id && !filter.unused_seats &&
                               filter.auto_renew == false &&
                               filter.status == SubscriptionStatus::kActive && filter.ends_before;
  const auto bind_filter = [&](Statement& stmt) {
    if (customer) stmt.Bind(2, *customer);
    if (filter.sku_id) stmt.Bind(3, filter.sku_id->value());
    if (filter.status) stmt.Bind(4, ToString(*filter.status));
    if (filter.auto_renew) stmt.Bind(5, *filter.auto_renew);
    if (filter.ends_before) stmt.Bind(7, FormatDate(*filter.ends_before));
    if (filter.order_id) stmt.Bind(8, filter.order_id->value());
    if (filter.unused_seats) stmt.Bind(10, std::int64_t{1});
  };
  Page<Subscription> out;
  if (by_end) {
    const bool expiring =
        filter.auto_renew == false && filter.status == SubscriptionStatus::kActive;
    auto stmt = conn().Prepare(customer   ? kListSubscriptionsOfCustomerByEnd
                               : expiring ? kListExpiringByEnd
                                          : kListSubscriptionsByEnd);
    stmt.Bind(1, after).Bind(6, page.limit + 1).Bind(9, end_after.end);
    bind_filter(stmt);
    std::int64_t last_key = 0;
    while (stmt.Step()) {
      if (static_cast<int>(out.items.size()) == page.limit) {
        out.next = EncodeEndToken(out.items.back().term_end, last_key);
        break;
      }
      last_key = stmt.Int(0);
      out.items.push_back(ReadSubscription(stmt));
    }
  } else {
    auto stmt = conn().Prepare(customer ? kListSubscriptionsOfCustomer : kListSubscriptions);
    stmt.Bind(1, after).Bind(6, page.limit + 1);
    bind_filter(stmt);
    out = ReadPage<Subscription>(stmt, page.limit, ReadSubscription<Statement>);
  }
  if (IsWholeResult(page, out)) {
    out.total = static_cast<std::int64_t>(out.items.size());
    return out;
  }
  auto count = conn().Prepare(customer          ? kCountSubscriptionsOfCustomer
                              : expiring_report ? kCountExpiring
                                                : kCountSubscriptions);
  bind_filter(count);
  count.Step();
  out.total = count.Int(0);
  return out;
}

std::vector<CustomerId> SqlTransaction::CustomersWithLapsingSubscriptions(
    const LapsingFilter& filter, const std::optional<CustomerId>& after, int limit) {
  const auto sku_keys = [this](const std::vector<SkuId>& skus) {
    std::vector<std::int64_t> keys;
    for (const SkuId& sku : skus) {
      if (const auto key = SkuKey(sku)) keys.push_back(*key);
    }
    return keys;
  };
  std::vector<CustomerId> out;
  auto stmt = conn().Prepare(kCustomersWithLapsingSubscriptions);
  if (after) stmt.Bind(1, after->value());
  stmt.Bind(2, FormatDate(filter.ends_before));
  if (filter.skus) {
    const auto kept = sku_keys(*filter.skus);
    if (kept.empty()) return out;
    stmt.BindKeys(3, kept);
  }
  stmt.BindKeys(4, sku_keys(filter.not_renewing));
  stmt.Bind(5, limit);
  while (stmt.Step()) out.emplace_back(stmt.Guid(0));
  return out;
}

Status SqlTransaction::InsertSubscription(const Subscription& sub) {
  const auto customer = CustomerKey(sub.customer_id);
  const auto sku = SkuKey(sub.sku_id);
  if (!customer || !sku) {
    return Error(ErrorCode::kNotFound, "the subscription's customer or SKU does not exist");
  }
  auto stmt = conn().Prepare(kInsertSubscription);
  stmt.Bind(1, sub.id.value()).Bind(2, *customer).Bind(3, *sku).Bind(4, sub.friendly_name);
  stmt.Bind(5, sub.quantity).Bind(6, ToString(sub.status)).Bind(7, FormatDate(sub.term_start));
  stmt.Bind(8, FormatDate(sub.term_end)).Bind(9, ToString(sub.term));
  stmt.Bind(10, ToString(sub.billing_cycle)).Bind(11, sub.auto_renew);
  stmt.Bind(12, JoinReasons(sub.suspension_reasons)).Bind(13, OptionalSeconds(sub.suspended_at));
  stmt.Bind(14, OptionalSeconds(sub.status_changed_at));
  if (sub.order_id) stmt.Bind(15, sub.order_id->value());
  stmt.Bind(16, Seconds(sub.created_at)).Bind(17, DateText(sub.next_charge_on));
  stmt.Bind(18, DueSeconds(sub)).Bind(19, DateText(sub.term_anchor));
  BindPrice(stmt, 20, sub.price);
  BindCommitment(stmt, 22, sub);
  stmt.Execute();
  if (conn().Changes() == 0) {
    return Error(ErrorCode::kAlreadyExists,
                 fmt::format("subscription {} already exists", sub.id.value().ToString()));
  }
  return OkStatus();
}

Result<std::int64_t> SqlTransaction::UpdateSubscription(const Subscription& sub) {
  auto stmt = conn().Prepare(kUpdateSubscription);
  stmt.Bind(1, sub.id.value()).Bind(2, sub.friendly_name).Bind(3, sub.quantity);
  stmt.Bind(4, ToString(sub.status)).Bind(5, FormatDate(sub.term_start));
  stmt.Bind(6, FormatDate(sub.term_end)).Bind(7, ToString(sub.term));
  stmt.Bind(8, ToString(sub.billing_cycle)).Bind(9, sub.auto_renew);
  stmt.Bind(10, JoinReasons(sub.suspension_reasons)).Bind(11, OptionalSeconds(sub.suspended_at));
  stmt.Bind(12, OptionalSeconds(sub.status_changed_at)).Bind(13, sub.version);
  stmt.Bind(14, DateText(sub.next_charge_on)).Bind(15, DueSeconds(sub));
  stmt.Bind(16, DateText(sub.term_anchor));
  BindPrice(stmt, 17, sub.price);
  BindCommitment(stmt, 19, sub);
  stmt.Execute();
  if (conn().Changes() == 0) {
    auto current = conn().Prepare(kSubscriptionVersion);
    current.Bind(1, sub.id.value());
    if (!current.Step()) {
      return Error(ErrorCode::kSubscriptionNotFound,
                   fmt::format("subscription {} not found", sub.id.value().ToString()));
    }
    return Error(ErrorCode::kEtagMismatch,
                 fmt::format("subscription {} changed since version {} (now {})",
                             sub.id.value().ToString(), sub.version, current.Int(0)),
                 {{"currentEtag", std::to_string(current.Int(0))}});
  }
  return sub.version + 1;
}

std::vector<LifecycleCandidate> SqlTransaction::ClaimDue(Instant until, int limit,
                                                         bool wait_for_held) {
  // Rows another transaction holds are skipped, not waited for: two engines share the work.
  std::vector<LifecycleCandidate> out;
  auto stmt = conn().Prepare(wait_for_held ? kClaimDueWaiting : kClaimDueSkipping);
  stmt.Bind(1, Seconds(until)).Bind(2, limit);
  while (stmt.Step()) out.push_back(ReadCandidate(stmt));
  return out;
}

std::int64_t SqlTransaction::CountDue(Instant until) {
  auto stmt = conn().Prepare(kCountDue);
  stmt.Bind(1, Seconds(until));
  stmt.Step();
  return stmt.Int(0);
}

std::vector<LifecycleCandidate> SqlTransaction::ClaimAutoRenewing(const std::vector<SkuId>& skus,
                                                                  int limit) {
  std::vector<LifecycleCandidate> out;
  for (const SkuId& sku : skus) {
    const auto key = SkuKey(sku);
    const int left = limit - static_cast<int>(out.size());
    if (!key || left <= 0) continue;
    auto stmt = conn().Prepare(kClaimAutoRenewing);
    stmt.Bind(1, *key).Bind(2, left);
    while (stmt.Step()) out.push_back(ReadCandidate(stmt));
  }
  return out;
}

}  // namespace seatshift::store::sql
