#include "store/sql/stored_values.hpp"

#include <charconv>
#include <sstream>

namespace seatshift::store {

namespace {

constexpr char kUnit = '\x1f';    // between a parameter's key, type and values
constexpr char kRecord = '\x1e';  // between parameters

void AppendEscaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c == '%' || c == kUnit || c == kRecord) {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
}

std::optional<std::string> Unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) return std::nullopt;
    const auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc() || ptr != text.data() + i + 3) return std::nullopt;
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::optional<ErrorDetail> DecodeParameter(std::string_view text) {
  const std::vector<std::string_view> fields = Split(text, kUnit);
  if (fields.size() < 2 || fields[1].size() != 1) return std::nullopt;
  auto key = Unescaped(fields[0]);
  if (!key || key->empty()) return std::nullopt;
  std::vector<std::string> values;
  for (std::size_t i = 2; i < fields.size(); ++i) {
    auto value = Unescaped(fields[i]);
    if (!value) return std::nullopt;
    values.push_back(std::move(*value));
  }
  switch (fields[1].front()) {
    case 'i': {
      std::int64_t number = 0;
      if (values.size() != 1) return std::nullopt;
      const std::string& v = values.front();
      const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
      if (ec != std::errc() || ptr != v.data() + v.size()) return std::nullopt;
      return ErrorDetail{std::move(*key), number};
    }
    case 's':
      if (values.size() != 1) return std::nullopt;
      return ErrorDetail{std::move(*key), std::move(values.front())};
    case 'l':
      return ErrorDetail{std::move(*key), std::move(values)};
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string EncodeParameters(const Parameters& parameters) {
  std::string out;
  for (const ErrorDetail& parameter : parameters) {
    if (!out.empty()) out.push_back(kRecord);
    AppendEscaped(out, parameter.key);
    out.push_back(kUnit);
    if (const auto* number = std::get_if<std::int64_t>(&parameter.value)) {
      out += fmt::format("i{}{}", kUnit, *number);
    } else if (const auto* text = std::get_if<std::string>(&parameter.value)) {
      out += fmt::format("s{}", kUnit);
      AppendEscaped(out, *text);
    } else {
      out.push_back('l');
      for (const std::string& item : std::get<std::vector<std::string>>(parameter.value)) {
        out.push_back(kUnit);
        AppendEscaped(out, item);
      }
    }
  }
  return out;
}

std::optional<Parameters> DecodeParameters(std::string_view text) {
  Parameters out;
  if (text.empty()) return out;
  for (const std::string_view part : Split(text, kRecord)) {
    auto parameter = DecodeParameter(part);
    if (!parameter) return std::nullopt;
    out.push_back(std::move(*parameter));
  }
  return out;
}

std::string EncodeToken(std::int64_t last_key) { return fmt::format("k{}", last_key); }

Result<std::int64_t> DecodeToken(const std::string& token) {
  if (token.empty()) return std::int64_t{0};
  std::int64_t key = 0;
  const char* begin = token.data() + 1;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(begin, end, key);
  if (token[0] != 'k' || ec != std::errc() || ptr != end || key < 0) {
    return Error(ErrorCode::kBadRequest, "continuationToken is not one this server issued");
  }
  return key;
}

void Corrupt(std::string_view where, std::string_view key, std::string_view value) {
  // Not logged here: the adapters report storage errors (the server on stderr, the CLI as its
  // one line of error output).
  throw CorruptionError(fmt::format(
      "corrupt database: {} of row {} is '{}', which this program cannot read", where, key, value));
}

std::string JoinPlans(const std::vector<ServicePlanId>& plans) {
  std::string out;
  for (const auto& plan : plans) {
    if (!out.empty()) out.push_back(',');
    out += plan.value().ToString();
  }
  return out;
}

std::optional<std::vector<ServicePlanId>> ParsePlans(std::string_view text) {
  std::vector<ServicePlanId> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto id = Uuid::Parse(text.substr(0, comma));
    if (!id) return std::nullopt;
    out.emplace_back(*id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<ServicePlanId> SplitPlans(std::string_view text, const UserId& user) {
  auto plans = ParsePlans(text);
  if (!plans) Corrupt("licenses.excluded_plans", user.value().ToString(), text);
  return *std::move(plans);
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& r : reasons) {
    if (!out.empty()) out.push_back('\n');
    out += r;
  }
  return out;
}

std::string EncodeLots(const std::vector<PurchaseLot>& lots) {
  std::string out;
  for (const PurchaseLot& lot : lots) {
    if (!out.empty()) out += ',';
    out += fmt::format("{}@{}", lot.quantity, Seconds(lot.bought_at));
  }
  return out;
}

std::optional<std::vector<PurchaseLot>> DecodeLots(std::string_view text) {
  std::vector<PurchaseLot> lots;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const std::size_t at = item.find('@');
    if (at == std::string_view::npos) return std::nullopt;
    PurchaseLot lot;
    std::int64_t seconds = 0;
    const auto number = [](std::string_view digits, std::int64_t& value) {
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), value);
      return error == std::errc() && end == digits.data() + digits.size() && !digits.empty();
    };
    if (!number(item.substr(0, at), lot.quantity) || !number(item.substr(at + 1), seconds)) {
      return std::nullopt;
    }
    lot.bought_at = FromSeconds(seconds);
    lots.push_back(lot);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return lots;
}

std::vector<std::string> SplitReasons(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

void ThrowUnexpectedChanges(std::string_view sql, std::int64_t expected, std::int64_t changed) {
  throw StorageError(
      fmt::format("{} rows changed where {} were expected, the rows not being as "
                  "the transaction read them (in: {})",
                  changed, expected, sql));
}

}  // namespace seatshift::store
