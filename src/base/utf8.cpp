#include "base/utf8.hpp"

namespace seatshift {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Length of the well-formed UTF-8 sequence starting at `pos`, or 0 if there is none; then
// `invalid_length` is the length of the maximal subpart to replace (at least 1).
std::size_t SequenceLength(std::string_view text, std::size_t pos, std::size_t& invalid_length) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  std::size_t continuations = 0;
  // The range of the first continuation byte excludes overlongs, surrogates and > U+10FFFF.
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    invalid_length = 1;
    return 0;
  }
  std::size_t n = 1;
  for (; n <= continuations && pos + n < text.size(); ++n) {
    const unsigned char c = byte(pos + n);
    if (c < low || c > high) break;
    low = 0x80;
    high = 0xBF;
  }
  if (n == continuations + 1) return n;
  invalid_length = n;
  return 0;
}

}  // namespace

bool RepairUtf8(std::string& text) {
  std::size_t pos = 0;
  std::size_t invalid_length = 0;
  while (pos < text.size()) {
    const std::size_t n = SequenceLength(text, pos, invalid_length);
    if (n == 0) break;
    pos += n;
  }
  if (pos == text.size()) return false;

  std::string repaired(text, 0, pos);
  while (pos < text.size()) {
    const std::size_t n = SequenceLength(text, pos, invalid_length);
    if (n == 0) {
      repaired += kReplacementCharacter;
      pos += invalid_length;
    } else {
      repaired.append(text, pos, n);
      pos += n;
    }
  }
  text = std::move(repaired);
  return true;
}

}  // namespace seatshift
