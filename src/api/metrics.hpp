#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "domain/lifecycle.hpp"

namespace seatshift::api {

//! The limit a throttled request exceeded (seatshift_throttled_requests_total's `scope`).
enum class ThrottleScope { kAgent, kCustomer };

//! Request counts by route and status, a latency histogram, the store's commit latency, the
//! requests refused by throttling and the lifecycle engine's work, rendered in the Prometheus
//! text format. Thread-safe.
class Metrics {
 public:
  void RecordRequest(const std::string& route, int status, std::chrono::nanoseconds latency);
  void RecordCommit(std::chrono::nanoseconds latency);
  //! One request refused with 429 (it is also counted by RecordRequest, with its route).
  void RecordThrottled(ThrottleScope scope);
  //! What a lifecycle pass (scheduler or clock advance) changed.
  void RecordLifecycle(const LifecycleTally& tally);
  std::string Render() const;

 private:
  //! Cumulative buckets in seconds, as Prometheus histograms have them.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
    void Observe(double seconds);
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // GUARDED_BY(mutex_)
  Histogram request_latency_;                                      // GUARDED_BY(mutex_)
  Histogram commit_latency_;                                       // GUARDED_BY(mutex_)
  LifecycleTally lifecycle_;                                       // GUARDED_BY(mutex_)
  std::array<std::atomic<std::uint64_t>, 2> throttled_{};          // by ThrottleScope
};

}  // namespace seatshift::api
