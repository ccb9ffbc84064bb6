#include "service/estate_import.hpp"

#include "domain/lifecycle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "codec/json.hpp"
#include "domain/display_text.hpp"
#include "service/audit.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr std::size_t kProgressEvery = 1000;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

//! `error` about the record at `where`: the message gains the prefix, code and details stay.
Error At(const std::string& where, Error error) {
  error.message = fmt::format("{}: {}", where, error.message);
  error.details.push_back({"where", where});
  return error;
}

Error At(const std::string& where, ErrorCode code, std::string message) {
  return At(where, Error(code, std::move(message)));
}

//! Applies an estate inside one write transaction. Keeps what the estate created so that later
//! records can refer to it without reading it back, and what it needs for the final checks.
class EstateImporter {
 public:
  EstateImporter(Dependencies deps, const RequestContext& ctx, store::WriteTransaction& tx)
      : deps_(deps), ctx_(ctx), tx_(tx), skus_(tx), now_(deps.clock.Now()) {}

  Status AddCustomer(const EstateCustomer& in);
  Status AddUser(const EstateUser& in);
  Status AddSubscription(const EstateSubscription& in);
  Status AddLicense(const EstateLicense& in);
  //! Seats against licenses, once every record is in (a license may precede its seats).
  Status CheckSeats();
  void RecordAudits();
  const EstateImportReport& report() const { return report_; }

 private:
  //! A customer the estate creates or adds to, with what it added.
  struct Tenant {
    Customer customer;
    std::string where;  //!< where the estate defines it; empty if already in the database
    bool created = false;
    EstateImportReport added;
  };
  struct UserRef {
    UserId id;
    std::string where;  //!< empty for users already in the database
  };
  //! The estate's licenses of one SKU of one customer, in estate order.
  struct SkuLicenses {
    Tenant* tenant = nullptr;
    SkuId sku;
    std::vector<const EstateLicense*> licenses;
  };

  Result<Tenant*> FindTenant(const std::string& where, const std::string& domain);
  Result<UserRef> FindUser(const std::string& where, const Tenant& tenant, const std::string& upn);
  Result<const Sku*> FindSku(const std::string& where, std::string_view field, const SkuId& id);

  Dependencies deps_;
  const RequestContext& ctx_;
  store::WriteTransaction& tx_;
  SkuCache skus_;
  const Instant now_;
  EstateImportReport report_;
  std::map<std::string, Tenant> tenants_;                        // by lower-case domain
  std::map<std::pair<CustomerId, std::string>, UserRef> users_;  // (customer, lower-case UPN)
  std::map<std::pair<UserId, SkuId>, std::string> licensed_;     // -> where the estate assigns it
  std::map<std::pair<CustomerId, SkuId>, std::size_t> sku_index_;
  std::vector<SkuLicenses> sku_licenses_;  // first-seen order, so errors follow the files
};

Result<EstateImporter::Tenant*> EstateImporter::FindTenant(const std::string& where,
                                                           const std::string& domain) {
  const std::string key = Lower(domain);
  if (auto it = tenants_.find(key); it != tenants_.end()) return &it->second;
  auto customer = tx_.FindCustomerByDomain(key);
  if (!customer) {
    return At(where, Error(ErrorCode::kNotFound,
                           fmt::format("customerDomain: no customer with domain '{}' in the "
                                       "estate or the database",
                                       key),
                           {{"customerDomain", key}}));
  }
  tx_.LockCustomer(customer->id);
  auto& tenant = tenants_[key];
  tenant.customer = std::move(*customer);
  return &tenant;
}

Result<EstateImporter::UserRef> EstateImporter::FindUser(const std::string& where,
                                                         const Tenant& tenant,
                                                         const std::string& upn) {
  const std::string key = Lower(upn);
  if (auto it = users_.find({tenant.customer.id, key}); it != users_.end()) return it->second;
  // A customer the estate creates has no users but the estate's.
  if (!tenant.created) {
    if (auto user = tx_.FindUserByPrincipalName(tenant.customer.id, key)) {
      UserRef ref{.id = user->id, .where = ""};
      users_.emplace(std::pair{tenant.customer.id, key}, ref);
      return ref;
    }
  }
  return At(where, Error(ErrorCode::kNotFound,
                         fmt::format("userPrincipalName: no user '{}' in customer {}", key,
                                     tenant.customer.domain),
                         {{"userPrincipalName", key}}));
}

