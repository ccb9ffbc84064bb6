#pragma once

#include <memory>
#include <optional>
#include <string>

#include "domain/id_generator.hpp"
#include "domain/simulated_clock.hpp"
#include "service/agent_service.hpp"
#include "service/audit_service.hpp"
#include "service/catalog_service.hpp"
#include "service/charge_service.hpp"
#include "service/clock_service.hpp"
#include "service/customer_service.hpp"
#include "service/license_service.hpp"
#include "service/lifecycle_service.hpp"
#include "service/order_service.hpp"
#include "service/subscription_service.hpp"
#include "store/store.hpp"

namespace seatshift::cli {

//! Options every subcommand shares.
struct GlobalOptions {
  std::string db_path = "seatshift.db";
  bool json = false;
  std::string now;  //!< a fixed "now" (simulated clock) for scripts and tests; empty = real time
};

//! The open database and the services over it, created on first use so that `--help` and
//! usage errors never touch the database. A new database gets the default catalog.
class App {
 public:
  explicit App(const GlobalOptions& options) : options_(options) {}

  const GlobalOptions& options() const { return options_; }
  const service::RequestContext& ctx() const { return ctx_; }
  service::Dependencies Deps();
  //! Replaces the id generator with a seeded one (reproducible demo fleets).
  void SeedIds(std::uint64_t seed);
  //! The clock when it is simulated (--now, or a database that runs on a simulated clock).
  SimulatedClock* simulated_clock();
  //! Switches this database to a simulated clock starting now, unless it already runs on one.
  SimulatedClock& Simulate();

  service::CatalogService catalog() { return service::CatalogService(Deps()); }
  service::CustomerService customers() { return service::CustomerService(Deps()); }
  service::SubscriptionService subscriptions() { return service::SubscriptionService(Deps()); }
  service::OrderService orders() { return service::OrderService(Deps()); }
  service::LicenseService licenses() { return service::LicenseService(Deps()); }
  service::AuditService audit() { return service::AuditService(Deps()); }
  service::AgentService agents() { return service::AgentService(Deps()); }
  service::LifecycleService lifecycle() { return service::LifecycleService(Deps()); }
  service::ChargeService charges() { return service::ChargeService(Deps()); }
  service::ClockService clock() { return service::ClockService(Deps(), simulated_clock()); }

 private:
  void Open();
  void UseClock(std::unique_ptr<Clock> clock);

  const GlobalOptions& options_;  // filled by the parser before first use
  service::RequestContext ctx_;
  std::unique_ptr<Clock> clock_;
  SimulatedClock* simulated_ = nullptr;  // clock_, when it is simulated
  std::unique_ptr<IdGenerator> ids_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace seatshift::cli
