#pragma once

// Idempotency keys (MS-RequestId): a request that carries one is done at most once, and a
// retry gets the first response again. The key is recorded in the transaction that makes the
// request's effect, so that the two commit or roll back together: even a crash between the
// commit and the response cannot make a retry do it twice.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/result.hpp"
#include "service/request_context.hpp"
#include "store/store.hpp"
#include "store/transact.hpp"

namespace seatshift::service {

//! A response as the client got it: a retry with the same key gets it again, byte for byte.
struct RecordedResponse {
  int status = 0;
  std::string body;
};

//! What a use case that takes idempotency keys records them as.
struct IdempotentOperation {
  //! e.g. "order.create": a key recorded for one operation is refused on another.
  std::string name;
  //! Whether the use case makes its whole effect in one write transaction, through
  //! service::Transact: Idempotency::Run then opens that transaction itself, replays or refuses
  //! inside it, and records the key with the response in it. Otherwise (a migration's plan, an
  //! upgrade: their effects span transactions) the use case records the key with its effect
  //! (RecordRequest) and Run records the response once the effect is over, in a write of its own.
  bool one_transaction = true;
};

//! The write transaction in which Idempotency::Run runs an effect (RequestContext::scope), and
//! what the use case records the key as. Lives as long as one run of the effect.
struct IdempotentScope {
  store::WriteTransaction& tx;
  //! The key's record when an earlier request recorded it without a response (it stopped
  //! between its commit and its response); Run checked that it names this operation and target.
  std::optional<RequestRecord> prior;
  //! What the key is recorded as: the operation and what it created (RecordRequest sets them).
  std::string operation;
  std::string resource_id;
};

//! Runs `fn(WriteTransaction&)` as the request's write transaction and returns its Result: in
//! the transaction of Idempotency::Run when the request runs in one (ctx.scope), which Run
//! commits with the key and the response; otherwise in a new one (store::Transact, run again
//! on TransientError), committed when `fn` succeeds. `fn` never commits.
//! REQUIRES: `fn` returns a Result and has no effect outside the transaction.
template <typename Fn>
auto Transact(const Dependencies& deps, const RequestContext& ctx, Fn&& fn)
    -> std::invoke_result_t<Fn&, store::WriteTransaction&> {
  if (ctx.scope) return fn(ctx.scope->tx);
  return store::Transact(deps.store, [&](store::WriteTransaction& tx) {
    auto result = fn(tx);
    if (result.ok()) tx.Commit();
    return result;
  });
}

//! With a key in ctx: the id of what an earlier request with the same key created, or nullopt
//! for a new key. kRequestIdReused when the key was used for another operation or target.
Result<std::optional<std::string>> PriorRequest(store::ReadTransaction& tx,
                                                const RequestContext& ctx,
                                                std::string_view operation);
//! kRequestIdReused unless `prior` was recorded for the same operation and (when both are known)
//! the same request target as ctx's.
Status CheckSameRequest(const RequestRecord& prior, const RequestContext& ctx,
                        std::string_view operation);
//! Records ctx's key (if any) as having created `resource_id`, in the creating transaction, so
//! that the key and the creation commit or roll back together. In Idempotency::Run's
//! transaction, Run records it (with the response) before committing. A key that a concurrent
//! request recorded first throws TransientError: run again, the transaction finds it.
Status RecordRequest(store::WriteTransaction& tx, const RequestContext& ctx,
                     std::string_view operation, const std::string& resource_id, Instant now);

//! Replays and records requests with idempotency keys for an adapter. Thread-safe.
class Idempotency {
 public:
  explicit Idempotency(Dependencies deps) : deps_(deps) {}

  //! The adapter's whole handling of the request, with the context to pass to the use case:
  //! the response to record when it succeeded, nullopt when it failed (nothing is recorded, and
  //! the use case's writes in Run's transaction roll back). It may run more than once (a
  //! transaction run again after a conflict): only its last run's response counts.
  using Effect = std::function<std::optional<RecordedResponse>(const RequestContext& ctx)>;

  //! Runs `effect` for the request of `ctx` at most once per key: without a key, just runs it;
  //! with one, returns the response recorded for it (to send instead), kRequestIdReused when
  //! it names another operation or target, or nullopt once `effect` ran (send its response).
  //! Two concurrent requests with one key never both make the effect: the second finds the
  //! first's record (or clashes with it and runs again, then finds it).
  //! `operation`: what the route's use case records; nullopt for a request that records
  //! nothing, whose key is only checked not to name another request's recorded response.
  //! With `operation->one_transaction`, a request costs one write transaction and no read.
  Result<std::optional<RecordedResponse>> Run(const RequestContext& ctx,
                                              const std::optional<IdempotentOperation>& operation,
                                              const Effect& effect);

 private:
  Result<std::optional<RecordedResponse>> RunInOneTransaction(const RequestContext& ctx,
                                                              const IdempotentOperation& operation,
                                                              const Effect& effect);
  Result<std::optional<RecordedResponse>> RunThenRecord(
      const RequestContext& ctx, const std::optional<IdempotentOperation>& operation,
      const Effect& effect);

  Dependencies deps_;
};

}  // namespace seatshift::service
