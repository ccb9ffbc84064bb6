#include "api/webhook_client.hpp"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "codec/event_json.hpp"

namespace seatshift::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

//! Printable text for the log: control characters and invalid bytes become '?'.
std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = '?';
  }
  return out;
}

//! Runs one asynchronous step that `start` begins (given its completion handler) until it
//! completes or `deadline` passes; then `abandon` (closing the socket) ends it. Beast's and
//! Asio's synchronous calls cannot be timed, hence one step at a time on our own io_context.
template <typename Start, typename Abandon>
boost::system::error_code Step(asio::io_context& io, Clock::time_point deadline, Start&& start,
                               Abandon&& abandon) {
  std::optional<boost::system::error_code> result;
  start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run_until(deadline);
  if (result) return *result;
  abandon();
  io.restart();
  io.run();  // the step completes, cancelled
  return asio::error::timed_out;
}

//! Sends `request` on `stream` and reads the answer's head and at most `max_body` of its body.
template <typename Stream, typename Abandon>
service::PostOutcome Exchange(asio::io_context& io, Clock::time_point deadline, Stream& stream,
                              Abandon&& abandon, http::request<http::string_body>& request,
                              std::size_t max_body) {
  service::PostOutcome out;
  if (auto ec = Step(
          io, deadline, [&](auto done) { http::async_write(stream, request, done); }, abandon)) {
    throw boost::system::system_error(ec);
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(max_body);
  if (auto ec = Step(
          io, deadline, [&](auto done) { http::async_read_header(stream, buffer, parser, done); },
          abandon)) {
    throw boost::system::system_error(ec);
  }
  out.status = static_cast<int>(parser.get().result_int());
  // A body too large, cut short or too slow keeps the status: the head said what happened.
  Step(
      io, deadline, [&](auto done) { http::async_read(stream, buffer, parser, done); }, abandon);
  out.excerpt = Printable(std::string_view(parser.get().body()).substr(0, 512));
  return out;
}

bool IsLinkLocalOrMulticast(const asio::ip::address& a) {
  if (a.is_multicast() || a.is_unspecified()) return true;
  if (a.is_v4()) return (a.to_v4().to_uint() & 0xFFFF0000u) == 0xA9FE0000u;  // 169.254.0.0/16
  const asio::ip::address_v6 v6 = a.to_v6();
  if (v6.is_v4_mapped()) {
    return IsLinkLocalOrMulticast(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
  }
  return v6.is_link_local();
}

}  // namespace

bool WebhookClient::IsOwn(const tcp::endpoint& target) const {
  if (!options_.own_endpoint || options_.own_endpoint->port() == 0) return false;
  const tcp::endpoint& own = *options_.own_endpoint;
  if (target.port() != own.port()) return false;
  const asio::ip::address a = target.address();
  if (a == own.address()) return true;
  // A server on every address (0.0.0.0, ::) or on loopback is reached through loopback.
  return (own.address().is_unspecified() || own.address().is_loopback()) &&
         (a.is_loopback() || a.is_unspecified());
}

service::PostOutcome WebhookClient::Post(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
    const std::string& body) {
  const auto started = Clock::now();
  const auto deadline = started + options_.timeout;
  service::PostOutcome out;
  const auto finish = [&](service::PostOutcome result) {
    result.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return result;
  };
  auto parsed = codec::ParseWebhookUrl(url);
  if (!parsed) {
    out.error = parsed.error().message;
    return finish(out);
  }
  const codec::WebhookUrl& target = *parsed;
  try {
    asio::io_context io;
    tcp::resolver resolver(io);
    tcp::resolver::results_type results;
    if (auto ec = Step(
            io, deadline,
            [&](auto done) {
              resolver.async_resolve(target.host, std::to_string(target.port),
                                     [&results, done](boost::system::error_code e,
                                                      tcp::resolver::results_type found) mutable {
                                       results = std::move(found);
                                       done(e);
                                     });
            },
            [&] { resolver.cancel(); })) {
      throw boost::system::system_error(ec);
    }
    std::vector<tcp::endpoint> allowed;
    for (const auto& entry : results) {
      if (IsOwn(entry.endpoint())) {
        out.error = "refused: the URL points at this server's own address";
        return finish(out);
      }
      if (IsLinkLocalOrMulticast(entry.endpoint().address())) {
        // Cloud metadata services live at link-local addresses: never a webhook's receiver.
        out.error = "refused: the URL resolves to a link-local or multicast address";
        return finish(out);
      }
      allowed.push_back(entry.endpoint());
    }
    http::request<http::string_body> request{http::verb::post, target.target, 11};
    request.set(http::field::host, target.host);
    request.set(http::field::user_agent, "seatshift-webhooks/1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    const auto connect = [&](tcp::socket& socket) {
      if (auto ec = Step(
              io, deadline, [&](auto done) { asio::async_connect(socket, allowed, done); },
              [&] { socket.close(); })) {
        throw boost::system::system_error(ec);
      }
    };
    if (target.scheme == "https") {
      asio::ssl::context tls(asio::ssl::context::tls_client);
      tls.set_default_verify_paths();
      tls.set_verify_mode(asio::ssl::verify_peer);
      asio::ssl::stream<tcp::socket> stream(io, tls);
      if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
        out.error = "TLS: cannot name the host (SNI)";
        return finish(out);
      }
      stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
      const auto abandon = [&] { stream.lowest_layer().close(); };
      connect(stream.next_layer());
      if (auto ec = Step(
              io, deadline,
              [&](auto done) { stream.async_handshake(asio::ssl::stream_base::client, done); },
              abandon)) {
        throw boost::system::system_error(ec);
      }
      auto result = Exchange(io, deadline, stream, abandon, request, options_.max_response_body);
      boost::system::error_code ignored;
      stream.lowest_layer().close(ignored);
      return finish(std::move(result));
    }
    tcp::socket socket(io);
    connect(socket);
    auto result = Exchange(
        io, deadline, socket, [&] { socket.close(); }, request, options_.max_response_body);
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    return finish(std::move(result));
  } catch (const boost::system::system_error& e) {
    out.status.reset();
    out.error = e.code() == asio::error::timed_out
                    ? fmt::format("timed out after {} ms", options_.timeout.count())
                    : e.code().message();
  } catch (const std::exception& e) {
    out.status.reset();
    out.error = e.what();
  }
  return finish(out);
}

}  // namespace seatshift::api
