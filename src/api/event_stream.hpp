#pragma once

// Responses whose body goes on after the head: Server-Sent Events (text/event-stream).
// A route that streams answers a Reply with the head and an EventStream; HttpServer sends the
// head, then asks the stream for more now and then and sends each answer as one chunk of a
// chunked body. The stream is polled, not pushed: no thread waits for it between polls, and
// shutdown or a client that went away end it at the next poll.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "api/http.hpp"

namespace seatshift::api {

//! The body of a streaming response, produced a piece at a time.
class EventStream {
 public:
  struct Chunk {
    std::string text;   //!< what to send now; empty: nothing new
    bool last = false;  //!< the body ends after `text`
  };
  virtual ~EventStream() = default;
  //! What to send now. Called on a worker thread (it may read the database), never twice at
  //! once: first as soon as the head is sent, then interval() after the previous chunk went out,
  //! until a chunk is last. Never throws.
  virtual Chunk Poll() = 0;
  virtual std::chrono::milliseconds interval() const = 0;
};

//! A route's answer: a whole response; or, for a streaming route, the head (status and headers:
//! no body and no Content-Length, the server frames it) with the stream that makes the body.
struct Reply {
  Reply() = default;
  //! A whole response. Implicit, so that a streaming route answers its errors as any route does.
  Reply(Response whole) : response(std::move(whole)) {}  // NOLINT(google-explicit-constructor)
  Reply(Response head, std::unique_ptr<EventStream> body)
      : response(std::move(head)), stream(std::move(body)) {}

  Response response;
  std::unique_ptr<EventStream> stream;  //!< null for a whole response
};

//! The head of an event stream: 200, text/event-stream, not to be cached or buffered.
Response EventStreamHead();

//! One event: "event: <name>\nid: <id>\ndata: <data>\n\n". REQUIRES: `data` is one line (no
//! CR or LF), as serialized JSON is.
std::string FormatEvent(std::string_view name, std::int64_t id, std::string_view data);

//! A comment: clients ignore it, proxies see traffic and keep an idle stream open.
inline constexpr std::string_view kKeepAliveComment = ": keep-alive\n\n";

}  // namespace seatshift::api
