#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace seatshift {

//! An ISO 4217 code, three upper-case letters.
class Currency {
 public:
  static std::optional<Currency> Parse(std::string_view code);
  const std::string& code() const { return code_; }
  auto operator<=>(const Currency&) const = default;

 private:
  explicit Currency(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

//! An amount in integer minor units (cents) of one currency. Never a floating-point value.
struct Money {
  std::int64_t minor_units = 0;
  std::string currency;
  auto operator<=>(const Money&) const = default;
};

//! How many decimals a minor unit of `currency` has (ISO 4217): 2 for most, 0 for JPY, KRW and
//! others without subunits, 3 for BHD, JOD, KWD, OMR and TND.
int MinorUnitDigits(std::string_view currency);

//! unit price × quantity; nullopt on overflow (prices and seat counts come from outside).
std::optional<std::int64_t> MultiplyMinorUnits(std::int64_t unit_price, std::int64_t quantity);

}  // namespace seatshift
