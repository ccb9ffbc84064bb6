#include "store/sql/stored_values.hpp"

#include <charconv>
#include <sstream>

namespace seatshift::store {

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

std::vector<ServicePlanId> SplitPlans(std::string_view text, const UserId& user) {
  std::vector<ServicePlanId> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto id = Uuid::Parse(text.substr(0, comma));
    if (!id) Corrupt("licenses.excluded_plans", user.value().ToString(), text.substr(0, comma));
    out.emplace_back(*id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& r : reasons) {
    if (!out.empty()) out.push_back('\n');
    out += r;
  }
  return out;
}

std::vector<std::string> SplitReasons(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace seatshift::store
