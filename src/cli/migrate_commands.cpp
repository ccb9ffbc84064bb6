// seatshift migrate plan|list|status|start|resume|pause|rollback: fleet migrations, planned and
// executed
#include <fmt/format.h>

#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/json.hpp"
#include "service/lease_owner.hpp"
#include "service/migration_engine.hpp"
#include "service/migration_service.hpp"

namespace seatshift::cli {
namespace {

struct MigrateArgs {
  std::string from;
  std::string to;
  std::vector<std::string> customers;  // ids; empty = every holder of --from
  std::string seat_policy = "assigned";
  bool dry_run = false;
  std::string id;
  int size = 100;
  std::string continuation;
  std::string customer;  // rollback: one customer's id; empty = all
  int batch_size = service::MigrationEngine::kUsersPerTransaction;
};

std::string Cost(const std::optional<Money>& money) {
  return money ? FormatMoney(money->minor_units, money->currency) : "?";
}

void PrintPlan(const service::MigrationDetails& d) {
  std::cout << (d.stored ? fmt::format("migration {} ({})\n", ToString(d.migration.id),
                                       ToString(d.migration.status))
                         : std::string("dry run: nothing stored\n"));
  Table table({"CUSTOMER", "TARGET", "ACTION", "SEATS", "USERS", "COST BEFORE → AFTER", "STEP",
               "WARNINGS"});
  for (const MigrationCustomer& mc : d.customers) {
    const CustomerMigrationPlan& p = mc.plan;
    std::vector<std::string> codes;
    for (const MigrationWarning& w : p.warnings) codes.emplace_back(ToString(w.code));
    table.Add(
        {ToString(p.customer_id), p.target_sku_id.value().empty() ? "-" : p.target_sku_id.value(),
         std::string(ToString(p.action)), std::to_string(p.seats), std::to_string(p.users_to_move),
         fmt::format("{} → {}", Cost(p.monthly_cost_before), Cost(p.monthly_cost_after)),
         std::string(ToString(mc.step)),
         codes.empty() ? "-" : fmt::format("{}", fmt::join(codes, ","))});
  }
  table.Print();
  const MigrationTotals& t = d.totals;
  std::cout << fmt::format(
      "{} customer(s): {} purchase(s), {} seat addition(s), {} blocked; {} seat(s), {} user(s) "
      "to move\n",
      t.customers, t.purchases, t.seat_additions, t.customers_blocked, t.seats, t.users_to_move);
  for (const auto& [currency, money] : t.by_currency) {
    std::cout << fmt::format("{}: monthly {} → {} over {} customer(s){}\n", currency,
                             FormatMoney(money.monthly_cost_before, currency),
                             FormatMoney(money.monthly_cost_after, currency), money.customers,
                             money.customers_unpriced > 0
                                 ? fmt::format(" ({} without a price)", money.customers_unpriced)
                                 : "");
  }
  const MigrationProgress& g = d.progress;
  if (d.stored && d.migration.status != MigrationStatus::kPlanned) {
    std::cout << fmt::format("progress: {}/{} customers, {}/{} users moved\n", g.customers_done,
                             g.customers_total, g.users_moved, g.users_total);
  }
}

void Print(App& app, const service::MigrationDetails& d) {
  if (app.options().json) {
    PrintJson(
        codec::MigrationToJson(d.migration, d.stored, d.progress, d.customers, d.totals, d.names));
    return;
  }
  PrintPlan(d);
}

Status Plan(App& app, const MigrateArgs& args) {
  service::MigrationRequest request{.source = SkuId(args.from)};
  if (args.to != kRecommendedTarget) request.target = SkuId(args.to);
  const auto policy = ParseSeatPolicy(args.seat_policy);
  if (!policy) return Error(ErrorCode::kBadRequest, "--seat-policy: assigned or source_quantity");
  request.seat_policy = *policy;
  request.dry_run = args.dry_run;
  if (!args.customers.empty()) {
    std::vector<CustomerId> ids;
    for (const std::string& text : args.customers) {
      const auto uuid = Uuid::Parse(text);
      if (!uuid) {
        return Error(ErrorCode::kBadRequest,
                     fmt::format("--customers: '{}' is not a customer id (a GUID)", text));
      }
      ids.emplace_back(*uuid);
    }
    request.customers = std::move(ids);
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto details,
                             service::MigrationService(app.Deps()).Plan(app.ctx(), request));
  Print(app, details);
  return OkStatus();
}

Status ShowStatus(App& app, const MigrateArgs& args) {
  const auto uuid = Uuid::Parse(args.id);
  if (!uuid)
    return Error(ErrorCode::kBadRequest, fmt::format("'{}' is not a migration id", args.id));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto details, service::MigrationService(app.Deps()).Get(app.ctx(), MigrationId(*uuid)));
  Print(app, details);
  return OkStatus();
}

Result<MigrationId> ParseId(const std::string& text) {
  const auto uuid = Uuid::Parse(text);
  if (!uuid) return Error(ErrorCode::kBadRequest, fmt::format("'{}' is not a migration id", text));
  return MigrationId(*uuid);
}

//! The time the users still to move take at `users_per_second`: "1m23s", or "?" before a rate
//! is known.
std::string Eta(const MigrationProgress& p, double users_per_second) {
  const std::int64_t left = std::max<std::int64_t>(p.users_total - p.users_moved, 0);
  if (left == 0) return "0s";
  if (users_per_second <= 0) return "?";
  return FormatDuration(std::chrono::seconds(
      static_cast<std::int64_t>(static_cast<double>(left) / users_per_second + 0.5)));
}

//! A bar over the users to move on a terminal; one plain line per step otherwise (logs, and
//! the crash test that reads them).
service::MigrationEngine::Progress Reporter(App& app, ProgressBar& bar) {
  const bool lines = !app.options().json && isatty(STDOUT_FILENO) == 0;
  const MonotonicClock& clock = app.Deps().monotonic;
  return [&bar, &clock, lines, start = clock.Now(),
          first = std::optional<std::int64_t>()](const MigrationProgress& p) mutable {
    if (!first) first = p.users_moved;
    const double seconds = std::chrono::duration<double>(clock.Now() - start).count();
    const double rate = seconds > 0 ? static_cast<double>(p.users_moved - *first) / seconds : 0;
    const std::string eta = Eta(p, rate);
    bar.Update(static_cast<std::size_t>(p.users_moved),
               static_cast<std::size_t>(std::max<std::int64_t>(p.users_total, 1)),
               fmt::format("users, {}/{} customers, {:.0f} users/s, ETA {}", p.customers_done,
                           p.customers_total, rate, eta));
    if (lines) {
      std::cout << fmt::format(
                       "progress: {}/{} customers, {}/{} users moved, {:.0f} users/s, ETA {}\n",
                       p.customers_done, p.customers_total, p.users_moved, p.users_total, rate, eta)
                << std::flush;
    }
  };
}

//! Runs the migration in this process until it completes or is paused.
Status RunHere(App& app, const MigrationId& id, int batch_size) {
  MigrationStatus status = MigrationStatus::kRunning;
  {
    ProgressBar bar("migrating users");
    SEATSHIFT_ASSIGN_OR_RETURN(
        status, service::MigrationEngine(app.Deps(), batch_size)
                    .Run(app.ctx(), id, service::ThisProcessLeaseOwner(), Reporter(app, bar)));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto details,
                             service::MigrationService(app.Deps()).Get(app.ctx(), id));
  if (app.options().json) {
    Print(app, details);
  } else {
    const MigrationProgress& g = details.progress;
    std::cout << fmt::format("migration {} {}: {}/{} customers done, {}/{} users moved\n",
                             ToString(id), ToString(status), g.customers_done, g.customers_total,
                             g.users_moved, g.users_total);
    for (const MigrationCustomer& mc : details.customers) {
      if (mc.step != MigrationStep::kFailed) continue;
      std::cout << fmt::format("  failed {}: {} {}\n", ToString(mc.plan.customer_id), mc.error_code,
                               mc.error_description);
    }
  }
  return OkStatus();
}

Status Start(App& app, const MigrateArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const MigrationId id, ParseId(args.id));
  SEATSHIFT_TRY(service::MigrationEngine(app.Deps()).Start(app.ctx(), id));
  return RunHere(app, id, args.batch_size);
}

