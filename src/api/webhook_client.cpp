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

//! Sends `request` on `stream` (a tcp_stream or an SSL stream over one) and reads the answer's
//! head and at most `max_body` of its body, each step bounded by `deadline`.
template <typename Stream, typename SetDeadline>
service::PostOutcome Exchange(Stream& stream, SetDeadline&& set_deadline,
                              http::request<http::string_body>& request, std::size_t max_body) {
  service::PostOutcome out;
  set_deadline();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(max_body);
  set_deadline();
  http::read_header(stream, buffer, parser);
  out.status = static_cast<int>(parser.get().result_int());
  beast::error_code ec;
  http::read(stream, buffer, parser, ec);  // a body too large or cut short keeps the status
  out.excerpt = Printable(std::string_view(parser.get().body()).substr(0, 512));
  return out;
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
    const auto results = resolver.resolve(target.host, std::to_string(target.port));
    std::vector<tcp::endpoint> allowed;
    for (const auto& entry : results) {
      if (IsOwn(entry.endpoint())) {
        out.error = "refused: the URL points at this server's own address";
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
    const auto remaining = [&] {
      return std::max(Clock::duration::zero(), deadline - Clock::now());
    };
    if (target.scheme == "https") {
      asio::ssl::context tls(asio::ssl::context::tls_client);
      tls.set_default_verify_paths();
      tls.set_verify_mode(asio::ssl::verify_peer);
      beast::ssl_stream<beast::tcp_stream> stream(io, tls);
      if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
        out.error = "TLS: cannot name the host (SNI)";
        return finish(out);
      }
      stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
      auto set_deadline = [&] { beast::get_lowest_layer(stream).expires_after(remaining()); };
      set_deadline();
      beast::get_lowest_layer(stream).connect(allowed);
      set_deadline();
      stream.handshake(asio::ssl::stream_base::client);
      auto result = Exchange(stream, set_deadline, request, options_.max_response_body);
      beast::error_code ignored;
      beast::get_lowest_layer(stream).socket().close(ignored);
      return finish(std::move(result));
    }
    beast::tcp_stream stream(io);
    auto set_deadline = [&] { stream.expires_after(remaining()); };
    set_deadline();
    stream.connect(allowed);
    auto result = Exchange(stream, set_deadline, request, options_.max_response_body);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return finish(std::move(result));
  } catch (const boost::system::system_error& e) {
    out.status.reset();
    out.error = e.code() == beast::error::timeout
                    ? fmt::format("timed out after {} ms", options_.timeout.count())
                    : e.code().message();
  } catch (const std::exception& e) {
    out.status.reset();
    out.error = e.what();
  }
  return finish(out);
}

}  // namespace seatshift::api
