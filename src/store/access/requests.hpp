#pragma once

// Idempotency keys (MS-RequestId) with what they created and answered.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/agent.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! Reads, in any transaction.
class RequestReads {
 public:
  virtual ~RequestReads() = default;

  virtual std::optional<RequestRecord> FindRequest(const std::string& agent_id,
                                                   const std::string& request_id) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class RequestWrites {
 public:
  virtual ~RequestWrites() = default;

  //! Records an idempotency key with what it created; kAlreadyExists when the key is taken.
  virtual Status InsertRequest(const RequestRecord& record) = 0;
  //! Stores the response sent for a recorded key.
  virtual void SetRequestResponse(const std::string& agent_id, const std::string& request_id,
                                  int status, const std::string& body) = 0;
};

}  // namespace seatshift::store
