// seatshift lifecycle run, clock show|advance, charges
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/csv.hpp"
#include "codec/json.hpp"

namespace seatshift::cli {
namespace {

struct LifecycleArgs {
  std::string until;
  std::int64_t days = 0;
  std::string customer;
  std::string subscription;
  std::string from;
  std::string to;
  bool csv = false;
  int size = 1000;
};

Result<std::optional<Date>> OptionalDate(const std::string& text, std::string_view option) {
  if (text.empty()) return std::optional<Date>();
  if (const auto day = ParseDate(text)) return std::optional<Date>(*day);
  return Error(ErrorCode::kBadRequest, fmt::format("{} '{}': expected YYYY-MM-DD", option, text));
}

void PrintTally(const LifecycleTally& t) {
  Table table({"RENEWED", "EXPIRED", "DISABLED", "DELETED", "AUTO-RENEW OFF", "CHARGES",
               "LICENSES REMOVED", "ALERTS"});
  table.Add({std::to_string(t.renewals), std::to_string(t.expiries), std::to_string(t.disabled),
             std::to_string(t.deprovisioned), std::to_string(t.auto_renew_off),
             std::to_string(t.charges), std::to_string(t.licenses_removed),
             std::to_string(t.alerts_raised)});
  table.Print();
  if (t.unpriced_periods > 0) {
    std::cout << fmt::format("{} billing period(s) not charged: no price for them\n",
                             t.unpriced_periods);
  }
}

//! A progress bar over the subscriptions due when the run started.
service::LifecycleService::Progress ProgressOver(ProgressBar& bar, std::int64_t due) {
  return [&bar, due](const LifecycleTally& t) {
    const auto total = static_cast<std::size_t>(std::max<std::int64_t>(due, 1));
    bar.Update(std::min(static_cast<std::size_t>(t.subscriptions), total), total);
    return true;
  };
}

Status Run(App& app, const LifecycleArgs& args) {
  std::optional<Instant> until;
  if (!args.until.empty()) {
    until = ParseInstant(args.until);
    if (!until) {
      return Error(ErrorCode::kBadRequest,
                   fmt::format("--until '{}': expected YYYY-MM-DD[THH:MM:SSZ]", args.until));
    }
  }
  const Instant horizon = until.value_or(app.Deps().clock.Now());
  ProgressBar bar("lifecycle");
  const std::int64_t due = app.Deps().store.Read()->CountDue(horizon);
  SEATSHIFT_ASSIGN_OR_RETURN(const LifecycleTally tally,
                             app.lifecycle().Run(app.ctx(), until, ProgressOver(bar, due)));
  if (app.options().json) {
    boost::json::object json = codec::ToJson(tally);
    json["until"] = FormatInstant(horizon);
    PrintJson(json);
  } else {
    std::cout << fmt::format("lifecycle applied up to {}\n", FormatInstant(horizon));
    PrintTally(tally);
  }
  return OkStatus();
}

void PrintClock(App& app, const service::ClockReading& reading) {
  if (app.options().json) {
    PrintJson(
        boost::json::object{{"now", FormatInstant(reading.now)}, {"simulated", reading.simulated}});
  } else {
    std::cout << fmt::format("{} ({} clock)\n", FormatInstant(reading.now),
                             reading.simulated ? "simulated" : "real");
  }
}

Status ShowClock(App& app, const LifecycleArgs&) {
  PrintClock(app, app.clock().Read());
  return OkStatus();
}

Status AdvanceClock(App& app, const LifecycleArgs& args) {
  app.Simulate();
  const Instant target = app.Deps().clock.Now() + std::chrono::days(args.days);
  ProgressBar bar(fmt::format("advancing {} days", args.days));
  const std::int64_t due = app.Deps().store.Read()->CountDue(target);
  SEATSHIFT_ASSIGN_OR_RETURN(const service::ClockAdvance advanced,
                             app.clock().Advance(app.ctx(), args.days, ProgressOver(bar, due)));
  if (app.options().json) {
    PrintJson(boost::json::object{{"now", FormatInstant(advanced.clock.now)},
                                  {"simulated", true},
                                  {"lifecycle", codec::ToJson(advanced.lifecycle)}});
  } else {
    PrintClock(app, advanced.clock);
    PrintTally(advanced.lifecycle);
  }
  return OkStatus();
}

Status Charges(App& app, const LifecycleArgs& args) {
  if (args.size < 1 || args.size > 1000) return Error(ErrorCode::kBadRequest, "--size: 1..1000");
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer customer,
                             app.customers().Find(app.ctx(), args.customer));
  store::ChargeFilter filter{.customer_id = customer.id};
  SEATSHIFT_ASSIGN_OR_RETURN(filter.from, OptionalDate(args.from, "--from"));
  SEATSHIFT_ASSIGN_OR_RETURN(filter.to, OptionalDate(args.to, "--to"));
  std::vector<Charge> charges;
  std::int64_t total = 0;
  store::PageRequest page{.after = "", .limit = args.size};
  do {  // every page: the CLI prints the whole range
    SEATSHIFT_ASSIGN_OR_RETURN(auto result, app.charges().List(app.ctx(), filter, page));
    for (Charge& c : result.page.items) charges.push_back(std::move(c));
    total = result.total_amount;
    page.after = result.page.next;
  } while (!page.after.empty());
  if (args.csv) {
    std::cout << codec::ChargesCsv(charges);
    return OkStatus();
  }
  if (app.options().json) {
    boost::json::array items;
    for (const Charge& c : charges) items.push_back(codec::ToJson(c));
    const auto count = static_cast<std::int64_t>(items.size());
    boost::json::object json = Collection(std::move(items), count, "");
    json["totalAmount"] = total;
    json["currency"] = customer.currency;
    PrintJson(json);
    return OkStatus();
  }
  Table table(
      {"PERIOD", "OFFER", "TYPE", "SEATS", "PER SEAT", "OUR COST", "AMOUNT", "SUBSCRIPTION"});
  for (const Charge& c : charges) {
    table.Add({FormatDate(c.period.first) + " – " + FormatDate(c.period.last), c.sku_id.value(),
               std::string(ToString(c.kind)), std::to_string(c.quantity),
               FormatMoney(c.unit_price, c.currency), FormatMoney(c.unit_cost, c.currency),
               FormatMoney(c.amount, c.currency), c.subscription_id.value().ToString()});
  }
  table.Print();
  std::cout << fmt::format("{} charge(s), total {}\n", charges.size(),
                           FormatMoney(total, customer.currency));
  return OkStatus();
}

}  // namespace

void AddLifecycleCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<LifecycleArgs> binder(app, action);
  LifecycleArgs* args = &binder.args();

  auto* lifecycle = root.add_subcommand("lifecycle", "Renewals, expiries, deprovisioning, charges");
  lifecycle->require_subcommand(1);
  auto* run = lifecycle->add_subcommand("run", "Apply every transition and charge due by now");
  run->add_option("--until", args->until, "Stop at this instant (not later than now)");
  binder.Bind(run, Run);

  auto* clock = root.add_subcommand("clock", "The database's clock (real or simulated)");
  clock->require_subcommand(1);
  binder.Bind(clock->add_subcommand("show", "Print now, and whether it is simulated"), ShowClock);
  auto* advance = clock->add_subcommand(
      "advance",
      "Move the simulated clock forward (switches the database to simulated time) "
      "and apply everything due");
  advance->add_option("days", args->days, "Days to move forward (1..3650)")->required();
  binder.Bind(advance, AdvanceClock);

  auto* charges = root.add_subcommand("charges", "A customer's charges");
  charges->add_option("--customer", args->customer, "Customer id or domain")->required();
  charges->add_option("--from", args->from, "First period start day (YYYY-MM-DD)");
  charges->add_option("--to", args->to, "Last period start day (YYYY-MM-DD)");
  charges->add_flag("--csv", args->csv, "CSV instead of a table");
  binder.Bind(charges, Charges);
}

}  // namespace seatshift::cli
