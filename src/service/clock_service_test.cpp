// The simulated clock of a database: the stored instant is the only truth, for every process.
#include "service/clock_service.hpp"

#include <gtest/gtest.h>

#include "domain/id_generator.hpp"
#include "service/stored_clock.hpp"
#include "testing/fault_injecting_store.hpp"
#include "testing/test_env.hpp"

namespace seatshift::service {
namespace {

using std::chrono::days;

//! One process on the database file: its own store (connections), clock and services.
struct Process {
  explicit Process(const std::string& file)
      : store(testing::OpenLocation(file)),
        clock(*store, ClockService::Persisted(*store).value()),
        ids(clock, 7),
        service({*store, clock, ids}, &clock) {}
  std::unique_ptr<store::Store> store;
  StoredClock clock;
  UuidV7Generator ids;
  ClockService service;
};

class ClockServiceTest : public ::testing::Test {
 protected:
  void StartAt(Instant when) {
    auto store = testing::OpenLocation(file_);
    ClockService::Persist(*store, SimulatedClock(when));
  }
  Instant Stored() { return ClockService::Persisted(*testing::OpenLocation(file_)).value(); }

  testing::TempDir dir_;
  const std::string file_ = testing::FreshLocation(dir_);
  const Instant start_ = testing::At("2026-11-25T09:00:00Z");
  const RequestContext admin_ = testing::TestEnv::admin();
};

TEST_F(ClockServiceTest, AdvancesFromTwoProcessesAddUpAndBothTellTheSameTime) {
  StartAt(start_);
  Process a(file_);
  Process b(file_);
  ASSERT_TRUE(a.service.Advance(admin_, 10).ok());
  EXPECT_EQ(b.service.Read().now, start_ + days(10)) << "B follows the stored clock";
  ASSERT_TRUE(b.service.Advance(admin_, 5).ok());
  EXPECT_EQ(Stored(), start_ + days(15));
  EXPECT_EQ(a.service.Read().now, start_ + days(15));
  EXPECT_EQ(b.service.Read().now, start_ + days(15));
}

// An advance whose commit conflicts runs again from the stored instant: the clock moves by the
// days asked, once, and this process's clock only once it is stored.
TEST_F(ClockServiceTest, AnAdvanceRunAgainAfterAConflictMovesTheClockOnce) {
  StartAt(start_);
  Process a(file_);
  testing::FaultInjectingStore faulty(*a.store);
  faulty.FailOnce("Commit");
  ClockService service({faulty, a.clock, a.ids}, &a.clock);
  ASSERT_TRUE(service.Advance(admin_, 10).ok());
  EXPECT_EQ(faulty.fired(), 1);
  EXPECT_EQ(Stored(), start_ + days(10));
  EXPECT_EQ(a.service.Read().now, start_ + days(10));
}

TEST_F(ClockServiceTest, AnAdvanceNeverMovesTheStoredClockBack) {
  StartAt(start_);
  Process a(file_);
  Process b(file_);  // read the clock before A moved it
  ASSERT_TRUE(a.service.Advance(admin_, 30).ok());
  const auto advanced = b.service.Advance(admin_, 1);
  ASSERT_TRUE(advanced.ok());
  EXPECT_EQ(advanced->clock.now, start_ + days(31));
  EXPECT_EQ(Stored(), start_ + days(31));
}

TEST_F(ClockServiceTest, AnAdvancePastTheYear9999IsRefusedAndMovesNothing) {
  const Instant late = testing::At("9999-12-20T09:00:00Z");
  StartAt(late);
  Process p(file_);
  const auto refused = p.service.Advance(admin_, 12);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(Stored(), late);
  EXPECT_EQ(p.service.Read().now, late);
  ASSERT_TRUE(p.service.Advance(admin_, 11).ok()) << "up to the last day is fine";
  EXPECT_EQ(Stored(), late + days(11));
}

TEST_F(ClockServiceTest, AStoredClockThatDoesNotParseIsCorruptionNotTheRealClock) {
  StartAt(start_);
  Process p(file_);
  {
    auto tx = p.store->Write();
    tx->PutSetting("clock.simulated_now", "10000-01-01T00:00:00Z");
    tx->Commit();
  }
  EXPECT_THROW((void)ClockService::Persisted(*p.store), store::CorruptionError);
  EXPECT_THROW((void)p.service.Advance(admin_, 1), store::CorruptionError);
}

}  // namespace
}  // namespace seatshift::service
