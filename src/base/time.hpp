#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace seatshift {

//! A calendar day in UTC.
using Date = std::chrono::sys_days;
//! A point in time in UTC, to the second.
using Instant = std::chrono::sys_seconds;

std::optional<Date> ParseDate(std::string_view text);  //!< "YYYY-MM-DD", a real calendar day
//! "YYYY-MM-DDTHH:MM:SSZ" (also accepts a bare date, meaning midnight UTC).
std::optional<Instant> ParseInstant(std::string_view text);
//! A whole day as Partner Center writes it: "YYYY-MM-DD" or that day's midnight UTC as a
//! date-time ("YYYY-MM-DDT00:00:00Z"); any other time of day is not a whole day.
std::optional<Date> ParseDay(std::string_view text);
std::string FormatDate(Date day);         //!< "YYYY-MM-DD"
std::string FormatInstant(Instant when);  //!< "YYYY-MM-DDTHH:MM:SSZ"

inline Date DayOf(Instant when) { return std::chrono::floor<std::chrono::days>(when); }
inline Instant StartOf(Date day) { return Instant(day); }

//! Adds calendar months, clamping to the end of shorter months (Jan 31 + 1 month = Feb 28/29).
Date AddMonths(Date day, int months);

//! The source of "now" for every date-dependent rule. Domain code never reads the system clock.
//! Thread-safety: implementations are safe to call from several threads.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
  Date Today() const { return DayOf(Now()); }
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override;
  //! One process-wide instance (it has no state), for defaults that need a reference.
  static const SystemClock& Instance();
};

}  // namespace seatshift
