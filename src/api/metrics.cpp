#include "api/metrics.hpp"

#include <fmt/format.h>

namespace seatshift::api {
namespace {

void RenderHistogram(std::string& out, std::string_view name, std::string_view help,
                     const auto& histogram, const auto& bounds) {
  out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, bounds[i], histogram.buckets[i]);
  }
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, histogram.count);
  out += fmt::format("{}_sum {}\n{}_count {}\n", name, histogram.sum, name, histogram.count);
}

}  // namespace

void Metrics::Histogram::Observe(double seconds) {
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++buckets[i];
  }
  ++count;
  sum += seconds;
}

void Metrics::RecordRequest(const std::string& route, int status,
                            std::chrono::nanoseconds latency) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  request_latency_.Observe(std::chrono::duration<double>(latency).count());
}

void Metrics::RecordCommit(std::chrono::nanoseconds latency) {
  std::lock_guard lock(mutex_);
  commit_latency_.Observe(std::chrono::duration<double>(latency).count());
}

void Metrics::RecordThrottled(ThrottleScope scope) {
  throttled_[static_cast<std::size_t>(scope)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::RecordLifecycle(const LifecycleTally& tally) {
  std::lock_guard lock(mutex_);
  lifecycle_ += tally;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP seatshift_http_requests_total Requests answered, by route and status.\n"
      "# TYPE seatshift_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += fmt::format("seatshift_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       key.first, key.second, count);
  }
  RenderHistogram(out, "seatshift_http_request_duration_seconds",
                  "Time from a request's arrival to its response.", request_latency_, kBuckets);
  RenderHistogram(out, "seatshift_db_commit_duration_seconds",
                  "Time to make one write transaction durable.", commit_latency_, kBuckets);
  out +=
      "# HELP seatshift_throttled_requests_total Requests refused with 429, by the limit they "
      "exceeded (per agent, or per customer for writes).\n"
      "# TYPE seatshift_throttled_requests_total counter\n";
  for (const auto& [scope, name] : {std::pair{ThrottleScope::kAgent, "agent"},
                                    std::pair{ThrottleScope::kCustomer, "customer"}}) {
    out += fmt::format("seatshift_throttled_requests_total{{scope=\"{}\"}} {}\n", name,
                       throttled_[static_cast<std::size_t>(scope)].load(std::memory_order_relaxed));
  }
  out +=
      "# HELP seatshift_lifecycle_events_total Lifecycle transitions and charges applied by this "
      "process.\n# TYPE seatshift_lifecycle_events_total counter\n";
  for (const auto& [event, count] :
       {std::pair<const char*, std::int64_t>{"renewal", lifecycle_.renewals},
        {"expiry", lifecycle_.expiries},
        {"disable", lifecycle_.disabled},
        {"deprovision", lifecycle_.deprovisioned},
        {"endOfSale", lifecycle_.auto_renew_off},
        {"charge", lifecycle_.charges},
        {"unpricedPeriod", lifecycle_.unpriced_periods}}) {
    out += fmt::format("seatshift_lifecycle_events_total{{event=\"{}\"}} {}\n", event, count);
  }
  return out;
}

}  // namespace seatshift::api
