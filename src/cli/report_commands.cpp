// seatshift report expiring|renewing|service-loss: what the partner's agents act on first
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/csv.hpp"
#include "codec/json.hpp"
#include "service/forecast_service.hpp"

namespace seatshift::cli {
namespace {

struct ReportArgs {
  std::string customer;
  std::string offer;
  std::string plan;
  std::string by;
  std::int64_t within_days = 30;
  std::int64_t limit = 0;  //!< rows shown at most; 0 = all (totals always count every row)
  bool csv = false;
};

//! The first few replacement SKUs and how many more, to keep a table row on one line.
std::string FirstSkus(const std::vector<SkuId>& skus, std::size_t shown = 3) {
  if (skus.size() <= shown) return codec::JoinSkuIds(skus);
  std::vector<SkuId> first(skus.begin(), skus.begin() + static_cast<std::ptrdiff_t>(shown));
  return fmt::format("{} (+{})", codec::JoinSkuIds(first), skus.size() - shown);
}

//! Active subscriptions ending within the days asked, soonest first: with auto-renew off
//! (`renewing` false: they lapse) or renewing with seats no license uses (money lost).
Status EndingReport(App& app, const ReportArgs& args, bool renewing) {
  if (args.within_days < 0 || args.within_days > 3650) {
    return Error(ErrorCode::kBadRequest, "--within-days: 0..3650");
  }
  store::SubscriptionFilter filter{
      .status = SubscriptionStatus::kActive, .auto_renew = renewing, .unused_seats = renewing};
  // "within N days": the term's last day is at most N days from today.
  filter.ends_before = app.Deps().clock.Today() + std::chrono::days(args.within_days + 1);
  if (!args.offer.empty()) filter.sku_id = SkuId(args.offer);
  if (!args.customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Find(app.ctx(), args.customer));
    filter.customer_id = c.id;
  }
  std::vector<service::SubscriptionAtRisk> rows;
  store::PageRequest page{.after = "", .limit = 1000};
  do {
    SEATSHIFT_ASSIGN_OR_RETURN(auto result, app.subscriptions().Search(app.ctx(), filter, page));
    for (auto& row : result.items) rows.push_back(std::move(row));
    page.after = result.next;
  } while (!page.after.empty());
  // A to-do list: the search answers soonest end first.
  const auto total = static_cast<std::int64_t>(rows.size());
  if (args.limit > 0 && total > args.limit) rows.resize(static_cast<std::size_t>(args.limit));
  if (args.csv) {
    std::cout << codec::SubscriptionsAtRiskCsv(rows);
    return OkStatus();
  }
  if (app.options().json) {
    boost::json::array items;
    for (const auto& row : rows) {
      items.push_back(codec::ToJson(row, app.subscriptions().Now()));
    }
    PrintJson(Collection(std::move(items), total, ""));
    return OkStatus();
  }
  Table table({"DAYS LEFT", "ENDS", "OFFER", "SEATS", "ASSIGNED",
               renewing ? "UNUSED" : "RECOMMENDED", "CUSTOMER", "DOMAIN", "SUBSCRIPTION"});
  for (const auto& row : rows) {
    const Subscription& s = row.subscription;
    const std::string recommended =
        row.recommended ? row.recommended->sku_id.value() : FirstSkus(row.replacements);
    table.Add({std::to_string(row.days_until_end), FormatDate(s.term_end), s.sku_id.value(),
               std::to_string(s.quantity), std::to_string(row.assigned_licenses),
               renewing ? std::to_string(row.unused_seats) : recommended, row.company_name,
               row.domain, s.id.value().ToString()});
  }
  table.Print();
  if (static_cast<std::int64_t>(rows.size()) < total) {
    std::cout << fmt::format("(the first {}, soonest end first)\n", rows.size());
  }
  if (renewing) {
    std::cout << fmt::format("{} subscription(s) renew within {} days with seats no license uses\n",
                             total, args.within_days);
  } else {
    std::cout << fmt::format("{} subscription(s) with auto-renew off end within {} days\n", total,
                             args.within_days);
  }
  return OkStatus();
}

Status Expiring(App& app, const ReportArgs& args) { return EndingReport(app, args, false); }
Status Renewing(App& app, const ReportArgs& args) { return EndingReport(app, args, true); }

Status ServiceLoss(App& app, const ReportArgs& args) {
  service::ServiceLossQuery query;
  const auto by = ParseDate(args.by);
  if (!by)
    return Error(ErrorCode::kBadRequest, fmt::format("--by '{}': expected YYYY-MM-DD", args.by));
  query.by = *by;
  if (!args.customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Find(app.ctx(), args.customer));
    query.customer_id = c.id;
  }
  if (!args.offer.empty()) query.sku_id = SkuId(args.offer);
  if (!args.plan.empty()) query.service_plan = args.plan;
  query.page.limit = 1000;
  service::ForecastService forecast(app.Deps());
  std::vector<ServiceLossRow> rows;
  do {  // every page: the CLI prints the whole forecast
    SEATSHIFT_ASSIGN_OR_RETURN(auto page, forecast.ServiceLoss(app.ctx(), query));
    for (ServiceLossRow& row : page.items) rows.push_back(std::move(row));
    query.page.after = page.next;
  } while (!query.page.after.empty());
  const std::vector<PlanLossSummary> plans = SummariseByPlan(rows);
  if (args.csv) {
    std::cout << codec::ServiceLossCsv(rows);
    return OkStatus();
  }
  if (app.options().json) {
    boost::json::array items;
    for (const ServiceLossRow& r : rows) items.push_back(codec::ToJson(r));
    boost::json::array summary;
    for (const PlanLossSummary& p : plans) summary.push_back(codec::ToJson(p));
    const auto count = static_cast<std::int64_t>(items.size());
    boost::json::object json = Collection(std::move(items), count, "");
    json["plans"] = std::move(summary);
    PrintJson(json);
    return OkStatus();
  }
  Table by_plan({"SERVICE PLAN", "USERS LOSING IT", "FIRST LOSS"});
  for (const PlanLossSummary& p : plans) {
    by_plan.Add({p.display_name.empty() ? p.service_plan_name : p.display_name,
                 std::to_string(p.users), FormatInstant(p.earliest_loss)});
  }
  by_plan.Print();
  std::cout << "\n";
  // People read it as a to-do list: soonest loss first.
  std::stable_sort(rows.begin(), rows.end(), [](const ServiceLossRow& a, const ServiceLossRow& b) {
    return a.loses_at < b.loses_at;
  });
  Table table({"LOSES ACCESS", "USER", "SERVICE PLAN", "OFFER", "WHY", "REPLACEMENTS"});
  for (const ServiceLossRow& r : rows) {
    table.Add({FormatInstant(r.loses_at), r.user_principal_name, r.service_plan.name,
               r.sku_id.value(), std::string(ToString(r.reason)), FirstSkus(r.replacements)});
  }
  table.Print();
  std::cout << fmt::format("{} service plan loss(es) by {} if nothing is done\n", rows.size(),
                           FormatDate(*by));
  return OkStatus();
}

}  // namespace

void AddReportCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<ReportArgs> binder(app, action);
  ReportArgs* args = &binder.args();
  auto* report = root.add_subcommand("report", "Reports for the partner's agents");
  report->require_subcommand(1);
  const auto ending = [&](const char* name, const char* what, auto run) {
    auto* command = report->add_subcommand(name, what);
    command->add_option("--within-days", args->within_days, "Ending within this many days");
    command->add_option("--offer", args->offer, "Only this SKU");
    command->add_option("--customer", args->customer, "Only this customer (id or domain)");
    command
        ->add_option("--limit", args->limit,
                     "Show only the first N rows (soonest end first); totals count every row")
        ->check(CLI::NonNegativeNumber);
    command->add_flag("--csv", args->csv, "CSV instead of a table");
    binder.Bind(command, run);
  };
  ending("expiring",
         "Subscriptions with auto-renew off that end soon: days left, users, replacements",
         Expiring);
  ending("renewing",
         "Subscriptions that renew soon with seats no license uses: where money is lost", Renewing);

  auto* loss = report->add_subcommand(
      "service-loss", "Which users lose which service plan by a day if nothing is done, and when");
  loss->add_option("--by", args->by, "The day to forecast to (YYYY-MM-DD)")->required();
  loss->add_option("--customer", args->customer, "Only this customer (id or domain)");
  loss->add_option("--offer", args->offer, "Only plans lost with this SKU");
  loss->add_option("--plan", args->plan,
                   "Only this service plan (id or name, e.g. KAIZALA_STANDALONE)");
  loss->add_flag("--csv", args->csv, "CSV instead of tables");
  binder.Bind(loss, ServiceLoss);
}

}  // namespace seatshift::cli
