#include "service/webhook_delivery.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <charconv>

#include "codec/event_json.hpp"
#include "codec/json.hpp"
#include "service/secret_token.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2, '\0');
  sodium_bin2hex(out.data(), out.size() + 1, bytes, size);
  return out;
}

std::string Hmac(std::string_view secret, std::int64_t t, std::string_view body) {
  EnsureSodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const std::string prefix = fmt::format("{}.", t);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return Hex(mac, sizeof mac);
}

//! How the receiver's answer is logged: its first bytes, printable.
constexpr std::size_t kExcerpt = 512;

}  // namespace

std::string SignatureHeader(std::string_view secret, std::int64_t t, std::string_view body) {
  return fmt::format("t={},v1={}", t, Hmac(secret, t, body));
}

bool VerifySignature(std::string_view header, std::string_view secret, std::string_view body,
                     std::int64_t now, std::chrono::seconds tolerance) {
  std::optional<std::int64_t> t;
  std::vector<std::string_view> signatures;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? "" : header.substr(comma + 1);
    if (part.starts_with("t=")) {
      std::int64_t value = 0;
      const auto [end, ec] = std::from_chars(part.data() + 2, part.data() + part.size(), value);
      if (ec == std::errc() && end == part.data() + part.size()) t = value;
    } else if (part.starts_with("v1=")) {
      signatures.push_back(part.substr(3));
    }
  }
  if (!t || *t < now - tolerance.count() || *t > now + tolerance.count()) return false;
  const std::string expected = Hmac(secret, *t, body);
  for (const std::string_view signature : signatures) {
    if (signature.size() == expected.size() &&
        sodium_memcmp(signature.data(), expected.data(), expected.size()) == 0) {
      return true;
    }
  }
  return false;
}

WebhookDispatcher::WebhookDispatcher(Dependencies deps, WebhookTransport& transport,
                                     DeliveryOptions options)
    : deps_(deps), transport_(transport), options_(std::move(options)) {}

int WebhookDispatcher::RunOnce() {
  const Instant wall = deps_.wall.Now();
  // The lease outlasts the batch tried one after another at the transport's worst, with one
  // attempt's time to spare (for recording them). A killed process's claims wait that long.
  const Instant lease_until = wall + options_.timeout * (options_.batch + 1);
  const std::vector<store::ClaimedDelivery> claimed =
      store::Transact(deps_.store, [&](store::WriteTransaction& tx) {
        auto rows = tx.ClaimDeliveries(options_.owner, deps_.clock.Now(), wall, lease_until,
                                       options_.batch);
        tx.Commit();
        return rows;
      });
  if (claimed.empty()) return 0;
  // The batch's attempts are recorded together: one commit for the batch, not one per delivery
  // (a crash before it sends them again, which at-least-once allows).
  std::vector<Finished> finished;
  finished.reserve(claimed.size());
  for (const store::ClaimedDelivery& delivery : claimed) finished.push_back(Attempt(delivery));
  store::Transact(deps_.store, [&](store::WriteTransaction& tx) {
    for (const Finished& f : finished) tx.FinishAttempt(options_.owner, f.attempt, f.state, f.next);
    tx.Commit();
  });
  return static_cast<int>(claimed.size());
}

int WebhookDispatcher::Drain(const std::function<bool()>& keep_going) {
  int total = 0;
  while (keep_going()) {
    const int tried = RunOnce();
    total += tried;
    if (tried == 0) break;
  }
  return total;
}

WebhookDispatcher::Finished WebhookDispatcher::Attempt(const store::ClaimedDelivery& claimed) {
  const std::string body = codec::WebhookEnvelope(claimed.event, options_.base_url);
  const std::int64_t t = deps_.wall.Now().time_since_epoch().count();
  const std::vector<std::pair<std::string, std::string>> headers{
      {"Content-Type", "application/json"},
      {std::string(kSignatureHeader), SignatureHeader(claimed.secret, t, body)},
      {"Seatshift-Event-Id", std::to_string(claimed.event.id)},
      {"Seatshift-Event-Name", claimed.event.name},
      {"Seatshift-Delivery-Id", std::to_string(claimed.id)},
  };
  const PostOutcome outcome = transport_.Post(claimed.url, headers, body);
  const Instant now = deps_.clock.Now();
  DeliveryAttempt attempt{.delivery = claimed.id,
                          .at = now,
                          .status = outcome.status,
                          .error = outcome.error,
                          .latency_ms = outcome.latency.count(),
                          .response_excerpt = outcome.excerpt.substr(0, kExcerpt),
                          .server = options_.owner};
  DeliveryState state = DeliveryState::kDelivered;
  std::optional<Instant> next;
  if (!outcome.status || !webhooks::Delivered(*outcome.status)) {
    if (attempt.error.empty()) attempt.error = fmt::format("HTTP {}", *outcome.status);
    next = webhooks::NextAttempt(claimed.event.time, claimed.attempts + 1, now);
    state = next ? DeliveryState::kPending : DeliveryState::kDead;
  }
  return {.attempt = std::move(attempt), .state = state, .next = next};
}

WebhookDeliveryWorker::WebhookDeliveryWorker(Dependencies deps, WebhookTransport& transport,
                                             DeliveryOptions options,
                                             std::chrono::milliseconds interval,
                                             std::function<void(const std::string&)> log)
    : dispatcher_(deps, transport, std::move(options)),
      log_(std::move(log)),
      worker_(interval, [this](bool, const PeriodicWorker::KeepGoing& keep_going) {
        try {
          dispatcher_.Drain(keep_going);
          if (!last_failure_.empty() && log_) {
            log_(codec::Serialize(boost::json::object{{"webhooks", "passes work again"}}));
          }
          last_failure_.clear();
        } catch (const std::exception& e) {
          // The database failed; the next pass tries again (leases keep nothing lost). Said
          // once per failure, not four times a second while it lasts.
          if (log_ && last_failure_ != e.what()) {
            log_(codec::Serialize(
                boost::json::object{{"webhooks", "pass failed"}, {"error", e.what()}}));
          }
          last_failure_ = e.what();
        }
      }) {}

}  // namespace seatshift::service
