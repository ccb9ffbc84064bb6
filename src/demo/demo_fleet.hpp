#pragma once

#include <cstdint>
#include <functional>

#include "service/request_context.hpp"

namespace seatshift::demo {

struct DemoFleetOptions {
  int customers = 100;
  int users_per_customer = 25;
  std::uint64_t seed = 1;
};

struct DemoFleetReport {
  int customers = 0;
  int users = 0;
  int subscriptions = 0;
  int licenses = 0;
  int on_kaizala = 0;  //!< customers still to migrate
};

//! Seeds a realistic fleet around the retirement of Kaizala Pro: segments mixed (commercial,
//! education, frontline), most customers on Kaizala Pro with auto-renew off and end dates spread
//! over the coming ten months, some already migrated (old subscription suspended, users on the
//! replacement). The same seed and clock instant give the same fleet, ids included. Commits every
//! 100 customers, so a fleet of a million users needs no giant transaction; `progress(done, total)`
//! follows. REQUIRES: the default catalog is loaded.
Result<DemoFleetReport> SeedDemoFleet(service::Dependencies deps,
                                      const service::RequestContext& ctx,
                                      const DemoFleetOptions& options,
                                      const std::function<void(int, int)>& progress = {});

}  // namespace seatshift::demo
