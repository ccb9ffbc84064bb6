#include "service/secret_token.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace seatshift::service {
namespace {

constexpr std::size_t kRandomBytes = 32;
constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t kBase64Chars = 43;  // 32 bytes in base64 without padding

bool IsBase64UrlChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

void EnsureSodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string NewSecretToken(std::string_view prefix) {
  EnsureSodium();
  std::array<unsigned char, kRandomBytes> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, sodium_base64_ENCODED_LEN(kRandomBytes, kBase64Variant)> text{};
  sodium_bin2base64(text.data(), text.size(), random.data(), random.size(), kBase64Variant);
  sodium_memzero(random.data(), random.size());
  std::string token = std::string(prefix) + text.data();
  sodium_memzero(text.data(), text.size());
  return token;
}

bool IsWellFormedSecretToken(std::string_view token, std::string_view prefix) {
  if (token.size() != prefix.size() + kBase64Chars) return false;
  if (!token.starts_with(prefix)) return false;
  return std::all_of(token.begin() + static_cast<std::ptrdiff_t>(prefix.size()), token.end(),
                     IsBase64UrlChar);
}

std::string HashSecretToken(std::string_view token) {
  EnsureSodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

}  // namespace seatshift::service
