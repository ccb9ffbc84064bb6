#include "api/throttle.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace seatshift::api {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimiterTest, LetsABurstThroughThenRefusesWithTheTimeToTheNextToken) {
  ManualMonotonicClock clock;
  RateLimiter limiter(/*per_minute=*/60, /*burst=*/3, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("a").allowed) << i;
  const auto refused = limiter.Acquire("a");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));  // 60 per minute: one token a second
  // A refused request takes nothing: asking again at once gets the same answer.
  EXPECT_EQ(limiter.Acquire("a").retry_after, seconds(1));
  clock.Advance(milliseconds(400));
  EXPECT_EQ(limiter.Acquire("a").retry_after, milliseconds(600));
}

TEST(RateLimiterTest, RefillsAtTheRateAndNeverBeyondTheBurst) {
  ManualMonotonicClock clock;
  RateLimiter limiter(/*per_minute=*/120, /*burst=*/2, clock);  // a token every 500 ms
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("a").allowed);
  clock.Advance(milliseconds(500));
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("a").allowed);
  // Idle for an hour: the bucket holds `burst` tokens, not an hour's worth.
  clock.Advance(std::chrono::hours(1));
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("a").allowed);
}

TEST(RateLimiterTest, SustainsExactlyTheConfiguredRate) {
  ManualMonotonicClock clock;
  RateLimiter limiter(/*per_minute=*/600, /*burst=*/600, clock);
  int allowed = 0;
  // From 0 to 10 minutes in steps of 10 ms, asking twice per step: the burst plus 600 a minute.
  for (int step = 0; step <= 60'000; ++step) {
    for (int i = 0; i < 2; ++i) allowed += limiter.Acquire("a").allowed ? 1 : 0;
    clock.Advance(milliseconds(10));
  }
  EXPECT_EQ(allowed, 600 + 10 * 600);
}

TEST(RateLimiterTest, KeysAreIndependent) {
  ManualMonotonicClock clock;
  RateLimiter limiter(/*per_minute=*/1, /*burst=*/1, clock);
  EXPECT_TRUE(limiter.Acquire("agent-a").allowed);
  const auto refused = limiter.Acquire("agent-a");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(60));
  EXPECT_TRUE(limiter.Acquire("agent-b").allowed);
  EXPECT_TRUE(limiter.Acquire("agent-c").allowed);
  EXPECT_FALSE(limiter.Acquire("agent-b").allowed);
}

TEST(RateLimiterTest, DropsKeysOnceTheirBucketIsFullAgain) {
  ManualMonotonicClock clock;
  RateLimiter limiter(/*per_minute=*/60, /*burst=*/5, clock);
  for (int i = 0; i < 10'000; ++i) EXPECT_TRUE(limiter.Acquire("k" + std::to_string(i)).allowed);
  EXPECT_EQ(limiter.KeysHeld(), 10'000u);
  // Past one refill period every bucket is full; each shard sweeps at its next request.
  clock.Advance(seconds(6));
  for (int i = 0; i < 1'000; ++i) EXPECT_TRUE(limiter.Acquire("new" + std::to_string(i)).allowed);
  EXPECT_EQ(limiter.KeysHeld(), 1'000u);
  // A dropped key starts again with a full bucket, as it would have had.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Acquire("k0").allowed);
  EXPECT_FALSE(limiter.Acquire("k0").allowed);
}

TEST(RateLimiterTest, KeepsKeysThatAreStillRefilling) {
  ManualMonotonicClock clock;
  RateLimiter limiter(/*per_minute=*/60, /*burst=*/5, clock);  // refills in 5 s
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Acquire("busy").allowed);
  clock.Advance(seconds(4));
  EXPECT_TRUE(limiter.Acquire("busy").allowed);  // its next token is due at 6 s
  // At 5.5 s the shard sweeps (its period is 5 s): "busy" is half a token short and must stay.
  clock.Advance(milliseconds(1500));
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.Acquire("busy").allowed) << i;
  const auto refused = limiter.Acquire("busy");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, milliseconds(500));
  EXPECT_EQ(limiter.KeysHeld(), 1u);
}

TEST(RateLimiterTest, ManyThreadsNeverGetMoreThanTheBurst) {
  ManualMonotonicClock clock;
  constexpr int kThreads = 8;
  constexpr int kBurst = 1000;
  RateLimiter limiter(/*per_minute=*/1, kBurst, clock);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kBurst; ++i) {
        if (limiter.Acquire("shared").allowed) ++allowed;
        limiter.Acquire("own" + std::to_string(t));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), kBurst);
  EXPECT_EQ(limiter.KeysHeld(), kThreads + 1u);
}

TEST(RateLimiterTest, RetryAfterIsWholeSecondsRoundedUpAndAtLeastOne) {
  EXPECT_EQ(RetryAfterSeconds(std::chrono::nanoseconds(1)), 1);
  EXPECT_EQ(RetryAfterSeconds(milliseconds(10)), 1);
  EXPECT_EQ(RetryAfterSeconds(seconds(1)), 1);
  EXPECT_EQ(RetryAfterSeconds(milliseconds(1001)), 2);
  EXPECT_EQ(RetryAfterSeconds(seconds(30)), 30);
  EXPECT_EQ(RetryAfterSeconds(std::chrono::nanoseconds(0)), 1);
}

}  // namespace
}  // namespace seatshift::api
