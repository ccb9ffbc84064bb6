#pragma once

// Fixed dates for tests, written as people read them. A typo fails the test that used it.

#include <gtest/gtest.h>

#include "base/time.hpp"

namespace seatshift::testing {

inline Date D(const char* text) {
  const auto day = ParseDate(text);
  EXPECT_TRUE(day.has_value()) << text;
  return day.value_or(Date{});
}

inline Instant At(const char* text) {
  const auto when = ParseInstant(text);
  EXPECT_TRUE(when.has_value()) << text;
  return when.value_or(Instant{});
}

}  // namespace seatshift::testing
