// Catalog tables: products, skus and the plans, prices and replacements of each SKU.
#include <fmt/format.h>

#include "store/sql/list_price_sql.hpp"
#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kCatalogVersion = "SELECT version FROM catalog_version WHERE id = 1";
constexpr const char* kListProducts =
    "SELECT id, title, description, segment FROM products ORDER BY id";
constexpr const char* kUpsertProduct =
    "INSERT INTO products (id, title, description, segment) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, "
    "segment = excluded.segment";
constexpr const char* kProductExists = "SELECT 1 FROM products WHERE id = ?1";

constexpr const char* kListSkus =
    "SELECT id, sku_id, guid, product_id, title, segment, minimum_quantity, maximum_quantity, "
    "end_of_sale, retirement, offer_id, commerce FROM skus "
    "WHERE (product_id = ?1 OR ?1 IS NULL) AND (segment = ?2 OR ?2 IS NULL) ORDER BY sku_id";
constexpr const char* kFindSku =
    "SELECT id, sku_id, guid, product_id, title, segment, minimum_quantity, maximum_quantity, "
    "end_of_sale, retirement, offer_id, commerce FROM skus WHERE sku_id = ?1";
// The catalog holds hundreds of SKUs, not millions: a scan, no index to keep.
constexpr const char* kFindSkuIdByGuid = "SELECT sku_id FROM skus WHERE guid = ?1";
constexpr const char* kSelectPlans =
    "SELECT plan_id, name, display_name FROM sku_service_plans WHERE sku = ?1 ORDER BY position";
constexpr const char* kSelectPrices =
    "SELECT currency, term, billing_cycle, unit_price FROM sku_prices WHERE sku = ?1 "
    "ORDER BY position";
constexpr const char* kSelectReplacements =
    "SELECT replacement_sku_id FROM sku_replacements WHERE sku = ?1 ORDER BY position";
constexpr const char* kSelectMarkets =
    "SELECT market FROM sku_markets WHERE sku = ?1 ORDER BY market";
constexpr const char* kSelectPrerequisites =
    "SELECT offer_id FROM sku_prerequisites WHERE sku = ?1 ORDER BY position";
constexpr const char* kSelectConversions =
    "SELECT target_sku_id FROM sku_conversions WHERE sku = ?1 ORDER BY position";
constexpr const char* kDeleteMarkets = "DELETE FROM sku_markets WHERE sku = ?1";
constexpr const char* kDeletePrerequisites = "DELETE FROM sku_prerequisites WHERE sku = ?1";
constexpr const char* kDeleteConversions = "DELETE FROM sku_conversions WHERE sku = ?1";
constexpr const char* kInsertMarket = "INSERT INTO sku_markets (sku, market) VALUES (?1, ?2)";
constexpr const char* kInsertPrerequisite =
    "INSERT INTO sku_prerequisites (sku, position, offer_id) VALUES (?1, ?2, ?3)";
constexpr const char* kInsertConversion =
    "INSERT INTO sku_conversions (sku, position, target_sku_id) VALUES (?1, ?2, ?3)";
constexpr const char* kInsertSku =
    "INSERT INTO skus (sku_id, guid, product_id, title, segment, minimum_quantity, "
    "maximum_quantity, end_of_sale, retirement, offer_id, commerce) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
constexpr const char* kUpdateSku =
    "UPDATE skus SET guid = ?2, product_id = ?3, title = ?4, segment = ?5, minimum_quantity = ?6, "
    "maximum_quantity = ?7, end_of_sale = ?8, retirement = ?9, offer_id = ?10, commerce = ?11 "
    "WHERE id = ?1 "
    "RETURNING id";
constexpr const char* kDeletePlans = "DELETE FROM sku_service_plans WHERE sku = ?1";
constexpr const char* kInsertPlan =
    "INSERT INTO sku_service_plans (sku, position, plan_id, name, display_name) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kDeletePrices = "DELETE FROM sku_prices WHERE sku = ?1";
constexpr const char* kInsertPrice =
    "INSERT INTO sku_prices (sku, position, currency, term, billing_cycle, unit_price) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kDeleteReplacements = "DELETE FROM sku_replacements WHERE sku = ?1";
