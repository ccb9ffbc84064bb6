#include "domain/webhook.hpp"

#include <algorithm>

namespace seatshift {

bool Subscribes(const WebhookEndpoint& endpoint, std::string_view name) {
  if (name == events::kTestCreated) return false;
  return endpoint.events.empty() ||
         std::find(endpoint.events.begin(), endpoint.events.end(), name) != endpoint.events.end();
}

namespace webhooks {

std::chrono::seconds RetryDelay(int failures) {
  std::chrono::seconds delay = kFirstRetryDelay;
  for (int i = 1; i < failures && delay < kMaxRetryDelay; ++i) delay *= 2;
  return std::min(delay, kMaxRetryDelay);
}

std::optional<Instant> NextAttempt(Instant event_time, int failures, Instant now) {
  const Instant next = now + RetryDelay(failures);
  if (next > event_time + kGiveUpAfter) return std::nullopt;
  return next;
}

}  // namespace webhooks
}  // namespace seatshift
