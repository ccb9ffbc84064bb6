#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/app.hpp"
#include "domain/result.hpp"

namespace seatshift::cli {

//! The work a parsed command line asks for; main runs it once parsing succeeded.
using Action = std::function<Status()>;

// Each adds one group of subcommands; the chosen one stores its work in `action`.
void AddCatalogCommands(CLI::App& root, App& app, Action& action);
void AddCustomerCommands(CLI::App& root, App& app, Action& action);
void AddSubscriptionCommands(CLI::App& root, App& app, Action& action);
void AddLicenseCommands(CLI::App& root, App& app, Action& action);
void AddImportCommands(CLI::App& root, App& app, Action& action);

//! "true"/"false" (any case) or nullopt.
std::optional<bool> ParseBool(const std::string& text);

}  // namespace seatshift::cli
