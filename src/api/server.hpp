#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
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
  std::size_t body_limit = 1 << 20;          //!< larger bodies get 413
  std::size_t header_limit = 16 << 10;       //!< larger header blocks get 431
  std::chrono::seconds request_timeout{30};  //!< to receive a whole request (slow clients)
  std::chrono::seconds idle_timeout{60};     //!< between requests on a kept-alive connection
};

//! HTTP/1.1 with keep-alive on Boost.Beast: I/O threads read and write, a separate pool runs the
//! Api (database work never blocks an I/O thread). Shutdown finishes in-flight requests before
//! it stops, so a SIGTERM loses no accepted write.
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

  //! Requests being handled or answered now (for shutdown and tests).
  std::size_t in_flight() const { return in_flight_.load(); }

 private:
  class Session;
  void Accept();
  void StopWhenDrained();

  Api& api_;
  const ServerOptions options_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::thread_pool workers_;
  std::vector<std::thread> io_threads_;
  unsigned short port_ = 0;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<bool> stopping_{false};
  std::unique_ptr<boost::asio::signal_set> signals_;
};

}  // namespace seatshift::api
