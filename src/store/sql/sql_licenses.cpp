// Licenses, and the seat counts that bound them.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <set>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

//! Up to this many users, their licenses are read and deleted a statement per user (seeks in
//! the licenses' primary key); more, in one pass over the customer's licenses.
constexpr std::size_t kFewUsers = 31;

constexpr const char* kSelectUserKey = "SELECT id FROM users WHERE guid = ?1";
constexpr const char* kLicensesOfUser =
    "SELECT k.sku_id, l.excluded_plans FROM licenses l JOIN skus k ON k.id = l.sku "
    "WHERE l.customer = (SELECT customer FROM users WHERE id = ?1) AND l.\"user\" = ?1 "
    "ORDER BY l.sku";
// The licenses of the customers whose keys are bound to ?1 (one customer's: a list of one).
constexpr const char* kLicensesOfCustomers =
    "SELECT l.\"user\", u.guid, k.sku_id, l.excluded_plans, l.customer FROM licenses l "
    "JOIN users u ON u.id = l.\"user\" JOIN skus k ON k.id = l.sku "
    "WHERE {{in_keys:l.customer:?1}}";
// The licenses that exclude service plans, of the customers whose keys are bound to ?1, counted
// per SKU and excluded plans: the few rows of licenses_excluding_plans, no users join.
constexpr const char* kExcludingLicenseGroups =
    "SELECT l.customer, k.sku_id, l.excluded_plans, count(*) FROM licenses l "
    "JOIN skus k ON k.id = l.sku WHERE {{in_keys:l.customer:?1}} AND l.excluded_plans <> '' "
    "GROUP BY l.customer, k.sku_id, l.excluded_plans";
// A SKU's seats and assigned licenses at a customer, in one statement (one round trip).
constexpr const char* kSeatsOfSku =
    "SELECT (SELECT coalesce(sum(quantity), 0) FROM subscriptions "
    "WHERE customer = ?1 AND sku = ?2 AND status = 'active'), "
    "(SELECT coalesce(max(assigned), 0) FROM license_counts WHERE customer = ?1 AND sku = ?2)";
// The seats and assigned licenses of every pair of a customer (keys ?1) and a SKU (keys ?2):
// seeks in the (customer, sku) ranges of the two indexes.
constexpr const char* kSeatsOfPairs =
    "SELECT s.customer, s.sku, sum(CASE WHEN s.status = 'active' THEN s.quantity ELSE 0 END) "
    "FROM subscriptions s WHERE {{in_keys:s.customer:?1}} AND {{in_keys:s.sku:?2}} "
    "GROUP BY s.customer, s.sku";
constexpr const char* kAssignedOfPairs =
    "SELECT c.customer, c.sku, c.assigned FROM license_counts c "
    "WHERE {{in_keys:c.customer:?1}} AND {{in_keys:c.sku:?2}}";
// Every SKU's seats and assigned licenses of the customers whose keys are bound to ?1.
constexpr const char* kAllActiveSeats =
    "SELECT s.sku, k.sku_id, sum(CASE WHEN s.status = 'active' THEN s.quantity ELSE 0 END), "
    "s.customer FROM subscriptions s JOIN skus k ON k.id = s.sku "
    "WHERE {{in_keys:s.customer:?1}} GROUP BY s.customer, s.sku, k.sku_id";
constexpr const char* kAllAssigned =
    "SELECT c.sku, k.sku_id, c.assigned, c.customer FROM license_counts c "
    "JOIN skus k ON k.id = c.sku WHERE {{in_keys:c.customer:?1}}";
constexpr const char* kUsersHolding =
    "SELECT u.id, u.guid, u.upn, u.display_name, u.usage_location, u.created_at, u.version, "
    "u.first_name, u.last_name, u.immutable_id FROM licenses l JOIN users u ON u.id = l.\"user\" "
    "WHERE l.customer = ?1 AND l.sku = ?2 ORDER BY l.\"user\" LIMIT ?3";
// The holders are the first `limit` keys of one range of the licenses' primary key; their
// licenses, a seek each in the same key.
constexpr const char* kLicensesOfHolders =
    "SELECT l.\"user\", u.guid, k.sku_id, l.excluded_plans FROM licenses l "
    "JOIN users u ON u.id = l.\"user\" JOIN skus k ON k.id = l.sku "
    "WHERE l.customer = ?1 AND l.\"user\" IN (SELECT h.\"user\" FROM licenses h "
    "WHERE h.customer = ?1 AND h.sku = ?2 ORDER BY h.\"user\" LIMIT ?3) ORDER BY l.\"user\"";
