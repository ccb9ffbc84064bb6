#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace seatshift {

//! A 128-bit identifier in its canonical text form "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
class Uuid {
 public:
  Uuid() = default;
  explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  //! Accepts the canonical 36-character form in either case; nothing else.
  static std::optional<Uuid> Parse(std::string_view text);

  //! A version-7 UUID: 48 bits of Unix milliseconds, then random bits. Ids minted in time order
  //! sort in time order, so inserting them appends to a B-tree instead of scattering writes.
  static Uuid V7(std::uint64_t unix_millis, std::uint64_t random_hi, std::uint64_t random_lo);

  std::string ToString() const;  //!< lower-case canonical form
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  bool IsNil() const { return *this == Uuid{}; }

  auto operator<=>(const Uuid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace seatshift