Status Resume(App& app, const MigrateArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const MigrationId id, ParseId(args.id));
  SEATSHIFT_TRY(
      service::MigrationEngine(app.Deps()).Resume(app.ctx(), id, service::LeaseOwnerGone));
  return RunHere(app, id, args.batch_size);
}

Status Pause(App& app, const MigrateArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const MigrationId id, ParseId(args.id));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto details,
                             service::MigrationEngine(app.Deps()).Pause(app.ctx(), id));
  Print(app, details);
  return OkStatus();
}

Status Rollback(App& app, const MigrateArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const MigrationId id, ParseId(args.id));
  std::optional<CustomerId> customer;
  if (!args.customer.empty()) {
    const auto uuid = Uuid::Parse(args.customer);
    if (!uuid) {
      return Error(ErrorCode::kBadRequest, fmt::format("'{}' is not a customer id", args.customer));
    }
    customer = CustomerId(*uuid);
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto details,
      service::MigrationEngine(app.Deps(), args.batch_size).Rollback(app.ctx(), id, customer));
  Print(app, details);
  return OkStatus();
}

Status List(App& app, const MigrateArgs& args) {
  if (args.size < 1 || args.size > 1000) return Error(ErrorCode::kBadRequest, "--size: 1..1000");
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page, service::MigrationService(app.Deps())
                           .List(app.ctx(), {.after = args.continuation, .limit = args.size}));
  if (app.options().json) {
    boost::json::array items;
    for (const auto& s : page.items) items.push_back(codec::ToJson(s.migration, s.progress));
    PrintJson(Collection(std::move(items), page.total, page.next));
    return OkStatus();
  }
  Table table({"ID", "STATUS", "FROM", "TO", "CUSTOMERS", "USERS", "CREATED", "BY"});
  for (const auto& s : page.items) {
    const Migration& m = s.migration;
    table.Add({ToString(m.id), std::string(ToString(m.status)), m.source_sku_id.value(),
               m.target_sku_id ? m.target_sku_id->value() : std::string(kRecommendedTarget),
               fmt::format("{}/{}", s.progress.customers_done, s.progress.customers_total),
               fmt::format("{}/{}", s.progress.users_moved, s.progress.users_total),
               FormatInstant(m.created_at), m.created_by});
  }
  table.Print();
  if (!page.next.empty()) {
    std::cerr << fmt::format("{} of {} shown; next page: --continuation {}\n", page.items.size(),
                             page.total, page.next);
  }
  return OkStatus();
}

