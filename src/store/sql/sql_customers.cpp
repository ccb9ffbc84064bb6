// Customers and their users.
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

constexpr const char* kInsertCustomer =
    "INSERT INTO customers (guid, company_name, domain, segment, country, currency, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
constexpr const char* kFindCustomer =
    "SELECT id, guid, company_name, domain, segment, country, currency, created_at "
    "FROM customers WHERE guid = ?1";
constexpr const char* kFindCustomers =
    "SELECT id, guid, company_name, domain, segment, country, currency, created_at "
    "FROM customers WHERE {{in_guids:guid:?1}}";
constexpr const char* kFindCustomerByDomain =
    "SELECT id, guid, company_name, domain, segment, country, currency, created_at "
    "FROM customers WHERE domain = ?1";
// ?2 and ?4 are {{ilike}} patterns for the name and domain prefixes (case-insensitive, as the
// contract says); '\' escapes the user's own % and _.
#define SEATSHIFT_CUSTOMER_FILTER                                       \
  "(?2 = '' OR company_name {{ilike}} ?2 ESCAPE '\\') AND (?4 = '' OR " \
  "domain {{ilike}} ?4 ESCAPE '\\')"
constexpr const char* kListCustomers =
    "SELECT id, guid, company_name, domain, segment, country, currency, created_at "
    "FROM customers WHERE id > ?1 AND " SEATSHIFT_CUSTOMER_FILTER " ORDER BY id LIMIT ?3";
constexpr const char* kCountCustomers =
    "SELECT count(*) FROM customers WHERE " SEATSHIFT_CUSTOMER_FILTER;

constexpr const char* kInsertUser =
    "INSERT INTO users (guid, customer, upn, display_name, usage_location, created_at, "
    "first_name, last_name, immutable_id) "
    "SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM customers WHERE guid = ?2 ON CONFLICT DO "
    "NOTHING "
    "RETURNING id";
constexpr const char* kCustomerExists = "SELECT 1 FROM customers WHERE guid = ?1";
#define SEATSHIFT_USER_COLUMNS                                                               \
  "u.id, u.guid, c.guid, u.upn, u.display_name, u.usage_location, u.created_at, u.version, " \
  "u.first_name, u.last_name, u.immutable_id "
constexpr const char* kFindUser =
    "SELECT " SEATSHIFT_USER_COLUMNS
    "FROM users u JOIN customers c ON c.id = u.customer WHERE u.guid = ?1 AND c.guid = ?2";
constexpr const char* kFindUserByUpn =
    "SELECT " SEATSHIFT_USER_COLUMNS
    "FROM users u JOIN customers c ON c.id = u.customer WHERE c.guid = ?1 AND u.upn = ?2";
constexpr const char* kListUsers =
    "SELECT " SEATSHIFT_USER_COLUMNS
    "FROM users u JOIN customers c ON c.id = u.customer WHERE c.guid = ?1 AND u.id > ?2 "
    "ORDER BY u.id LIMIT ?3";
#undef SEATSHIFT_USER_COLUMNS
constexpr const char* kCountUsers =
    "SELECT count(*) FROM users WHERE customer = (SELECT id FROM customers WHERE guid = ?1)";
// Compare-and-swap on the version, as for subscriptions.
constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = ?2, usage_location = ?3, first_name = ?5, last_name = ?6, "
    "version = version + 1 WHERE guid = ?1 AND version = ?4";
constexpr const char* kDeleteUser = "DELETE FROM users WHERE guid = ?1";

std::string LikePrefix(const std::string& prefix) {
  if (prefix.empty()) return {};
  std::string pattern;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + "%";
}

}  // namespace

Status SqlTransaction::InsertCustomer(const Customer& customer) {
  auto stmt = conn().Prepare(kInsertCustomer);
  stmt.Bind(1, customer.id.value()).Bind(2, customer.company_name).Bind(3, customer.domain);
  stmt.Bind(4, ToString(customer.segment)).Bind(5, customer.country).Bind(6, customer.currency);
  stmt.Bind(7, Seconds(customer.created_at));
  stmt.Execute();
  if (conn().Changes() == 0) {
    return Error(ErrorCode::kAlreadyExists,
                 "a customer with domain " + customer.domain + " already exists",
                 {{"domain", customer.domain}});
  }
  return OkStatus();
}

std::optional<Customer> SqlTransaction::FindCustomer(const CustomerId& id) {
  auto stmt = conn().Prepare(kFindCustomer);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  // Use cases that find the customer then read its rows by key: no second lookup.
  customer_keys_.emplace(id, stmt.Int(0));
  return ReadCustomer(stmt);
}

std::vector<std::int64_t> SqlTransaction::ReadCustomers(const std::vector<CustomerId>& ids,
                                                        std::map<CustomerId, Customer>& found) {
  std::vector<Uuid> guids;
  guids.reserve(ids.size());
  for (const CustomerId& id : ids) guids.push_back(id.value());
  std::vector<std::int64_t> keys;
  auto stmt = conn().Prepare(kFindCustomers);
  stmt.BindGuids(1, guids);
  while (stmt.Step()) {
    Customer customer = ReadCustomer(stmt);
    keys.push_back(stmt.Int(0));
    customer_keys_.emplace(customer.id, keys.back());
    found.emplace(customer.id, std::move(customer));
  }
  return keys;
}

std::vector<Customer> SqlTransaction::FindCustomers(const std::vector<CustomerId>& ids) {
  std::map<CustomerId, Customer> found;
  ReadCustomers(ids, found);
  std::vector<Customer> out;
  out.reserve(found.size());
  for (const CustomerId& id : ids) {
    if (auto it = found.find(id); it != found.end()) {
      out.push_back(std::move(it->second));
      found.erase(it);
    }
  }
  return out;
}