// What a change to one user's licenses is planned from (LockForLicenseChange), sent together.
// The customer, locked as LockCustomer locks it (where rows are locked), read as FindCustomer
// reads it.
constexpr const char* kLockAndFindCustomer =
    "SELECT id, guid, company_name, domain, segment, country, currency, created_at "
    "FROM customers WHERE guid = ?1 {{for_no_key_update}}";
// A user (?1) of the customer (?2) with its SKU keys and ids and excluded plans, in the order
// of kLicensesOfUser; one row of NULLs but the user's key for a user holding none, and no row
// for a user the customer does not have.
constexpr const char* kUserWithLicenses =
    "SELECT u.id, k.id, k.sku_id, l.excluded_plans FROM users u "
    "JOIN customers c ON c.id = u.customer "
    "LEFT JOIN licenses l ON l.customer = u.customer AND l.\"user\" = u.id "
    "LEFT JOIN skus k ON k.id = l.sku WHERE u.guid = ?1 AND c.guid = ?2 ORDER BY l.sku";
// kSeatsOfSku of each SKU whose id is listed in ?2 at the customer ?1 (its GUID), with the
// SKU's key.
constexpr const char* kSeatsOfNamedSkus =
    "SELECT k.id, k.sku_id, (SELECT coalesce(sum(s.quantity), 0) FROM subscriptions s "
    "WHERE s.customer = c.id AND s.sku = k.id AND s.status = 'active'), "
    "(SELECT coalesce(max(n.assigned), 0) FROM license_counts n "
    "WHERE n.customer = c.id AND n.sku = k.id) "
    "FROM customers c JOIN skus k ON {{in_texts:k.sku_id:?2}} WHERE c.guid = ?1";
constexpr const char* kInsertLicense =
    "INSERT INTO licenses (\"user\", sku, customer, excluded_plans) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kUpdateExcludedPlans =
    "UPDATE licenses SET excluded_plans = ?4 WHERE customer = ?3 AND \"user\" = ?1 AND sku = ?2";
constexpr const char* kDeleteLicense =
    "DELETE FROM licenses WHERE customer = (SELECT customer FROM users WHERE id = ?1) "
    "AND \"user\" = ?1 AND sku = ?2 RETURNING customer";
// One user's license, by the whole primary key. The set-based form (kDeleteLicenses) names the
// users in a list, and a plan made without the table's statistics (a generic plan, soon after
// the licenses were written) filters the customer's every license by it: a scan of all of
// them to delete one.
constexpr const char* kDeleteUserLicense =
    "DELETE FROM licenses WHERE customer = ?3 AND \"user\" = ?2 AND sku = ?1";
// An upsert would check `assigned >= 0` on the candidate row (the bare delta) first; so update,
// and insert only the first count of a customer's SKU.
// Set-based forms for batches: ?2 and ?4 are lists of user keys (Statement::BindKeys).
constexpr const char* kDeleteLicenses =
    "DELETE FROM licenses WHERE customer = ?3 AND sku = ?1 AND {{in_keys:\"user\":?2}}";
constexpr const char* kInsertLicenses =
    "INSERT INTO licenses (\"user\", sku, customer, excluded_plans) "
    "SELECT u.value, ?1, ?2, ?3 FROM {{key_table:?4:u}}";
constexpr const char* kAddToLicenseCount =
    "UPDATE license_counts SET assigned = assigned + ?3 WHERE customer = ?1 AND sku = ?2";
constexpr const char* kInsertLicenseCount =
    "INSERT INTO license_counts (customer, sku, assigned) SELECT ?1, ?2, ?3 WHERE NOT EXISTS "
    "(SELECT 1 FROM license_counts WHERE customer = ?1 AND sku = ?2)";

}  // namespace

std::optional<std::int64_t> SqlTransaction::UserKey(const UserId& user) {
  if (auto it = user_keys_.find(user); it != user_keys_.end()) return it->second;
  auto stmt = conn().Prepare(kSelectUserKey);
  stmt.Bind(1, user.value());
  if (!stmt.Step()) return std::nullopt;
  RememberUserKey(user, stmt.Int(0));
  return stmt.Int(0);
}

