#pragma once

// How seatshift's values are stored, whatever the backend: the rules both SQL dialects share
// (instants as Unix seconds, dates as ISO text, excluded plans and suspension reasons joined
// into one text, keyset page tokens, the lifecycle engine's due instant, decoding that reports
// corruption instead of inventing values).

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lifecycle.hpp"
#include "store/store.hpp"

namespace seatshift::store {

//! Unix seconds, the storage format of instants.
inline std::int64_t Seconds(Instant when) { return when.time_since_epoch().count(); }
inline Instant FromSeconds(std::int64_t seconds) { return Instant(std::chrono::seconds(seconds)); }
inline std::optional<std::int64_t> OptionalSeconds(const std::optional<Instant>& when) {
  return when ? std::optional<std::int64_t>(Seconds(*when)) : std::nullopt;
}
//! Dates as ISO 'YYYY-MM-DD' text (they sort correctly as text).
inline std::optional<std::string> DateText(const std::optional<Date>& day) {
  return day ? std::optional<std::string>(FormatDate(*day)) : std::nullopt;
}

//! The lifecycle engine's index of a subscription: NextDueAt(sub) in Unix seconds, nullopt when
//! nothing is due. Every backend stores it with every write of the row (its `due_at` column)
//! and ClaimDue/CountDue select on it alone.
inline std::optional<std::int64_t> DueSeconds(const Subscription& sub) {
  return OptionalSeconds(NextDueAt(sub));
}

//! A message's parameters (a migration warning's, a recommendation's, an error's values) in one
//! text: each parameter `key US type US value [US value...]` (type i, s or l: integer, text or
//! list of texts), parameters joined by RS; '%', US and RS inside keys and values are
//! percent-escaped. Empty for none.
std::string EncodeParameters(const Parameters& parameters);
//! nullopt when `text` is not what EncodeParameters writes (Decode reports it as corruption).
std::optional<Parameters> DecodeParameters(std::string_view text);

//! Keyset pagination tokens: the internal key of the last row of a page, in text.
std::string EncodeToken(std::int64_t last_key);

//! The value of a hex digit (either case), -1 for any other character.
inline int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

//! What Statement::ExecuteExpecting throws when `sql` changed `changed` rows, not `expected`:
//! the rows were not as the transaction read them (a bug, never a client's error).
[[noreturn]] void ThrowUnexpectedChanges(std::string_view sql, std::int64_t expected,
                                         std::int64_t changed);
//! The key to continue after: 0 (from the start) when empty, kBadRequest when malformed.
Result<std::int64_t> DecodeToken(const std::string& token);

//! Reads up to `limit` rows of a keyset query (a backend's statement) whose column 0 is the
//! internal key and which was bound to fetch `limit + 1` rows; the extra row only tells that there
//! is a next page.
template <typename T, typename Statement, typename ReadRow>
Page<T> ReadPage(Statement& stmt, int limit, ReadRow read_row) {
  Page<T> page;
  std::int64_t last = 0;
  while (stmt.Step()) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = EncodeToken(last);
      break;
    }
    last = stmt.Int(0);
    page.items.push_back(read_row(stmt));
  }
  return page;
}

//! Whether `page`, read as `request` asked, holds every matching row (the first page, with no
//! other after it): its size is then the total, and the rows need no count.
template <typename T>
bool IsWholeResult(const PageRequest& request, const Page<T>& page) {
  return request.after.empty() && page.next.empty();
}

//! Reports a stored value that does not decode: throws CorruptionError naming `where`
//! ("table.column"), the row's `key` and the value.
[[noreturn]] void Corrupt(std::string_view where, std::string_view key, std::string_view value);

//! Text column `column` of `row` decoded by `parse` (text → std::optional<T>). A value `parse`
//! refuses is corruption, never a default: throws CorruptionError (see Corrupt). `Row` is a
//! backend's statement or result row with Text(column).
template <typename Row, typename Parse, typename Key>
auto Decode(const Row& row, int column, Parse&& parse, std::string_view where, const Key& key) {
  const std::string text = row.Text(column);
  auto value = parse(std::string_view(text));
  if (!value) Corrupt(where, fmt::format("{}", key), text);
  return *std::move(value);
}

//! As Decode for a nullable column: NULL is nullopt, anything else must decode.
template <typename Row, typename Parse, typename Key>
auto DecodeOptional(const Row& row, int column, Parse&& parse, std::string_view where,
                    const Key& key)
    -> std::optional<decltype(Decode(row, column, parse, where, key))> {
  if (row.IsNull(column)) return std::nullopt;
  return Decode(row, column, parse, where, key);
}

//! Excluded plans as stored: comma-separated ids ('' for none).
std::string JoinPlans(const std::vector<ServicePlanId>& plans);
//! Reads JoinPlans' text back; corruption (naming `user`) when an id does not parse.
std::vector<ServicePlanId> SplitPlans(std::string_view text, const UserId& user);
//! Reads JoinPlans' text back; nullopt when an id does not parse (the caller reports corruption).
std::optional<std::vector<ServicePlanId>> ParsePlans(std::string_view text);

//! A term's purchase lots as stored: "quantity@unix seconds" joined by commas ('' for none).
std::string EncodeLots(const std::vector<PurchaseLot>& lots);
//! Reads EncodeLots' text back; nullopt when it does not parse (the caller reports corruption).
std::optional<std::vector<PurchaseLot>> DecodeLots(std::string_view text);

//! Suspension reasons are few short words; stored joined by newlines.
std::string JoinReasons(const std::vector<std::string>& reasons);
std::vector<std::string> SplitReasons(const std::string& text);

}  // namespace seatshift::store
