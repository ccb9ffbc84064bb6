#pragma once

// The network side of webhook deliveries: one HTTP(S) POST with Boost.Beast, bounded in time
// (one deadline for resolving, connecting, sending and reading the answer) and in size (the
// answer's head and body), following no redirect. It refuses a URL that resolves to this
// server's own listening address (a webhook must not call the API that serves it), and to
// link-local (cloud metadata services) or multicast addresses.

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/webhook_delivery.hpp"

namespace seatshift::api {

struct WebhookClientOptions {
  std::chrono::milliseconds timeout{10'000};
  //! The most of an answer's body read (the rest is not waited for).
  std::size_t max_response_body = 64 * 1024;
  //! This server's listening address, refused as a target (port 0: none known).
  std::optional<boost::asio::ip::tcp::endpoint> own_endpoint;
};

class WebhookClient final : public service::WebhookTransport {
 public:
  explicit WebhookClient(WebhookClientOptions options) : options_(std::move(options)) {}
  //! Set once the server listens (its port may have been chosen by the system).
  void SetOwnEndpoint(boost::asio::ip::tcp::endpoint own) { options_.own_endpoint = own; }

  service::PostOutcome Post(const std::string& url,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body) override;

 private:
  //! Whether `target` is this server's own listening address.
  bool IsOwn(const boost::asio::ip::tcp::endpoint& target) const;

  WebhookClientOptions options_;
};

}  // namespace seatshift::api
