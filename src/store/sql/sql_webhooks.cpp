// Webhook endpoints: where events go, with the names each receives and its signing secret.
#include <fmt/format.h>

#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

// `partner_center` is NULL for /v1/webhooks' endpoints, 1 for the one registration: the unique
// index over it allows one.
constexpr const char* kInsertWebhook =
    "INSERT INTO webhook_endpoints (guid, url, description, secret, paused, partner_center, "
    "created_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) ON CONFLICT DO NOTHING "
    "RETURNING id";
constexpr const char* kInsertName =
    "INSERT INTO webhook_endpoint_events (endpoint, name) VALUES (?1, ?2)";
constexpr const char* kDeleteNames = "DELETE FROM webhook_endpoint_events WHERE endpoint = ?1";
constexpr const char* kWebhookKey = "SELECT id, version FROM webhook_endpoints WHERE guid = ?1";
constexpr const char* kUpdateWebhook =
    "UPDATE webhook_endpoints SET url = ?2, description = ?3, paused = ?4, "
    "version = version + 1 WHERE id = ?1 AND version = ?5";
constexpr const char* kSetSecret = "UPDATE webhook_endpoints SET secret = ?2 WHERE guid = ?1";
constexpr const char* kSelectSecret = "SELECT secret FROM webhook_endpoints WHERE guid = ?1";
#define SEATSHIFT_WEBHOOK_SELECT                                                         \
  "SELECT id, guid, url, description, paused, coalesce(partner_center, 0), created_at, " \
  "version FROM webhook_endpoints "
constexpr const char* kListWebhooks = SEATSHIFT_WEBHOOK_SELECT "ORDER BY id";
constexpr const char* kFindWebhook = SEATSHIFT_WEBHOOK_SELECT "WHERE guid = ?1";
constexpr const char* kFindPartnerCenter = SEATSHIFT_WEBHOOK_SELECT "WHERE partner_center = 1";
#undef SEATSHIFT_WEBHOOK_SELECT
constexpr const char* kSelectNames =
    "SELECT name FROM webhook_endpoint_events WHERE endpoint = ?1 ORDER BY name";
// Deleting an endpoint deletes what was tried for it (the log is the endpoint's).
constexpr const char* kDeleteAttempts =
    "DELETE FROM webhook_attempts WHERE delivery IN "
    "(SELECT id FROM webhook_deliveries WHERE endpoint = ?1)";
constexpr const char* kDeleteDeliveries = "DELETE FROM webhook_deliveries WHERE endpoint = ?1";
constexpr const char* kDeleteWebhook = "DELETE FROM webhook_endpoints WHERE id = ?1";

//! Every name, or '*' for all.
template <typename Conn>
void InsertNames(Conn& conn, std::int64_t key, const std::vector<std::string>& names) {
  const std::vector<std::string> all{"*"};
  for (const std::string& name : names.empty() ? all : names) {
    auto stmt = conn.Prepare(kInsertName);
    stmt.Bind(1, key).Bind(2, name);
    stmt.Execute();
  }
}

}  // namespace

std::vector<WebhookEndpoint> SqlTransaction::ReadWebhooks(const char* sql,
                                                          const std::optional<Uuid>& guid) {
  std::vector<std::pair<std::int64_t, WebhookEndpoint>> rows;
  {
    auto stmt = conn().Prepare(sql);
    if (guid) stmt.Bind(1, *guid);
    while (stmt.Step()) {
      rows.emplace_back(stmt.Int(0), WebhookEndpoint{.id = WebhookId(stmt.Guid(1)),
                                                     .url = stmt.Text(2),
                                                     .description = stmt.Text(3),
                                                     .paused = stmt.Int(4) != 0,
                                                     .partner_center = stmt.Int(5) != 0,
                                                     .created_at = FromSeconds(stmt.Int(6)),
                                                     .version = stmt.Int(7)});
    }
  }
  std::vector<WebhookEndpoint> out;
  for (auto& [key, endpoint] : rows) {
    auto names = conn().Prepare(kSelectNames);
    names.Bind(1, key);
    while (names.Step()) {
      if (std::string name = names.Text(0); name != "*") endpoint.events.push_back(name);
    }
    out.push_back(std::move(endpoint));
  }
  return out;
}

