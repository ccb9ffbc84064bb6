#include "service/outbox.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string_view>

namespace seatshift::service {
namespace {

//! A subscription's "status" in an audit record's JSON ("" when absent or not JSON).
std::string StatusIn(const std::string& json) {
  if (json.empty()) return "";
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) return "";
  const auto* status = value.as_object().if_contains("status");
  return status && status->is_string() ? std::string(status->as_string()) : "";
}

std::string_view SubscriptionEvent(const AuditRecord& r) {
  const std::string_view op = r.operation;
  if (op == "subscription.create") return events::kSubscriptionCreated;
  if (op == "subscription.renew") return events::kSubscriptionRenewed;
  if (op == "subscription.expire") return events::kSubscriptionExpired;
  if (op == "subscription.disable") return events::kSubscriptionSuspended;
  if (op == "subscription.deprovision") return events::kSubscriptionDeleted;
  const std::string before = StatusIn(r.before);
  const std::string after = StatusIn(r.after);
  if (after != before && after == "suspended") return events::kSubscriptionSuspended;
  if (after != before && after == "deleted") return events::kSubscriptionDeleted;
  return events::kSubscriptionUpdated;
}

std::string_view MigrationEvent(std::string_view op) {
  if (op == "migration.start") return events::kMigrationStarted;
  if (op == "migration.pause") return events::kMigrationPaused;
  if (op == "migration.resume") return events::kMigrationResumed;
  if (op == "migration.customerFailed") return events::kMigrationStepFailed;
  if (op == "migration.complete") return events::kMigrationCompleted;
  if (op == "migration.rolledBack") return events::kMigrationRolledBack;
  return {};
}

std::string AuditUri(const AuditRecord& r) {
  if (r.customer_id) {
    return fmt::format("/v1/auditrecords?customerId={}&resourceId={}", ToString(*r.customer_id),
                       r.resource_id);
  }
  return fmt::format("/v1/auditrecords?resourceId={}", r.resource_id);
}

Event EventOf(const AuditRecord& r, std::string_view name, std::string resource_name,
              std::string resource_uri) {
  return {.name = std::string(name),
          .resource_name = std::move(resource_name),
          .resource_uri = std::move(resource_uri),
          .audit_uri = AuditUri(r),
          .customer_id = r.customer_id,
          .time = r.time,
          .correlation_id = r.correlation_id};
}

}  // namespace

std::vector<Event> EventsOf(std::span<const AuditRecord> records) {
  std::vector<Event> out;
  std::set<CustomerId> licenses_told;  // one licenses-updated per customer and batch
  for (const AuditRecord& r : records) {
    const std::string_view op = r.operation;
    const std::string customer = r.customer_id ? ToString(*r.customer_id) : "";
    if (r.resource_type == "Subscription" && r.customer_id) {
      out.push_back(
          EventOf(r, SubscriptionEvent(r), "subscription",
                  fmt::format("/v1/customers/{}/subscriptions/{}", customer, r.resource_id)));
    } else if (op.starts_with("license.") && r.customer_id) {
      if (!licenses_told.insert(*r.customer_id).second) continue;
      out.push_back(EventOf(r, events::kLicensesUpdated, "licenses",
                            fmt::format("/v1/customers/{}/subscribedskus", customer)));
    } else if (op.starts_with("user.") && r.customer_id) {
      const std::string_view name = op == "user.create"   ? events::kUserCreated
                                    : op == "user.delete" ? events::kUserDeleted
                                                          : events::kUserUpdated;
      out.push_back(EventOf(r, name, "user",
                            fmt::format("/v1/customers/{}/users/{}", customer, r.resource_id)));
    } else if ((op == "customer.create" || op == "estate.import") && r.customer_id) {
      out.push_back(EventOf(r, events::kCustomerCreated, "customer",
                            fmt::format("/v1/customers/{}", customer)));
    } else if (op == "order.create" && r.customer_id) {
      out.push_back(EventOf(r, events::kOrderCreated, "order",
                            fmt::format("/v1/customers/{}/orders/{}", customer, r.resource_id)));
    } else if (r.resource_type == "Migration") {
      const std::string_view name = MigrationEvent(op);
      if (name.empty()) continue;
      out.push_back(EventOf(r, name, "migration", fmt::format("/v1/migrations/{}", r.resource_id)));
    }
  }
  return out;
}

void RecordChanges(store::WriteTransaction& tx, const std::vector<AuditRecord>& records) {
  tx.AppendAudit(records);
  if (std::vector<Event> told = EventsOf(records); !told.empty()) tx.AppendEvents(told);
}

}  // namespace seatshift::service
