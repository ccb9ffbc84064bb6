// /v1/customers and /v1/customers/{customerId}/users
#include <fmt/format.h>

#include <array>
#include <boost/algorithm/string/predicate.hpp>

#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "service/catalog_service.hpp"
#include "service/customer_service.hpp"
#include "service/license_service.hpp"

namespace seatshift::api {
namespace {

using service::CustomerService;

Result<service::NewCustomer> ReadNewCustomer(const boost::json::object& body) {
  ObjectReader reader(body);
  service::NewCustomer input;
  SEATSHIFT_ASSIGN_OR_RETURN(const boost::json::object* profile, reader.Object("companyProfile"));
  ObjectReader profile_reader(*profile, "companyProfile");
  SEATSHIFT_ASSIGN_OR_RETURN(input.company_name, profile_reader.String("companyName", 200));
  SEATSHIFT_ASSIGN_OR_RETURN(input.domain, profile_reader.String("domain", 253));
  SEATSHIFT_TRY(profile_reader.Attributes("CustomerCompanyProfile"));
  SEATSHIFT_TRY(profile_reader.Finish());
  SEATSHIFT_ASSIGN_OR_RETURN(const auto segment, reader.OptionalString("segment", 32));
  SEATSHIFT_ASSIGN_OR_RETURN(input.country, reader.String("country", 2));
  SEATSHIFT_ASSIGN_OR_RETURN(input.currency, reader.String("currency", 3));
  // The partner is every customer's reseller: seatshift keeps no advisor relationships.
  SEATSHIFT_TRY(reader.OnlyValue("relationshipToPartner", "reseller"));
  SEATSHIFT_TRY(reader.Attributes("Customer"));
  SEATSHIFT_TRY(reader.Finish());
  if (segment) {
    const auto parsed = ParseSegment(*segment);
    if (!parsed) {
      return reader.Bad("segment", "must be commercial, education, frontline or government");
    }
    input.segment = *parsed;
  }
  return input;
}

Response CreateCustomer(CustomerService customers, Call& call) {
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto input = ReadNewCustomer(*body);
  if (!input) return ErrorResponse(std::move(input).error());
  return Respond(customers.Create(call.ctx, *input), [](const Customer& c) {
    return JsonResponse(http::status::created, codec::ToJson(c));
  });
}

Error BadFilter(std::string_view why) {
  return Error(ErrorCode::kBadRequest, fmt::format("filter: {}", why),
               {{"parameter", std::string("filter")}});
}

//! `filter`: Partner Center's JSON form {"Field": "CompanyName"|"Domain", "Value": "…",
//! "Operator": "starts_with"} (its only operator on customers), or plain text as a company-name
//! prefix (seatshift's shorthand). Partner Center's IndirectReseller and
//! IndirectCloudSolutionProvider fields are refused: seatshift keeps no indirect resellers.
Result<store::CustomerFilter> CustomerFilterOf(const Call& call) {
  const std::string& text = call.Query("filter");
  if (!text.starts_with('{')) return store::CustomerFilter{.name_prefix = text};
  auto body = ParseObject(text);
  if (!body) return BadFilter(body.error().message);
  ObjectReader reader(*body, "filter");
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string field, reader.String("Field", 64));
  SEATSHIFT_ASSIGN_OR_RETURN(std::string value, reader.String("Value", 256));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string op, reader.String("Operator", 64));
  SEATSHIFT_TRY(reader.Finish());
  if (!boost::algorithm::iequals(op, "starts_with")) {
    return BadFilter(fmt::format("Operator '{}' is not supported: only starts_with", op));
  }
  if (boost::algorithm::iequals(field, "CompanyName")) {
    return store::CustomerFilter{.name_prefix = std::move(value)};
  }
  if (boost::algorithm::iequals(field, "Domain")) {
    return store::CustomerFilter{.domain_prefix = std::move(value)};
  }
  return BadFilter(
      fmt::format("Field '{}' is not supported: CompanyName or Domain (seatshift keeps no "
                  "indirect resellers)",
                  field));
}

Response ListCustomers(CustomerService customers, Call& call) {
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  auto filter = CustomerFilterOf(call);
  if (!filter) return ErrorResponse(std::move(filter).error());
  return Respond(
      customers.List(call.ctx, *filter, *page), [&](const store::Page<Customer>& result) {
        return PageResponse(result, call, [](const Customer& c) { return codec::ToJson(c); });
      });
}

