#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/result.hpp"

namespace seatshift::cli {

//! A table for people: a header row and aligned columns, printed to stdout.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

//! Minor units as "-12.34 USD".
std::string FormatMoney(std::int64_t minor_units, const std::string& currency);

//! The whole file at `path`, as bytes; kNotFound when it cannot be opened.
Result<std::string> ReadFile(const std::string& path);

//! Pretty JSON on stdout, for scripts (`--json`).
void PrintJson(const boost::json::value& value);

//! The API's collection shape, so scripts read the same thing from the CLI and the API.
boost::json::object Collection(boost::json::array items, std::int64_t total,
                               const std::string& continuation_token);

//! The one line a failed command prints on stderr.
void PrintError(const Error& error);

//! A progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs).
class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  //! Redraws when the percentage changes, or when `detail` (shown after the counts) changes
  //! and the last drawing is at least a tenth of a second old.
  void Update(std::size_t done, std::size_t total, const std::string& detail = "");

 private:
  std::string label_;
  bool enabled_;
  int last_percent_ = -1;
  std::string last_detail_;
  std::chrono::steady_clock::time_point last_drawn_;
};

//! A duration for people: "42s", "3m05s", "2h07m".
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace seatshift::cli
