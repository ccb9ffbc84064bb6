#include "domain/money.hpp"

namespace seatshift {

std::optional<Currency> Currency::Parse(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  return Currency(std::string(code));
}

std::optional<std::int64_t> MultiplyMinorUnits(std::int64_t unit_price, std::int64_t quantity) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(unit_price, quantity, &out)) return std::nullopt;
  return out;
}

}  // namespace seatshift