std::vector<License> SqlTransaction::LicensesOfUser(const UserId& user) {
  std::vector<License> out;
  const auto key = UserKey(user);
  if (!key) return out;
  auto stmt = conn().Prepare(kLicensesOfUser);
  stmt.Bind(1, *key);
  while (stmt.Step()) out.push_back({user, SkuId(stmt.Text(0)), SplitPlans(stmt.Text(1), user)});
  return out;
}

std::map<UserId, std::vector<License>> SqlTransaction::LicensesOfCustomer(
    const CustomerId& customer) {
  const auto customer_key = CustomerKey(customer);
  if (!customer_key) return {};
  auto of_customers = LicensesOfCustomerKeys(std::span(&*customer_key, 1));
  return std::move(of_customers[*customer_key]);
}

std::map<std::int64_t, std::map<UserId, std::vector<License>>>
SqlTransaction::LicensesOfCustomerKeys(std::span<const std::int64_t> customers) {
  std::map<std::int64_t, std::map<UserId, std::vector<License>>> out;
  auto stmt = conn().Prepare(kLicensesOfCustomers);
  stmt.BindKeys(1, customers);
  while (stmt.Step()) {
    const UserId user(stmt.Guid(1));
    RememberUserKey(user, stmt.Int(0));
    out[stmt.Int(4)][user].push_back({user, SkuId(stmt.Text(2)), SplitPlans(stmt.Text(3), user)});
  }
  for (auto& [customer, users] : out) {
    for (auto& [user, licenses] : users) {
      std::sort(licenses.begin(), licenses.end(),
                [](const License& a, const License& b) { return a.sku_id < b.sku_id; });
    }
  }
  return out;
}

std::map<std::int64_t, std::vector<LicenseGroup>> SqlTransaction::LicenseGroupsOfCustomerKeys(
    std::span<const std::int64_t> customers,
    const std::map<std::int64_t, std::map<SkuId, SeatCount>>& seats) {
  std::map<std::int64_t, std::vector<LicenseGroup>> out;
  std::map<std::pair<std::int64_t, SkuId>, std::int64_t> excluding;
  auto stmt = conn().Prepare(kExcludingLicenseGroups);
  stmt.BindKeys(1, customers);
  while (stmt.Step()) {
    const std::int64_t customer = stmt.Int(0);
    LicenseGroup& group = out[customer].emplace_back(
        LicenseGroup{.sku_id = SkuId(stmt.Text(1)),
                     .excluded_plans = Decode(stmt, 2, ParsePlans, "licenses.excluded_plans",
                                              fmt::format("customer {}", customer)),
                     .licenses = stmt.Int(3)});
    excluding[{customer, group.sku_id}] += group.licenses;
  }
  // The rest of a SKU's licenses exclude nothing: its assigned count (kept with every license
  // change, this transaction's own included) less those read above.
  for (const auto& [customer, counts] : seats) {
    for (const auto& [sku, count] : counts) {
      const auto it = excluding.find({customer, sku});
      const std::int64_t rest = count.assigned - (it == excluding.end() ? 0 : it->second);
      if (rest < 0) {
        Corrupt("license_counts.assigned", fmt::format("customer {} {}", customer, sku.value()),
                std::to_string(count.assigned));
      }
      if (rest > 0)
        out[customer].push_back({.sku_id = sku, .excluded_plans = {}, .licenses = rest});
    }
  }
  return out;
}

std::map<UserId, std::vector<License>> SqlTransaction::LicensesOfUsers(
    const CustomerId& customer, const std::vector<UserId>& users) {
  std::map<UserId, std::vector<License>> out;
  if (users.size() <= kFewUsers) {
    for (const UserId& u : users) out[u] = LicensesOfUser(u);
    return out;
  }
  std::map<UserId, std::vector<License>> all = LicensesOfCustomer(customer);
  for (const UserId& u : users) {
    auto it = all.find(u);
    out[u] = it == all.end() ? std::vector<License>{} : std::move(it->second);
  }
  return out;
}

SeatCount SqlTransaction::CountSeats(const CustomerId& customer, const SkuId& sku) {
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(sku);
  if (!customer_key || !sku_key) return {};
  auto seats = conn().Prepare(kSeatsOfSku);
  seats.Bind(1, *customer_key).Bind(2, *sku_key);
  if (!seats.Step()) conn().Fail("counting seats");
  return {.seats = seats.Int(0),
          .assigned = seats.Int(1) + PendingAssigned(*customer_key, *sku_key)};
}

std::int64_t SqlTransaction::PendingAssigned(std::int64_t customer_key,
                                             std::int64_t sku_key) const {
  const auto it = count_deltas_.find({customer_key, sku_key});
  return it == count_deltas_.end() ? 0 : it->second;
}

