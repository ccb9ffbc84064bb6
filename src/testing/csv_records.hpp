#pragma once

// The records of a CSV document as a spreadsheet would read the file (the project's own libcsv
// reader), for tests of CSV exports.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "codec/csv_reader.hpp"

namespace seatshift::testing {

inline std::vector<std::vector<std::string>> CsvRecords(const std::string& csv) {
  std::istringstream in(csv);
  std::vector<std::vector<std::string>> rows;
  EXPECT_TRUE(codec::ReadCsv(in, "export", [&rows](const codec::CsvRecord& r) {
                rows.push_back(r.fields);
                return OkStatus();
              }).ok());
  return rows;
}

}  // namespace seatshift::testing
