#pragma once

// The audit log, written in the transaction of the change it records.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/audit.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

struct AuditFilter {
  std::optional<CustomerId> customer_id;
  std::string resource_id;
  std::optional<Instant> from;
  std::optional<Instant> to;
  bool newest_first = false;  //!< the page order: by id descending instead of ascending
};

//! Reads, in any transaction.
class AuditReads {
 public:
  virtual ~AuditReads() = default;

  virtual Result<Page<AuditRecord>> ListAudit(const AuditFilter& filter,
                                              const PageRequest& page) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class AuditWrites {
 public:
  virtual ~AuditWrites() = default;

  virtual void AppendAudit(const AuditRecord& record) = 0;
  //! Appends the records in order, as one write where the backend can.
  virtual void AppendAudit(const std::vector<AuditRecord>& records) = 0;
};

}  // namespace seatshift::store
