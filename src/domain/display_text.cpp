#include "domain/display_text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <utility>

namespace seatshift {
namespace {

//! The code point at the start of `text` and its length in bytes; nullopt for bytes that are
//! not UTF-8 (overlong forms and surrogates included).
std::optional<std::pair<char32_t, std::size_t>> DecodeOne(std::string_view text) {
  const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return std::pair{char32_t(lead), std::size_t{1}};
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::pair{cp, length};
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool IsBidiControl(char32_t cp) {
  return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

Status CheckDisplayText(std::string_view field, std::string_view text, std::size_t max_bytes) {
  const auto bad = [field](std::string why) {
    return Error(ErrorCode::kBadRequest, fmt::format("{}: {}", field, why),
                 {{"field", std::string(field)}});
  };
  if (text.empty() || text.size() > max_bytes) {
    return bad(fmt::format("must be 1 to {} printable characters", max_bytes));
  }
  for (std::size_t at = 0; at < text.size();) {
    const auto decoded = DecodeOne(text.substr(at));
    if (!decoded) return bad("must be UTF-8");
    const auto [cp, length] = *decoded;
    if (IsControl(cp))
      return bad(fmt::format("must not hold control characters (U+{:04X})",
                             static_cast<std::uint32_t>(cp)));
    if (IsBidiControl(cp)) {
      return bad(fmt::format("must not hold bidirectional text controls (U+{:04X})",
                             static_cast<std::uint32_t>(cp)));
    }
    at += length;
  }
  return OkStatus();
}

}  // namespace seatshift