Result<const Sku*> EstateImporter::FindSku(const std::string& where, std::string_view field,
                                           const SkuId& id) {
  if (const Sku* sku = skus_.Find(id)) return sku;
  return At(where, Error(ErrorCode::kNotFound,
                         fmt::format("{}: SKU '{}' is not in the catalog", field, id.value()),
                         {{"skuId", id.value()}}));
}

Status EstateImporter::AddCustomer(const EstateCustomer& in) {
  Customer customer{.id = CustomerId(deps_.ids.Next()),
                    .company_name = in.data.company_name,
                    .domain = in.data.domain,
                    .segment = in.data.segment,
                    .country = in.data.country,
                    .currency = in.data.currency,
                    .created_at = now_};
  if (auto status = NormaliseCustomer(customer); !status.ok()) {
    return At(in.where, std::move(status).error());
  }
  if (auto it = tenants_.find(customer.domain); it != tenants_.end()) {
    return At(in.where, Error(ErrorCode::kAlreadyExists,
                              fmt::format("domain: '{}' appears twice in the estate (first at {})",
                                          customer.domain, it->second.where),
                              {{"domain", customer.domain}}));
  }
  // The store refuses the clash too; asking first gives the error its field name.
  if (tx_.FindCustomerByDomain(customer.domain)) {
    return At(in.where, Error(ErrorCode::kAlreadyExists,
                              fmt::format("domain: a customer with domain '{}' already exists",
                                          customer.domain),
                              {{"domain", customer.domain}}));
  }
  if (auto status = tx_.InsertCustomer(customer); !status.ok()) {
    return At(in.where, std::move(status).error());
  }
  auto& tenant = tenants_[customer.domain];
  tenant.customer = std::move(customer);
  tenant.where = in.where;
  tenant.created = true;
  ++report_.customers;
  return OkStatus();
}

Status EstateImporter::AddUser(const EstateUser& in) {
  SEATSHIFT_ASSIGN_OR_RETURN(Tenant * tenant, FindTenant(in.where, in.customer_domain));
  User user{.id = UserId(deps_.ids.Next()),
            .customer_id = tenant->customer.id,
            .user_principal_name = in.data.user_principal_name,
            .display_name = in.data.display_name,
            .usage_location = in.data.usage_location,
            .created_at = now_};
  if (auto status = NormaliseUser(user, tenant->customer); !status.ok()) {
    return At(in.where, std::move(status).error());
  }
  const std::string& upn = user.user_principal_name;
  const auto key = std::pair{tenant->customer.id, upn};
  std::string clash;
  if (auto it = users_.find(key); it != users_.end() && !it->second.where.empty()) {
    clash = fmt::format("appears twice in the estate (first at {})", it->second.where);
  } else if (!tenant->created && tx_.FindUserByPrincipalName(key.first, upn)) {
    clash = "already exists";
  }
  if (!clash.empty()) {
    return At(in.where, Error(ErrorCode::kAlreadyExists,
                              fmt::format("userPrincipalName: '{}' of customer {} {}", upn,
                                          tenant->customer.domain, clash),
                              {{"userPrincipalName", upn}}));
  }
  if (auto status = tx_.InsertUser(user); !status.ok()) {
    return At(in.where, std::move(status).error());
  }
  users_.emplace(key, UserRef{.id = user.id, .where = in.where});
  ++tenant->added.users;
  ++report_.users;
  return OkStatus();
}

