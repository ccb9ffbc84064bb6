#pragma once

// A real `seatshift serve` process for tests: started on 127.0.0.1:0 over a database file, its
// stderr read for the port it bound (and for later lines, see WaitForLine).

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>
#include <string>
#include <vector>

extern char** environ;

namespace seatshift::testing {

//! Runs the seatshift binary and returns its stdout (for one-shot commands).
inline std::string RunCli(const std::string& args) {
  std::FILE* pipe =
      popen((std::string(SEATSHIFT_BINARY) + " " + args + " 2>/dev/null").c_str(), "r");
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

struct ServerProcessOptions {
  std::vector<std::string> extra_args;  //!< after `serve --listen 127.0.0.1:0`
  std::string access_log = "none";
  //! The soft and hard descriptor limit of the process (`ulimit -n` in a shell that then execs
  //! the server, so the process id stays the server's).
  std::optional<unsigned> descriptor_limit;
  //! The program to run; empty: the build's own (SEATSHIFT_BINARY).
  std::string binary;
};

class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db, std::vector<std::string> extra_args = {})
      : ServerProcess(db, ServerProcessOptions{.extra_args = std::move(extra_args)}) {}

  ServerProcess(const std::string& db, const ServerProcessOptions& options) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    // Nothing else of the test process's: under CTest it holds descriptors a server started
    // with a descriptor limit would otherwise start short of, by a count that varies.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::vector<std::string> args;
    if (options.descriptor_limit) {
      args = {"/bin/sh", "-c",
              "ulimit -n " + std::to_string(*options.descriptor_limit) + " && exec \"$0\" \"$@\""};
    }
    const std::string binary = options.binary.empty() ? SEATSHIFT_BINARY : options.binary;
    for (std::string a :
         {binary, std::string("--db"), db, std::string("serve"), std::string("--listen"),
          std::string("127.0.0.1:0"), std::string("--access-log"), options.access_log}) {
      args.push_back(std::move(a));
    }
    args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stderr_fd_ = fds[0];
    const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    if (const auto line = WaitForLine("listening on", std::chrono::seconds(60))) {
      std::smatch m;
      if (std::regex_search(*line, m, listening)) {
        port_ = static_cast<unsigned short>(std::stoi(m[1]));
      }
    }
  }
  ~ServerProcess() {
    if (pid_ > 0 && !exited_) Kill();
    if (stderr_fd_ >= 0) close(stderr_fd_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  void Terminate() { kill(pid_, SIGTERM); }
  //! SIGKILL, as a crash: nothing the process buffered survives.
  void Kill() {
    kill(pid_, SIGKILL);
    Wait();
  }
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  //! The next stderr line containing `text`, or nullopt when none comes within `timeout` (or
  //! stderr closes). Lines before it are dropped.
  std::optional<std::string> WaitForLine(const std::string& text,
                                         std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      for (auto eol = pending_.find('\n'); eol != std::string::npos; eol = pending_.find('\n')) {
        std::string line = pending_.substr(0, eol);
        output_.append(pending_, 0, eol + 1);
        pending_.erase(0, eol + 1);
        if (line.find(text) != std::string::npos) return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{stderr_fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
      if (n <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  //! Waits until every one of `texts` has appeared in a stderr line, in any order (lines already
  //! passed over by WaitForLine count). False when one is still missing after `timeout`.
  bool WaitForLines(std::vector<std::string> texts, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto seen = [this](const std::string& text) {
      return output_.find(text) != std::string::npos;
    };
    std::erase_if(texts, seen);
    while (!texts.empty()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (!WaitForLine(texts.front(), left)) return false;
      std::erase_if(texts, seen);
    }
    return true;
  }

  //! Everything the server wrote to stderr so far, the lines WaitForLine passed over included:
  //! for failure messages (a server that died says why there).
  std::string Output() {
    char buffer[4096];
    for (pollfd p{stderr_fd_, POLLIN, 0}; poll(&p, 1, 0) > 0; p.revents = 0) {
      const ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
      if (n <= 0) break;
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
    return output_ + pending_;
  }

 private:
  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  std::string pending_;  //!< read, not yet passed over by WaitForLine
  std::string output_;   //!< passed over by WaitForLine
  unsigned short port_ = 0;
  bool exited_ = false;
};

}  // namespace seatshift::testing
