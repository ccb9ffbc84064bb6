// The one main of seatshift_bench: runs the selected benchmarks with the console reporter,
// keeps their results, then hands them to the summaries the benchmark files registered.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <vector>

#include "bench_summary.hpp"

namespace seatshift::bench {
namespace {

std::vector<Summary>& Summaries() {
  static std::vector<Summary> summaries;
  return summaries;
}

//! Prints as the console reporter does and remembers every successful iteration run.
class CollectingReporter final : public benchmark::ConsoleReporter {
 public:
  explicit CollectingReporter(OutputOptions options) : ConsoleReporter(options) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
      RunResult result;
      result.name = run.run_name.function_name;
      result.iterations = run.iterations;
      result.real_seconds = run.real_accumulated_time;
      result.cpu_seconds = run.cpu_accumulated_time;
      if (const auto it = run.counters.find("items_per_second"); it != run.counters.end()) {
        result.items_per_second = it->second.value;
      }
      results_.push_back(std::move(result));
    }
    ConsoleReporter::ReportRuns(runs);
  }

  const std::vector<RunResult>& results() const { return results_; }

 private:
  std::vector<RunResult> results_;
};

}  // namespace

bool RegisterSummary(Summary summary) {
  Summaries().push_back(std::move(summary));
  return true;
}

}  // namespace seatshift::bench

int main(int argc, char** argv) {
  // As the seatshift binary does (src/cli/main.cpp): keep freed heap instead of trimming it on
  // every SQLite write, so that benchmarks measure the program as it runs.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  seatshift::bench::CollectingReporter reporter(isatty(STDOUT_FILENO)
                                                    ? benchmark::ConsoleReporter::OO_ColorTabular
                                                    : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  for (const auto& summary : seatshift::bench::Summaries()) summary(reporter.results());
  benchmark::Shutdown();
  return 0;
}
