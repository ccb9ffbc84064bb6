#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace seatshift::store::sqlite {

//! Reports a stored value that does not decode: throws CorruptionError naming `where`
//! ("table.column"), the row's `key` and the value.
[[noreturn]] void Corrupt(std::string_view where, std::string_view key, std::string_view value);

//! Text column `column` of `row` decoded by `parse` (text → std::optional<T>). A value `parse`
//! refuses is corruption, never a default: throws CorruptionError (see Corrupt).
template <typename Parse, typename Key>
auto Decode(const Statement& row, int column, Parse&& parse, std::string_view where,
            const Key& key) {
  const std::string text = row.Text(column);
  auto value = parse(std::string_view(text));
  if (!value) Corrupt(where, fmt::format("{}", key), text);
  return *std::move(value);
}

//! As Decode for a nullable column: NULL is nullopt, anything else must decode.
template <typename Parse, typename Key>
auto DecodeOptional(const Statement& row, int column, Parse&& parse, std::string_view where,
                    const Key& key)
    -> std::optional<decltype(Decode(row, column, parse, where, key))> {
  if (row.IsNull(column)) return std::nullopt;
  return Decode(row, column, parse, where, key);
}

//! Excluded plans as stored: comma-separated ids ('' for none).
std::string JoinPlans(const std::vector<ServicePlanId>& plans);
//! Reads JoinPlans' text back; corruption (naming `user`) when an id does not parse.
std::vector<ServicePlanId> SplitPlans(std::string_view text, const UserId& user);

}  // namespace seatshift::store::sqlite
