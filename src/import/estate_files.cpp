#include "import/estate_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>

#include "codec/csv_reader.hpp"
#include "codec/json_reader.hpp"

namespace seatshift::import {
namespace {

using codec::CsvRecord;
using codec::ReadCsv;
using service::Estate;

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

Error BadRequest(std::string message, std::vector<ErrorDetail> details = {}) {
  return Error(ErrorCode::kBadRequest, std::move(message), std::move(details));
}

// Parsers of the enumerated values; each returns nullopt for text it does not accept.
std::optional<Segment> SegmentOf(std::string_view text) { return ParseSegment(LowerAscii(text)); }
std::optional<SubscriptionStatus> StatusOf(std::string_view text) {
  return ParseSubscriptionStatus(LowerAscii(text));
}
std::optional<TermDuration> TermOf(std::string_view text) {
  return ParseTermDuration(UpperAscii(text));
}
std::optional<BillingCycle> CycleOf(std::string_view text) {
  return ParseBillingCycle(LowerAscii(text));
}

constexpr std::string_view kDateForm = "a date (YYYY-MM-DD, or YYYY-MM-DDT00:00:00Z)";

//! The named values of one record, a CSV row or a JSON object. Absent, empty and (in JSON)
//! null values all read as nullopt. Errors name the record and the field.
class Fields {
 public:
  virtual ~Fields() = default;
  //! The record's location: "users.csv:4" or "estate.json:customers[0].users[3]".
  virtual const std::string& where() const = 0;
  virtual Result<std::optional<std::string>> Text(std::string_view name) const = 0;
  virtual Result<std::optional<std::int64_t>> Integer(std::string_view name) const = 0;
  virtual Result<std::optional<bool>> Boolean(std::string_view name) const = 0;
  virtual Result<std::vector<std::string>> TextList(std::string_view name) const = 0;
  virtual Error Bad(std::string_view name, std::string_view reason) const = 0;

  Result<std::string> RequiredText(std::string_view name) const {
    SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> text, Text(name));
    if (!text) return Bad(name, "is required");
    return std::move(*text);
  }

  //! The text field `name` read by `parse` (nullopt: not of the `form` described).
  template <typename T>
  Result<std::optional<T>> Parsed(std::string_view name,
                                  std::optional<T> (*parse)(std::string_view),
                                  std::string_view form) const {
    SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> text, Text(name));
    if (!text) return std::optional<T>();
    std::optional<T> value = parse(*text);
    if (!value) return Bad(name, fmt::format("'{}' is not {}", *text, form));
    return value;
  }

  template <typename T>
  Result<T> RequiredParsed(std::string_view name, std::optional<T> (*parse)(std::string_view),
                           std::string_view form) const {
    SEATSHIFT_ASSIGN_OR_RETURN(std::optional<T> value, Parsed<T>(name, parse, form));
    if (!value) return Bad(name, "is required");
    return *value;
  }
};

// Builders shared by both formats: one record from its fields.

Result<service::EstateCustomer> ReadCustomer(const Fields& f) {
  service::EstateCustomer out{.where = f.where(), .data = {}};
  SEATSHIFT_ASSIGN_OR_RETURN(out.data.company_name, f.RequiredText("companyName"));
  SEATSHIFT_ASSIGN_OR_RETURN(out.data.domain, f.RequiredText("domain"));
  SEATSHIFT_ASSIGN_OR_RETURN(
      out.data.segment, f.RequiredParsed("segment", &SegmentOf,
                                         "one of commercial, education, frontline, government"));
  SEATSHIFT_ASSIGN_OR_RETURN(out.data.country, f.RequiredText("country"));
  SEATSHIFT_ASSIGN_OR_RETURN(out.data.currency, f.RequiredText("currency"));
  return out;
}

Result<service::EstateUser> ReadUser(const Fields& f, std::string customer_domain) {
  service::EstateUser out{
      .where = f.where(), .customer_domain = std::move(customer_domain), .data = {}};
  SEATSHIFT_ASSIGN_OR_RETURN(out.data.user_principal_name, f.RequiredText("userPrincipalName"));
  SEATSHIFT_ASSIGN_OR_RETURN(out.data.display_name, f.RequiredText("displayName"));
  SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> location, f.Text("usageLocation"));
  out.data.usage_location = location.value_or("");
  return out;
}

