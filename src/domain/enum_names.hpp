#pragma once

// The names enums are written as (in the API, the database and files), one table per enum.

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace seatshift {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

//! The name of `value` in `names`; "unknown" for a value the table lacks.
template <typename Enum, std::size_t N>
constexpr std::string_view NameOf(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return "unknown";
}

//! The value named `text` in `names` (exactly, case included), or nullopt.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ValueNamed(const EnumNames<Enum, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace seatshift
