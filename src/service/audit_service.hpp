#pragma once

#include "service/request_context.hpp"

namespace seatshift::service {

//! Reading the audit log (writing happens in every other service, via RecordAudit).
class AuditService {
 public:
  explicit AuditService(Dependencies deps) : deps_(deps) {}

  Result<store::Page<AuditRecord>> List(const RequestContext& ctx, const store::AuditFilter& filter,
                                        const store::PageRequest& page) {
    SEATSHIFT_TRY(Require(ctx, Permission::kReadAudit));
    return deps_.store.Read()->ListAudit(filter, page);
  }

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
