#pragma once

// Alerts: conditions an agent must act on before a date, raised once per occurrence (the same
// subscription's same term end never raises twice, however many passes see it) and told as
// events (events::kAlertRaised), so they reach webhooks too. The rules are pure; the service
// (service/alert_service.hpp) finds the candidates and keeps what was raised.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/enum_names.hpp"
#include "domain/ids.hpp"
#include "domain/migration.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

using AlertId = StrongId<struct AlertIdTag, Uuid>;

enum class AlertRule {
  kAutoRenewOffEnding,         //!< the seed's case: it will lapse, users lose service
  kRenewingWithUnusedSeats,    //!< it renews with seats no license uses: money lost
  kCancellationWindowClosing,  //!< a New Commerce purchase can be undone only a little longer
  kMigrationNeedsAttention,    //!< a migration failed, ended with errors or was paused
  kServiceLoss,                //!< a customer's users will lose a service plan
};
inline constexpr EnumNames<AlertRule, 5> kAlertRuleNames{{
    {AlertRule::kAutoRenewOffEnding, "autoRenewOffEnding"},
    {AlertRule::kRenewingWithUnusedSeats, "renewingWithUnusedSeats"},
    {AlertRule::kCancellationWindowClosing, "cancellationWindowClosing"},
    {AlertRule::kMigrationNeedsAttention, "migrationNeedsAttention"},
    {AlertRule::kServiceLoss, "serviceLoss"},
}};
inline std::string_view ToString(AlertRule rule) { return NameOf(kAlertRuleNames, rule); }

//! How far ahead each rule looks. Defaults: a month to act on a lapse (the procedure's own
//! lead time), a week before money is lost, a day before a purchase can no longer be undone.
struct AlertHorizons {
  std::chrono::days auto_renew_off{30};
  std::chrono::days unused_seats{7};
  std::chrono::hours cancellation_window{24};
  std::chrono::days service_loss{30};
};

struct Alert {
  AlertId id;
  AlertRule rule = AlertRule::kAutoRenewOffEnding;
  //! What makes it one occurrence: "<resource id>@<the date it is about>", unique per rule.
  std::string occurrence;
  std::optional<CustomerId> customer_id;
  std::string resource_name;  //!< "subscription", "migration", "customer"
  std::string resource_id;
  std::string resource_uri;
  Instant raised_at{};
  //! The deadline: the term's end, the window's close, the day service is lost; none for a
  //! migration.
  std::optional<Instant> due_at;
  //! The values a client words the alert with (JSON object: offer, quantity, seats, ...).
  std::string parameters;
  std::optional<Instant> dismissed_at;
  std::string dismissed_by;
};

//! What an alert is about, before it is raised (the service adds id, time and parameters).
struct AlertCandidate {
  AlertRule rule;
  std::string occurrence;
  std::optional<Instant> due_at;
};

//! The subscription will lapse within the horizon: active, auto-renew off, term ending.
std::optional<AlertCandidate> AutoRenewOffEnding(const Subscription& sub, Instant now,
                                                 const AlertHorizons& horizons);
//! It renews within the horizon with more seats than `assigned` licenses use.
std::optional<AlertCandidate> RenewingWithUnusedSeats(const Subscription& sub,
                                                      std::int64_t assigned, Instant now,
                                                      const AlertHorizons& horizons);
//! Each purchase lot whose cancellation window closes within the horizon (one per lot).
std::vector<AlertCandidate> CancellationWindowsClosing(const Subscription& sub, Instant now,
                                                       const AlertHorizons& horizons);
//! A migration failed or paused (once per time it came to that status).
std::optional<AlertCandidate> MigrationNeedsAttention(const Migration& migration);

//! The instant a subscription's term ends: the end of its last day.
Instant TermEndInstant(const Subscription& sub);

}  // namespace seatshift