Status EstateImporter::AddSubscription(const EstateSubscription& in) {
  SEATSHIFT_ASSIGN_OR_RETURN(Tenant * tenant, FindTenant(in.where, in.customer_domain));
  SEATSHIFT_ASSIGN_OR_RETURN(const Sku* sku, FindSku(in.where, "offerId", in.offer_id));
  const std::string& where = in.where;
  if (in.quantity < 0 || in.quantity > sku->maximum_quantity) {
    return At(where, Error(ErrorCode::kQuantityOutOfRange,
                           fmt::format("quantity: {} is outside {}'s range 0..{}", in.quantity,
                                       sku->id.value(), sku->maximum_quantity),
                           {{"maximumQuantity", sku->maximum_quantity}}));
  }
  if (in.term_end < in.term_start) {
    return At(where, ErrorCode::kBadRequest,
              fmt::format("commitmentEndDate: {} is before the term's start {}",
                          FormatDate(in.term_end), FormatDate(in.term_start)));
  }
  const std::string name = in.friendly_name.empty() ? sku->title : in.friendly_name;
  if (auto status = CheckDisplayText("friendlyName", name, kMaxFriendlyNameBytes); !status) {
    return At(where, std::move(status).error());
  }
  // The rule of ChangeAutoRenew, applied to the imported state: past end of sale, auto-renew
  // is off for good (the vendor switched it off on that day).
  if (in.auto_renew && !sku->IsPurchasableOn(deps_.clock.Today())) {
    std::vector<std::string> replacements;
    for (const SkuId& r : sku->replacements) replacements.push_back(r.value());
    return At(
        where,
        Error(ErrorCode::kAutoRenewLocked,
              fmt::format(
                  "autoRenewEnabled: must be false: {} is past its end of "
                  "sale{}, so its subscriptions do not renew",
                  sku->id.value(),
                  sku->end_of_sale ? fmt::format(" on {}", FormatDate(*sku->end_of_sale)) : ""),
              {{"offerId", sku->id.value()}, {"replacementSkuIds", std::move(replacements)}}));
  }
  Subscription sub{.id = SubscriptionId(deps_.ids.Next()),
                   .customer_id = tenant->customer.id,
                   .sku_id = sku->id,
                   .friendly_name = name,
                   .quantity = in.quantity,
                   .status = in.status,
                   .term_start = in.term_start,
                   .term_end = in.term_end,
                   .term = in.term,
                   .billing_cycle = in.billing_cycle,
                   .auto_renew = in.auto_renew,
                   .created_at = now_,
                   .version = 1};
  switch (in.status) {
    case SubscriptionStatus::kActive:
    case SubscriptionStatus::kExpired:
    case SubscriptionStatus::kDisabled:
      // The estate does not say when an expired term ended its grace period: the lifecycle
      // counts from the term end, as if seatshift had watched it.
      if (in.status == SubscriptionStatus::kExpired) {
        sub.status_changed_at = StartOf(sub.term_end + std::chrono::days(1));
      } else if (in.status == SubscriptionStatus::kDisabled) {
        sub.status_changed_at = StartOf(sub.term_end + std::chrono::days(1)) + kExpiredGracePeriod;
      } else {
        sub.next_charge_on = FirstChargeDay(sub, now_);
      }
      if (in.suspended_at) {
        return At(where, ErrorCode::kBadRequest,
                  fmt::format("suspendedAt: only a suspended subscription has one, this one is {}",
                              ToString(in.status)));
      }
      break;
    case SubscriptionStatus::kSuspended:
      sub.suspended_at = in.suspended_at.value_or(now_);
      if (*sub.suspended_at > now_) {
        return At(
            where, ErrorCode::kBadRequest,
            fmt::format("suspendedAt: {} is in the future", FormatInstant(*sub.suspended_at)));
      }
      sub.status_changed_at = sub.suspended_at;
      sub.suspension_reasons = {"partner"};
      sub.next_charge_on = FirstChargeDay(sub, *sub.suspended_at);
      break;
    case SubscriptionStatus::kDeleted:
      return At(where, ErrorCode::kBadRequest,
                "status: a deleted subscription is not part of an estate; leave it out");
  }
  if (auto status = tx_.InsertSubscription(sub); !status.ok()) {
    return At(where, std::move(status).error());
  }
  ++tenant->added.subscriptions;
  ++report_.subscriptions;
  return OkStatus();
}

Status EstateImporter::AddLicense(const EstateLicense& in) {
  SEATSHIFT_ASSIGN_OR_RETURN(Tenant * tenant, FindTenant(in.where, in.customer_domain));
  SEATSHIFT_ASSIGN_OR_RETURN(UserRef user, FindUser(in.where, *tenant, in.user_principal_name));
  SEATSHIFT_ASSIGN_OR_RETURN(const Sku* sku, FindSku(in.where, "skuId", in.sku_id));
  std::set<ServicePlanId> excluded;
  for (const ServicePlanId& plan : in.excluded_plans) {
    if (!sku->HasServicePlan(plan)) {
      return At(in.where,
                Error(ErrorCode::kServicePlanNotInSku,
                      fmt::format("excludedPlans: service plan {} is not part of {}",
                                  plan.value().ToString(), sku->id.value()),
                      {{"servicePlanId", plan.value().ToString()}, {"skuId", sku->id.value()}}));
    }
    excluded.insert(plan);
  }
  const auto held = std::pair{user.id, sku->id};
  std::optional<std::string> clash;  // set when the user holds the SKU already
  if (auto first = licensed_.find(held); first != licensed_.end()) {
    clash = fmt::format(" (assigned at {})", first->second);
  } else if (user.where.empty()) {
    const auto current = tx_.LicensesOfUser(user.id);
    if (std::ranges::find(current, sku->id, &License::sku_id) != current.end()) clash = "";
  }
  if (clash) {
    return At(in.where, Error(ErrorCode::kAlreadyExists,
                              fmt::format("skuId: {} already holds a {} license{}",
                                          Lower(in.user_principal_name), sku->id.value(), *clash),
                              {{"skuId", sku->id.value()}}));
  }
  tx_.PutLicense(tenant->customer.id, {user.id, sku->id, {excluded.begin(), excluded.end()}});
  licensed_.emplace(held, in.where);
  const auto [it, inserted] =
      sku_index_.try_emplace({tenant->customer.id, sku->id}, sku_licenses_.size());
  if (inserted) sku_licenses_.push_back({.tenant = tenant, .sku = sku->id, .licenses = {}});
  sku_licenses_[it->second].licenses.push_back(&in);
  ++tenant->added.licenses;
  ++report_.licenses;
  return OkStatus();
}

