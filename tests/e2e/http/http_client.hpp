#pragma once

// A small synchronous HTTP/1.1 client over one kept-alive connection to 127.0.0.1, for tests.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <map>
#include <string>

#include "http/contract_check.hpp"

namespace seatshift::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;

  boost::json::value Json() const { return boost::json::parse(body); }
  std::string Code() const {
    const auto v = Json();
    return v.is_object() && v.as_object().contains("code") ? std::string(v.at("code").as_string())
                                                           : "";
  }
  std::string Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::string token = "")
      : port_(port), token_(std::move(token)) {}

  void set_token(std::string token) { token_ = std::move(token); }

  HttpResult Send(boost::beast::http::verb method, const std::string& target,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    Connect();
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "127.0.0.1");
    if (!token_.empty()) request.set(http::field::authorization, "Bearer " + token_);
    if (!body.empty()) request.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    // A server may answer before reading the whole body (413) and close: the response still
    // arrives even when the rest of the write fails.
    // Asynchronous operations under a deadline, so that a server that never answers fails the
    // test (the read throws) instead of stalling the suite.
    stream_->expires_after(std::chrono::seconds(60));
    boost::beast::error_code write_error;
    http::async_write(*stream_, request,
                      [&](boost::beast::error_code ec, std::size_t) { write_error = ec; });
    RunToCompletion();
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(method == http::verb::head);  // its Content-Length is the GET body's
    boost::beast::error_code read_error;
    http::async_read(*stream_, buffer, parser,
                     [&](boost::beast::error_code ec, std::size_t) { read_error = ec; });
    RunToCompletion();
    if (read_error) {
      stream_.reset();
      throw boost::system::system_error(read_error, "reading the response");
    }
    auto response = parser.release();
    HttpResult result{static_cast<int>(response.result_int()), {}, response.body()};
    for (const auto& field : response) {
      result.headers[std::string(field.name_string())] = std::string(field.value());
    }
    if (!response.keep_alive()) stream_.reset();
    const auto sent_type = request.find(http::field::content_type);
    ContractChecker::Instance().Check(
        {.method = std::string(request.method_string()),
         .target = target,
         .request_content_type = sent_type == request.end() ? "" : std::string(sent_type->value()),
         .request_body = body,
         .status = result.status,
         .content_type = result.Header("Content-Type"),
         .body = result.body});
    return result;
  }

  HttpResult Get(const std::string& target,
                 const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::get, target, "", headers);
  }
  HttpResult Post(const std::string& target, const std::string& body,
                  const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::post, target, body, headers);
  }
  HttpResult Patch(const std::string& target, const std::string& body,
                   const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::patch, target, body, headers);
  }
  HttpResult Put(const std::string& target, const std::string& body,
                 const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::put, target, body, headers);
  }
  HttpResult Delete(const std::string& target,
                    const std::map<std::string, std::string>& headers = {}) {
    return Send(boost::beast::http::verb::delete_, target, "", headers);
  }

 private:
  void RunToCompletion() {
    io_.restart();
    io_.run();
  }

  void Connect() {
    if (stream_) return;
    stream_.emplace(io_);
    stream_->connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
  }

  unsigned short port_;
  std::string token_;
  boost::asio::io_context io_;
  std::optional<boost::beast::tcp_stream> stream_;
};

}  // namespace seatshift::testing
