// seatshift import FILES..., demo seed, audit list
#include <fmt/format.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/json.hpp"
#include "demo/demo_agents.hpp"
#include "demo/demo_fleet.hpp"
#include "import/estate_files.hpp"
#include "service/estate_import.hpp"

namespace seatshift::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  demo::DemoFleetOptions fleet;
  std::string customer;
  std::string resource;
  int size = 100;
  std::string continuation;
};

Status ImportEstate(App& app, const ImportArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const service::Estate estate, import::ReadEstateFiles(args.files));
  ProgressBar bar("importing");
  SEATSHIFT_ASSIGN_OR_RETURN(const auto report,
                             service::ImportEstate(app.Deps(), app.ctx(), estate,
                                                   [&bar](std::size_t done, std::size_t total) {
                                                     bar.Update(done, total);
                                                   }));
  if (app.options().json) {
    PrintJson(boost::json::object{{"customers", report.customers},
                                  {"users", report.users},
                                  {"subscriptions", report.subscriptions},
                                  {"licenses", report.licenses}});
  } else {
    std::cout << fmt::format("imported {} customers, {} users, {} subscriptions, {} licenses\n",
                             report.customers, report.users, report.subscriptions, report.licenses);
  }
  return OkStatus();
}

boost::json::array DemoAgentsJson() {
  boost::json::array agents;
  for (const auto& a : demo::kDemoAgents) {
    agents.push_back({{"email", a.email}, {"role", ToString(a.role)}, {"password", a.password}});
  }
  return agents;
}

void PrintDemoAgents() {
  for (const auto& a : demo::kDemoAgents) {
    std::cout << fmt::format("{:<16} {:<26} {}\n", ToString(a.role), a.email, a.password);
  }
}

//! The demo agents (one per role) with their demo passwords, created or reset, then printed.
Status DemoAgents(App& app, const ImportArgs&) {
  SEATSHIFT_TRY(demo::SeedDemoAgents(app.Deps(), app.ctx()));
  if (app.options().json) {
    PrintJson(DemoAgentsJson());
  } else {
    PrintDemoAgents();
  }
  return OkStatus();
}

Status SeedDemo(App& app, const ImportArgs& args) {
  app.SeedIds(args.fleet.seed);
  const auto started = std::chrono::steady_clock::now();
  ProgressBar bar("seeding");
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto report,
      demo::SeedDemoFleet(app.Deps(), app.ctx(), args.fleet, [&bar](int done, int total) {
        bar.Update(static_cast<std::size_t>(done), static_cast<std::size_t>(total));
      }));
  SEATSHIFT_TRY(demo::SeedDemoAgents(app.Deps(), app.ctx()));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (app.options().json) {
    PrintJson(boost::json::object{{"customers", report.customers},
                                  {"users", report.users},
                                  {"subscriptions", report.subscriptions},
                                  {"licenses", report.licenses},
                                  {"onKaizala", report.on_kaizala},
                                  {"agents", DemoAgentsJson()},
                                  {"seconds", seconds}});
  } else {
    std::cout << fmt::format(
        "seeded {} customers ({} still on Kaizala Pro), {} users, {} subscriptions, {} licenses "
        "in {:.1f} s\n",
        report.customers, report.on_kaizala, report.users, report.subscriptions, report.licenses,
        seconds);
    std::cout << "demo agents (portal sign-in; demo passwords, for this demo only):\n";
    PrintDemoAgents();
  }
  return OkStatus();
}

Status ListAudit(App& app, const ImportArgs& args) {
  store::AuditFilter filter{.resource_id = args.resource};
  if (!args.customer.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Find(app.ctx(), args.customer));
    filter.customer_id = c.id;
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page,
      app.audit().List(app.ctx(), filter, {.after = args.continuation, .limit = args.size}));
  if (app.options().json) {
    boost::json::array items;
    for (const auto& r : page.items) items.push_back(codec::ToJson(r));
    PrintJson(Collection(std::move(items), page.total, page.next));
    return OkStatus();
  }
  Table t({"ID", "TIME", "AGENT", "OPERATION", "RESOURCE"});
  for (const auto& r : page.items) {
    t.Add({std::to_string(r.id), FormatInstant(r.time), r.agent_id, r.operation,
           r.resource_type + " " + r.resource_id});
  }
  t.Print();
  if (!page.next.empty()) std::cerr << fmt::format("next page: --continuation {}\n", page.next);
  return OkStatus();
}

}  // namespace

void AddImportCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<ImportArgs> binder(app, action);
  ImportArgs* args = &binder.args();
  auto* imp = root.add_subcommand(
      "import",
      "Load an existing estate (customers, users, subscriptions, licenses), all or nothing");
  imp->add_option("files", args->files, "estate .json, or .csv files (kind told by their header)")
      ->required();
  binder.Bind(imp, ImportEstate);

  auto* demo = root.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  auto* seed =
      demo->add_subcommand("seed", "Seed a reproducible fleet around Kaizala Pro's retirement");
  seed->add_option("--customers", args->fleet.customers, "Number of customers");
  seed->add_option("--users-per-customer", args->fleet.users_per_customer, "Users per customer");
  seed->add_option("--seed", args->fleet.seed, "Random seed (same seed, same fleet)");
  binder.Bind(seed, SeedDemo);
  auto* agents = demo->add_subcommand(
      "agents", "Create (or reset) one demo agent per role with its demo password, and print them");
  binder.Bind(agents, DemoAgents);

  auto* audit = root.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* list = audit->add_subcommand("list", "Audit records, oldest first");
  list->add_option("--customer", args->customer, "Customer id or domain");
  list->add_option("--resource", args->resource, "Resource id");
  list->add_option("--size", args->size, "Items per page (1..1000)");
  list->add_option("--continuation", args->continuation, "Token printed by the previous page");
  binder.Bind(list, ListAudit);
}

}  // namespace seatshift::cli
