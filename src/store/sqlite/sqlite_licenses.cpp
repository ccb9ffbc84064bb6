// Licenses, and the seat counts that bound them.
#include <fmt/format.h>

#include "store/sqlite/sqlite_transaction.hpp"

namespace seatshift::store::sqlite {
namespace {

constexpr const char* kLicensesOfUser =
    "SELECT k.sku_id, l.excluded_plans FROM licenses l JOIN skus k ON k.id = l.sku "
    "WHERE l.user = (SELECT id FROM users WHERE guid = ?1) ORDER BY k.sku_id";
constexpr const char* kActiveSeats =
    "SELECT coalesce(sum(quantity), 0) FROM subscriptions "
    "WHERE customer = ?1 AND sku = ?2 AND status = 'active'";
constexpr const char* kAssignedLicenses =
    "SELECT count(*) FROM licenses WHERE customer = ?1 AND sku = ?2";
constexpr const char* kAllActiveSeats =
    "SELECT k.sku_id, sum(CASE WHEN s.status = 'active' THEN s.quantity ELSE 0 END) "
    "FROM subscriptions s JOIN skus k ON k.id = s.sku WHERE s.customer = ?1 GROUP BY k.sku_id";
constexpr const char* kAllAssigned =
    "SELECT k.sku_id, count(*) FROM licenses l JOIN skus k ON k.id = l.sku "
    "WHERE l.customer = ?1 GROUP BY k.sku_id";
constexpr const char* kUsersHolding =
    "SELECT u.guid, u.upn, u.display_name, u.usage_location, u.created_at "
    "FROM licenses l JOIN users u ON u.id = l.user "
    "WHERE l.customer = ?1 AND l.sku = ?2 ORDER BY u.id LIMIT ?3";
constexpr const char* kPutLicense =
    "INSERT INTO licenses (user, sku, customer, excluded_plans) "
    "VALUES ((SELECT id FROM users WHERE guid = ?1), ?2, ?3, ?4) "
    "ON CONFLICT (user, sku) DO UPDATE SET excluded_plans = excluded.excluded_plans";
constexpr const char* kDeleteLicense =
    "DELETE FROM licenses WHERE user = (SELECT id FROM users WHERE guid = ?1) AND sku = ?2";

// Excluded plans are few GUIDs per license; stored as one comma-separated text.
std::string JoinPlans(const std::vector<ServicePlanId>& plans) {
  std::string out;
  for (const auto& plan : plans) {
    if (!out.empty()) out.push_back(',');
    out += plan.value().ToString();
  }
  return out;
}

std::vector<ServicePlanId> SplitPlans(std::string_view text) {
  std::vector<ServicePlanId> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (auto id = Uuid::Parse(text.substr(0, comma))) out.emplace_back(*id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::vector<License> SqliteTransaction::LicensesOfUser(const UserId& user) {
  std::vector<License> out;
  auto stmt = conn().Prepare(kLicensesOfUser);
  stmt.Bind(1, user.value());
  while (stmt.Step()) out.push_back({user, SkuId(stmt.Text(0)), SplitPlans(stmt.Text(1))});
  return out;
}

SeatCount SqliteTransaction::CountSeats(const CustomerId& customer, const SkuId& sku) {
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(sku);
  if (!customer_key || !sku_key) return {};
  SeatCount count;
  auto seats = conn().Prepare(kActiveSeats);
  seats.Bind(1, *customer_key).Bind(2, *sku_key);
  seats.Step();
  count.seats = seats.Int(0);
  auto assigned = conn().Prepare(kAssignedLicenses);
  assigned.Bind(1, *customer_key).Bind(2, *sku_key);
  assigned.Step();
  count.assigned = assigned.Int(0);
  return count;
}

std::map<SkuId, SeatCount> SqliteTransaction::CountAllSeats(const CustomerId& customer) {
  std::map<SkuId, SeatCount> out;
  const auto customer_key = CustomerKey(customer);
  if (!customer_key) return out;
  auto seats = conn().Prepare(kAllActiveSeats);
  seats.Bind(1, *customer_key);
  while (seats.Step()) out[SkuId(seats.Text(0))].seats = seats.Int(1);
  auto assigned = conn().Prepare(kAllAssigned);
  assigned.Bind(1, *customer_key);
  while (assigned.Step()) out[SkuId(assigned.Text(0))].assigned = assigned.Int(1);
  return out;
}

std::vector<User> SqliteTransaction::UsersHolding(const CustomerId& customer, const SkuId& sku,
                                                  int limit) {
  std::vector<User> out;
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(sku);
  if (!customer_key || !sku_key) return out;
  auto stmt = conn().Prepare(kUsersHolding);
  stmt.Bind(1, *customer_key).Bind(2, *sku_key).Bind(3, limit);
  while (stmt.Step()) {
    User u;
    u.id = UserId(stmt.Guid(0));
    u.customer_id = customer;
    u.user_principal_name = stmt.Text(1);
    u.display_name = stmt.Text(2);
    u.usage_location = stmt.Text(3);
    u.created_at = FromSeconds(stmt.Int(4));
    out.push_back(std::move(u));
  }
  return out;
}

void SqliteTransaction::PutLicense(const CustomerId& customer, const License& license) {
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(license.sku_id);
  if (!customer_key || !sku_key) {
    throw StorageError(
        fmt::format("PutLicense: unknown customer or SKU {}", license.sku_id.value()));
  }
  auto stmt = conn().Prepare(kPutLicense);
  stmt.Bind(1, license.user_id.value()).Bind(2, *sku_key).Bind(3, *customer_key);
  stmt.Bind(4, JoinPlans(license.excluded_plans));
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("put license");
}

void SqliteTransaction::DeleteLicense(const UserId& user, const SkuId& sku) {
  const auto sku_key = SkuKey(sku);
  if (!sku_key) return;
  auto stmt = conn().Prepare(kDeleteLicense);
  stmt.Bind(1, user.value()).Bind(2, *sku_key);
  if (stmt.Execute() != SQLITE_DONE) conn().Fail("delete license");
}

}  // namespace seatshift::store::sqlite
