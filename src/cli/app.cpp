#include "cli/app.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "import/catalog_json.hpp"
#include "service/stored_clock.hpp"
#include "store/open/open.hpp"

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

SimulatedClock* App::simulated_clock() {
  if (!store_) Open();
  return simulated_;
}

SimulatedClock& App::Simulate() {
  if (!store_) Open();
  if (!simulated_) UseClock(std::make_unique<service::StoredClock>(*store_, clock_->Now()));
  service::ClockService::Persist(*store_, *simulated_);
  return *simulated_;
}

void App::UseClock(std::unique_ptr<Clock> clock) {
  simulated_ = dynamic_cast<SimulatedClock*>(clock.get());
  clock_ = std::move(clock);
  ids_ = std::make_unique<UuidV7Generator>(*clock_);
}

void App::Open() {
  // --db names a PostgreSQL database by URL; anything else is a SQLite file.
  store_ = store::Open(options_.db_path);
  // --now is a one-off instant for this command; otherwise a database that runs on a simulated
  // clock keeps its own "now", so that every process on it agrees.
  std::optional<Instant> now;
  if (!options_.now.empty()) {
    now = ParseInstant(options_.now);
    if (!now) {
      throw Error(
          ErrorCode::kBadRequest,
          fmt::format("--now '{}': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", options_.now));
    }
  } else {
    now = service::ClockService::Persisted(*store_);
  }
  if (!options_.now.empty()) {
    UseClock(std::make_unique<SimulatedClock>(*now));
  } else if (now) {
    UseClock(std::make_unique<service::StoredClock>(*store_, *now));
  } else {
    UseClock(std::make_unique<SystemClock>());
  }
  ctx_ = {Actor{"cli:" + OperatingSystemUser(), Role::kAdminAgent}, ""};
  if (store_->Read()->ListProducts().empty()) {
    auto doc = import::DefaultCatalog();
    if (!doc) throw std::move(doc).error();
    const service::RequestContext system = service::SystemContext("default-catalog");
    auto loaded = service::CatalogService(Deps()).Upsert(system, doc->products, doc->skus,
                                                         service::CatalogMerge::kReplace);
    if (!loaded) throw std::move(loaded).error();
  }
}

}  // namespace seatshift::cli
