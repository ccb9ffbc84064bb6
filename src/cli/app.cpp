#include "cli/app.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "import/catalog_json.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace seatshift::cli {
namespace {

std::string OperatingSystemUser() {
  const char* user = std::getenv("USER");
  return user && *user ? user : std::to_string(getuid());
}

}  // namespace

service::Dependencies App::Deps() {
  if (!store_) Open();
  return {*store_, *clock_, *ids_};
}

void App::SeedIds(std::uint64_t seed) {
  if (!store_) Open();
  ids_ = std::make_unique<UuidV7Generator>(*clock_, seed);
}

void App::Open() {
  if (options_.now.empty()) {
    clock_ = std::make_unique<SystemClock>();
  } else {
    const auto now = ParseInstant(options_.now);
    if (!now) {
      throw Error(
          ErrorCode::kBadRequest,
          fmt::format("--now '{}': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", options_.now));
    }
    clock_ = std::make_unique<SimulatedClock>(*now);
  }
  ids_ = std::make_unique<UuidV7Generator>(*clock_);
  ctx_ = {Actor{"cli:" + OperatingSystemUser(), Role::kAdminAgent}, "", ""};
  store_ = store::sqlite::SqliteStore::Open(options_.db_path);
  if (store_->Read()->ListProducts().empty()) {
    auto doc = import::DefaultCatalog();
    if (!doc) throw std::move(doc).error();
    const service::RequestContext system{Actor{"system", Role::kSystem}, "default-catalog", ""};
    auto loaded = service::CatalogService(Deps()).Upsert(system, doc->products, doc->skus,
                                                         service::CatalogMerge::kReplace);
    if (!loaded) throw std::move(loaded).error();
  }
}

}  // namespace seatshift::cli