Result<service::EstateSubscription> ReadSubscription(const Fields& f, std::string customer_domain) {
  service::EstateSubscription out;
  out.where = f.where();
  out.customer_domain = std::move(customer_domain);
  SEATSHIFT_ASSIGN_OR_RETURN(std::string offer, f.RequiredText("offerId"));
  out.offer_id = SkuId(std::move(offer));
  SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> name, f.Text("friendlyName"));
  out.friendly_name = name.value_or("");
  SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::int64_t> quantity, f.Integer("quantity"));
  if (!quantity) return f.Bad("quantity", "is required");
  out.quantity = *quantity;
  SEATSHIFT_ASSIGN_OR_RETURN(
      out.status,
      f.RequiredParsed("status", &StatusOf, "one of active, suspended, expired, disabled"));
  SEATSHIFT_ASSIGN_OR_RETURN(out.term_start,
                             f.RequiredParsed("effectiveStartDate", &ParseDay, kDateForm));
  SEATSHIFT_ASSIGN_OR_RETURN(out.term_end,
                             f.RequiredParsed("commitmentEndDate", &ParseDay, kDateForm));
  SEATSHIFT_ASSIGN_OR_RETURN(std::optional<TermDuration> term,
                             f.Parsed("termDuration", &TermOf, "P1M or P1Y"));
  out.term = term.value_or(TermDuration::kOneYear);
  SEATSHIFT_ASSIGN_OR_RETURN(std::optional<BillingCycle> cycle,
                             f.Parsed("billingCycle", &CycleOf, "monthly or annual"));
  out.billing_cycle = cycle.value_or(BillingCycle::kMonthly);
  SEATSHIFT_ASSIGN_OR_RETURN(std::optional<bool> auto_renew, f.Boolean("autoRenewEnabled"));
  if (!auto_renew) return f.Bad("autoRenewEnabled", "is required");
  out.auto_renew = *auto_renew;
  SEATSHIFT_ASSIGN_OR_RETURN(out.suspended_at, f.Parsed("suspendedAt", &ParseInstant,
                                                        "a date or time (YYYY-MM-DD[THH:MM:SSZ])"));
  return out;
}

Result<service::EstateLicense> ReadLicense(const Fields& f, std::string customer_domain,
                                           std::string user_principal_name) {
  service::EstateLicense out{.where = f.where(),
                             .customer_domain = std::move(customer_domain),
                             .user_principal_name = std::move(user_principal_name),
                             .sku_id = {},
                             .excluded_plans = {}};
  SEATSHIFT_ASSIGN_OR_RETURN(std::string sku, f.RequiredText("skuId"));
  out.sku_id = SkuId(std::move(sku));
  SEATSHIFT_ASSIGN_OR_RETURN(std::vector<std::string> plans, f.TextList("excludedPlans"));
  for (const std::string& plan : plans) {
    const auto id = Uuid::Parse(plan);
    if (!id) return f.Bad("excludedPlans", fmt::format("'{}' is not a GUID", plan));
    out.excluded_plans.emplace_back(*id);
  }
  return out;
}

// ---- CSV

enum class Kind { kCustomers, kUsers, kSubscriptions, kLicenses };

struct ColumnSpec {
  std::string_view name;
  bool required;
};

struct KindSpec {
  Kind kind;
  std::string_view name;
  std::string_view key;  //!< the column that tells this kind apart from the others
  std::span<const ColumnSpec> columns;
};

constexpr ColumnSpec kCustomerColumns[] = {{"companyName", true},
                                           {"domain", true},
                                           {"segment", true},
                                           {"country", true},
                                           {"currency", true}};
constexpr ColumnSpec kUserColumns[] = {{"customerDomain", true},
                                       {"userPrincipalName", true},
                                       {"displayName", true},
                                       {"usageLocation", false}};
constexpr ColumnSpec kSubscriptionColumns[] = {
    {"customerDomain", true},    {"offerId", true},       {"friendlyName", false},
    {"quantity", true},          {"status", true},        {"effectiveStartDate", true},
    {"commitmentEndDate", true}, {"termDuration", false}, {"billingCycle", false},
    {"autoRenewEnabled", true},  {"suspendedAt", false}};