std::vector<CustomerHoldings> SqlTransaction::HoldingsOf(const std::vector<CustomerId>& ids) {
  std::map<CustomerId, Customer> customers;
  const std::vector<std::int64_t> keys = ReadCustomers(ids, customers);
  std::map<CustomerId, CustomerHoldings> found;
  for (auto& [id, customer] : customers) found[id].customer = std::move(customer);
  auto subscriptions = SubscriptionsOfCustomerKeys(keys);
  auto seats = SeatsOfCustomerKeys(keys);
  auto licenses = LicenseGroupsOfCustomerKeys(keys, seats);
  std::vector<CustomerHoldings> out;
  out.reserve(found.size());
  for (const CustomerId& id : ids) {
    const auto it = found.find(id);
    if (it == found.end()) continue;
    const std::int64_t key = customer_keys_.at(id);
    CustomerHoldings& holdings = out.emplace_back(std::move(it->second));
    holdings.subscriptions = std::move(subscriptions[key]);
    holdings.licenses = std::move(licenses[key]);
    holdings.seats = std::move(seats[key]);
    found.erase(it);  // an id asked twice is answered once
  }
  return out;
}

std::optional<Customer> SqlTransaction::FindCustomerByDomain(const std::string& domain) {
  auto stmt = conn().Prepare(kFindCustomerByDomain);
  stmt.Bind(1, domain);
  if (!stmt.Step()) return std::nullopt;
  return ReadCustomer(stmt);
}

Result<Page<Customer>> SqlTransaction::ListCustomers(const CustomerFilter& filter,
                                                     const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  const std::string name = LikePrefix(filter.name_prefix);
  const std::string domain = LikePrefix(filter.domain_prefix);
  auto stmt = conn().Prepare(kListCustomers);
  stmt.Bind(1, after).Bind(2, name).Bind(3, page.limit + 1).Bind(4, domain);
  Page<Customer> out = ReadPage<Customer>(stmt, page.limit, ReadCustomer<Statement>);
  auto count = conn().Prepare(kCountCustomers);
  count.Bind(2, name).Bind(4, domain);
  count.Step();
  out.total = count.Int(0);
  return out;
}

Status SqlTransaction::InsertUser(const User& user) {
  auto stmt = conn().Prepare(kInsertUser);
  stmt.Bind(1, user.id.value()).Bind(2, user.customer_id.value());
  stmt.Bind(3, user.user_principal_name).Bind(4, user.display_name);
  stmt.Bind(5, user.usage_location).Bind(6, Seconds(user.created_at));
  stmt.Bind(7, user.first_name).Bind(8, user.last_name).Bind(9, user.immutable_id);
  if (stmt.Step()) {
    RememberUserKey(user.id, stmt.Int(0));
    return OkStatus();
  }
  auto customer = conn().Prepare(kCustomerExists);
  customer.Bind(1, user.customer_id.value());
  if (!customer.Step()) {
    return Error(ErrorCode::kNotFound,
                 "customer " + user.customer_id.value().ToString() + " not found");
  }
  return Error(ErrorCode::kAlreadyExists,
               "a user named " + user.user_principal_name + " already exists",
               {{"userPrincipalName", user.user_principal_name}});
}

std::optional<User> SqlTransaction::FindUser(const CustomerId& customer, const UserId& id) {
  auto stmt = conn().Prepare(kFindUser);
  stmt.Bind(1, id.value()).Bind(2, customer.value());
  if (!stmt.Step()) return std::nullopt;
  RememberUserKey(id, stmt.Int(0));
  return ReadUser(stmt);
}

std::optional<User> SqlTransaction::FindUserByPrincipalName(const CustomerId& customer,
                                                            const std::string& upn) {
  auto stmt = conn().Prepare(kFindUserByUpn);
  stmt.Bind(1, customer.value()).Bind(2, upn);
  if (!stmt.Step()) return std::nullopt;
  return ReadUser(stmt);
}

Result<Page<User>> SqlTransaction::ListUsers(const CustomerId& customer, const PageRequest& page) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::int64_t after, DecodeToken(page.after));
  auto stmt = conn().Prepare(kListUsers);
  stmt.Bind(1, customer.value()).Bind(2, after).Bind(3, page.limit + 1);
  Page<User> out = ReadPage<User>(stmt, page.limit, ReadUser<Statement>);
  auto count = conn().Prepare(kCountUsers);
  count.Bind(1, customer.value());
  count.Step();
  out.total = count.Int(0);
  return out;
}

Result<std::int64_t> SqlTransaction::UpdateUser(const User& user) {
  auto stmt = conn().Prepare(kUpdateUser);
  stmt.Bind(1, user.id.value()).Bind(2, user.display_name).Bind(3, user.usage_location);
  stmt.Bind(4, user.version).Bind(5, user.first_name).Bind(6, user.last_name);
  stmt.Execute();
  if (conn().Changes() == 0) {
    return Error(ErrorCode::kEtagMismatch, fmt::format("user {} changed since version {}",
                                                       user.id.value().ToString(), user.version));
  }
  return user.version + 1;
}

void SqlTransaction::DeleteUser(const UserId& user) {
  // The cascade removes the user's licenses; count them out first.
  for (const License& license : LicensesOfUser(user)) DeleteLicense(user, license.sku_id);
  auto stmt = conn().Prepare(kDeleteUser);
  stmt.Bind(1, user.value());
  stmt.Execute();
}

}  // namespace seatshift::store::sql