//! --batch-size: users per transaction. Smaller batches hold the write lock for less time
//! (other writers of a busy database wait less); larger ones share each commit's fsync.
void AddBatchSize(CLI::App* command, MigrateArgs& args) {
  command->add_option("--batch-size", args.batch_size, "Users moved per transaction (1..10000)")
      ->check(CLI::Range(1, 10000));
}

}  // namespace

void AddMigrateCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<MigrateArgs> binder(app, action);
  MigrateArgs* args = &binder.args();
  auto* migrate = root.add_subcommand("migrate", "Fleet migrations off a SKU (A + B + C)");
  migrate->require_subcommand(1);

  auto* plan = migrate->add_subcommand("plan", "Plan a migration and store it (or --dry-run)");
  plan->add_option("--from", args->from, "The source SKU, e.g. KAIZALA_PRO")->required();
  plan->add_option("--to", args->to, "A target SKU, or 'recommended' (per customer)")->required();
  plan->add_option("--customers", args->customers, "Customer ids (default: every holder)")
      ->delimiter(',');
  plan->add_option("--seat-policy", args->seat_policy, "assigned or source_quantity");
  plan->add_flag("--dry-run", args->dry_run, "Show the plan; store nothing");
  binder.Bind(plan, Plan);

  auto* list = migrate->add_subcommand("list", "List migrations, newest first");
  list->add_option("--size", args->size, "Items per page (1..1000)");
  list->add_option("--continuation", args->continuation, "Token printed by the previous page");
  binder.Bind(list, List);

  auto* status = migrate->add_subcommand("status", "Show a migration: plan and progress");
  status->add_option("id", args->id, "Migration id")->required();
  binder.Bind(status, ShowStatus);

  auto* start = migrate->add_subcommand("start", "Start a planned migration and run it here");
  start->add_option("id", args->id, "Migration id")->required();
  AddBatchSize(start, *args);
  binder.Bind(start, Start);
  auto* resume =
      migrate->add_subcommand("resume", "Resume a paused or interrupted migration and run it here");
  resume->add_option("id", args->id, "Migration id")->required();
  AddBatchSize(resume, *args);
  binder.Bind(resume, Resume);
  auto* pause =
      migrate->add_subcommand("pause", "Pause a running migration after its current step");
  pause->add_option("id", args->id, "Migration id")->required();
  binder.Bind(pause, Pause);
  auto* rollback = migrate->add_subcommand(
      "rollback", "Undo a paused or finished migration while its sources are only suspended");
  rollback->add_option("id", args->id, "Migration id")->required();
  rollback->add_option("--customer", args->customer, "Only this customer (default: all)");
  AddBatchSize(rollback, *args);
  binder.Bind(rollback, Rollback);
}

}  // namespace seatshift::cli
