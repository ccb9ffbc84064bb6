#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace seatshift::bench {

//! One finished benchmark run as Google Benchmark reported it (iteration runs only, no
//! aggregates, no failed runs).
struct RunResult {
  std::string name;  //!< the registered name, e.g. "swap/store/batch:1000"
  std::int64_t iterations = 0;
  double real_seconds = 0;      //!< measured (real) time of all iterations
  double cpu_seconds = 0;       //!< CPU time of the benchmark's thread over the same iterations
  double items_per_second = 0;  //!< 0 unless the benchmark called SetItemsProcessed
};

//! Called by main after every selected benchmark has run, with all of their results, so a
//! benchmark file can print figures that combine several runs (ratios against a baseline).
using Summary = std::function<void(const std::vector<RunResult>&)>;

//! Adds a summary; call from a namespace-scope initializer. Returns true (for that initializer).
bool RegisterSummary(Summary summary);

}  // namespace seatshift::bench