constexpr ColumnSpec kLicenseColumns[] = {{"customerDomain", true},
                                          {"userPrincipalName", true},
                                          {"skuId", true},
                                          {"excludedPlans", false}};

constexpr std::array<KindSpec, 4> kKinds = {{
    {Kind::kCustomers, "customers", "companyName", kCustomerColumns},
    {Kind::kUsers, "users", "displayName", kUserColumns},
    {Kind::kSubscriptions, "subscriptions", "offerId", kSubscriptionColumns},
    {Kind::kLicenses, "licenses", "skuId", kLicenseColumns},
}};

std::string ColumnList(const KindSpec& kind) {
  std::vector<std::string> names;
  for (const ColumnSpec& c : kind.columns) {
    names.push_back(c.required ? std::string(c.name) : fmt::format("[{}]", c.name));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

//! What the header row of an estate CSV file says: its kind, and where each column is.
struct CsvLayout {
  const KindSpec* kind = nullptr;
  std::vector<std::string> header;                //!< as written, trimmed
  std::vector<std::optional<std::size_t>> index;  //!< per kind->columns entry
};

Result<CsvLayout> ReadHeader(const CsvRecord& record, std::string_view source) {
  CsvLayout layout;
  for (const std::string& field : record.fields) layout.header.emplace_back(Trim(field));
  const auto has = [&](std::string_view name) {
    return std::ranges::any_of(
        layout.header, [&](const std::string& h) { return LowerAscii(h) == LowerAscii(name); });
  };
  for (const KindSpec& kind : kKinds) {
    if (has(kind.key)) {
      layout.kind = &kind;
      break;
    }
  }
  if (!layout.kind) {
    std::vector<std::string> kinds;
    for (const KindSpec& kind : kKinds) {
      kinds.push_back(fmt::format("{} ({})", kind.name, ColumnList(kind)));
    }
    return BadRequest(
        fmt::format("{}:{}: the header is not one of an estate file; expected the "
                    "columns of {}",
                    source, record.line, fmt::join(kinds, "; or ")));
  }
  const KindSpec& kind = *layout.kind;
  layout.index.resize(kind.columns.size());
  for (std::size_t i = 0; i < layout.header.size(); ++i) {
    const std::string& name = layout.header[i];
    const auto spec = std::ranges::find_if(
        kind.columns, [&](const ColumnSpec& c) { return LowerAscii(c.name) == LowerAscii(name); });
    if (spec == kind.columns.end()) {
      return BadRequest(fmt::format("{}:{}: unknown column '{}' in a {} file; its columns are {}",
                                    source, record.line, name, kind.name, ColumnList(kind)),
                        {{"column", name}});
    }
    auto& slot = layout.index[static_cast<std::size_t>(spec - kind.columns.begin())];
    if (slot) {
      return BadRequest(fmt::format("{}:{}: column '{}' appears twice", source, record.line, name),
                        {{"column", name}});
    }
    slot = i;
  }
  for (std::size_t c = 0; c < kind.columns.size(); ++c) {
    if (kind.columns[c].required && !layout.index[c]) {
      const std::string name(kind.columns[c].name);
      return BadRequest(fmt::format("{}:{}: missing column '{}' of a {} file", source, record.line,
                                    name, kind.name),
                        {{"column", name}});
    }
  }
  return layout;
}

class CsvFields final : public Fields {
 public:
  CsvFields(const CsvLayout& layout, const CsvRecord& record, std::string_view source)
      : layout_(layout), record_(record), where_(fmt::format("{}:{}", source, record.line)) {}

  const std::string& where() const override { return where_; }

  Result<std::optional<std::string>> Text(std::string_view name) const override {
    for (std::size_t c = 0; c < layout_.kind->columns.size(); ++c) {
      if (layout_.kind->columns[c].name != name || !layout_.index[c]) continue;
      const std::string_view cell = Trim(record_.fields[*layout_.index[c]]);
      if (cell.empty()) break;
      return std::optional<std::string>(cell);
    }
    return std::optional<std::string>();
  }

  Result<std::optional<std::int64_t>> Integer(std::string_view name) const override {
    SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> text, Text(name));
    if (!text) return std::optional<std::int64_t>();
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || ptr != end) {
      return Bad(name, fmt::format("'{}' is not a whole number", *text));
    }
    return std::optional<std::int64_t>(value);
  }

  Result<std::optional<bool>> Boolean(std::string_view name) const override {
    SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> text, Text(name));
    if (!text) return std::optional<bool>();
    const std::string lower = LowerAscii(*text);
    if (lower == "true") return std::optional<bool>(true);
    if (lower == "false") return std::optional<bool>(false);
    return Bad(name, fmt::format("'{}' is not true or false", *text));
  }

  //! The items of a ';'-separated list, trimmed; empty items are skipped.
  Result<std::vector<std::string>> TextList(std::string_view name) const override {
    SEATSHIFT_ASSIGN_OR_RETURN(std::optional<std::string> text, Text(name));
    std::vector<std::string> items;
    const std::string all = text.value_or("");
    std::string_view rest = all;
    while (!rest.empty()) {
      const std::size_t semicolon = rest.find(';');
      if (const auto item = Trim(rest.substr(0, semicolon)); !item.empty())
        items.emplace_back(item);
      if (semicolon == std::string_view::npos) break;
      rest.remove_prefix(semicolon + 1);
    }
    return items;
  }

  Error Bad(std::string_view name, std::string_view reason) const override {
    return BadRequest(fmt::format("{}: {}: {}", where_, name, reason),
                      {{"field", std::string(name)}, {"where", where_}});
  }

 private:
  const CsvLayout& layout_;
  const CsvRecord& record_;
  const std::string where_;
};