Status EstateImporter::CheckSeats() {
  for (const SkuLicenses& group : sku_licenses_) {
    const Customer& customer = group.tenant->customer;
    const SeatCount count = tx_.CountSeats(customer.id, group.sku);
    if (count.assigned <= count.seats) continue;
    // Licenses already in the database come first; the estate's follow in file order.
    const auto already = count.assigned - static_cast<std::int64_t>(group.licenses.size());
    const auto first_over =
        static_cast<std::size_t>(std::max<std::int64_t>(0, count.seats - already));
    return At(group.licenses[first_over]->where,
              Error(ErrorCode::kNotEnoughLicenses,
                    fmt::format("skuId: not enough {} seats for customer {}: its active "
                                "subscriptions have {} seat(s), {} license(s) assigned",
                                group.sku.value(), customer.domain, count.seats, count.assigned),
                    {{"customerDomain", customer.domain},
                     {"sku", group.sku.value()},
                     {"seats", count.seats},
                     {"assigned", count.assigned}}));
  }
  return OkStatus();
}

void EstateImporter::RecordAudits() {
  for (const auto& [domain, tenant] : tenants_) {
    const EstateImportReport& added = tenant.added;
    if (!tenant.created && added.users + added.subscriptions + added.licenses == 0) continue;
    const boost::json::object after{{"customerCreated", tenant.created},
                                    {"users", added.users},
                                    {"subscriptions", added.subscriptions},
                                    {"licenses", added.licenses}};
    RecordAudit(tx_, ctx_, now_,
                {.operation = "estate.import",
                 .resource_type = "Customer",
                 .resource_id = tenant.customer.id.value().ToString(),
                 .customer_id = tenant.customer.id,
                 .before = "",
                 .after = codec::Serialize(after)});
  }
}

}  // namespace

Result<EstateImportReport> ImportEstate(
    Dependencies deps, const RequestContext& ctx, const Estate& estate,
    const std::function<void(std::size_t done, std::size_t total)>& progress) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageCustomers));
  const std::size_t total = estate.customers.size() + estate.users.size() +
                            estate.subscriptions.size() + estate.licenses.size();
  // A transaction run again (Transact) counts from the start; the progress it reports never
  // goes back (nor repeats) past what an earlier attempt reported.
  std::size_t reported = 0;
  return store::Transact(
      deps.store, [&](store::WriteTransaction& tx) -> Result<EstateImportReport> {
        std::size_t done = 0;
        const auto step = [&] {
          ++done;
          if (progress && done > reported && (done % kProgressEvery == 0 || done == total)) {
            reported = done;
            progress(done, total);
          }
        };
        EstateImporter importer(deps, ctx, tx);
        for (const auto& record : estate.customers) {
          SEATSHIFT_TRY(importer.AddCustomer(record));
          step();
        }
        for (const auto& record : estate.users) {
          SEATSHIFT_TRY(importer.AddUser(record));
          step();
        }
        for (const auto& record : estate.subscriptions) {
          SEATSHIFT_TRY(importer.AddSubscription(record));
          step();
        }
        for (const auto& record : estate.licenses) {
          SEATSHIFT_TRY(importer.AddLicense(record));
          step();
        }
        SEATSHIFT_TRY(importer.CheckSeats());
        importer.RecordAudits();
        tx.Commit();
        return importer.report();
      });
}

}  // namespace seatshift::service
