#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/api.hpp"

namespace seatshift::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  //!< 0: any free port (see HttpServer::port)
  unsigned io_threads = 0;     //!< 0: one per core
  //! Threads for handlers (database work); 0: eight per core. Most of them wait on a shared
  //! commit at a time, and the more writers wait together the more one commit carries.
  unsigned worker_threads = 0;
  std::size_t body_limit = 1 << 20;  //!< larger bodies get 413
  //! The routes importing Partner Center's files (the price list, the offer matrix: many
  //! megabytes) may send this much instead.
  std::size_t import_body_limit = 64 << 20;
  std::size_t header_limit = 16 << 10;       //!< larger header blocks get 431
  std::chrono::seconds request_timeout{30};  //!< to receive a whole request (slow clients)
  std::chrono::seconds idle_timeout{60};     //!< between requests on a kept-alive connection
  //! Connections open at once. At the cap the server stops accepting (new clients wait in the
  //! listen backlog) and resumes when one closes. 0: DefaultMaxConnections for this process.
  std::size_t max_connections = 0;
};

//! The connection cap for a descriptor limit: the limit minus what the process keeps open
//! besides connections — 32 (stdio, the access log, the listening socket, the event loop's
//! epoll/eventfd/timerfd, the signal pipe, SQLite's shared memory and temporary files) plus 2 per
//! database connection (the file and its WAL; one writer, one reader per worker thread, one
//! reader for the lifecycle scheduler) — and at least 1.
std::size_t DefaultMaxConnections(std::uint64_t descriptor_limit, unsigned worker_threads);
//! The same for this process's soft RLIMIT_NOFILE.
std::size_t DefaultMaxConnections(unsigned worker_threads);

//! HTTP/1.1 with keep-alive on Boost.Beast: I/O threads read and write, a separate pool runs the
//! Api (database work never blocks an I/O thread). Shutdown finishes in-flight requests before
//! it stops, so a SIGTERM loses no accepted write. A streaming answer (Reply::stream) is sent
//! as a chunked body, polled on the pool every interval() with only a timer waiting in between;
//! it holds its connection (the cap counts it) until it ends, and ends at its next poll when
//! the server stops or the client hangs up. request_timeout bounds each of its writes, not the
//! stream: a reader too slow to take one chunk in that time is disconnected.
class HttpServer {
 public:
  HttpServer(Api& api, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  //! Binds and starts serving. Throws boost::system::system_error when it cannot bind.
  void Start();
  //! The bound port (useful with port 0). REQUIRES: Start() returned.
  unsigned short port() const { return port_; }
  //! Stops accepting, lets in-flight requests finish and be answered, then stops. Safe to call
  //! from any thread, and more than once.
  void Shutdown();
  //! Blocks until the server has stopped (after Shutdown, or on SIGTERM/SIGINT when
  //! `handle_signals` was set in Start).
  void Wait();
  //! Calls Shutdown on SIGTERM or SIGINT.
  void ShutdownOnSignals();

  //! Requests being handled or answered now (for shutdown and tests); an event stream counts
  //! until it ends.
  std::size_t in_flight() const { return in_flight_.load(); }
  //! The connection cap in force (options.max_connections or its default).
  std::size_t max_connections() const { return max_connections_; }

 private:
  class Session;
  //! Accepting runs on accept_strand_: Accept, BackOff, ResumeAccepting and Shutdown's closing.
  void Accept();
  //! Out of descriptors or memory: retry after a growing delay instead of spinning on a
  //! listening socket that stays readable.
  void BackOff(const boost::system::error_code& error);
  //! A connection closed: accept again if the cap or a lack of descriptors had stopped it.
  void ResumeAccepting();
  //! Called by each Session as it is destroyed, on any thread.
  void ConnectionClosed();
  void StopWhenDrained();

  Api& api_;
  const ServerOptions options_;
  const std::size_t max_connections_;
  // Declared before io_ so they outlive the sessions io_ destroys with its pending handlers.
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> connections_{0};
  std::atomic<bool> stopping_{false};
  boost::asio::io_context io_;
  boost::asio::strand<boost::asio::io_context::executor_type> accept_strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_timer_;
  bool accept_paused_ = false;                  // at the cap; on accept_strand_
  bool backing_off_ = false;                    // the backoff timer is pending; on accept_strand_
  std::chrono::milliseconds backoff_delay_{0};  // 0: not in a backoff episode; on accept_strand_
  std::size_t backoff_attempts_ = 0;            // failed accepts in this episode; on accept_strand_
  boost::asio::thread_pool workers_;
  std::vector<std::thread> io_threads_;
  unsigned short port_ = 0;
  std::unique_ptr<boost::asio::signal_set> signals_;
};

}  // namespace seatshift::api
