#include "domain/money.hpp"

#include <algorithm>
#include <array>

namespace seatshift {

std::optional<Currency> Currency::Parse(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  return Currency(std::string(code));
}

int MinorUnitDigits(std::string_view currency) {
  static constexpr std::array<std::string_view, 17> kNone{"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                          "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                          "VND", "VUV", "XAF", "XOF", "XPF"};
  static constexpr std::array<std::string_view, 7> kThree{"BHD", "IQD", "JOD", "KWD",
                                                          "LYD", "OMR", "TND"};
  if (std::find(kNone.begin(), kNone.end(), currency) != kNone.end()) return 0;
  if (std::find(kThree.begin(), kThree.end(), currency) != kThree.end()) return 3;
  return 2;
}

std::optional<std::int64_t> MultiplyMinorUnits(std::int64_t unit_price, std::int64_t quantity) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(unit_price, quantity, &out)) return std::nullopt;
  return out;
}

}  // namespace seatshift
