#include "domain/id_generator.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "domain/simulated_clock.hpp"
#include "testing/dates.hpp"

namespace seatshift {
namespace {

using testing::At;
using testing::D;

std::uint64_t MillisOf(const Uuid& id) {
  std::uint64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = (ms << 8) | id.bytes()[static_cast<std::size_t>(i)];
  return ms;
}

std::uint64_t UnixMillis(Instant when) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count());
}

std::vector<Uuid> Mint(IdGenerator& ids, int n) {
  std::vector<Uuid> out;
  for (int i = 0; i < n; ++i) out.push_back(ids.Next());
  return out;
}

TEST(UuidV7Generator, StrictlyIncreasingAtOneSimulatedInstant) {
  const SimulatedClock clock(At("2026-03-10T09:30:00Z"));
  UuidV7Generator ids(clock, 42);
  const std::vector<Uuid> minted = Mint(ids, 20000);
  for (std::size_t i = 1; i < minted.size(); ++i) {
    ASSERT_LT(minted[i - 1], minted[i]) << i;
    ASSERT_LT(minted[i - 1].ToString(), minted[i].ToString()) << i;
  }
  EXPECT_EQ(std::set<Uuid>(minted.begin(), minted.end()).size(), minted.size());
}

TEST(UuidV7Generator, IdsAreVersion7WithTheClocksMilliseconds) {
  const Instant now = At("2026-03-10T09:30:00Z");
  const SimulatedClock clock(now);
  UuidV7Generator ids(clock, 7);
  for (const Uuid& id : Mint(ids, 100)) {
    EXPECT_EQ(id.bytes()[6] >> 4, 0x7);
    EXPECT_EQ(id.bytes()[8] >> 6, 0b10);
    EXPECT_EQ(MillisOf(id), UnixMillis(now));
  }
}

TEST(UuidV7Generator, FollowsTheClockForward) {
  SimulatedClock clock(At("2026-03-10T09:30:00Z"));
  UuidV7Generator ids(clock, 7);
  const Uuid first = ids.Next();
  clock.Advance(std::chrono::seconds(1));
  const Uuid second = ids.Next();
  EXPECT_LT(first, second);
  EXPECT_EQ(MillisOf(second), UnixMillis(At("2026-03-10T09:30:01Z")));
}

TEST(UuidV7Generator, StaysOrderedWhenTheClockIsSetBack) {
  SimulatedClock clock(At("2026-03-10T09:30:00Z"));
  UuidV7Generator ids(clock, 7);
  std::vector<Uuid> minted = Mint(ids, 10);
  clock.Set(At("2026-03-01T00:00:00Z"));
  for (const Uuid& id : Mint(ids, 10)) minted.push_back(id);
  for (std::size_t i = 1; i < minted.size(); ++i) EXPECT_LT(minted[i - 1], minted[i]) << i;
}

TEST(UuidV7Generator, ReproducibleForTheSameSeedAndClock) {
  SimulatedClock clock_a(At("2026-03-10T09:30:00Z"));
  SimulatedClock clock_b(At("2026-03-10T09:30:00Z"));
  UuidV7Generator a(clock_a, 2020);
  UuidV7Generator b(clock_b, 2020);
  std::vector<Uuid> from_a = Mint(a, 50);
  std::vector<Uuid> from_b = Mint(b, 50);
  clock_a.Advance(std::chrono::days(1));
  clock_b.Advance(std::chrono::days(1));
  for (const Uuid& id : Mint(a, 50)) from_a.push_back(id);
  for (const Uuid& id : Mint(b, 50)) from_b.push_back(id);
  EXPECT_EQ(from_a, from_b);
}

TEST(UuidV7Generator, DifferentSeedsGiveDifferentIds) {
  const SimulatedClock clock(At("2026-03-10T09:30:00Z"));
  UuidV7Generator a(clock, 1);
  UuidV7Generator b(clock, 2);
  const std::vector<Uuid> from_a = Mint(a, 50);
  const std::vector<Uuid> from_b = Mint(b, 50);
  std::set<Uuid> all(from_a.begin(), from_a.end());
  all.insert(from_b.begin(), from_b.end());
  EXPECT_EQ(all.size(), 100u);
}

}  // namespace
}  // namespace seatshift