Status ReadCsvRecord(const CsvLayout& layout, const CsvRecord& record, std::string_view source,
                     Estate& estate) {
  if (record.fields.size() != layout.header.size()) {
    return BadRequest(fmt::format("{}:{}: {} fields, but the header has {} columns", source,
                                  record.line, record.fields.size(), layout.header.size()));
  }
  // An estate is copied exactly: a name repaired from broken UTF-8 would silently differ.
  if (!record.repaired_fields.empty()) {
    return BadRequest(fmt::format("{}:{}: {}: is not valid UTF-8", source, record.line,
                                  layout.header[record.repaired_fields.front()]));
  }
  const CsvFields f(layout, record, source);
  switch (layout.kind->kind) {
    case Kind::kCustomers: {
      SEATSHIFT_ASSIGN_OR_RETURN(auto customer, ReadCustomer(f));
      estate.customers.push_back(std::move(customer));
      break;
    }
    case Kind::kUsers: {
      SEATSHIFT_ASSIGN_OR_RETURN(std::string domain, f.RequiredText("customerDomain"));
      SEATSHIFT_ASSIGN_OR_RETURN(auto user, ReadUser(f, std::move(domain)));
      estate.users.push_back(std::move(user));
      break;
    }
    case Kind::kSubscriptions: {
      SEATSHIFT_ASSIGN_OR_RETURN(std::string domain, f.RequiredText("customerDomain"));
      SEATSHIFT_ASSIGN_OR_RETURN(auto sub, ReadSubscription(f, std::move(domain)));
      estate.subscriptions.push_back(std::move(sub));
      break;
    }
    case Kind::kLicenses: {
      SEATSHIFT_ASSIGN_OR_RETURN(std::string domain, f.RequiredText("customerDomain"));
      SEATSHIFT_ASSIGN_OR_RETURN(std::string upn, f.RequiredText("userPrincipalName"));
      SEATSHIFT_ASSIGN_OR_RETURN(auto license, ReadLicense(f, std::move(domain), std::move(upn)));
      estate.licenses.push_back(std::move(license));
      break;
    }
  }
  return OkStatus();
}

// ---- JSON

namespace json = boost::json;

//! One JSON object of the estate, at `path` ("customers[0].users[3]") in `source`.
class JsonFields final : public Fields {
 public:
  //! An empty `path` is the document's root.
  JsonFields(const json::object& object, std::string_view source, std::string path)
      : object_(object), path_(std::move(path)), where_(fmt::format("{}:{}", source, path_)) {}

  //! The object of `value` at `path`, or an error naming the path.
  static Result<const json::object*> ObjectAt(const json::value& value, std::string_view source,
                                              std::string_view path) {
    if (const json::object* object = value.if_object()) return object;
    return BadRequest(fmt::format("{}:{}: expected an object", source, path));
  }