UserLicenseBasis SqlTransaction::LockForLicenseChange(const CustomerId& customer,
                                                      const UserId& user,
                                                      const std::vector<SkuId>& skus) {
  // Every read is sent before any answer is read: one round trip where the backend pipelines.
  // The lock goes first, so the reads after it see what the customer's last writer committed.
  auto locked = conn().Prepare(kLockAndFindCustomer);
  locked.Bind(1, customer.value()).Send();
  auto held = conn().Prepare(kUserWithLicenses);
  held.Bind(1, user.value()).Bind(2, customer.value()).Send();
  std::vector<std::string_view> sku_ids;
  sku_ids.reserve(skus.size());
  for (const SkuId& sku : skus) sku_ids.push_back(sku.value());
  auto seats = conn().Prepare(kSeatsOfNamedSkus);
  seats.Bind(1, customer.value()).BindTexts(2, sku_ids).Send();
  // The change is planned against the catalog (FindSku), whose version is read once per
  // transaction: with the rest.
  std::optional<Statement> catalog_version = SendCatalogVersionRead();

  UserLicenseBasis out;
  if (!locked.Step()) return out;
  const std::int64_t customer_key = locked.Int(0);
  customer_keys_.emplace(customer, customer_key);
  out.customer = ReadCustomer(locked);
  while (held.Step()) {
    out.user_found = true;
    RememberUserKey(user, held.Int(0));
    if (held.IsNull(1)) continue;  // a user without licenses
    SkuId sku(held.Text(2));
    sku_keys_.emplace(sku, held.Int(1));
    out.licenses.push_back({user, std::move(sku), SplitPlans(held.Text(3), user)});
  }
  while (seats.Step()) {
    const std::int64_t sku_key = seats.Int(0);
    SkuId sku(seats.Text(1));
    sku_keys_.emplace(sku, sku_key);
    out.seats.emplace(std::move(sku),
                      SeatCount{.seats = seats.Int(2),
                                .assigned = seats.Int(3) + PendingAssigned(customer_key, sku_key)});
  }
  if (catalog_version) KeepCatalogVersion(*catalog_version);
  return out;
}

std::map<SkuId, SeatCount> SqlTransaction::CountAllSeats(const CustomerId& customer) {
  const auto customer_key = CustomerKey(customer);
  if (!customer_key) return {};
  auto of_customers = SeatsOfCustomerKeys(std::span(&*customer_key, 1));
  return std::move(of_customers[*customer_key]);
}

std::map<std::pair<CustomerId, SkuId>, SeatCount> SqlTransaction::CountSeatsOf(
    const std::vector<CustomerId>& customers, const std::vector<SkuId>& skus) {
  std::map<std::int64_t, CustomerId> customer_ids;
  std::map<std::int64_t, SkuId> sku_ids;
  for (const CustomerId& customer : customers) {
    if (const auto key = CustomerKey(customer)) customer_ids.emplace(*key, customer);
  }
  for (const SkuId& sku : skus) {
    if (const auto key = SkuKey(sku)) sku_ids.emplace(*key, sku);
  }
  std::vector<std::int64_t> customer_keys;
  std::vector<std::int64_t> sku_keys;
  for (const auto& [key, id] : customer_ids) customer_keys.push_back(key);
  for (const auto& [key, id] : sku_ids) sku_keys.push_back(key);
  std::map<std::pair<CustomerId, SkuId>, SeatCount> out;
  const auto pair_of = [&](const Statement& row) {
    return std::pair(customer_ids.at(row.Int(0)), sku_ids.at(row.Int(1)));
  };
  auto seats = conn().Prepare(kSeatsOfPairs);
  seats.BindKeys(1, customer_keys).BindKeys(2, sku_keys);
  while (seats.Step()) out[pair_of(seats)].seats = seats.Int(2);
  auto assigned = conn().Prepare(kAssignedOfPairs);
  assigned.BindKeys(1, customer_keys).BindKeys(2, sku_keys);
  while (assigned.Step()) out[pair_of(assigned)].assigned = assigned.Int(2);
  for (const auto& [customer_key, customer] : customer_ids) {
    for (const auto& [sku_key, sku] : sku_ids) {
      if (const auto it = count_deltas_.find({customer_key, sku_key}); it != count_deltas_.end()) {
        out[{customer, sku}].assigned += it->second;
      }
    }
  }
  return out;
}

