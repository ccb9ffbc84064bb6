#include "base/time.hpp"

#include <fmt/format.h>

#include <charconv>

namespace seatshift {
namespace {

std::optional<int> ParseDigits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = ParseDigits(text.substr(0, 4));
  const auto m = ParseDigits(text.substr(5, 2));
  const auto d = ParseDigits(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(*y),
                                        std::chrono::month(static_cast<unsigned>(*m)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

std::optional<Instant> ParseInstant(std::string_view text) {
  const auto day = ParseDate(text.substr(0, 10));
  if (!day) return std::nullopt;
  if (text.size() == 10) return StartOf(*day);
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  const auto h = ParseDigits(text.substr(11, 2));
  const auto mi = ParseDigits(text.substr(14, 2));
  const auto s = ParseDigits(text.substr(17, 2));
  if (!h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  return StartOf(*day) + std::chrono::hours(*h) + std::chrono::minutes(*mi) +
         std::chrono::seconds(*s);
}

std::optional<Date> ParseDay(std::string_view text) {
  const auto when = ParseInstant(text);
  if (!when || StartOf(DayOf(*when)) != *when) return std::nullopt;
  return DayOf(*when);
}

std::string FormatDate(Date day) {
  const std::chrono::year_month_day ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string FormatInstant(Instant when) {
  const Date day = DayOf(when);
  const auto secs = (when - StartOf(day)).count();
  return fmt::format("{}T{:02}:{:02}:{:02}Z", FormatDate(day), secs / 3600, secs / 60 % 60,
                     secs % 60);
}

Date AddMonths(Date day, int months) {
  const std::chrono::year_month_day ymd(day);
  const auto shifted =
      std::chrono::year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
  const std::chrono::year_month_day_last last(shifted.year(),
                                              std::chrono::month_day_last(shifted.month()));
  const auto d = std::min(ymd.day(), last.day());
  return Date(std::chrono::year_month_day(shifted.year(), shifted.month(), d));
}

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

Instant SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace seatshift