  const std::string& where() const override { return where_; }

  //! OK if every key of the object is one of `allowed`.
  Status CheckKeys(std::initializer_list<std::string_view> allowed) const {
    for (const auto& entry : object_) {
      const std::string_view key(entry.key().data(), entry.key().size());
      if (std::ranges::find(allowed, key) == allowed.end()) {
        return Bad(key, "unknown key");
      }
    }
    return OkStatus();
  }

  //! The array at `name`; empty when absent or null.
  Result<std::span<const json::value>> Array(std::string_view name) const {
    const json::value* value = Find(name);
    if (!value) return std::span<const json::value>();
    const json::array* array = value->if_array();
    if (!array) return Bad(name, "expected an array");
    return std::span<const json::value>(array->data(), array->size());
  }

  Result<std::optional<std::string>> Text(std::string_view name) const override {
    const json::value* value = Find(name);
    if (!value) return std::optional<std::string>();
    const json::string* text = value->if_string();
    if (!text) return Bad(name, "expected a string");
    if (text->empty()) return std::optional<std::string>();
    return std::optional<std::string>(std::string(*text));
  }

  Result<std::optional<std::int64_t>> Integer(std::string_view name) const override {
    const json::value* value = Find(name);
    if (!value) return std::optional<std::int64_t>();
    if (const std::int64_t* number = value->if_int64()) return std::optional<std::int64_t>(*number);
    return Bad(name, "expected a whole number");
  }

  Result<std::optional<bool>> Boolean(std::string_view name) const override {
    const json::value* value = Find(name);
    if (!value) return std::optional<bool>();
    if (const bool* flag = value->if_bool()) return std::optional<bool>(*flag);
    return Bad(name, "expected true or false");
  }

  Result<std::vector<std::string>> TextList(std::string_view name) const override {
    SEATSHIFT_ASSIGN_OR_RETURN(auto array, Array(name));
    std::vector<std::string> items;
    for (std::size_t i = 0; i < array.size(); ++i) {
      const json::string* text = array[i].if_string();
      if (!text) return Bad(fmt::format("{}[{}]", name, i), "expected a string");
      items.emplace_back(*text);
    }
    return items;
  }

  Error Bad(std::string_view name, std::string_view reason) const override {
    const std::string_view dot = path_.empty() ? "" : ".";
    return BadRequest(fmt::format("{}{}{}: {}", where_, dot, name, reason),
                      {{"field", std::string(name)}, {"where", where_}});
  }

 private:
  //! nullptr when absent or null.
  const json::value* Find(std::string_view name) const {
    const json::value* value = object_.if_contains(name);
    return value && !value->is_null() ? value : nullptr;
  }

  const json::object& object_;
  const std::string path_;
  const std::string where_;
};

std::string Indexed(std::string_view path, std::string_view key, std::size_t i) {
  return path.empty() ? fmt::format("{}[{}]", key, i) : fmt::format("{}.{}[{}]", path, key, i);
}

Status ReadJsonUser(const json::value& value, std::string_view source, std::string path,
                    const std::string& domain, Estate& estate) {
  SEATSHIFT_ASSIGN_OR_RETURN(const json::object* object, JsonFields::ObjectAt(value, source, path));
  const JsonFields f(*object, source, path);
  SEATSHIFT_TRY(f.CheckKeys({"userPrincipalName", "displayName", "usageLocation", "licenses"}));
  SEATSHIFT_ASSIGN_OR_RETURN(auto user, ReadUser(f, domain));
  const std::string upn = user.data.user_principal_name;
  estate.users.push_back(std::move(user));
  SEATSHIFT_ASSIGN_OR_RETURN(auto licenses, f.Array("licenses"));
  for (std::size_t i = 0; i < licenses.size(); ++i) {
    const std::string at = Indexed(path, "licenses", i);
    SEATSHIFT_ASSIGN_OR_RETURN(const json::object* license,
                               JsonFields::ObjectAt(licenses[i], source, at));
    const JsonFields lf(*license, source, at);
    SEATSHIFT_TRY(lf.CheckKeys({"skuId", "excludedPlans"}));
    SEATSHIFT_ASSIGN_OR_RETURN(auto record, ReadLicense(lf, domain, upn));
    estate.licenses.push_back(std::move(record));
  }
  return OkStatus();
}

