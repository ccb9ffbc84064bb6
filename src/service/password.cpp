#include "service/password.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "base/utf8.hpp"
#include "service/secret_token.hpp"

namespace seatshift::service {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

Status CheckPasswordPolicy(std::string_view password) {
  const auto bad = [](std::string why) {
    return Error(ErrorCode::kBadRequest, "password: " + why, {{"field", std::string("password")}});
  };
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return bad(
        fmt::format("must be {} to {} characters long", kMinPasswordLength, kMaxPasswordLength));
  }
  std::string checked(password);
  if (RepairUtf8(checked)) return bad("must be UTF-8");
  if (std::any_of(password.begin(), password.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return bad("must not contain control characters");
  }
  return OkStatus();
}

std::string HashPassword(std::string_view password) {
  EnsureSodium();
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    throw std::runtime_error("not enough memory to hash a password");
  }
  return std::string(hash.data());
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  EnsureSodium();
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void SpendVerificationTime(std::string_view password) {
  // A hash made once per process with the same limits as every stored one.
  static const std::string dummy = HashPassword("seatshift-timing-equaliser");
  VerifyPassword(dummy, password);
}

}  // namespace seatshift::service
