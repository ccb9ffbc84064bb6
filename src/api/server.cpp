#include "api/server.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>

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

constexpr std::chrono::milliseconds kFirstBackoff{10};
constexpr std::chrono::milliseconds kMaxBackoff{1000};
//! How long a refused connection is drained before it closes (see Session::Linger).
constexpr std::chrono::seconds kLinger{2};
//! The routes whose body may be larger than ServerOptions::body_limit: Partner Center's files.
constexpr std::array<std::string_view, 2> kImportTargets{"/v1/prices/imports",
                                                         "/v1/catalog/offermatrix/imports"};

bool IsImportTarget(std::string_view target) {
  return std::any_of(kImportTargets.begin(), kImportTargets.end(),
                     [&](std::string_view route) { return target.starts_with(route); });
}

//! Accept failures that retrying at once cannot fix: the process or the system is out of
//! descriptors or memory, and the pending connection keeps the listening socket readable.
bool OutOfResources(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == beast::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

//! Parse errors in a request's line, headers or body framing: the bytes came, they are not
//! HTTP, and the connection can still carry an answer.
bool Malformed(const beast::error_code& ec) {
  switch (static_cast<http::error>(ec.value())) {
    case http::error::bad_line_ending:
    case http::error::bad_method:
    case http::error::bad_target:
    case http::error::bad_version:
    case http::error::bad_field:
    case http::error::bad_value:
    case http::error::bad_content_length:
    case http::error::bad_transfer_encoding:
    case http::error::bad_chunk:
    case http::error::bad_chunk_extension:
    case http::error::bad_obs_fold:
    case http::error::multiple_content_length:
      return ec.category() == beast::error_code(http::error::bad_method).category();
    default:
      return false;
  }
}

}  // namespace

std::size_t DefaultMaxConnections(std::uint64_t descriptor_limit, unsigned worker_threads) {
  const std::uint64_t database_connections = std::uint64_t{worker_threads} + 2;
  const std::uint64_t reserve = 32 + 2 * database_connections;
  if (descriptor_limit <= reserve) return 1;
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(descriptor_limit - reserve, std::numeric_limits<std::size_t>::max()));
}

std::size_t DefaultMaxConnections(unsigned worker_threads) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return DefaultMaxConnections(std::uint64_t{1} << 20, worker_threads);
  }
  return DefaultMaxConnections(limit.rlim_cur, worker_threads);
}