Status ReadJsonCustomer(const json::value& value, std::string_view source, std::string path,
                        Estate& estate) {
  SEATSHIFT_ASSIGN_OR_RETURN(const json::object* object, JsonFields::ObjectAt(value, source, path));
  const JsonFields f(*object, source, path);
  SEATSHIFT_TRY(f.CheckKeys(
      {"companyName", "domain", "segment", "country", "currency", "users", "subscriptions"}));
  SEATSHIFT_ASSIGN_OR_RETURN(auto customer, ReadCustomer(f));
  const std::string domain = customer.data.domain;
  estate.customers.push_back(std::move(customer));
  SEATSHIFT_ASSIGN_OR_RETURN(auto users, f.Array("users"));
  for (std::size_t i = 0; i < users.size(); ++i) {
    SEATSHIFT_TRY(ReadJsonUser(users[i], source, Indexed(path, "users", i), domain, estate));
  }
  SEATSHIFT_ASSIGN_OR_RETURN(auto subscriptions, f.Array("subscriptions"));
  for (std::size_t i = 0; i < subscriptions.size(); ++i) {
    const std::string at = Indexed(path, "subscriptions", i);
    SEATSHIFT_ASSIGN_OR_RETURN(const json::object* sub,
                               JsonFields::ObjectAt(subscriptions[i], source, at));
    const JsonFields sf(*sub, source, at);
    SEATSHIFT_TRY(sf.CheckKeys({"offerId", "friendlyName", "quantity", "status",
                                "effectiveStartDate", "commitmentEndDate", "termDuration",
                                "billingCycle", "autoRenewEnabled", "suspendedAt"}));
    SEATSHIFT_ASSIGN_OR_RETURN(auto record, ReadSubscription(sf, domain));
    estate.subscriptions.push_back(std::move(record));
  }
  return OkStatus();
}

}  // namespace

Status ReadEstateCsv(std::istream& in, std::string_view source_name, Estate& estate) {
  std::optional<CsvLayout> layout;
  SEATSHIFT_TRY(ReadCsv(in, source_name, [&](const CsvRecord& record) -> Status {
    if (layout) return ReadCsvRecord(*layout, record, source_name, estate);
    SEATSHIFT_ASSIGN_OR_RETURN(layout, ReadHeader(record, source_name));
    return OkStatus();
  }));
  if (!layout)
    return BadRequest(fmt::format("{}: the file is empty; expected a header row", source_name));
  return OkStatus();
}

Status ReadEstateJson(std::string_view text, std::string_view source_name, Estate& estate) {
  SEATSHIFT_ASSIGN_OR_RETURN(
      json::value document,
      codec::ReadJson(text, {.source = source_name,
                             .max_depth = 32,
                             .duplicate_keys = codec::DuplicateKeys::kRefused}));
  const json::object* root = document.if_object();
  if (!root)
    return BadRequest(fmt::format("{}: expected an object with \"customers\"", source_name));
  const JsonFields f(*root, source_name, "");
  SEATSHIFT_TRY(f.CheckKeys({"customers"}));
  SEATSHIFT_ASSIGN_OR_RETURN(auto customers, f.Array("customers"));
  for (std::size_t i = 0; i < customers.size(); ++i) {
    SEATSHIFT_TRY(ReadJsonCustomer(customers[i], source_name, Indexed("", "customers", i), estate));
  }
  return OkStatus();
}

Result<Estate> ReadEstateFiles(const std::vector<std::string>& paths) {
  Estate estate;
  for (const std::string& path : paths) {
    const std::string extension = LowerAscii(std::filesystem::path(path).extension().string());
    if (extension != ".csv" && extension != ".json") {
      return BadRequest(fmt::format("{}: not an estate file: expected a .csv or .json name", path));
    }
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    if (!std::filesystem::is_regular_file(path, ec) || !in) {
      return Error(ErrorCode::kNotFound, fmt::format("{}: cannot open the file", path),
                   {{"path", path}});
    }
    if (extension == ".csv") {
      SEATSHIFT_TRY(ReadEstateCsv(in, path, estate));
    } else {
      const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      SEATSHIFT_TRY(ReadEstateJson(text, path, estate));
    }
  }
  return estate;
}

}  // namespace seatshift::import
