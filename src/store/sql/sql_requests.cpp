// Idempotency keys (MS-RequestId) of create requests.
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"

namespace seatshift::store::sql {
namespace {

// Storage format: one row per (agent_id, request_id); response_status 0 and an empty body
// until the response is recorded; created_at is Unix seconds.
constexpr const char* kInsertRequest =
    "INSERT INTO request_keys (agent_id, request_id, operation, resource_id, response_status, "
    "response_body, created_at, target) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kFindRequest =
    "SELECT agent_id, request_id, operation, resource_id, response_status, response_body, "
    "created_at, target FROM request_keys WHERE agent_id = ?1 AND request_id = ?2";
constexpr const char* kSetRequestResponse =
    "UPDATE request_keys SET response_status = ?3, response_body = ?4 "
    "WHERE agent_id = ?1 AND request_id = ?2";

}  // namespace

std::optional<RequestRecord> SqlTransaction::FindRequest(const std::string& agent_id,
                                                         const std::string& request_id) {
  auto stmt = conn().Prepare(kFindRequest);
  stmt.Bind(1, agent_id).Bind(2, request_id);
  if (!stmt.Step()) return std::nullopt;
  return ReadRequest(stmt);
}

Status SqlTransaction::InsertRequest(const RequestRecord& record) {
  auto stmt = conn().Prepare(kInsertRequest);
  stmt.Bind(1, record.agent_id).Bind(2, record.request_id).Bind(3, record.operation);
  stmt.Bind(4, record.resource_id).Bind(5, record.response_status).Bind(6, record.response_body);
  stmt.Bind(7, Seconds(record.created_at)).Bind(8, record.target);
  stmt.Execute();
  if (conn().Changes() == 0) {
    return Error(ErrorCode::kAlreadyExists,
                 fmt::format("request id '{}' was already used", record.request_id),
                 {{"requestId", record.request_id}});
  }
  return OkStatus();
}

void SqlTransaction::SetRequestResponse(const std::string& agent_id, const std::string& request_id,
                                        int status, const std::string& body) {
  auto stmt = conn().Prepare(kSetRequestResponse);
  stmt.Bind(1, agent_id).Bind(2, request_id).Bind(3, status).Bind(4, body);
  stmt.Execute();
  // The key is recorded by InsertRequest in the same flow; a missing key is a caller's bug,
  // and silently dropping the response would break the retry guarantee.
  if (conn().Changes() == 0) {
    throw StorageError(fmt::format("request key '{}' of {} is not recorded", request_id, agent_id));
  }
}

}  // namespace seatshift::store::sql
