#include "api/server.hpp"

#include <gtest/gtest.h>

namespace seatshift::api {
namespace {

TEST(DefaultMaxConnectionsTest, LeavesAReserveForTheDatabaseTheLogAndTheEventLoop) {
  // 32 for the process, 2 per database connection: 8 workers + a writer + the scheduler.
  EXPECT_EQ(DefaultMaxConnections(1024, 8), 1024u - 32 - 2 * 10);
  EXPECT_EQ(DefaultMaxConnections(1 << 20, 16), (1u << 20) - 32 - 2 * 18);
  EXPECT_EQ(DefaultMaxConnections(64, 16), 1u) << "never zero: the server must serve someone";
}

}  // namespace
}  // namespace seatshift::api
