#pragma once

// The files HTTP tests upload: the illustrative Partner Center files the demo loads too
// (data/prices/) and the tests' malformed ones (tests/fixtures/prices/).

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace seatshift::testing {

inline std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

//! data/prices/`name`, or, for names starting "broken-", tests/fixtures/prices/ without it.
inline std::string Fixture(const std::string& name) {
  if (name.starts_with("broken-")) {
    return ReadWhole(std::string(SEATSHIFT_FIXTURES_DIR) + "/prices/" + name.substr(7));
  }
  return ReadWhole(std::string(SEATSHIFT_DATA_DIR) + "/prices/" + name);
}

inline const std::map<std::string, std::string> kCsv{{"Content-Type", "text/csv"}};

}  // namespace seatshift::testing
