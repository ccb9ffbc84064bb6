#include "cli/output.hpp"

#include "domain/money.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace seatshift::cli {
namespace {

// Display width of UTF-8 text: counts code points, not bytes (good enough for names).
std::size_t Width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

void PrettyPrint(std::ostream& out, const boost::json::value& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  if (const auto* obj = v.if_object()) {
    if (obj->empty()) {
      out << "{}";
      return;
    }
    out << "{\n";
    bool first = true;
    for (const auto& [key, value] : *obj) {
      if (!first) out << ",\n";
      first = false;
      out << pad << "  " << boost::json::serialize(boost::json::value(key)) << ": ";
      PrettyPrint(out, value, indent + 1);
    }
    out << "\n" << pad << "}";
  } else if (const auto* arr = v.if_array()) {
    if (arr->empty()) {
      out << "[]";
      return;
    }
    out << "[\n";
    for (std::size_t i = 0; i < arr->size(); ++i) {
      if (i) out << ",\n";
      out << pad << "  ";
      PrettyPrint(out, (*arr)[i], indent + 1);
    }
    out << "\n" << pad << "]";
  } else {
    out << boost::json::serialize(v);
  }
}

}  // namespace

void Table::Print() const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  for (const auto& row : rows_) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - Width(row[i]) + 2, ' ');
    }
    std::cout << line << '\n';
  }
}

void PrintJson(const boost::json::value& value) {
  PrettyPrint(std::cout, value, 0);
  std::cout << '\n';
}

boost::json::object Collection(boost::json::array items, std::int64_t total,
                               const std::string& continuation_token) {
  return {
      {"totalCount", total},
      {"items", std::move(items)},
      {"continuationToken", continuation_token.empty() ? boost::json::value(nullptr)
                                                       : boost::json::value(continuation_token)},
      {"attributes", {{"objectType", "Collection"}}}};
}

void PrintError(const Error& error) {
  std::cerr << fmt::format("seatshift: error {}: {}", Describe(error.code).api_code, error.message)
            << std::endl;
}

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() {
  if (enabled_ && last_percent_ >= 0) std::cerr << '\n';
}

void ProgressBar::Update(std::size_t done, std::size_t total, const std::string& detail) {
  if (!enabled_ || total == 0) return;
  const int percent = static_cast<int>(std::min(done, total) * 100 / total);
  // The terminal is redrawn often enough to look alive, not once per step of a fast run.
  const auto now = std::chrono::steady_clock::now();
  const bool detail_due =
      detail != last_detail_ && now - last_drawn_ >= std::chrono::milliseconds(100);
  if (percent == last_percent_ && !detail_due) return;
  last_percent_ = percent;
  last_detail_ = detail;
  last_drawn_ = now;
  constexpr int kWidth = 30;
  const int filled = percent * kWidth / 100;
  // "\x1b[K" erases what a longer previous line left on the right.
  std::cerr << fmt::format("\r{} [{}{}] {:3}% {}/{}{}{}\x1b[K", label_, std::string(filled, '#'),
                           std::string(kWidth - filled, ' '), percent, done, total,
                           detail.empty() ? "" : "  ", detail)
            << std::flush;
}

std::string FormatDuration(std::chrono::seconds duration) {
  const auto total = std::max<std::int64_t>(duration.count(), 0);
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, total % 3600 / 60);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kNotFound, fmt::format("cannot open {}", path));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Error(ErrorCode::kBadRequest, fmt::format("cannot read {}", path));
  return content.str();
}

std::string FormatMoney(std::int64_t minor_units, const std::string& currency) {
  const char* sign = minor_units < 0 ? "-" : "";
  const std::int64_t magnitude = minor_units < 0 ? -minor_units : minor_units;
  const int digits = MinorUnitDigits(currency);
  if (digits == 0) return fmt::format("{}{} {}", sign, magnitude, currency);
  std::int64_t unit = 1;
  for (int i = 0; i < digits; ++i) unit *= 10;
  return fmt::format("{}{}.{:0{}} {}", sign, magnitude / unit, magnitude % unit, digits, currency);
}

}  // namespace seatshift::cli