//! One connection: reads a request, hands it to the worker pool, writes the answer, repeats
//! while the client keeps the connection alive. Owned by its pending asynchronous operations.
class HttpServer::Session : public std::enable_shared_from_this<HttpServer::Session> {
 public:
  Session(HttpServer& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {}
  ~Session() { server_.ConnectionClosed(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    body_limit_ = server_.options_.body_limit;
    parser_->body_limit(body_limit_);
    stream_.expires_after(first_request_ ? server_.options_.request_timeout
                                         : server_.options_.idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  //! A client that sent `Expect: 100-continue` waits for "100 Continue" before its body (curl
  //! a second, others longer): say it at once. A request refused on its header alone (too large
  //! a Content-Length, malformed) gets its final answer instead, as RFC 9110 allows.
  void OnHeader(beast::error_code ec) {
    if (ec || parser_->is_done()) return OnRead(ec);
    if (IsImportTarget(parser_->get().target())) {
      body_limit_ = server_.options_.import_body_limit;
      parser_->body_limit(body_limit_);
    }
    const auto expect = parser_->get().find(http::field::expect);
    if (expect == parser_->get().end() ||
        !beast::iequals(expect->value(), std::string_view("100-continue"))) {
      return ReadBody();
    }
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code write_error, std::size_t) {
                        if (write_error) return self->Close();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    first_request_ = false;
    if (ec == http::error::body_limit)
      return Refuse(Error(ErrorCode::kPayloadTooLarge,
                          fmt::format("the body is larger than {} MiB", body_limit_ >> 20)),
                    http::status::payload_too_large);
    if (ec == http::error::header_limit)
      return Refuse(Error(ErrorCode::kBadRequest, "the request headers are too large"),
                    http::status::request_header_fields_too_large);
    if (Malformed(ec))
      return Refuse(Error(ErrorCode::kBadRequest,
                          fmt::format("the request is not valid HTTP/1.1: {}", ec.message())),
                    http::status::bad_request);
    if (ec) return Close();
    ++server_.in_flight_;
    request_ = parser_->release();
    // Handlers touch the database: run them on the worker pool, answer on this connection.
    asio::post(server_.workers_, [self = shared_from_this()] {
      auto reply = std::make_shared<Reply>(self->server_.api_.Serve(self->request_));
      asio::post(self->stream_.get_executor(), [self, reply] {
        if (reply->stream) return self->StartStream(std::move(*reply));
        self->Write(std::move(reply->response));
      });
    });
  }

  void Refuse(const Error& error, http::status status) {
    Response response = ErrorResponse(error);
    response.result(status);
    response.keep_alive(false);
    linger_ = true;
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
    if (!ec && linger_) return Linger();
    if (ec || !response_.keep_alive()) return Close();
    Read();
  }

  //! After refusing a request not read to its end: closing with unread bytes would reset the
  //! connection and could destroy the answer before the client reads it, so stop sending and
  //! discard what still comes until the client closes (or kLinger passes).
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLinger);
    stream_.async_read_some(asio::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->stream_.close();
                              self->Linger();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  // An event stream: the head, then one chunk per Poll that has something to say, until the
  // stream's last chunk, the client leaving, a write that does not finish within
  // request_timeout, or the server stopping; then the terminating chunk and the connection
  // closes (it counts as in flight until then, so Shutdown waits for that, never longer than
  // one interval plus the write in progress). Between polls only a timer waits: no thread is
  // held, and the next Poll runs on the worker pool. Everything here runs on the connection's
  // strand.

  void StartStream(Reply reply) {
    events_ = std::move(reply.stream);
    head_.emplace(std::move(reply.response.base()));
    head_->chunked(true);
    // The connection ends with the stream: an EventSource reconnects on a new one anyway.
    head_->keep_alive(false);
    head_serializer_.emplace(*head_);
    stream_.expires_after(server_.options_.request_timeout);
    http::async_write_header(stream_, *head_serializer_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->CloseStream();
                               self->WatchForHangUp();
                               self->PollStream();
                             });
  }

  //! A stream's request was read whole and the client sends nothing more: a read that ends
  //! means it hung up, which ends the polling now rather than at the next failed write.
  //! The socket is read directly, beside Beast's timeouts: only writes have a deadline.
  void WatchForHangUp() {
    stream_.socket().async_read_some(
        asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (!ec) return self->WatchForHangUp();
          self->hung_up_ = true;
          self->poll_timer_.cancel();
        });
  }

  void PollStream() {
    if (hung_up_ || server_.stopping_) return EndStream();
    asio::post(server_.workers_, [self = shared_from_this()] {
      auto chunk = std::make_shared<EventStream::Chunk>(self->events_->Poll());
      asio::post(self->stream_.get_executor(), [self, chunk] { self->SendChunk(*chunk); });
    });
  }

  void SendChunk(EventStream::Chunk& chunk) {
    if (hung_up_) return EndStream();
    if (chunk.text.empty()) return chunk.last ? EndStream() : AwaitNextPoll();
    chunk_text_ = std::move(chunk.text);
    const bool last = chunk.last;
    stream_.expires_after(server_.options_.request_timeout);
    asio::async_write(stream_, http::make_chunk(asio::buffer(chunk_text_)),
                      [self = shared_from_this(), last](beast::error_code ec, std::size_t) {
                        if (ec) return self->CloseStream();  // no point in a last chunk
                        if (last) return self->EndStream();
                        self->AwaitNextPoll();
                      });
  }

  void AwaitNextPoll() {
    if (hung_up_ || server_.stopping_) return EndStream();
    poll_timer_.expires_after(events_->interval());
    poll_timer_.async_wait([self = shared_from_this()](beast::error_code) { self->PollStream(); });
  }

  //! The terminating chunk (unless the client is gone), then the connection closes.
  void EndStream() {
    if (hung_up_) return CloseStream();
    stream_.expires_after(server_.options_.request_timeout);
    asio::async_write(
        stream_, http::make_chunk_last(),
        [self = shared_from_this()](beast::error_code, std::size_t) { self->CloseStream(); });
  }

  void CloseStream() {
    // The stream writes its access-log line as it is destroyed: not on an I/O thread.
    asio::post(server_.workers_, [events = std::shared_ptr<EventStream>(std::move(events_))] {});
    --server_.in_flight_;
    Close();
  }

  HttpServer& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  Response response_;
  bool first_request_ = true;
  std::size_t body_limit_ = 0;  // of the request being read
  bool linger_ = false;         // the last answer refused a request: drain, then close
  std::array<char, 4096> discard_;
  // An event stream's state (StartStream); null/empty otherwise.
  std::unique_ptr<EventStream> events_;
  std::optional<http::response<http::empty_body>> head_;
  std::optional<http::response_serializer<http::empty_body>> head_serializer_;
  asio::steady_timer poll_timer_{stream_.get_executor()};
  std::string chunk_text_;  // the chunk being written
  bool hung_up_ = false;    // the client closed its side (or the connection broke)
};

HttpServer::HttpServer(Api& api, ServerOptions options)
    : api_(api),
      options_(options),
      max_connections_(options.max_connections > 0
                           ? options.max_connections
                           : DefaultMaxConnections(OrDefault(options.worker_threads, 8))),
      io_(static_cast<int>(OrDefault(options.io_threads, 1))),
      accept_strand_(asio::make_strand(io_)),
      acceptor_(accept_strand_),
      backoff_timer_(accept_strand_),
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
    if (stopping_ || ec == asio::error::operation_aborted) return;
    if (OutOfResources(ec)) return BackOff(ec);
    if (!ec) {
      if (backoff_delay_.count() > 0) {
        std::fprintf(stderr, "seatshift: accepting connections again after %zu failed attempts\n",
                     backoff_attempts_);
        std::fflush(stderr);
        backoff_delay_ = std::chrono::milliseconds(0);
      }
      ++connections_;
      std::make_shared<Session>(*this, std::move(socket))->Start();
      if (connections_ >= max_connections_) {
        accept_paused_ = true;  // the backlog holds the next clients until one closes
        return;
      }
    }
    Accept();
  });
}