Response GetCustomer(CustomerService customers, Call& call) {
  auto id = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(customers.Get(call.ctx, *id), [](const Customer& c) {
    return JsonResponse(http::status::ok, codec::ToJson(c));
  });
}

//! Partner Center's `passwordProfile` ({password, forceChangePassword}): real create-user
//! scripts always send one, because Azure AD needs it. seatshift is not the customer's directory
//! and keeps no user passwords: the profile is checked for shape, never stored, and answered as
//! null (README, Compatibility).
Status AcceptPasswordProfile(ObjectReader& reader) {
  const boost::json::value* profile = reader.Value("passwordProfile");
  if (!profile) return OkStatus();
  if (!profile->is_object()) return reader.Bad("passwordProfile", "must be an object");
  ObjectReader fields(profile->get_object(), reader.PathOf("passwordProfile"));
  SEATSHIFT_TRY(fields.OptionalString("password", 256));
  SEATSHIFT_TRY(fields.OptionalBool("forceChangePassword"));
  return fields.Finish();
}

//! The fields of Partner Center's CustomerUser that seatshift knows only one value of.
Status AcceptUserConstants(ObjectReader& reader) {
  SEATSHIFT_TRY(reader.OnlyValue("state", "active"));
  return reader.OnlyValue("userDomainType", "none");
}

Result<service::NewUser> ReadNewUser(const boost::json::object& body) {
  ObjectReader reader(body);
  service::NewUser input;
  SEATSHIFT_ASSIGN_OR_RETURN(input.user_principal_name, reader.String("userPrincipalName", 113));
  SEATSHIFT_ASSIGN_OR_RETURN(input.display_name, reader.String("displayName", 256));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto first, reader.OptionalString("firstName", 64));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto last, reader.OptionalString("lastName", 64));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto location, reader.OptionalString("usageLocation", 2));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto anchor, reader.OptionalString("immutableId", 256));
  SEATSHIFT_TRY(AcceptPasswordProfile(reader));
  SEATSHIFT_TRY(AcceptUserConstants(reader));
  SEATSHIFT_TRY(reader.Attributes("CustomerUser"));
  SEATSHIFT_TRY(reader.Finish());
  input.first_name = first.value_or("");
  input.last_name = last.value_or("");
  input.usage_location = location.value_or("");
  input.immutable_id = anchor.value_or("");
  return input;
}

//! What a user's PATCH may change; the rest of the resource is read-only.
constexpr std::array<std::string_view, 4> kWritableUserFields{"displayName", "firstName",
                                                              "lastName", "usageLocation"};

//! `stored`: the user as GET answers it, when the body carries read-only fields.
Result<service::UserPatch> ReadUserPatch(const Call& call, const boost::json::object& body,
                                         const boost::json::object* stored) {
  ObjectReader reader(body);
  service::UserPatch patch;
  SEATSHIFT_ASSIGN_OR_RETURN(patch.if_match, IfMatch(call));
  if (stored) {
    SEATSHIFT_TRY(
        AcceptReadOnly(reader, *stored, "CustomerUser", kWritableUserFields, patch.if_match));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(patch.display_name, reader.OptionalString("displayName", 256));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.first_name, reader.OptionalString("firstName", 64));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.last_name, reader.OptionalString("lastName", 64));
  SEATSHIFT_ASSIGN_OR_RETURN(patch.usage_location, reader.OptionalString("usageLocation", 2));
  SEATSHIFT_TRY(reader.Finish());
  return patch;
}

Response CreateUser(CustomerService customers, Call& call) {
  auto id = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!id) return ErrorResponse(std::move(id).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  auto input = ReadNewUser(*body);
  if (!input) return ErrorResponse(std::move(input).error());
  return Respond(customers.CreateUser(call.ctx, *id, *input), [](const User& u) {
    return JsonResponse(http::status::created, codec::ToJson(u));
  });
}

