#pragma once

// A webhook receiver on 127.0.0.1 for the tests: a real HTTP server (Boost.Beast, one thread,
// one connection at a time, as the dispatcher sends them) that records what it is sent, checks
// each delivery's signature, and can be told to answer 500, to hang until the sender gives up,
// or to close the connection without answering.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "service/webhook_delivery.hpp"

namespace seatshift::testing {

class WebhookReceiver {
 public:
  enum class Mode { kOk, kFail, kHang, kClose };

  struct Received {
    std::string signature;
    std::string body;
    boost::json::object envelope;
    std::string event_id;
  };

  WebhookReceiver() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~WebhookReceiver() {
    stopping_ = true;
    boost::system::error_code ignored;
    // Wakes the accept with a connection of our own.
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }

  std::string Url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
  }
  void SetMode(Mode mode) {
    std::lock_guard lock(mutex_);
    mode_ = mode;
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  //! Waits until `done(received())` holds (true) or `timeout` passes (false), woken by each
  //! delivery rather than polling.
  template <typename Done>
  bool WaitUntil(Done done, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return done(received_); });
  }
  //! Connections that ended without a 2xx (failed, hung or closed on purpose).
  int refused() {
    std::lock_guard lock(mutex_);
    return refused_;
  }

 private:
  void Serve() {
    namespace http = boost::beast::http;
    while (!stopping_) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      Mode mode;
      {
        std::lock_guard lock(mutex_);
        mode = mode_;
      }
      if (mode == Mode::kClose) {
        socket.close(ec);
        std::lock_guard lock(mutex_);
        ++refused_;
        continue;
      }
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      if (mode == Mode::kHang) {
        // Never answers: waits until the sender gives up and closes its end.
        char byte;
        boost::asio::read(socket, boost::asio::buffer(&byte, 1), ec);
        std::lock_guard lock(mutex_);
        ++refused_;
        continue;
      }
      http::response<http::string_body> response{
          mode == Mode::kOk ? http::status::ok : http::status::internal_server_error, 11};
      response.body() = mode == Mode::kOk ? "thanks" : "down for maintenance";
      response.prepare_payload();
      http::write(socket, response, ec);
      std::lock_guard lock(mutex_);
      if (mode != Mode::kOk) {
        ++refused_;
        continue;
      }
      Received r{.signature = std::string(request[service::kSignatureHeader]),
                 .body = request.body(),
                 .envelope = boost::json::parse(request.body()).as_object(),
                 .event_id = std::string(request["Seatshift-Event-Id"])};
      received_.push_back(std::move(r));
      arrived_.notify_all();
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  Mode mode_ = Mode::kOk;           // GUARDED_BY(mutex_)
  std::vector<Received> received_;  // GUARDED_BY(mutex_)
  int refused_ = 0;                 // GUARDED_BY(mutex_)
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

}  // namespace seatshift::testing
