#include "demo/demo_fleet.hpp"

#include "domain/lifecycle.hpp"
#include "service/audit.hpp"
#include "store/transact.hpp"

#include <fmt/format.h>

#include <array>
#include <random>

namespace seatshift::demo {
namespace {

constexpr std::array<std::string_view, 16> kCompanyWords{
    "Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware", "Proseware", "Adatum", "Woodgrove",
    "Wingtip", "Alpine",   "Coho",      "Lucerne",  "Margie",  "Trey",      "Fourth", "Humongous"};
constexpr std::array<std::string_view, 8> kCompanyKinds{"Logistics", "Health", "Retail", "Foods",
                                                        "Energy",    "Media",  "Travel", "Works"};
constexpr std::array<std::string_view, 8> kSchoolKinds{
    "Academy", "College", "School", "Institute", "University", "Campus", "Lyceum", "Seminary"};
constexpr std::array<std::string_view, 12> kFirstNames{
    "Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kira", "Liam"};
constexpr std::array<std::string_view, 12> kLastNames{"Ahmed", "Brown",   "Costa",    "Dubois",
                                                      "Evans", "Fischer", "Garcia",   "Hansen",
                                                      "Ito",   "Jones",   "Kowalski", "Lopez"};

struct Market {
  std::string_view country;
  std::string_view currency;
};
constexpr std::array<Market, 5> kMarkets{
    {{"US", "USD"}, {"US", "USD"}, {"US", "USD"}, {"DE", "EUR"}, {"GB", "GBP"}}};

template <typename T, std::size_t N>
const T& Pick(std::mt19937_64& rng, const std::array<T, N>& items) {
  return items[rng() % N];
}

std::string Slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

Segment PickSegment(std::mt19937_64& rng) {
  const auto roll = rng() % 100;
  if (roll < 60) return Segment::kCommercial;
  if (roll < 85) return Segment::kEducation;
  return Segment::kFrontline;
}

//! The plan a customer of this segment and size moves to (what an agent would pick).
SkuId ReplacementFor(Segment segment, int users) {
  switch (segment) {
    case Segment::kEducation:
      return SkuId("M365EDU_A3_FACULTY");
    case Segment::kFrontline:
      return SkuId("SPE_F1");
    default:
      return SkuId(users <= 300 ? "O365_BUSINESS_PREMIUM" : "SPE_E3");
  }
}

class FleetWriter {
 public:
  FleetWriter(service::Dependencies deps, const service::RequestContext& ctx, std::uint64_t seed)
      : deps_(deps), ctx_(ctx), rng_(seed), now_(deps.clock.Now()), today_(DayOf(now_)) {}

  //! Where the random choices are: a transaction run again rewinds to where it began, so that
  //! it makes the same fleet.
  std::mt19937_64 Mark() const { return rng_; }
  void Rewind(const std::mt19937_64& mark) { rng_ = mark; }

