#include "api/json_input.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <set>
#include <vector>

#include "codec/json_reader.hpp"

namespace seatshift::api {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxDepth = 16;

//! Property names match without regard to ASCII case, as Partner Center matches them: its .NET
//! SDK sends "Quantity" where the reference's samples say "quantity".
bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && codec::FoldAsciiCase(a) == codec::FoldAsciiCase(b);
}

}  // namespace

Result<json::object> ParseObject(std::string_view body) {
  // Names that differ only in case are refused: they would be the same field to ObjectReader.
  SEATSHIFT_ASSIGN_OR_RETURN(
      json::value value,
      codec::ReadJson(body, {.source = "body",
                             .max_depth = kMaxDepth,
                             .duplicate_keys = codec::DuplicateKeys::kRefusedIgnoringCase}));
  if (!value.is_object()) return Error(ErrorCode::kBadRequest, "the body must be a JSON object");
  return std::move(value.as_object());
}

std::string ObjectReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

Error ObjectReader::Bad(std::string_view key, std::string_view why) const {
  const std::string path = PathOf(key);
  return Error(ErrorCode::kBadRequest, fmt::format("{}: {}", path, why), {{"field", path}});
}

const json::value* ObjectReader::Find(std::string_view key) {
  read_.emplace(codec::FoldAsciiCase(key));
  // ParseObject refused names that differ only in case, so at most one matches.
  for (const auto& [name, value] : object_) {
    if (SameName(name, key)) return value.is_null() ? nullptr : &value;
  }
  return nullptr;
}

Result<std::string> ObjectReader::String(std::string_view key, std::size_t max_length) {
  SEATSHIFT_ASSIGN_OR_RETURN(auto value, OptionalString(key, max_length));
  if (!value) return Bad(key, "is required");
  return std::move(*value);
}

Result<std::optional<std::string>> ObjectReader::OptionalString(std::string_view key,
                                                                std::size_t max_length) {
  const json::value* v = Find(key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return Bad(key, "must be a string");
  if (v->get_string().size() > max_length) {
    return Bad(key, fmt::format("must be at most {} bytes", max_length));
  }
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::optional<std::int64_t>> ObjectReader::OptionalInteger(std::string_view key,
                                                                  std::int64_t min,
                                                                  std::int64_t max) {
  const json::value* v = Find(key);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() || v->is_double()) {
    return Bad(key, fmt::format("must be an integer from {} to {}", min, max));
  } else {
    return Bad(key, "must be an integer");
  }
  if (n < min || n > max) return Bad(key, fmt::format("must be from {} to {}", min, max));
  return std::optional<std::int64_t>(n);
}

Result<std::int64_t> ObjectReader::Integer(std::string_view key, std::int64_t min,
                                           std::int64_t max) {
  SEATSHIFT_ASSIGN_OR_RETURN(auto value, OptionalInteger(key, min, max));
  if (!value) return Bad(key, "is required");
  return *value;
}

Result<std::optional<bool>> ObjectReader::OptionalBool(std::string_view key) {
  const json::value* v = Find(key);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return Bad(key, "must be true or false");
  return std::optional<bool>(v->get_bool());
}

Result<const json::object*> ObjectReader::Object(std::string_view key) {
  const json::value* v = Find(key);
  if (!v) return Bad(key, "is required");
  if (!v->is_object()) return Bad(key, "must be an object");
  return &v->get_object();
}

Result<std::optional<const json::object*>> ObjectReader::OptionalNullableObject(
    std::string_view key) {
  const json::value* v = Find(key);
  if (!v) {
    const bool present = std::any_of(object_.begin(), object_.end(),
                                     [&](const auto& field) { return SameName(field.key(), key); });
    if (!present) return std::optional<const json::object*>();
    return std::optional<const json::object*>(nullptr);
  }
  if (!v->is_object()) return Bad(key, "must be an object or null");
  return std::optional<const json::object*>(&v->get_object());
}

Result<const json::array*> ObjectReader::OptionalArray(std::string_view key,
                                                       std::size_t max_items) {
  static const json::array kEmpty;
  const json::value* v = Find(key);
  if (!v) return &kEmpty;
  if (!v->is_array()) return Bad(key, "must be an array");
  if (v->get_array().size() > max_items) {
    return Bad(key, fmt::format("holds at most {} items", max_items));
  }
  return &v->get_array();
}

Result<std::optional<std::string>> ObjectReader::Attributes(std::string_view object_type) {
  const json::value* v = Find("attributes");
  if (!v) return std::optional<std::string>();
  if (!v->is_object()) return Bad("attributes", "must be an object");
  ObjectReader attributes(v->get_object(), PathOf("attributes"));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto type, attributes.OptionalString("objectType", 64));
  SEATSHIFT_ASSIGN_OR_RETURN(auto etag, attributes.OptionalString("etag", 32));
  SEATSHIFT_TRY(attributes.Finish());
  if (type && !SameName(*type, object_type)) {
    return attributes.Bad("objectType", fmt::format("must be {}", object_type));
  }
  return etag;
}

Status ObjectReader::OnlyValue(std::string_view key, std::string_view only) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto value, OptionalString(key, 64));
  if (value && !SameName(*value, only)) {
    return Bad(key, fmt::format("must be {} (the only value seatshift knows)", only));
  }
  return OkStatus();
}

Status ObjectReader::Finish() const {
  for (const auto& [key, value] : object_) {
    if (!read_.contains(codec::FoldAsciiCase(key))) {
      return Error(ErrorCode::kBadRequest, fmt::format("unknown field '{}'", PathOf(key)),
                   {{"field", PathOf(key)}});
    }
  }
  return OkStatus();
}

Result<std::vector<std::string>> StringArray(const json::array& array, const std::string& path,
                                             std::size_t max_length) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string() || array[i].get_string().size() > max_length) {
      const std::string where = fmt::format("{}[{}]", path, i);
      return Error(ErrorCode::kBadRequest, fmt::format("{}: must be a string", where),
                   {{"field", where}});
    }
    out.emplace_back(array[i].get_string());
  }
  return out;
}

}  // namespace seatshift::api
