// seatshift: the command-line adapter. Parses, runs one service call, prints, and exits with
// the code of the error class (see domain/error.cpp) so scripts can trust it.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "store/store.hpp"

namespace {

constexpr int kUsageExitCode = 2;

int Run(int argc, char** argv) {
  using namespace seatshift;
  cli::GlobalOptions options;
  CLI::App root("seatshift: subscriptions, licenses and fleet migrations for CSP partners");
  root.require_subcommand(1);
  // Global flags are accepted before or after the subcommand (`seatshift catalog list --db x`):
  // a subcommand hands the options it does not know to its parent. Inherited by subcommands.
  root.fallthrough();
  root.option_defaults()->always_capture_default();
  root.add_option("--db", options.db_path,
                  "SQLite database file (created when missing), or a PostgreSQL URL "
                  "(postgresql://user@host:port/dbname)");
  root.add_flag("--json", options.json, "Print JSON (the API's shapes) instead of tables");
  root.add_option("--now", options.now,
                  "Pretend it is this instant (YYYY-MM-DD[THH:MM:SSZ]): a simulated clock");
  root.set_version_flag("--version", "seatshift 0.1.0");

  cli::App app(options);
  cli::Action action;
  cli::AddCatalogCommands(root, app, action);
  cli::AddCustomerCommands(root, app, action);
  cli::AddSubscriptionCommands(root, app, action);
  cli::AddLicenseCommands(root, app, action);
  cli::AddImportCommands(root, app, action);
  cli::AddAgentCommands(root, app, action);
  cli::AddEventCommands(root, app, action);
  cli::AddServeCommand(root, app, action);
  cli::AddLifecycleCommands(root, app, action);
  cli::AddReportCommands(root, app, action);
  cli::AddMigrateCommands(root, app, action);
  cli::AddDbCommands(root, app, action);
  cli::AddPriceCommands(root, app, action);
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = root.exit(e);
    return code == 0 ? 0 : kUsageExitCode;
  }
  try {
    const Status status = action ? action() : OkStatus();
    if (!status.ok()) {
      cli::PrintError(status.error());
      return Describe(status.error().code).exit_code;
    }
    return 0;
  } catch (const Error& error) {
    cli::PrintError(error);
    return Describe(error.code).exit_code;
  } catch (const store::StorageError& e) {
    cli::PrintError(Error(ErrorCode::kStorage, e.what()));
    return Describe(ErrorCode::kStorage).exit_code;
  } catch (const std::exception& e) {
    cli::PrintError(Error(ErrorCode::kInternal, e.what()));
    return Describe(ErrorCode::kInternal).exit_code;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // glibc returns freed heap to the system whenever the top of the heap frees 128 KiB, which
  // SQLite's per-statement allocations hit on every write of a busy server or lifecycle pass
  // (the benchmark saw each transition cost twice as much). Keep up to 64 MiB instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  return Run(argc, argv);
}