  Status AddCustomer(store::WriteTransaction& tx, int index, int users, DemoFleetReport& report) {
    const Segment segment = PickSegment(rng_);
    const Market& market = Pick(rng_, kMarkets);
    const std::string name = fmt::format(
        "{} {} {}", Pick(rng_, kCompanyWords),
        Pick(rng_, segment == Segment::kEducation ? kSchoolKinds : kCompanyKinds), index + 1);
    Customer customer{.id = CustomerId(deps_.ids.Next()),
                      .company_name = name,
                      .domain = fmt::format("{}.onmicrosoft.com", Slug(name)),
                      .segment = segment,
                      .country = std::string(market.country),
                      .currency = std::string(market.currency),
                      .created_at = now_};
    SEATSHIFT_TRY(tx.InsertCustomer(customer));

    const bool migrated = rng_() % 100 < 15;
    const SkuId kaizala("KAIZALA_PRO");
    const SkuId held = migrated ? ReplacementFor(segment, users) : kaizala;
    // Kaizala Pro terms end over the coming ten months; auto-renew went off at end of sale.
    const Date kaizala_end = today_ + std::chrono::days(1 + static_cast<int>(rng_() % 300));
    Subscription old_sub = NewSubscription(
        customer.id, kaizala, users + static_cast<int>(rng_() % 5), kaizala_end, false);
    if (migrated) {
      old_sub.status = SubscriptionStatus::kSuspended;
      old_sub.suspended_at = now_ - std::chrono::days(1 + rng_() % 100);
      old_sub.status_changed_at = old_sub.suspended_at;
      old_sub.suspension_reasons = {"migrated"};
      SEATSHIFT_TRY(tx.InsertSubscription(NewSubscription(
          customer.id, held, users, today_ + std::chrono::days(200 + rng_() % 165), true)));
      ++report.subscriptions;
    } else {
      ++report.on_kaizala;
    }
    SEATSHIFT_TRY(tx.InsertSubscription(old_sub));
    ++report.subscriptions;

    for (int u = 0; u < users; ++u) {
      const auto first = Pick(rng_, kFirstNames);
      const auto last = Pick(rng_, kLastNames);
      User user{.id = UserId(deps_.ids.Next()),
                .customer_id = customer.id,
                .user_principal_name =
                    fmt::format("{}.{}{}@{}", Slug(first), Slug(last), u + 1, customer.domain),
                .display_name = fmt::format("{} {}", first, last),
                .first_name = std::string(first),
                .last_name = std::string(last),
                .usage_location = customer.country,
                .created_at = now_};
      SEATSHIFT_TRY(tx.InsertUser(user));
      tx.PutLicense(customer.id, License{user.id, held, {}});
    }
    report.users += users;
    report.licenses += users;
    ++report.customers;
    service::RecordAudit(
        tx, ctx_, now_,
        {.operation = "demo.seed",
         .resource_type = "Customer",
         .resource_id = customer.id.value().ToString(),
         .customer_id = customer.id,
         .before = "",
         .after = fmt::format(R"({{"users":{},"heldSku":"{}"}})", users, held.value())});
    return OkStatus();
  }

 private:
  Subscription NewSubscription(const CustomerId& customer, const SkuId& sku, std::int64_t seats,
                               Date term_end, bool auto_renew) {
    Subscription sub;
    sub.id = SubscriptionId(deps_.ids.Next());
    sub.customer_id = customer;
    sub.sku_id = sku;
    sub.friendly_name = sku.value() == "KAIZALA_PRO" ? "Kaizala Pro" : sku.value();
    sub.quantity = seats;
    sub.term_end = term_end;
    sub.term_start = AddMonths(term_end + std::chrono::days(1), -12);
    sub.auto_renew = auto_renew;
    sub.created_at = StartOf(sub.term_start);
    sub.status_changed_at = sub.created_at;
    sub.next_charge_on = FirstChargeDay(sub, now_);  // earlier periods were billed elsewhere
    return sub;
  }

  service::Dependencies deps_;
  const service::RequestContext& ctx_;
  std::mt19937_64 rng_;
  const Instant now_;
  const Date today_;
};

}  // namespace

Result<DemoFleetReport> SeedDemoFleet(service::Dependencies deps,
                                      const service::RequestContext& ctx,
                                      const DemoFleetOptions& options,
                                      const std::function<void(int, int)>& progress) {
  SEATSHIFT_TRY(service::Require(ctx, Permission::kManageCustomers));
  if (options.customers < 0 || options.users_per_customer < 1 ||
      options.users_per_customer > 10000) {
    return Error(ErrorCode::kBadRequest, "customers must be ≥ 0 and users per customer 1..10000");
  }
  if (!deps.store.Read()->FindSku(SkuId("KAIZALA_PRO"))) {
    return Error(ErrorCode::kNotFound, "the catalog has no KAIZALA_PRO: load the default catalog");
  }
  constexpr int kCustomersPerCommit = 100;
  FleetWriter writer(deps, ctx, options.seed);
  DemoFleetReport report;
  for (int first = 0; first < options.customers; first += kCustomersPerCommit) {
    const int last = std::min(options.customers, first + kCustomersPerCommit);
    const std::mt19937_64 mark = writer.Mark();
    auto added =
        store::Transact(deps.store, [&](store::WriteTransaction& tx) -> Result<DemoFleetReport> {
          writer.Rewind(mark);
          DemoFleetReport counted = report;
          for (int i = first; i < last; ++i) {
            SEATSHIFT_TRY(writer.AddCustomer(tx, i, options.users_per_customer, counted));
          }
          tx.Commit();
          return counted;
        });
    if (!added) return std::move(added).error();
    report = *added;
    if (progress) progress(last, options.customers);
  }
  return report;
}

}  // namespace seatshift::demo