constexpr const char* kInsertReplacement =
    "INSERT INTO sku_replacements (sku, position, replacement_sku_id) VALUES (?1, ?2, ?3)";

//! The version a read of kCatalogVersion answered.
std::int64_t CatalogVersionIn(Connection& conn, Statement& read) {
  if (!read.Step()) conn.Fail("read the catalog version");
  return read.Int(0);
}

const SkuChildQueries kSkuChildren{.plans = kSelectPlans,
                                   .prices = kSelectPrices,
                                   .replacements = kSelectReplacements,
                                   .list_prices = kListPricesOfOffer,
                                   .markets = kSelectMarkets,
                                   .prerequisites = kSelectPrerequisites,
                                   .conversions = kSelectConversions};

}  // namespace

std::vector<Product> SqlTransaction::ListProducts() {
  std::vector<Product> out;
  auto stmt = conn().Prepare(kListProducts);
  while (stmt.Step()) {
    out.push_back({ProductId(stmt.Text(0)), stmt.Text(1), stmt.Text(2),
                   Decode(stmt, 3, ParseSegment, "products.segment", stmt.Text(0))});
  }
  return out;
}

std::int64_t SqlTransaction::ReadCatalogVersion() {
  auto stmt = conn().Prepare(kCatalogVersion);
  return CatalogVersionIn(conn(), stmt);
}

std::optional<Statement> SqlTransaction::SendCatalogVersionRead() {
  if (catalog_version_) return std::nullopt;
  auto stmt = conn().Prepare(kCatalogVersion);
  stmt.Send();
  return stmt;
}

void SqlTransaction::KeepCatalogVersion(Statement& read) {
  catalog_version_ = CatalogVersionIn(conn(), read);
}

std::shared_ptr<const CatalogCache::Skus> SqlTransaction::CatalogSnapshot() {
  if (!catalog_version_) catalog_version_ = ReadCatalogVersion();
  if (auto skus = catalog_->At(*catalog_version_)) return skus;
  // A transaction that changed the catalog sees changes that may yet roll back; one that saw
  // the catalog change under it reads SKU by SKU until it ends.
  if (catalog_written_ || catalog_unsettled_) return nullptr;
  // Write transactions fill the cache too where they can: a process that only writes (a script
  // swapping licenses) would otherwise read every SKU it meets from the database, in every
  // transaction.
  if (write_ && writer_catalog_ == WriterCatalog::kNever) return nullptr;
  CatalogCache::Skus skus;
  for (Sku& sku : ReadSkus({})) skus.emplace(sku.id, std::move(sku));
  // A read transaction sees one snapshot. A write transaction (kIfUnchanged) sees the latest
  // commit at each statement: its SKUs are those of its version only if the version is still
  // the same after reading them (every catalog change raises it, in the changing transaction).
  if (write_ && ReadCatalogVersion() != *catalog_version_) {
    catalog_unsettled_ = true;
    return nullptr;
  }
  catalog_->Offer(*catalog_version_, std::move(skus));
  return catalog_->At(*catalog_version_);
}

void SqlTransaction::CatalogWritten() {
  catalog_version_.reset();
  catalog_written_ = true;
}

std::vector<Sku> SqlTransaction::ListSkus(const SkuFilter& filter) {
  const auto snapshot = CatalogSnapshot();
  if (!snapshot) return ReadSkus(filter);
  std::vector<Sku> out;
  for (const auto& [id, sku] : *snapshot) {
    if (filter.product_id && sku.product_id != *filter.product_id) continue;
    if (filter.segment && sku.segment != *filter.segment) continue;
    out.push_back(sku);
  }
  return out;
}

std::vector<Sku> SqlTransaction::ReadSkus(const SkuFilter& filter) {
  std::vector<Sku> out;
  auto stmt = conn().Prepare(kListSkus);
  if (filter.product_id) stmt.Bind(1, filter.product_id->value());
  if (filter.segment) stmt.Bind(2, ToString(*filter.segment));
  while (stmt.Step()) out.push_back(ReadSku(conn(), stmt, kSkuChildren));
  return out;
}

