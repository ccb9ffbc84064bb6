#pragma once

#include <functional>
#include <optional>

#include "domain/lifecycle.hpp"
#include "service/request_context.hpp"
#include "service/sku_cache.hpp"

namespace seatshift::service {

//! What applying the due steps of one subscription produced, before anything is written.
struct Advanced {
  Subscription subscription;
  std::vector<Charge> charges;
  std::vector<AuditRecord> audit;  //!< one per transition, actor `system`, at its instant
  bool deprovisioned = false;
};
//! Applies every step of `sub` due at or before `until`, in memory.
Advanced Advance(Subscription sub, const Sku& sku, const Buyer& buyer, Instant until,
                 LifecycleTally& tally);

//! Inside another write (a partner's change): applies every lifecycle step of
//! `candidate` due at or before `until` — writing the subscription, its charges, an audit
//! record per transition (actor `system`, at the transition's own instant) and, when it is
//! deprovisioned, removing the licenses its seats carried. Returns the subscription as stored.
//! With nothing due it writes nothing, unless `claimed_as_due` (the store's due index said
//! otherwise, e.g. for a row from an older schema): the row is then rewritten to fix it.
Result<Subscription> CatchUp(store::WriteTransaction& tx, SkuCache& skus,
                             store::LifecycleCandidate candidate, Instant until,
                             LifecycleTally& tally, bool claimed_as_due = false);

//! Writes the charges a partner's change owes (proration), if any.
void RecordCharge(store::WriteTransaction& tx, const Result<std::optional<Charge>>& owed);

//! The engine: applies every due transition and charge of every subscription. Safe to run from
//! several threads or processes at once (each batch claims its rows in a write transaction),
//! idempotent, and it catches up: after downtime every subscription goes through each step it
//! missed, in order, at the instant it was due.
class LifecycleService {
 public:
  //! Subscriptions brought up to date per write transaction (bounds how long others wait).
  static constexpr int kBatch = 500;
  //! Told the running tally after each batch; returning false stops the run there (the rest
  //! stays due for the next run).
  using Progress = std::function<bool(const LifecycleTally&)>;

  explicit LifecycleService(Dependencies deps) : deps_(deps) {}

  //! Runs everything due at or before `until` (now when unset; later than now is refused:
  //! advance the clock instead).
  Result<LifecycleTally> Run(const RequestContext& ctx, std::optional<Instant> until = std::nullopt,
                             const Progress& progress = {});

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