std::map<std::int64_t, std::map<SkuId, SeatCount>> SqlTransaction::SeatsOfCustomerKeys(
    std::span<const std::int64_t> customers) {
  std::map<std::int64_t, std::map<SkuId, SeatCount>> out;
  auto seats = conn().Prepare(kAllActiveSeats);
  seats.BindKeys(1, customers);
  while (seats.Step()) {
    sku_keys_.emplace(SkuId(seats.Text(1)), seats.Int(0));
    out[seats.Int(3)][SkuId(seats.Text(1))].seats = seats.Int(2);
  }
  auto assigned = conn().Prepare(kAllAssigned);
  assigned.BindKeys(1, customers);
  while (assigned.Step()) {
    sku_keys_.emplace(SkuId(assigned.Text(1)), assigned.Int(0));
    out[assigned.Int(3)][SkuId(assigned.Text(1))].assigned = assigned.Int(2);
  }
  // What this transaction assigned and has not counted in yet, of a SKU new to the customer too.
  const std::set<std::int64_t> asked(customers.begin(), customers.end());
  for (const auto& [key, delta] : count_deltas_) {
    const std::int64_t customer = key.first;
    const std::int64_t sku_key = key.second;
    if (delta == 0 || !asked.contains(customer)) continue;
    const auto sku = std::find_if(sku_keys_.begin(), sku_keys_.end(),
                                  [&](const auto& entry) { return entry.second == sku_key; });
    if (sku != sku_keys_.end()) out[customer][sku->first].assigned += delta;
  }
  for (auto& [customer, counts] : out) {
    std::erase_if(counts, [](const auto& entry) {
      return entry.second.seats == 0 && entry.second.assigned == 0;
    });
  }
  return out;
}

