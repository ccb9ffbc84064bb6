#pragma once

// Runs the built seatshift binary (SEATSHIFT_BINARY) as scripts do: a real process on a
// database file in a fresh temporary directory, with its exit code, stdout and stderr.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace seatshift::e2e {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
  boost::json::value Json() const { return boost::json::parse(out); }
};

//! `arg` as one word for /bin/sh.
inline std::string Quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted.push_back(c);
    }
  }
  return quoted + "'";
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

//! A fixture with its own temporary directory, removed with everything in it afterwards.
class CliFixture : public ::testing::Test {
 protected:
  CliFixture() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "seatshift-cli-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  ~CliFixture() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  //! Runs `seatshift --db <temp db> --now <fixed> args...`.
  Outcome Run(const std::vector<std::string>& args, const std::string& db = "seatshift.db") {
    return RunAt("2026-11-25T09:00:00Z", args, db);
  }

  //! Runs `seatshift --db <temp db> [--now <now>] args...` (no --now when `now` is empty).
  Outcome RunAt(const std::string& now, const std::vector<std::string>& args,
                const std::string& db = "seatshift.db") {
    std::vector<std::string> words{"--db", Path(db)};
    if (!now.empty()) words.insert(words.end(), {"--now", now});
    words.insert(words.end(), args.begin(), args.end());
    return RunExactly(words);
  }

  //! Runs `seatshift --db <temp db> args...` with `input` on its standard input.
  Outcome RunWithInput(const std::vector<std::string>& args, const std::string& input) {
    std::ofstream(Path("stdin")) << input;
    std::vector<std::string> words{"--db", Path("seatshift.db")};
    words.insert(words.end(), args.begin(), args.end());
    return RunExactly(words, Path("stdin"));
  }

  //! Runs `seatshift args...` with nothing added (the caller places --db itself).
  Outcome RunExactly(const std::vector<std::string>& args,
                     const std::string& stdin_file = "/dev/null") {
    std::string command = Quote(SEATSHIFT_BINARY);
    for (const auto& a : args) command += " " + Quote(a);
    command +=
        " >" + Quote(Path("stdout")) + " 2>" + Quote(Path("stderr")) + " <" + Quote(stdin_file);
    const int status = std::system(command.c_str());
    Outcome outcome;
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome.out = Slurp(Path("stdout"));
    outcome.err = Slurp(Path("stderr"));
    return outcome;
  }

  //! A failed command prints exactly one line on stderr and nothing that looks like a crash.
  static void ExpectOneLineError(const Outcome& o, const std::string& mentions) {
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_NE(o.err.find(mentions), std::string::npos) << o.err;
    EXPECT_EQ(o.err.find("terminate"), std::string::npos) << o.err;
  }

  std::filesystem::path dir_;
};

}  // namespace seatshift::e2e
