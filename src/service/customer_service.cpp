#include "service/customer_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "codec/json.hpp"
#include "service/audit.hpp"
#include "service/idempotency.hpp"
#include "store/transact.hpp"

namespace seatshift::service {

namespace {
constexpr std::string_view kCreateCustomer = CustomerService::kCreateOperation;
constexpr std::string_view kCreateUser = CustomerService::kCreateUserOperation;

Error RequestIdReused(const RequestContext& ctx) {
  return Error(
      ErrorCode::kRequestIdReused,
      fmt::format("request id '{}' was already used for another request", ctx.request_id()));
}
}  // namespace

Error UserNotFound(const UserId& id) {
  return Error(ErrorCode::kNotFound, fmt::format("user {} not found", id.value().ToString()),
               {{"userId", id.value().ToString()}});
}

Result<Customer> CustomerService::Create(const RequestContext& ctx, const NewCustomer& input) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageCustomers));
  Customer customer{.id = CustomerId(deps_.ids.Next()),
                    .company_name = input.company_name,
                    .domain = input.domain,
                    .segment = input.segment,
                    .country = input.country,
                    .currency = input.currency,
                    .created_at = deps_.clock.Now()};
  SEATSHIFT_TRY(NormaliseCustomer(customer));
  return Transact(deps_, ctx, [&](store::WriteTransaction& tx) -> Result<Customer> {
    SEATSHIFT_ASSIGN_OR_RETURN(const auto prior, PriorRequest(tx, ctx, kCreateCustomer));
    if (prior) {
      const auto id = Uuid::Parse(*prior);
      if (auto first = id ? tx.FindCustomer(CustomerId(*id)) : std::nullopt)
        return std::move(*first);
      return RequestIdReused(ctx);
    }
    SEATSHIFT_TRY(tx.InsertCustomer(customer));
    SEATSHIFT_TRY(RecordRequest(tx, ctx, kCreateCustomer, customer.id.value().ToString(),
                                customer.created_at));
    RecordAudit(tx, ctx, customer.created_at,
                {.operation = "customer.create",
                 .resource_type = "Customer",
                 .resource_id = customer.id.value().ToString(),
                 .customer_id = customer.id,
                 .before = "",
                 .after = codec::Serialize(codec::ToJson(customer))});
    return customer;
  });
}

Result<Customer> CustomerService::Get(const RequestContext& ctx, const CustomerId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto customer = deps_.store.Read()->FindCustomer(id);
  if (!customer) return CustomerNotFound(id);
  return std::move(*customer);
}

Result<Customer> CustomerService::Find(const RequestContext& ctx, const std::string& id_or_domain) {
  if (const auto id = Uuid::Parse(id_or_domain)) return Get(ctx, CustomerId(*id));
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  std::string domain = id_or_domain;
  std::transform(domain.begin(), domain.end(), domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto customer = deps_.store.Read()->FindCustomerByDomain(domain);
  if (!customer) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("no customer has the id or domain '{}'", id_or_domain));
  }
  return std::move(*customer);
}

Result<User> CustomerService::FindUser(const RequestContext& ctx, const CustomerId& customer,
                                       const std::string& id_or_upn) {
  if (const auto id = Uuid::Parse(id_or_upn)) return GetUser(ctx, customer, UserId(*id));
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  std::string upn = id_or_upn;
  std::transform(upn.begin(), upn.end(), upn.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto user = deps_.store.Read()->FindUserByPrincipalName(customer, upn);
  if (!user) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("no user of the customer has the id or name '{}'", id_or_upn));
  }
  return std::move(*user);
}

Result<store::Page<Customer>> CustomerService::List(const RequestContext& ctx,
                                                    const store::CustomerFilter& filter,
                                                    const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  return deps_.store.Read()->ListCustomers(filter, page);
}

