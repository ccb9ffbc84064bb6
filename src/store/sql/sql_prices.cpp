// The price list and the partner's margin rules.
#include "store/sql/list_price_sql.hpp"
#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

#define SEATSHIFT_LIST_PRICE_ORDER \
  "ORDER BY offer_id, market, currency, segment, term, billing_plan, tier_min, effective_start"
constexpr const char* kListListPrices = SEATSHIFT_LIST_PRICE_COLUMNS
    "WHERE (offer_id = ?1 OR ?1 IS NULL) AND (market = ?2 OR ?2 IS "
    "NULL) " SEATSHIFT_LIST_PRICE_ORDER;
constexpr const char* kFindListPrice = SEATSHIFT_LIST_PRICE_COLUMNS
    "WHERE offer_id = ?1 AND market = ?2 AND currency = ?3 AND term = ?4 AND billing_plan = ?5 "
    "AND tier_min = ?6 AND effective_start = ?7 AND segment = ?8";
#undef SEATSHIFT_LIST_PRICE_ORDER
constexpr const char* kInsertListPrice =
    "INSERT INTO price_list (offer_id, market, currency, term, billing_plan, tier_min, "
    "effective_start, segment, tier_max, effective_end, unit_price, erp_price, product_title, "
    "sku_title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
constexpr const char* kUpdateListPrice =
    "UPDATE price_list SET tier_max = ?2, effective_end = ?3, unit_price = ?4, erp_price = ?5, "
    "product_title = ?6, sku_title = ?7 WHERE id = ?1";
constexpr const char* kUnmappedOfferIds =
    "SELECT DISTINCT p.offer_id FROM price_list p "
    "WHERE NOT EXISTS (SELECT 1 FROM skus k WHERE k.offer_id = p.offer_id) ORDER BY p.offer_id";
constexpr const char* kBumpCatalogVersion =
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1";
constexpr const char* kListMarginRules =
    "SELECT scope, key, basis_points FROM margin_rules ORDER BY scope, key";
constexpr const char* kPutMarginRule =
    "INSERT INTO margin_rules (scope, key, basis_points) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (scope, key) DO UPDATE SET basis_points = excluded.basis_points";
constexpr const char* kDeleteMarginRule =
    "DELETE FROM margin_rules WHERE scope = ?1 AND key = ?2 RETURNING scope";

//! The file's blank BillingPlan is stored as ''.
std::string BillingPlanText(const std::optional<BillingCycle>& billing) {
  return billing ? std::string(ToString(*billing)) : std::string();
}

//! Binds the key's columns: ?1..?8 of kFindListPrice.
template <typename Statement>
void BindListPriceKey(Statement& stmt, const ListPrice& row) {
  stmt.Bind(1, row.offer_id).Bind(2, row.market).Bind(3, row.currency);
  stmt.Bind(4, ToString(row.term)).Bind(5, BillingPlanText(row.billing)).Bind(6, row.tier_min);
  stmt.Bind(7, FormatDate(row.effective_start)).Bind(8, row.segment);
}

//! Binds the other columns to ?2.. ?7 of kUpdateListPrice, or ?9.. ?14 of kInsertListPrice.
template <typename Statement>
void BindListPriceValues(Statement& stmt, int first, const ListPrice& row) {
  stmt.Bind(first, row.tier_max).Bind(first + 1, DateText(row.effective_end));
  stmt.Bind(first + 2, row.unit_price).Bind(first + 3, row.erp_price);
  stmt.Bind(first + 4, row.product_title).Bind(first + 5, row.sku_title);
}

}  // namespace

std::vector<ListPrice> SqlTransaction::ListListPrices(const PriceListFilter& filter) {
  std::vector<ListPrice> out;
  auto stmt = conn().Prepare(kListListPrices);
  stmt.Bind(1, filter.offer_id).Bind(2, filter.market);
  while (stmt.Step()) out.push_back(ReadListPrice(stmt));
  return out;
}

std::vector<std::string> SqlTransaction::UnmappedOfferIds() {
  std::vector<std::string> out;
  auto stmt = conn().Prepare(kUnmappedOfferIds);
  while (stmt.Step()) out.push_back(stmt.Text(0));
  return out;
}

PriceListCounts SqlTransaction::UpsertListPrices(const std::vector<ListPrice>& rows) {
  PriceListCounts counts;
  for (const ListPrice& row : rows) {
    auto find = conn().Prepare(kFindListPrice);
    BindListPriceKey(find, row);
    if (!find.Step()) {
      auto ins = conn().Prepare(kInsertListPrice);
      BindListPriceKey(ins, row);
      BindListPriceValues(ins, 9, row);
      ins.Execute();
      ++counts.added;
      continue;
    }
    if (ReadListPrice(find) == row) {
      ++counts.unchanged;
      continue;
    }
    const std::int64_t id = find.Int(13);
    auto update = conn().Prepare(kUpdateListPrice);
    update.Bind(1, id);
    BindListPriceValues(update, 2, row);
    update.Execute();
    ++counts.changed;
  }
  if (counts.added + counts.changed > 0) {
    CatalogWritten();
    auto bump = conn().Prepare(kBumpCatalogVersion);
    bump.Execute();
  }
  return counts;
}

std::vector<MarginRule> SqlTransaction::ListMarginRules() {
  std::vector<MarginRule> out;
  auto stmt = conn().Prepare(kListMarginRules);
  while (stmt.Step()) {
    out.push_back({.scope = Decode(stmt, 0, ParseMarginScope, "margin_rules.scope", stmt.Text(1)),
                   .key = stmt.Text(1),
                   .basis_points = stmt.Int(2)});
  }
  return out;
}

void SqlTransaction::PutMarginRule(const MarginRule& rule) {
  auto stmt = conn().Prepare(kPutMarginRule);
  stmt.Bind(1, ToString(rule.scope)).Bind(2, rule.key).Bind(3, rule.basis_points);
  stmt.Execute();
}

bool SqlTransaction::DeleteMarginRule(MarginScope scope, const std::string& key) {
  auto stmt = conn().Prepare(kDeleteMarginRule);
  stmt.Bind(1, ToString(scope)).Bind(2, key);
  return stmt.Step();
}

}  // namespace seatshift::store::sql
