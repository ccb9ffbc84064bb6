#pragma once

#include <cstdint>
#include <mutex>
#include <random>

#include "base/time.hpp"
#include "base/uuid.hpp"

namespace seatshift {

//! Mints the ids of new resources.
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual Uuid Next() = 0;
};

//! UUIDv7 ids in strictly increasing order: the clock's milliseconds, then a counter that
//! continues within the same millisecond (RFC 9562, method 1), then random bits. With a fixed
//! seed and a simulated clock the sequence is reproducible (demo fleets, tests).
//! Thread-safe.
class UuidV7Generator final : public IdGenerator {
 public:
  UuidV7Generator(const Clock& clock, std::uint64_t seed);
  //! Seeded from std::random_device.
  explicit UuidV7Generator(const Clock& clock);
  Uuid Next() override;

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::mt19937_64 random_;     // GUARDED_BY(mutex_)
  std::uint64_t last_ms_ = 0;  // GUARDED_BY(mutex_)
  std::uint64_t counter_ = 0;  // GUARDED_BY(mutex_)
};

}  // namespace seatshift