void HttpServer::BackOff(const boost::system::error_code& error) {
  if (backoff_delay_.count() == 0) {
    // Once per episode: the log must not grow with every attempt.
    std::fprintf(stderr,
                 "seatshift: cannot accept connections (%s) with %zu open; retrying after a "
                 "growing delay or when one closes\n",
                 error.message().c_str(), connections_.load());
    std::fflush(stderr);
    backoff_delay_ = kFirstBackoff;
    backoff_attempts_ = 0;
  } else {
    backoff_delay_ = std::min(backoff_delay_ * 2, kMaxBackoff);
  }
  ++backoff_attempts_;
  backing_off_ = true;
  backoff_timer_.expires_after(backoff_delay_);
  backoff_timer_.async_wait([this](beast::error_code) {
    backing_off_ = false;
    if (!stopping_) Accept();
  });
}

void HttpServer::ConnectionClosed() {
  --connections_;
  if (!stopping_) asio::post(accept_strand_, [this] { ResumeAccepting(); });
}

void HttpServer::ResumeAccepting() {
  if (stopping_) return;
  if (backing_off_) {
    backoff_timer_.cancel();  // a descriptor was just freed: try now
  } else if (accept_paused_ && connections_ < max_connections_) {
    accept_paused_ = false;
    Accept();
  }
}

void HttpServer::Shutdown() {
  if (stopping_.exchange(true)) return;
  asio::post(accept_strand_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    backoff_timer_.cancel();
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