std::vector<WebhookEndpoint> SqlTransaction::ListWebhooks() {
  return ReadWebhooks(kListWebhooks, std::nullopt);
}

std::optional<WebhookEndpoint> SqlTransaction::FindWebhook(const WebhookId& id) {
  auto found = ReadWebhooks(kFindWebhook, id.value());
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<WebhookEndpoint> SqlTransaction::FindPartnerCenterWebhook() {
  auto found = ReadWebhooks(kFindPartnerCenter, std::nullopt);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<std::string> SqlTransaction::FindWebhookSecret(const WebhookId& id) {
  auto stmt = conn().Prepare(kSelectSecret);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  return stmt.Text(0);
}

Status SqlTransaction::InsertWebhook(const WebhookEndpoint& endpoint, const std::string& secret) {
  auto stmt = conn().Prepare(kInsertWebhook);
  stmt.Bind(1, endpoint.id.value()).Bind(2, endpoint.url).Bind(3, endpoint.description);
  stmt.Bind(4, secret).Bind(5, endpoint.paused);
  if (endpoint.partner_center) {
    stmt.Bind(6, std::int64_t{1});
  } else {
    stmt.BindNull(6);
  }
  stmt.Bind(7, Seconds(endpoint.created_at));
  if (!stmt.Step()) {
    return Error(ErrorCode::kAlreadyExists,
                 endpoint.partner_center
                     ? std::string("a Partner Center webhook registration exists already")
                     : fmt::format("webhook {} exists already", ToString(endpoint.id)));
  }
  const std::int64_t key = stmt.Int(0);
  InsertNames(conn(), key, endpoint.events);
  return OkStatus();
}

Result<std::int64_t> SqlTransaction::UpdateWebhook(const WebhookEndpoint& endpoint,
                                                   std::int64_t expected_version) {
  auto find = conn().Prepare(kWebhookKey);
  find.Bind(1, endpoint.id.value());
  if (!find.Step()) {
    return Error(ErrorCode::kNotFound, fmt::format("no webhook {}", ToString(endpoint.id)));
  }
  const std::int64_t key = find.Int(0);
  const std::int64_t current = find.Int(1);
  auto update = conn().Prepare(kUpdateWebhook);
  update.Bind(1, key).Bind(2, endpoint.url).Bind(3, endpoint.description);
  update.Bind(4, endpoint.paused).Bind(5, expected_version);
  update.Execute();
  if (conn().Changes() != 1) {
    return Error(ErrorCode::kEtagMismatch,
                 fmt::format("webhook {} has changed: version {} is stale (now {})",
                             ToString(endpoint.id), expected_version, current),
                 {{"currentEtag", std::to_string(current)}});
  }
  auto clear = conn().Prepare(kDeleteNames);
  clear.Bind(1, key);
  clear.Execute();
  InsertNames(conn(), key, endpoint.events);
  return expected_version + 1;
}

Status SqlTransaction::SetWebhookSecret(const WebhookId& id, const std::string& secret) {
  auto stmt = conn().Prepare(kSetSecret);
  stmt.Bind(1, id.value()).Bind(2, secret);
  stmt.Execute();
  if (conn().Changes() != 1) {
    return Error(ErrorCode::kNotFound, fmt::format("no webhook {}", ToString(id)));
  }
  return OkStatus();
}

bool SqlTransaction::DeleteWebhook(const WebhookId& id) {
  std::int64_t key = 0;
  {
    auto find = conn().Prepare(kWebhookKey);
    find.Bind(1, id.value());
    if (!find.Step()) return false;
    key = find.Int(0);
  }  // the lookup is reset before its row is deleted
  for (const char* sql : {kDeleteAttempts, kDeleteDeliveries, kDeleteNames, kDeleteWebhook}) {
    auto stmt = conn().Prepare(sql);
    stmt.Bind(1, key);
    stmt.Execute();
  }
  return true;
}

}  // namespace seatshift::store::sql