std::vector<User> SqlTransaction::UsersHolding(const CustomerId& customer, const SkuId& sku,
                                               int limit) {
  std::vector<User> out;
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(sku);
  if (!customer_key || !sku_key) return out;
  auto stmt = conn().Prepare(kUsersHolding);
  stmt.Bind(1, *customer_key).Bind(2, *sku_key).Bind(3, limit);
  while (stmt.Step()) {
    User u;
    u.id = UserId(stmt.Guid(1));
    u.customer_id = customer;
    u.user_principal_name = stmt.Text(2);
    u.display_name = stmt.Text(3);
    u.usage_location = stmt.Text(4);
    u.created_at = FromSeconds(stmt.Int(5));
    u.version = stmt.Int(6);
    u.first_name = stmt.Text(7);
    u.last_name = stmt.Text(8);
    u.immutable_id = stmt.Text(9);
    RememberUserKey(u.id, stmt.Int(0));
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<std::pair<UserId, std::vector<License>>> SqlTransaction::LicensesOfUsersHolding(
    const CustomerId& customer, const SkuId& sku, int limit) {
  std::vector<std::pair<UserId, std::vector<License>>> out;
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(sku);
  if (!customer_key || !sku_key) return out;
  auto stmt = conn().Prepare(kLicensesOfHolders);
  stmt.Bind(1, *customer_key).Bind(2, *sku_key).Bind(3, limit);
  std::int64_t last = -1;
  while (stmt.Step()) {
    if (stmt.Int(0) != last) {
      last = stmt.Int(0);
      out.emplace_back(UserId(stmt.Guid(1)), std::vector<License>{});
      RememberUserKey(out.back().first, last);
    }
    const UserId& user = out.back().first;
    out.back().second.push_back({user, SkuId(stmt.Text(2)), SplitPlans(stmt.Text(3), user)});
  }
  for (auto& [user, licenses] : out) {
    std::sort(licenses.begin(), licenses.end(),
              [](const License& a, const License& b) { return a.sku_id < b.sku_id; });
  }
  return out;
}

void SqlTransaction::PutLicense(const CustomerId& customer, const License& license) {
  const auto customer_key = CustomerKey(customer);
  const auto sku_key = SkuKey(license.sku_id);
  const auto user_key = UserKey(license.user_id);
  if (!customer_key || !sku_key || !user_key) {
    throw StorageError(
        fmt::format("PutLicense: unknown customer, user or SKU {}", license.sku_id.value()));
  }
  const std::string plans = JoinPlans(license.excluded_plans);
  auto insert = conn().Prepare(kInsertLicense);
  insert.Bind(1, *user_key).Bind(2, *sku_key).Bind(3, *customer_key).Bind(4, plans);
  insert.Execute();
  if (conn().Changes() == 1) {
    ++count_deltas_[{*customer_key, *sku_key}];
    return;
  }
  auto update = conn().Prepare(kUpdateExcludedPlans);
  update.Bind(1, *user_key).Bind(2, *sku_key).Bind(3, *customer_key).Bind(4, plans);
  update.Execute();
}

void SqlTransaction::DeleteLicense(const UserId& user, const SkuId& sku) {
  const auto sku_key = SkuKey(sku);
  const auto user_key = UserKey(user);
  if (!sku_key || !user_key) return;
  auto stmt = conn().Prepare(kDeleteLicense);
  stmt.Bind(1, *user_key).Bind(2, *sku_key);
  if (stmt.Step()) --count_deltas_[{stmt.Int(0), *sku_key}];
}

void SqlTransaction::ApplyLicenseChanges(const CustomerId& customer,
                                         const std::vector<LicenseChange>& changes) {
  const auto customer_key = CustomerKey(customer);
  if (!customer_key) throw StorageError("ApplyLicenseChanges: unknown customer");
  // User keys grouped by SKU (deletions) and by SKU and excluded plans (new licenses).
  std::map<std::int64_t, std::vector<std::int64_t>> deletions;
  std::map<std::pair<std::int64_t, std::string>, std::vector<std::int64_t>> insertions;
  for (const LicenseChange& change : changes) {
    const auto user_key = UserKey(change.user_id);
    if (!user_key) throw StorageError("ApplyLicenseChanges: unknown user");
    for (const SkuId& sku : change.to_delete) {
      if (const auto sku_key = SkuKey(sku)) deletions[*sku_key].push_back(*user_key);
    }
    for (const License& license : change.to_put) {
      const bool held = std::any_of(change.before.begin(), change.before.end(),
                                    [&](const License& l) { return l.sku_id == license.sku_id; });
      if (held) {
        PutLicense(customer,
                   license);  // only its excluded plans change: rare, one at a time
        continue;
      }
      const auto sku_key = SkuKey(license.sku_id);
      if (!sku_key)
        throw StorageError("ApplyLicenseChanges: unknown SKU " + license.sku_id.value());
      insertions[{*sku_key, JoinPlans(license.excluded_plans)}].push_back(*user_key);
    }
  }
  // The changes were planned from the licenses as this transaction read them (under the
  // customer's lock): each deletion finds its row and each insertion none. Checked, not read
  // back: the statements need not wait for their answers.
  for (const auto& [sku_key, users] : deletions) {
    DeleteLicenses(*customer_key, sku_key, users);
    count_deltas_[{*customer_key, sku_key}] -= static_cast<std::int64_t>(users.size());
  }
  for (const auto& [key, users] : insertions) {
    auto stmt = conn().Prepare(kInsertLicenses);
    stmt.Bind(1, key.first).Bind(2, *customer_key).Bind(3, key.second).BindKeys(4, users);
    stmt.ExecuteExpecting(static_cast<std::int64_t>(users.size()));
    count_deltas_[{*customer_key, key.first}] += static_cast<std::int64_t>(users.size());
  }
}

void SqlTransaction::DeleteLicenses(std::int64_t customer_key, std::int64_t sku_key,
                                    const std::vector<std::int64_t>& users) {
  if (users.size() > kFewUsers) {
    auto stmt = conn().Prepare(kDeleteLicenses);
    stmt.Bind(1, sku_key).BindKeys(2, users).Bind(3, customer_key);
    stmt.ExecuteExpecting(static_cast<std::int64_t>(users.size()));
    return;
  }
  for (const std::int64_t user : users) {
    auto stmt = conn().Prepare(kDeleteUserLicense);
    stmt.Bind(1, sku_key).Bind(2, user).Bind(3, customer_key);
    stmt.ExecuteExpecting(1);
  }
}

void SqlTransaction::FlushLicenseCounts() {
  for (const auto& [key, delta] : count_deltas_) {
    if (delta == 0) continue;
    // The insert adds the row the update found missing; neither waits for its answer.
    auto update = conn().Prepare(kAddToLicenseCount);
    update.Bind(1, key.first).Bind(2, key.second).Bind(3, delta);
    update.Execute();
    auto insert = conn().Prepare(kInsertLicenseCount);
    insert.Bind(1, key.first).Bind(2, key.second).Bind(3, delta);
    insert.Execute();
  }
  count_deltas_.clear();
}

}  // namespace seatshift::store::sql