std::optional<SkuId> SqlTransaction::FindSkuIdByGuid(const Uuid& guid) {
  auto stmt = conn().Prepare(kFindSkuIdByGuid);
  stmt.Bind(1, guid);
  if (!stmt.Step()) return std::nullopt;
  return SkuId(stmt.Text(0));
}

std::optional<Sku> SqlTransaction::FindSku(const SkuId& id) {
  if (const auto snapshot = CatalogSnapshot()) {
    const auto it = snapshot->find(id);
    return it == snapshot->end() ? std::nullopt : std::optional<Sku>(it->second);
  }
  auto stmt = conn().Prepare(kFindSku);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadSku(conn(), stmt, kSkuChildren);
}

bool SqlTransaction::UpsertProduct(const Product& product) {
  CatalogWritten();
  auto exists = conn().Prepare(kProductExists);
  exists.Bind(1, product.id.value());
  const bool created = !exists.Step();
  auto stmt = conn().Prepare(kUpsertProduct);
  stmt.Bind(1, product.id.value()).Bind(2, product.title).Bind(3, product.description);
  stmt.Bind(4, ToString(product.segment));
  stmt.Execute();
  return created;
}

bool SqlTransaction::UpsertSku(const Sku& sku) {
  CatalogWritten();
  const std::optional<std::int64_t> existing = SkuKey(sku.id);
  auto stmt = conn().Prepare(existing ? kUpdateSku : kInsertSku);
  if (existing) {
    stmt.Bind(1, *existing);
  } else {
    stmt.Bind(1, sku.id.value());
  }
  stmt.Bind(2, sku.guid).Bind(3, sku.product_id.value()).Bind(4, sku.title);
  stmt.Bind(5, ToString(sku.segment)).Bind(6, sku.minimum_quantity).Bind(7, sku.maximum_quantity);
  stmt.Bind(8, DateText(sku.end_of_sale)).Bind(9, DateText(sku.retirement));
  stmt.Bind(10, sku.offer_id.empty() ? std::nullopt : std::optional(sku.offer_id));
  stmt.Bind(11, ToString(sku.commerce));
  if (!stmt.Step()) conn().Fail(fmt::format("store SKU {}", sku.id.value()));
  const std::int64_t key = stmt.Int(0);
  if (!existing) sku_keys_.emplace(sku.id, key);

  for (const char* sql : {kDeletePlans, kDeletePrices, kDeleteReplacements, kDeleteMarkets,
                          kDeletePrerequisites, kDeleteConversions}) {
    auto del = conn().Prepare(sql);
    del.Bind(1, key);
    del.Execute();
  }
  int position = 0;
  for (const ServicePlan& plan : sku.service_plans) {
    auto ins = conn().Prepare(kInsertPlan);
    ins.Bind(1, key).Bind(2, position++).Bind(3, plan.id.value()).Bind(4, plan.name);
    ins.Bind(5, plan.display_name);
    ins.Execute();
  }
  position = 0;
  for (const Price& price : sku.prices) {
    auto ins = conn().Prepare(kInsertPrice);
    ins.Bind(1, key).Bind(2, position++).Bind(3, price.currency).Bind(4, ToString(price.term));
    ins.Bind(5, ToString(price.billing_cycle)).Bind(6, price.unit_price);
    ins.Execute();
  }
  position = 0;
  for (const SkuId& replacement : sku.replacements) {
    auto ins = conn().Prepare(kInsertReplacement);
    ins.Bind(1, key).Bind(2, position++).Bind(3, replacement.value());
    ins.Execute();
  }
  for (const std::string& market : sku.markets) {
    auto ins = conn().Prepare(kInsertMarket);
    ins.Bind(1, key).Bind(2, market);
    ins.Execute();
  }
  position = 0;
  for (const std::string& offer : sku.prerequisite_offers) {
    auto ins = conn().Prepare(kInsertPrerequisite);
    ins.Bind(1, key).Bind(2, position++).Bind(3, offer);
    ins.Execute();
  }
  position = 0;
  for (const SkuId& target : sku.conversions) {
    auto ins = conn().Prepare(kInsertConversion);
    ins.Bind(1, key).Bind(2, position++).Bind(3, target.value());
    ins.Execute();
  }
  return !existing;
}

}  // namespace seatshift::store::sql
