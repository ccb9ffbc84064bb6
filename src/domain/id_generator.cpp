#include "domain/id_generator.hpp"

namespace seatshift {
namespace {

constexpr std::uint64_t kCounterBits = 42;  // 12 bits of rand_a + 30 high bits of rand_b
constexpr std::uint64_t kCounterMask = (std::uint64_t{1} << kCounterBits) - 1;

}  // namespace

UuidV7Generator::UuidV7Generator(const Clock& clock, std::uint64_t seed)
    : clock_(clock), random_(seed) {}

UuidV7Generator::UuidV7Generator(const Clock& clock)
    : UuidV7Generator(clock,
                      (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()) {}

Uuid UuidV7Generator::Next() {
  std::lock_guard lock(mutex_);
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
          .count());
  if (ms > last_ms_) {
    last_ms_ = ms;
    counter_ = random_() & (kCounterMask >> 1);  // random start, half the space left to count
  } else if (++counter_ > kCounterMask) {
    ++last_ms_;  // the counter ran out: borrow the next millisecond to stay ordered
    counter_ = 0;
  }
  const std::uint64_t random_hi = counter_ >> 30;  // 12 bits
  const std::uint64_t random_lo = ((counter_ & ((1u << 30) - 1)) << 32) | (random_() >> 32);
  return Uuid::V7(last_ms_, random_hi, random_lo);
}

}  // namespace seatshift
