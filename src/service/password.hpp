#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace seatshift::service {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;

//! kBadRequest unless `password` is kMinPasswordLength to kMaxPasswordLength bytes of UTF-8
//! without control characters (it is typed into a form).
Status CheckPasswordPolicy(std::string_view password);

//! libsodium's crypto_pwhash_str (Argon2id, interactive limits): salt and parameters included,
//! so the text alone verifies. Takes about a tenth of a second and 64 MiB on purpose. Throws
//! when the memory cannot be had.
std::string HashPassword(std::string_view password);

//! Whether `password` matches `hash` (a HashPassword result); false for a malformed hash.
bool VerifyPassword(const std::string& hash, std::string_view password);

//! As long as VerifyPassword against a real hash: spent when the email is unknown, so that the
//! answer's timing does not tell which agents exist.
void SpendVerificationTime(std::string_view password);

}  // namespace seatshift::service
