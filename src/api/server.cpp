#include "api/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>

#include "api/responses.hpp"

namespace seatshift::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

unsigned OrDefault(unsigned value, unsigned per_core) {
  if (value > 0) return value;
  return std::max(1u, std::thread::hardware_concurrency()) * per_core;
}

}  // namespace

//! One connection: reads a request, hands it to the worker pool, writes the answer, repeats
//! while the client keeps the connection alive. Owned by its pending asynchronous operations.
class HttpServer::Session : public std::enable_shared_from_this<HttpServer::Session> {
 public:
  Session(HttpServer& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    stream_.expires_after(first_request_ ? server_.options_.request_timeout
                                         : server_.options_.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    first_request_ = false;
    if (ec == http::error::body_limit)
      return Refuse(Error(ErrorCode::kPayloadTooLarge, "the body is larger than 1 MiB"),
                    http::status::payload_too_large);
    if (ec == http::error::header_limit)
      return Refuse(Error(ErrorCode::kBadRequest, "the request headers are too large"),
                    http::status::request_header_fields_too_large);
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec) return Close();
    ++server_.in_flight_;
    request_ = parser_->release();
    // Handlers touch the database: run them on the worker pool, answer on this connection.
    asio::post(server_.workers_, [self = shared_from_this()] {
      Response response = self->server_.api_.Handle(self->request_);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Write(std::move(response));
      });
    });
  }

  void Refuse(const Error& error, http::status status) {
    Response response = ErrorResponse(error);
    response.result(status);
    response.keep_alive(false);
    ++server_.in_flight_;
    Write(std::move(response));
  }

  void Write(Response response) {
    if (server_.stopping_) response.keep_alive(false);
    response_ = std::move(response);
    stream_.expires_after(server_.options_.request_timeout);
    http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    --server_.in_flight_;
    if (ec || !response_.keep_alive()) return Close();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  HttpServer& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  Response response_;
  bool first_request_ = true;
};

HttpServer::HttpServer(Api& api, ServerOptions options)
    : api_(api),
      options_(options),
      io_(static_cast<int>(OrDefault(options.io_threads, 1))),
      acceptor_(io_),
      workers_(OrDefault(options.worker_threads, 8)) {}

HttpServer::~HttpServer() {
  Shutdown();
  Wait();
}

void HttpServer::Start() {
  const tcp::endpoint endpoint(asio::ip::make_address(options_.address), options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  Accept();
  for (unsigned i = 0; i < OrDefault(options_.io_threads, 1); ++i) {
    io_threads_.emplace_back([this] { io_.run(); });
  }
}

void HttpServer::ShutdownOnSignals() {
  signals_ = std::make_unique<asio::signal_set>(io_, SIGTERM, SIGINT);
  signals_->async_wait([this](beast::error_code ec, int) {
    if (!ec) Shutdown();
  });
}

void HttpServer::Accept() {
  acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping_) return;
    } else {
      std::make_shared<Session>(*this, std::move(socket))->Start();
    }
    Accept();
  });
}

void HttpServer::Shutdown() {
  if (stopping_.exchange(true)) return;
  asio::post(io_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    if (signals_) signals_->cancel();
    StopWhenDrained();
  });
}

void HttpServer::StopWhenDrained() {
  if (in_flight_ == 0) {
    io_.stop();  // idle kept-alive connections close with their sessions
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(5));
  timer->async_wait([this, timer](beast::error_code) { StopWhenDrained(); });
}

void HttpServer::Wait() {
  for (std::thread& t : io_threads_) {
    if (t.joinable()) t.join();
  }
  io_threads_.clear();
  workers_.join();
}

}  // namespace seatshift::api
