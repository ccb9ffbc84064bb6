#pragma once

#include <string>
#include <string_view>

namespace seatshift::service {

//! Initialises libsodium once. Throws when the process has no source of randomness: no secret
//! can be made safely then.
void EnsureSodium();

//! `prefix` followed by 43 base64url characters (32 random bytes, no padding): bearer tokens
//! ("sst_") and session cookies ("sss_").
std::string NewSecretToken(std::string_view prefix);

//! Whether `token` has the shape NewSecretToken(prefix) gives; checked before hashing or any
//! lookup.
bool IsWellFormedSecretToken(std::string_view token, std::string_view prefix);

//! What the store keeps of a secret token: the hex BLAKE2b-256 digest of its characters.
std::string HashSecretToken(std::string_view token);

}  // namespace seatshift::service