//! `include=licenses` answers each user with its licenses (as GET …/users/{id}/licenses lists
//! them), all from one request.
Response ListUsers(service::Dependencies deps, Call& call) {
  auto id = ParseGuid<CustomerId>(call.Path("customerId"), "customerId");
  if (!id) return ErrorResponse(std::move(id).error());
  auto page = PageOf(call);
  if (!page) return ErrorResponse(std::move(page).error());
  const std::string& include = call.Query("include");
  if (include.empty()) {
    return Respond(CustomerService(deps).ListUsers(call.ctx, *id, *page),
                   [&](const store::Page<User>& result) {
                     return PageResponse(result, call,
                                         [](const User& u) { return codec::ToJson(u); });
                   });
  }
  if (include != "licenses") {
    return ErrorResponse(Error(ErrorCode::kBadRequest, "include can only be licenses",
                               {{"parameter", std::string("include")}}));
  }
  return Respond(service::LicenseService(deps).UsersWithLicenses(call.ctx, *id, *page),
                 [&](const store::Page<service::UserWithLicenses>& result) {
                   service::CatalogService catalog(deps);
                   return PageResponse(result, call, [&](const service::UserWithLicenses& u) {
                     boost::json::object json = codec::ToJson(u.user);
                     boost::json::array licenses;
                     for (const License& l : u.licenses) {
                       const auto sku = catalog.GetSku(call.ctx, l.sku_id);
                       licenses.push_back(codec::ToJson(l, sku ? &*sku : nullptr));
                     }
                     json["licenses"] = std::move(licenses);
                     return json;
                   });
                 });
}

struct UserPath {
  CustomerId customer;
  UserId user;
};

Result<UserPath> ParseUserPath(const Call& call) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto customer,
                             ParseGuid<CustomerId>(call.Path("customerId"), "customerId"));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto user, ParseGuid<UserId>(call.Path("userId"), "userId"));
  return UserPath{customer, user};
}

Response GetUser(CustomerService customers, Call& call) {
  auto path = ParseUserPath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  return Respond(customers.GetUser(call.ctx, path->customer, path->user), [](const User& u) {
    return WithEtag(JsonResponse(http::status::ok, codec::ToJson(u)), u.version);
  });
}

Response PatchUser(CustomerService customers, Call& call) {
  auto path = ParseUserPath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  std::optional<boost::json::object> stored;
  if (CarriesReadOnly(*body, kWritableUserFields)) {
    auto user = customers.GetUser(call.ctx, path->customer, path->user);
    if (!user) return ErrorResponse(std::move(user).error());
    stored = codec::ToJson(*user);
  }
  auto patch = ReadUserPatch(call, *body, stored ? &*stored : nullptr);
  if (!patch) return ErrorResponse(std::move(patch).error());
  return Respond(customers.UpdateUser(call.ctx, path->customer, path->user, *patch),
                 [](const User& u) {
                   return WithEtag(JsonResponse(http::status::ok, codec::ToJson(u)), u.version);
                 });
}

Response DeleteUser(CustomerService customers, Call& call) {
  auto path = ParseUserPath(call);
  if (!path) return ErrorResponse(std::move(path).error());
  Status deleted = customers.DeleteUser(call.ctx, path->customer, path->user);
  if (!deleted) return ErrorResponse(std::move(deleted).error());
  return EmptyResponse(http::status::no_content);
}

}  // namespace

void AddCustomerRoutes(Router& router, service::Dependencies deps) {
  const CustomerService customers(deps);
  const auto add = [&](http::verb verb, const char* pattern,
                       Response (*handler)(CustomerService, Call&), RouteOptions options = {}) {
    router.Add(
        verb, pattern, [customers, handler](Call& c) { return handler(customers, c); },
        std::move(options));
  };
  add(http::verb::post, "/v1/customers", CreateCustomer,
      {.idempotent = {{.name = std::string(CustomerService::kCreateOperation)}}});
  add(http::verb::get, "/v1/customers", ListCustomers, {.query = PagedQuery({"filter"})});
  add(http::verb::get, "/v1/customers/{customerId}", GetCustomer);
  add(http::verb::post, "/v1/customers/{customerId}/users", CreateUser,
      {.idempotent = {{.name = std::string(CustomerService::kCreateUserOperation)}}});
  router.Add(http::verb::get, "/v1/customers/{customerId}/users",
             [deps](Call& c) { return ListUsers(deps, c); }, {.query = PagedQuery({"include"})});
  add(http::verb::get, "/v1/customers/{customerId}/users/{userId}", GetUser);
  add(http::verb::patch, "/v1/customers/{customerId}/users/{userId}", PatchUser);
  add(http::verb::delete_, "/v1/customers/{customerId}/users/{userId}", DeleteUser);
}

}  // namespace seatshift::api
