#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "store/store.hpp"

namespace seatshift::store {

//! How many times Transact runs a transaction that keeps conflicting before it gives up.
inline constexpr int kTransactAttempts = 8;

//! Runs `fn(WriteTransaction&)` in a new write transaction and returns what it returns; `fn`
//! commits (or not, to roll back). When the backend reports a conflict with concurrent
//! transactions (TransientError: serialization failure, deadlock) the transaction has rolled
//! back, and `fn` runs again in a fresh one, up to `attempts` times in all; the last failure
//! propagates. REQUIRES: `fn` has no effect outside the transaction that a rerun would repeat.
template <typename Fn>
auto Transact(Store& store, Fn&& fn, int attempts = kTransactAttempts)
    -> std::invoke_result_t<Fn&, WriteTransaction&> {
  for (int attempt = 1;; ++attempt) {
    try {
      std::unique_ptr<WriteTransaction> tx = store.Write();
      return fn(*tx);
    } catch (const TransientError&) {
      if (attempt >= attempts) throw;
    }
  }
}

}  // namespace seatshift::store
