// `seatshift db copy`: moves a SQLite database onto PostgreSQL (scaling out from one machine).
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "base/redact.hpp"
#include "cli/commands.hpp"
#include "store/open/db_copy.hpp"
#include "store/open/open.hpp"

namespace seatshift::cli {
namespace {

struct DbArgs {
  std::string from;
  std::string to;
};

Status CopyDatabase(App&, const DbArgs& args) {
  if (store::IsPostgresUrl(args.from) || !std::filesystem::is_regular_file(args.from)) {
    return Error(ErrorCode::kBadRequest, fmt::format("--from {}: no such SQLite database file",
                                                     RedactedLocation(args.from)));
  }
  if (!store::IsPostgresUrl(args.to)) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("--to {}: expected a postgresql:// or postgres:// URL",
                             RedactedLocation(args.to)));
  }
  const store::CopyReport report = store::CopySqliteToPostgres(
      args.from, args.to, [](const std::string& table, std::int64_t rows) {
        std::fprintf(stderr, "copied %-32s %lld rows\n", table.c_str(),
                     static_cast<long long>(rows));
      });
  std::printf("copied %d tables, %lld rows\n", report.tables, static_cast<long long>(report.rows));
  return OkStatus();
}

}  // namespace

void AddDbCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<DbArgs> binder(app, action);
  DbArgs* args = &binder.args();
  auto* db = root.add_subcommand("db", "The database itself");
  db->require_subcommand(1);
  auto* copy = db->add_subcommand(
      "copy", "Copy a SQLite database into an empty PostgreSQL database, in one transaction");
  copy->add_option("--from", args->from, "SQLite database file")->required();
  copy->add_option("--to", args->to, "PostgreSQL URL (postgresql://user@host:port/dbname)")
      ->required();
  binder.Bind(copy, CopyDatabase);
}

}  // namespace seatshift::cli
