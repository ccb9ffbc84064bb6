#pragma once

// A Store that counts the transactions opened through it, for tests of how many a request
// costs. Header-only, like test_env.hpp, so that no test code is linked into the program.

#include <atomic>
#include <memory>

#include "store/store.hpp"

namespace seatshift::testing {

//! Forwards Read() and Write() to `inner`, counting them; the transactions are the inner
//! store's, untouched. Thread-safe as `inner` is.
class CountingStore final : public store::Store {
 public:
  explicit CountingStore(store::Store& inner) : inner_(inner) {}

  std::unique_ptr<store::ReadTransaction> Read() override {
    ++reads_;
    return inner_.Read();
  }
  std::unique_ptr<store::WriteTransaction> Write() override {
    ++writes_;
    return inner_.Write();
  }

  int reads() const { return reads_; }
  int writes() const { return writes_; }
  void Reset() {
    reads_ = 0;
    writes_ = 0;
  }

 private:
  store::Store& inner_;
  std::atomic<int> reads_{0};
  std::atomic<int> writes_{0};
};

}  // namespace seatshift::testing
