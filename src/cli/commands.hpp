#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "base/result.hpp"
#include "cli/app.hpp"

namespace seatshift::cli {

//! The work a parsed command line asks for; main runs it once parsing succeeded.
using Action = std::function<Status()>;

// Each adds one group of subcommands; the chosen one stores its work in `action`.
void AddCatalogCommands(CLI::App& root, App& app, Action& action);
void AddCustomerCommands(CLI::App& root, App& app, Action& action);
void AddSubscriptionCommands(CLI::App& root, App& app, Action& action);
void AddLicenseCommands(CLI::App& root, App& app, Action& action);
void AddImportCommands(CLI::App& root, App& app, Action& action);
void AddAgentCommands(CLI::App& root, App& app, Action& action);
void AddEventCommands(CLI::App& root, App& app, Action& action);
void AddServeCommand(CLI::App& root, App& app, Action& action);
void AddLifecycleCommands(CLI::App& root, App& app, Action& action);
void AddReportCommands(CLI::App& root, App& app, Action& action);
void AddMigrateCommands(CLI::App& root, App& app, Action& action);
void AddDbCommands(CLI::App& root, App& app, Action& action);
void AddPriceCommands(CLI::App& root, App& app, Action& action);

//! Wires the subcommands of one group, which share one Args struct of parsed options, to the
//! functions that run them.
template <typename Args>
class CommandBinder {
 public:
  CommandBinder(App& app, Action& action)
      : app_(app), action_(action), args_(std::make_shared<Args>()) {}
  //! Where the parser writes this group's options.
  Args& args() { return *args_; }
  //! Once the parser picks `cmd`, `run(app, args)` becomes the action.
  void Bind(CLI::App* cmd, Status (*run)(App&, const Args&)) {
    cmd->callback([&app = app_, &action = action_, args = args_, run] {
      action = [&app, args, run] { return run(app, *args); };
    });
  }

 private:
  App& app_;
  Action& action_;
  std::shared_ptr<Args> args_;
};

//! "true"/"false" (any case) or nullopt.
std::optional<bool> ParseBool(const std::string& text);

}  // namespace seatshift::cli
