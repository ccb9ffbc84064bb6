#pragma once

// Every answer the HTTP tests receive, held against api-spec/openapi.json: each exchange goes to
// the suite's contract checker (tests/e2e/contract_checker.sh, started by CTest as a fixture of
// these tests), and each violation it finds fails the running test, naming the operation, the
// status and the JSON path. Run outside CTest, with no checker listening, nothing is checked.

#include <gtest/gtest.h>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace seatshift::testing {

struct ContractExchange {
  std::string method;
  std::string target;
  std::string request_content_type;
  std::string request_body;
  int status = 0;
  std::string content_type;
  std::string body;
};

class ContractChecker {
 public:
  //! The checker of this test process: one connection, shared by the threads of a test.
  static ContractChecker& Instance() {
    static ContractChecker checker;
    return checker;
  }

  void Check(const ContractExchange& exchange) {
    std::lock_guard lock(mutex_);
    if (!Connected()) return;
    boost::json::object line{{"method", exchange.method},
                             {"target", exchange.target},
                             {"requestContentType", exchange.request_content_type},
                             {"requestBody", exchange.request_body},
                             {"status", exchange.status},
                             {"contentType", exchange.content_type},
                             {"body", exchange.body}};
    boost::system::error_code ec;
    boost::asio::write(*socket_, boost::asio::buffer(boost::json::serialize(line) + "\n"), ec);
    std::size_t size =
        ec ? 0 : boost::asio::read_until(*socket_, boost::asio::dynamic_buffer(buffer_), '\n', ec);
    if (ec) {
      ADD_FAILURE() << "contract checker at " << kSocket << ": " << ec.message();
      socket_.reset();
      return;
    }
    const std::string answer = buffer_.substr(0, size);
    buffer_.erase(0, size);
    const auto verdict = boost::json::parse(answer);
    for (const auto& violation : verdict.at("violations").as_array()) {
      ADD_FAILURE() << "contract: " << violation.as_string().c_str();
    }
  }

 private:
  static constexpr const char* kSocket = SEATSHIFT_CONTRACT_SOCKET;

  bool Connected() {
    if (socket_) return true;
    if (given_up_) return false;
    if (!std::filesystem::exists(kSocket)) {
      given_up_ = true;  // not under CTest: nothing to ask
      return false;
    }
    socket_.emplace(io_);
    boost::system::error_code ec;
    socket_->connect(boost::asio::local::stream_protocol::endpoint(kSocket), ec);
    if (ec) {
      ADD_FAILURE() << "contract checker at " << kSocket << " unreachable: " << ec.message();
      socket_.reset();
      return false;
    }
    return true;
  }

  std::mutex mutex_;
  boost::asio::io_context io_;
  std::optional<boost::asio::local::stream_protocol::socket> socket_;
  std::string buffer_;
  bool given_up_ = false;
};

}  // namespace seatshift::testing
