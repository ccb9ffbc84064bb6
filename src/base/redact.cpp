#include "base/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

// Written by hand: libpq's PQconninfoParse reads these strings but lives in the PostgreSQL
// backend, and a location is printed (and must be redacted) before it is known to be one —
// a mistyped connection string ends up as an SQLite file name in an error message.

namespace seatshift {
namespace {

constexpr std::string_view kMask = "***";

bool IsSecretKey(std::string_view key) {
  static constexpr std::array<std::string_view, 2> kSecrets{"password", "sslpassword"};
  return std::any_of(kSecrets.begin(), kSecrets.end(), [&](std::string_view secret) {
    return key.size() == secret.size() &&
           std::equal(key.begin(), key.end(), secret.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
}

std::optional<int> PercentDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

//! A URI component with its %XX escapes decoded (a malformed escape is kept as written).
std::string PercentDecoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const auto high = PercentDigit(text[i + 1]);
      const auto low = PercentDigit(text[i + 2]);
      if (high && low) {
        out += static_cast<char>(*high * 16 + *low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

//! postgresql://user:password@host/db?key=value&...: the password of the user information and
//! the values of secret query parameters masked.
std::string RedactedUri(std::string_view uri) {
  const std::size_t start = uri.find("://") + 3;
  const std::size_t query = uri.find('?', start);
  // The user information ends at the last '@' before the query (libpq stops at the first '/',
  // but a password may hold one unencoded: it is masked all the same); the password starts at
  // its first ':'.
  const std::string_view before_query = uri.substr(start, query - start);
  const std::size_t at = before_query.rfind('@');
  const std::size_t colon =
      at == std::string_view::npos ? std::string_view::npos : before_query.substr(0, at).find(':');
  std::string out(uri.substr(0, start));
  std::size_t authority_end = start;
  if (colon != std::string_view::npos) {
    out += before_query.substr(0, colon + 1);
    out += kMask;
    authority_end = start + at;
  }
  if (query == std::string_view::npos) {
    out += uri.substr(authority_end);
    return out;
  }
  out += uri.substr(authority_end, query + 1 - authority_end);
  std::string_view rest = uri.substr(query + 1);
  while (true) {
    const std::size_t amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && IsSecretKey(PercentDecoded(param.substr(0, eq)))) {
      out += param.substr(0, eq + 1);
      out += kMask;
    } else {
      out += param;
    }
    if (amp == std::string_view::npos) break;
    out += '&';
    rest = rest.substr(amp + 1);
  }
  return out;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

//! host=db password='s3 cr\'et' ...: libpq's key/value form, where a value is a word or a
//! single-quoted string with backslash escapes. Each secret key's value is masked wherever the
//! key starts a word, so that text which is not a valid connection string is redacted too.
std::string RedactedKeyValues(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool word_start = i == 0 || IsSpace(text[i - 1]);
    if (!word_start || IsSpace(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t key_end = i;
    while (key_end < text.size() && !IsSpace(text[key_end]) && text[key_end] != '=') ++key_end;
    std::size_t eq = key_end;
    while (eq < text.size() && IsSpace(text[eq])) ++eq;
    if (eq >= text.size() || text[eq] != '=' || !IsSecretKey(text.substr(i, key_end - i))) {
      out += text.substr(i, key_end - i);
      i = key_end;
      continue;
    }
    std::size_t value = eq + 1;
    while (value < text.size() && IsSpace(text[value])) ++value;
    out += text.substr(i, value - i);
    out += kMask;
    if (value < text.size() && text[value] == '\'') {
      std::size_t end = value + 1;
      while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? 2 : 1;
      i = std::min(end + 1, text.size());
    } else {
      while (value < text.size() && !IsSpace(text[value])) ++value;
      i = value;
    }
  }
  return out;
}

}  // namespace

std::string RedactedLocation(std::string_view location) {
  if (location.find("://") != std::string_view::npos) return RedactedUri(location);
  return RedactedKeyValues(location);
}

}  // namespace seatshift