Result<User> CustomerService::CreateUser(const RequestContext& ctx, const CustomerId& customer_id,
                                         const NewUser& input) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageUsers));
  return Transact(deps_, ctx, [&](store::WriteTransaction& tx) -> Result<User> {
    SEATSHIFT_ASSIGN_OR_RETURN(const auto prior, PriorRequest(tx, ctx, kCreateUser));
    if (prior) {
      const auto id = Uuid::Parse(*prior);
      if (auto first = id ? tx.FindUser(customer_id, UserId(*id)) : std::nullopt) {
        return std::move(*first);
      }
      return RequestIdReused(ctx);
    }
    const auto customer = tx.FindCustomer(customer_id);
    if (!customer) return CustomerNotFound(customer_id);
    User user{.id = UserId(deps_.ids.Next()),
              .customer_id = customer_id,
              .user_principal_name = input.user_principal_name,
              .display_name = input.display_name,
              .first_name = input.first_name,
              .last_name = input.last_name,
              .usage_location = input.usage_location,
              .immutable_id = input.immutable_id,
              .created_at = deps_.clock.Now()};
    SEATSHIFT_TRY(NormaliseUser(user, *customer));
    SEATSHIFT_TRY(tx.InsertUser(user));
    SEATSHIFT_TRY(RecordRequest(tx, ctx, kCreateUser, user.id.value().ToString(), user.created_at));
    RecordAudit(tx, ctx, user.created_at,
                {.operation = "user.create",
                 .resource_type = "CustomerUser",
                 .resource_id = user.id.value().ToString(),
                 .customer_id = customer_id,
                 .before = "",
                 .after = codec::Serialize(codec::ToJson(user))});
    return user;
  });
}

Result<User> CustomerService::UpdateUser(const RequestContext& ctx, const CustomerId& customer_id,
                                         const UserId& id, const UserPatch& patch) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageUsers));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<User> {
    const auto customer = tx.FindCustomer(customer_id);
    if (!customer) return CustomerNotFound(customer_id);
    const auto stored = tx.FindUser(customer_id, id);
    if (!stored) return UserNotFound(id);
    if (patch.if_match && *patch.if_match != stored->version) {
      return Error(ErrorCode::kEtagMismatch,
                   fmt::format("user {} has changed: ETag {} is stale (now {})",
                               id.value().ToString(), *patch.if_match, stored->version),
                   {{"currentEtag", std::to_string(stored->version)}});
    }
    User next = *stored;
    if (patch.display_name) next.display_name = *patch.display_name;
    if (patch.first_name) next.first_name = *patch.first_name;
    if (patch.last_name) next.last_name = *patch.last_name;
    if (patch.usage_location) next.usage_location = *patch.usage_location;
    SEATSHIFT_TRY(NormaliseUser(next, *customer));
    if (next == *stored) return next;
    SEATSHIFT_ASSIGN_OR_RETURN(next.version, tx.UpdateUser(next));
    RecordAudit(tx, ctx, deps_.clock.Now(),
                {.operation = "user.update",
                 .resource_type = "CustomerUser",
                 .resource_id = id.value().ToString(),
                 .customer_id = customer_id,
                 .before = codec::Serialize(codec::ToJson(*stored)),
                 .after = codec::Serialize(codec::ToJson(next))});
    tx.Commit();
    return next;
  });
}

Result<User> CustomerService::GetUser(const RequestContext& ctx, const CustomerId& customer,
                                      const UserId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  auto user = tx->FindUser(customer, id);
  if (!user) return tx->FindCustomer(customer) ? UserNotFound(id) : CustomerNotFound(customer);
  return std::move(*user);
}

Result<store::Page<User>> CustomerService::ListUsers(const RequestContext& ctx,
                                                     const CustomerId& customer,
                                                     const store::PageRequest& page) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  if (!tx->FindCustomer(customer)) return CustomerNotFound(customer);
  return tx->ListUsers(customer, page);
}

Status CustomerService::DeleteUser(const RequestContext& ctx, const CustomerId& customer,
                                   const UserId& id) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageUsers));
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    tx.LockCustomer(customer);
    const auto user = tx.FindUser(customer, id);
    if (!user) return tx.FindCustomer(customer) ? UserNotFound(id) : CustomerNotFound(customer);
    boost::json::object before = codec::ToJson(*user);
    before["licenses"] = codec::ToJson(tx.LicensesOfUser(id));
    tx.DeleteUser(id);
    RecordAudit(tx, ctx, deps_.clock.Now(),
                {.operation = "user.delete",
                 .resource_type = "CustomerUser",
                 .resource_id = id.value().ToString(),
                 .customer_id = customer,
                 .before = codec::Serialize(before),
                 .after = ""});
    tx.Commit();
    return OkStatus();
  });
}

}  // namespace seatshift::service
