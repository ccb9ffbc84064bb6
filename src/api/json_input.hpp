#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace seatshift::api {

//! Parses a request body that must be one JSON object (codec::ReadJson, source "body"). Refuses
//! malformed JSON and names that differ only in case (both with line and column), other types,
//! and nesting deeper than the API ever needs (so no body can exhaust the stack).
Result<boost::json::object> ParseObject(std::string_view body);

//! Reads the fields of one JSON object strictly: each getter checks the type and range and
//! names the field's path in its error; Finish() refuses any field nobody asked for, so a typo
//! in a field name is an error rather than silently ignored. Names match without regard to
//! ASCII case ("Quantity" is "quantity"), as Partner Center's own parser does; the object must
//! come from ParseObject, which refuses two names that differ only in case.
class ObjectReader {
 public:
  ObjectReader(const boost::json::object& object, std::string path = "")
      : object_(object), path_(std::move(path)) {}

  Result<std::string> String(std::string_view key, std::size_t max_length = 1024);
  Result<std::optional<std::string>> OptionalString(std::string_view key,
                                                    std::size_t max_length = 1024);
  Result<std::optional<std::int64_t>> OptionalInteger(std::string_view key, std::int64_t min,
                                                      std::int64_t max);
  Result<std::int64_t> Integer(std::string_view key, std::int64_t min, std::int64_t max);
  Result<std::optional<bool>> OptionalBool(std::string_view key);
  //! A nested object, required.
  Result<const boost::json::object*> Object(std::string_view key);
  //! A field that may be absent (nullopt), null (a null pointer: the client clears it) or an
  //! object.
  Result<std::optional<const boost::json::object*>> OptionalNullableObject(std::string_view key);
  //! An array (empty when absent); nullptr never returned on success.
  Result<const boost::json::array*> OptionalArray(std::string_view key, std::size_t max_items);
  //! Partner Center's `attributes` object, optional: its `objectType`, when given, must be
  //! `object_type` (any casing); its `etag`, when given, is returned (the version the client
  //! read, for the caller to take as If-Match). Nothing else may be in it.
  Result<std::optional<std::string>> Attributes(std::string_view object_type);
  //! A field that seatshift knows only one value of (e.g. a user's `userDomainType`, always
  //! "none"): absent, null or that value (any casing); anything else is refused, naming it.
  Status OnlyValue(std::string_view key, std::string_view only);
  //! A field whose type the caller checks (one of several shapes); nullptr when absent or null.
  const boost::json::value* Value(std::string_view key) { return Find(key); }
  Status Finish() const;

  //! The path of `key` within the body, e.g. "lineItems[2].quantity".
  std::string PathOf(std::string_view key) const;
  Error Bad(std::string_view key, std::string_view why) const;

 private:
  const boost::json::value* Find(std::string_view key);

  const boost::json::object& object_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
};

//! Strings of an array, each checked like ObjectReader::String.
Result<std::vector<std::string>> StringArray(const boost::json::array& array,
                                             const std::string& path, std::size_t max_length);

}  // namespace seatshift::api
