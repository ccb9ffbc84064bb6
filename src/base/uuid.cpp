#include "base/uuid.hpp"

namespace seatshift {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsDashPosition(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

std::optional<Uuid> Uuid::Parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::array<std::uint8_t, 16> bytes{};
  std::size_t nibble = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsDashPosition(i)) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    const int v = HexValue(text[i]);
    if (v < 0) return std::nullopt;
    bytes[nibble / 2] =
        static_cast<std::uint8_t>(bytes[nibble / 2] | (nibble % 2 == 0 ? v << 4 : v));
    ++nibble;
  }
  return Uuid(bytes);
}

Uuid Uuid::V7(std::uint64_t unix_millis, std::uint64_t random_hi, std::uint64_t random_lo) {
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(unix_millis >> (8 * (5 - i)));
  // Version nibble, 12 bits of random_hi, variant bits, then 62 bits of random_lo.
  b[6] = static_cast<std::uint8_t>(0x70 | ((random_hi >> 8) & 0x0f));
  b[7] = static_cast<std::uint8_t>(random_hi);
  b[8] = static_cast<std::uint8_t>(0x80 | ((random_lo >> 56) & 0x3f));
  for (int i = 9; i < 16; ++i) b[i] = static_cast<std::uint8_t>(random_lo >> (8 * (15 - i)));
  return Uuid(b);
}

std::string Uuid::ToString() const {
  // Written in place: every audit record and API answer names ids, and appending a character
  // at a time cost ten times as much.
  std::string out(36, '-');
  std::size_t at = 0;
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // past the '-'
    out[at++] = kHex[bytes_[i] >> 4];
    out[at++] = kHex[bytes_[i] & 0x0f];
  }
  return out;
}

}  // namespace seatshift
