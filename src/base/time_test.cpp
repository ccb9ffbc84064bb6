#include "base/time.hpp"

#include <gtest/gtest.h>

#include "domain/simulated_clock.hpp"

namespace seatshift {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

Date Ymd(int y, unsigned m, unsigned d) { return Date(year_month_day(year(y), month(m), day(d))); }

// ---- ParseDay ---------------------------------------------------------------------------------

TEST(ParseDay, AcceptsADateOrItsMidnightAsADateTime) {
  EXPECT_EQ(ParseDay("2026-03-10"), Ymd(2026, 3, 10));
  EXPECT_EQ(ParseDay("2026-03-10T00:00:00Z"), Ymd(2026, 3, 10));
  EXPECT_EQ(ParseDay("2026-03-10T00:00:01Z"), std::nullopt);  // not a whole day
  EXPECT_EQ(ParseDay("2026-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseDay("2026-03-10T00:00:00"), std::nullopt);
}

// ---- ParseDate --------------------------------------------------------------------------------

TEST(ParseDate, AcceptsRealCalendarDays) {
  EXPECT_EQ(ParseDate("2026-03-10"), Ymd(2026, 3, 10));
  EXPECT_EQ(ParseDate("2020-07-01"), Ymd(2020, 7, 1));
  EXPECT_EQ(ParseDate("2026-12-31"), Ymd(2026, 12, 31));
  EXPECT_EQ(ParseDate("1970-01-01"), Date{});
}

TEST(ParseDate, AcceptsLeapDayOnlyInLeapYears) {
  EXPECT_EQ(ParseDate("2024-02-29"), Ymd(2024, 2, 29));
  EXPECT_EQ(ParseDate("2000-02-29"), Ymd(2000, 2, 29));
  EXPECT_EQ(ParseDate("2026-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2100-02-29"), std::nullopt);
}

TEST(ParseDate, RefusesDaysThatDoNotExist) {
  for (const char* text :
       {"2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-32", "2026-01-00"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << text;
  }
}

TEST(ParseDate, RefusesOtherShapes) {
  for (const char* text : {"2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026-01-01T",
                           "20260101", "", " 2026-01-01", "2026-01-01 ", "2026-0a-01", "+026-01-01",
                           "2026-01-01T00:00:00Z", "2026--1-01"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << text;
  }
}

TEST(FormatDate, RoundTrip) {
  for (const char* text : {"2024-02-29", "2026-01-05", "1999-12-31", "2100-03-01"}) {
    const auto day_value = ParseDate(text);
    ASSERT_TRUE(day_value.has_value()) << text;
    EXPECT_EQ(FormatDate(*day_value), text);
  }
}

// ---- ParseInstant / FormatInstant -------------------------------------------------------------

TEST(ParseInstant, FullFormToTheSecond) {
  const auto when = ParseInstant("2026-03-10T09:30:15Z");
  ASSERT_TRUE(when.has_value());
  EXPECT_EQ(*when, StartOf(Ymd(2026, 3, 10)) + std::chrono::hours(9) + std::chrono::minutes(30) +
                       std::chrono::seconds(15));
  EXPECT_EQ(ParseInstant("2026-03-10T23:59:59Z"),
            StartOf(Ymd(2026, 3, 11)) - std::chrono::seconds(1));
}

TEST(ParseInstant, BareDateMeansMidnightUtc) {
  EXPECT_EQ(ParseInstant("2026-03-10"), StartOf(Ymd(2026, 3, 10)));
  EXPECT_EQ(ParseInstant("2026-03-10"), ParseInstant("2026-03-10T00:00:00Z"));
}

TEST(ParseInstant, RefusesOtherForms) {
  for (const char* text :
       {"2026-03-10T24:00:00Z", "2026-03-10T23:60:00Z", "2026-03-10T23:59:60Z",
        "2026-03-10T09:30:15", "2026-03-10 09:30:15Z", "2026-03-10T09:30Z",
        "2026-03-10T09:30:15.000Z", "2026-03-10T09:30:15+00:00", "2026-02-30T00:00:00Z",
        "2026-03-10T9:30:15Z", "2026-03-10T09-30-15Z", "", "2026-03-1", "2026-03-10T", "garbage"}) {
    EXPECT_EQ(ParseInstant(text), std::nullopt) << text;
  }
}

TEST(FormatInstant, CanonicalUtcForm) {
  EXPECT_EQ(FormatInstant(StartOf(Ymd(2026, 3, 10))), "2026-03-10T00:00:00Z");
  EXPECT_EQ(FormatInstant(StartOf(Ymd(2026, 3, 10)) + std::chrono::seconds(9 * 3600 + 5 * 60 + 7)),
            "2026-03-10T09:05:07Z");
  EXPECT_EQ(FormatInstant(StartOf(Ymd(2026, 3, 11)) - std::chrono::seconds(1)),
            "2026-03-10T23:59:59Z");
  EXPECT_EQ(FormatInstant(Instant{}), "1970-01-01T00:00:00Z");
}

TEST(FormatInstant, RoundTrip) {
  for (const char* text :
       {"2024-02-29T12:00:00Z", "2026-12-31T23:59:59Z", "2000-01-01T00:00:01Z"}) {
    const auto when = ParseInstant(text);
    ASSERT_TRUE(when.has_value()) << text;
    EXPECT_EQ(FormatInstant(*when), text);
  }
}

TEST(DayOf, FloorsToTheUtcDay) {
  EXPECT_EQ(DayOf(*ParseInstant("2026-03-10T00:00:00Z")), Ymd(2026, 3, 10));
  EXPECT_EQ(DayOf(*ParseInstant("2026-03-10T23:59:59Z")), Ymd(2026, 3, 10));
  EXPECT_EQ(DayOf(Instant{} - std::chrono::seconds(1)), Ymd(1969, 12, 31));
}

// ---- AddMonths --------------------------------------------------------------------------------

TEST(AddMonths, SameDayWhenItExists) {
  EXPECT_EQ(AddMonths(Ymd(2026, 3, 10), 1), Ymd(2026, 4, 10));
  EXPECT_EQ(AddMonths(Ymd(2026, 3, 10), 12), Ymd(2027, 3, 10));
  EXPECT_EQ(AddMonths(Ymd(2026, 11, 15), 3), Ymd(2027, 2, 15));
  EXPECT_EQ(AddMonths(Ymd(2026, 3, 10), 0), Ymd(2026, 3, 10));
  EXPECT_EQ(AddMonths(Ymd(2026, 3, 10), -3), Ymd(2025, 12, 10));
}

TEST(AddMonths, ClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(AddMonths(Ymd(2025, 1, 31), 1), Ymd(2025, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2024, 1, 31), 1), Ymd(2024, 2, 29));
  EXPECT_EQ(AddMonths(Ymd(2026, 3, 31), 1), Ymd(2026, 4, 30));
  EXPECT_EQ(AddMonths(Ymd(2024, 2, 29), 12), Ymd(2025, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2024, 2, 29), 48), Ymd(2028, 2, 29));
  EXPECT_EQ(AddMonths(Ymd(2026, 3, 31), -1), Ymd(2026, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2026, 5, 31), 1), Ymd(2026, 6, 30));
}

TEST(AddMonths, DoesNotRememberTheClampedDay) {
  // Each step works from the date it is given: Jan 31 + 1 = Feb 28, Feb 28 + 1 = Mar 28.
  EXPECT_EQ(AddMonths(AddMonths(Ymd(2025, 1, 31), 1), 1), Ymd(2025, 3, 28));
  EXPECT_EQ(AddMonths(Ymd(2025, 1, 31), 2), Ymd(2025, 3, 31));
}

// ---- SimulatedClock ---------------------------------------------------------------------------

TEST(SimulatedClock, MovesOnlyWhenTold) {
  const Instant start = *ParseInstant("2026-03-10T23:00:00Z");
  SimulatedClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Today(), Ymd(2026, 3, 10));
  clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(clock.Now(), *ParseInstant("2026-03-11T00:00:00Z"));
  EXPECT_EQ(clock.Today(), Ymd(2026, 3, 11));
  clock.Advance(std::chrono::days(120));
  EXPECT_EQ(clock.Today(), Ymd(2026, 7, 9));
  clock.Set(start);
  EXPECT_EQ(clock.Now(), start);
}

}  // namespace
}  // namespace seatshift
