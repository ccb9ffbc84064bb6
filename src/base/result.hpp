#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.hpp"

namespace seatshift {

//! The value of an operation that can fail in an expected way, or the Error saying why.
//! A small stand-in for C++23 std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Error& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};

//! Success without a value, or an Error.
using Status = Result<Ok>;

inline Status OkStatus() { return Ok{}; }

}  // namespace seatshift

//! Evaluates an expression yielding Result/Status; returns its error from the caller on failure.
#define SEATSHIFT_TRY(expr)                            \
  do {                                                 \
    auto seatshift_try_result_ = (expr);               \
    if (!seatshift_try_result_.ok()) {                 \
      return std::move(seatshift_try_result_).error(); \
    }                                                  \
  } while (false)

#define SEATSHIFT_CONCAT_INNER(a, b) a##b
#define SEATSHIFT_CONCAT(a, b) SEATSHIFT_CONCAT_INNER(a, b)

//! `SEATSHIFT_ASSIGN_OR_RETURN(auto x, Compute());` binds the value or returns the error.
#define SEATSHIFT_ASSIGN_OR_RETURN(decl, expr)                               \
  auto SEATSHIFT_CONCAT(seatshift_result_, __LINE__) = (expr);               \
  if (!SEATSHIFT_CONCAT(seatshift_result_, __LINE__).ok()) {                 \
    return std::move(SEATSHIFT_CONCAT(seatshift_result_, __LINE__)).error(); \
  }                                                                          \
  decl = std::move(SEATSHIFT_CONCAT(seatshift_result_, __LINE__)).value()
