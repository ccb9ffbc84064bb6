// GET /v1/migrations/{id}/events over the real server with its migration runner: a run followed
// from its first event to `end`, a pause that keeps the stream open (with keep-alive comments)
// until resume, the refusals before anything streams, and the server's side of a stream: HEAD,
// a client hanging up, Shutdown with streams open.
#include <fmt/format.h>

#include <future>
#include <optional>
#include <vector>

#include "api_fixture.hpp"
#include "raw_socket.hpp"

namespace seatshift::testing {
namespace {

namespace http = boost::beast::http;

constexpr int kFleet = 3;
constexpr int kUsersEach = 3;
constexpr auto kPatience = std::chrono::seconds(60);

//! One Server-Sent Event, or a comment (`comment` set, the rest empty).
struct Event {
  std::string name;
  std::string id;
  std::string data;
  std::string comment;
  std::optional<std::string> retry;

  boost::json::value Json() const { return boost::json::parse(data); }
  std::string Status() const { return std::string(Json().at("status").as_string()); }
  std::int64_t Progress(const char* field) const {
    return Json().at("progress").at(field).as_int64();
  }
};

//! A client of one event stream on its own connection: sends the GET, then decodes the chunked
//! body as it comes, event by event.
class EventStreamClient {
 public:
  EventStreamClient(unsigned short port, const std::string& token, const std::string& target)
      : connection_(port) {
    parser_.eager(true);
    parser_.body_limit(boost::none);
    EXPECT_TRUE(connection_.connected());
    EXPECT_TRUE(connection_.Send(
        fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n"
                    "Accept: text/event-stream\r\n\r\n",
                    target, token)));
  }

  //! The response head, once it came (nullopt when it did not within kPatience).
  std::optional<http::response_header<>> Head() {
    while (!parser_.is_header_done()) {
      if (!Feed()) return std::nullopt;
    }
    return http::response_header<>(parser_.get().base());
  }

  //! The next event or comment; nullopt when the body ended, the connection closed, or nothing
  //! came within kPatience.
  std::optional<Event> Next() {
    for (;;) {
      const std::string& body = parser_.get().body();
      if (const auto end = body.find("\n\n", consumed_); end != std::string::npos) {
        const std::string block = body.substr(consumed_, end - consumed_);
        consumed_ = end + 2;
        return Parse(block);
      }
      if (parser_.is_done() || !Feed()) return std::nullopt;
    }
  }

  //! Events until one named `name` (included); empty when the stream stopped before.
  std::vector<Event> Until(std::string_view name) {
    std::vector<Event> events;
    while (auto event = Next()) {
      events.push_back(*event);
      if (event->name == name) return events;
    }
    return {};
  }

  //! Whether the body was ended with its terminating chunk.
  bool BodyEnded() const { return parser_.is_done(); }

  //! Whether the server closes the connection (end of stream) within kPatience.
  bool ClosedByServer() {
    for (;;) {
      const auto bytes = connection_.ReadSome(kPatience);
      if (!bytes) return false;
      if (bytes->empty()) return true;
    }
  }

  void HangUp() { connection_.Close(); }

 private:
  //! Reads and parses more of the response; false when the connection closed or went quiet.
  bool Feed() {
    const auto bytes = connection_.ReadSome(kPatience);
    if (!bytes || bytes->empty()) return false;
    unparsed_ += *bytes;
    boost::beast::error_code ec;
    const std::size_t used = parser_.put(boost::asio::buffer(unparsed_), ec);
    unparsed_.erase(0, used);
    if (ec && ec != http::error::need_more) {
      ADD_FAILURE() << "the response is not valid HTTP: " << ec.message();
      return false;
    }
    return true;
  }

  static Event Parse(const std::string& block) {
    Event event;
    std::size_t at = 0;
    while (at <= block.size()) {
      const auto newline = std::min(block.find('\n', at), block.size());
      const std::string line = block.substr(at, newline - at);
      at = newline + 1;
      const auto colon = line.find(':');
      const std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (value.starts_with(' ')) value.erase(0, 1);
      if (field.empty()) {
        event.comment = value;
      } else if (field == "event") {
        event.name = value;
      } else if (field == "id") {
        event.id = value;
      } else if (field == "data") {
        event.data = value;
      } else if (field == "retry") {
        event.retry = value;
      } else {
        ADD_FAILURE() << "unknown field in " << block;
      }
    }
    return event;
  }

  RawConnection connection_;
  http::response_parser<http::string_body> parser_;
  std::string unparsed_;
  std::size_t consumed_ = 0;  // body bytes already returned as events
};

class MigrationEventsApiTest : public ApiTest {
 protected:
  MigrationEventsApiTest() : ApiTest(DefaultTestBackend(), /*run_migrations=*/true) {
    for (int i = 0; i < kFleet; ++i) {
      Customer c = env_.NewCustomer(fmt::format("f{}.test", i));
      env_.Existing(c, "KAIZALA_PRO", kUsersEach, "2027-03-31");
      for (int u = 0; u < kUsersEach; ++u) {
        User user = env_.NewUser(c, fmt::format("u{}", u));
        EXPECT_TRUE(env_.Assign(c, user, "KAIZALA_PRO").ok());
      }
    }
  }

  //! A stored plan moving every holder of KAIZALA_PRO to SPE_E3; its id.
  std::string Plan() {
    const auto created = Admin().Post(
        "/v1/migrations",
        R"({"sourceOfferId":"KAIZALA_PRO","customerIds":"all","targetOfferId":"SPE_E3"})");
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(created.Json().at("id").as_string());
  }

  std::unique_ptr<EventStreamClient> Follow(const std::string& id, Role role = Role::kAdminAgent) {
    return std::make_unique<EventStreamClient>(server_.port(), tokens_.at(role),
                                               "/v1/migrations/" + id + "/events");
  }

  //! Blocks until the server has no request in flight (true) or kPatience passed.
  bool AwaitNothingInFlight() {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < deadline) {
      if (server_.in_flight() == 0) return true;
      std::this_thread::yield();
    }
    return false;
  }
};

//! The checks every sequence of progress events passes: ids count up from 1, the counters never
//! go back, the totals never change.
void ExpectMonotonic(const std::vector<Event>& events) {
  std::int64_t moved = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    EXPECT_EQ(e.id, std::to_string(i + 1)) << e.data;
    EXPECT_TRUE(e.name == "progress" || e.name == "end") << e.name;
    EXPECT_GE(e.Progress("usersMoved"), moved) << e.data;
    moved = e.Progress("usersMoved");
    EXPECT_EQ(e.Progress("usersTotal"), kFleet * kUsersEach) << e.data;
    EXPECT_EQ(e.Progress("customersTotal"), kFleet) << e.data;
  }
}

TEST_F(MigrationEventsApiTest, FollowsARunFromItsFirstEventToEnd) {
  const std::string id = Plan();
  auto stream = Follow(id);
  const auto head = stream->Head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200u);
  EXPECT_EQ((*head)[http::field::content_type], "text/event-stream; charset=utf-8");
  EXPECT_EQ((*head)[http::field::cache_control], "no-cache");
  EXPECT_EQ((*head)[http::field::transfer_encoding], "chunked");
  EXPECT_EQ(head->find(http::field::content_length), head->end());

  // At once, before anything happens: the planned state, with the reconnection hint.
  const auto first = stream->Next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->name, "progress");
  EXPECT_EQ(first->retry, "3000");
  EXPECT_EQ(first->Status(), "planned");
  EXPECT_EQ(first->Json().at("id").as_string(), id);
  EXPECT_EQ(first->Json().at("errorCount").as_int64(), 0);
  EXPECT_EQ(first->Progress("usersMoved"), 0);

  ASSERT_EQ(As(Role::kSalesAgent).Post("/v1/migrations/" + id + "/start", "").status, 202);
  std::vector<Event> events{*first};
  const auto rest = stream->Until("end");
  ASSERT_FALSE(rest.empty()) << "the stream stopped before its end event";
  events.insert(events.end(), rest.begin(), rest.end());
  ExpectMonotonic(events);

  const Event& last = events.back();
  EXPECT_EQ(last.name, "end");
  EXPECT_EQ(last.Status(), "completed");
  EXPECT_EQ(last.Progress("usersMoved"), kFleet * kUsersEach);
  EXPECT_EQ(last.Progress("customersDone"), kFleet);
  EXPECT_EQ(last.Progress("subscriptionsPurchased"), kFleet);
  EXPECT_EQ(last.Progress("subscriptionsSuspended"), kFleet);
  // The end repeats the final state, which was also the last progress event.
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[events.size() - 2].name, "progress");
  EXPECT_EQ(events[events.size() - 2].data, last.data);
  // Only progress events between the first and the end; each differs from the one before.
  for (std::size_t i = 1; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i].name, "progress");
    EXPECT_NE(events[i].data, events[i - 1].data);
  }
  // The same state GET answers.
  const auto got = Admin().Get("/v1/migrations/" + id).Json();
  EXPECT_EQ(last.Json().at("progress"), got.at("progress"));

  EXPECT_FALSE(stream->Next()) << "nothing after end";
  EXPECT_TRUE(stream->BodyEnded()) << "the chunked body is terminated";
  EXPECT_TRUE(stream->ClosedByServer());
  EXPECT_TRUE(AwaitNothingInFlight());
}

TEST_F(MigrationEventsApiTest, ASettledMigrationAnswersItsStateAndEndAtOnce) {
  const std::string id = Plan();
  ASSERT_EQ(Admin().Post("/v1/migrations/" + id + "/start", "").status, 202);
  ASSERT_TRUE(WaitForRunnerLog(R"("status":"completed")"));
  for (Role role :
       {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent, Role::kBillingAdmin}) {
    auto stream = Follow(id, role);
    const auto events = stream->Until("end");
    ASSERT_EQ(events.size(), 2u) << ToString(role);
    EXPECT_EQ(events[0].name, "progress");
    EXPECT_EQ(events[0].Status(), "completed");
    EXPECT_EQ(events[1].data, events[0].data);
    EXPECT_TRUE(stream->ClosedByServer());
  }
}

TEST_F(MigrationEventsApiTest, RefusalsComeAsTheUsualErrorsBeforeAnyStreaming) {
  const std::string id = Plan();
  const auto unknown = Admin().Get("/v1/migrations/01a22435-2768-757e-bb68-6f6822eb9250/events");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(unknown.Code(), "404");
  EXPECT_EQ(unknown.Header("Content-Type"), "application/json; charset=utf-8");
  const auto malformed = Admin().Get("/v1/migrations/not-a-guid/events");
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_EQ(malformed.Json().at("source").as_string(), "seatshift");

  const auto anonymous = Anonymous().Get("/v1/migrations/" + id + "/events");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_FALSE(anonymous.Json().at("description").as_string().empty());
  HttpClient forged(server_.port(), "not-a-token");
  EXPECT_EQ(forged.Get("/v1/migrations/" + id + "/events").status, 401);
  EXPECT_EQ(Admin().Post("/v1/migrations/" + id + "/events", "").status, 405);
  EXPECT_TRUE(AwaitNothingInFlight());
}

TEST_F(MigrationEventsApiTest, HeadAnswersTheHeadWithoutStreaming) {
  const std::string id = Plan();
  HttpClient client = Admin();
  const auto head = client.Send(http::verb::head, "/v1/migrations/" + id + "/events");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Type"), "text/event-stream; charset=utf-8");
  EXPECT_TRUE(head.body.empty());
  // The connection is still good for the next request.
  EXPECT_EQ(client.Get("/v1/migrations/" + id).status, 200);
  EXPECT_TRUE(AwaitNothingInFlight());
}

TEST_F(MigrationEventsApiTest, APausedRunKeepsItsStreamOpenUntilResumeFinishesIt) {
  // The runner reports right after taking the lease; it waits there until the pause is in.
  // (Paused before the runner took it, the migration would never be run, nor its pause logged.)
  auto reached = std::make_shared<std::promise<void>>();
  std::future<void> at_gate = reached->get_future();
  std::promise<void> paused;
  std::shared_future<void> gate = paused.get_future().share();
  auto first = std::make_shared<std::atomic<bool>>(true);
  on_progress_ = [gate, first, reached](const MigrationId&, const MigrationProgress&) {
    if (!first->exchange(false)) return;
    reached->set_value();
    gate.wait();
  };
  const std::string id = Plan();
  auto stream = Follow(id);
  ASSERT_TRUE(stream->Next());
  ASSERT_EQ(Admin().Post("/v1/migrations/" + id + "/start", "").status, 202);
  ASSERT_EQ(at_gate.wait_for(kPatience), std::future_status::ready);
  const auto pause = Admin().Post("/v1/migrations/" + id + "/pause", "");
  paused.set_value();
  ASSERT_EQ(pause.status, 202) << pause.body;
  ASSERT_TRUE(WaitForRunnerLog(R"("status":"paused")"));

  std::optional<Event> event;
  do {
    event = stream->Next();
    ASSERT_TRUE(event) << "the stream ended while the migration was paused";
    ASSERT_EQ(event->name, "progress");
  } while (event->Status() != "paused");
  EXPECT_EQ(event->Progress("usersMoved"), 0);

  // Quiet for 15 s (the monotonic clock the stream reads): a comment keeps proxies interested,
  // and the stream is still there.
  env_.monotonic().Advance(std::chrono::seconds(15));
  const auto quiet = stream->Next();
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->comment, "keep-alive");
  EXPECT_TRUE(quiet->name.empty());

  ASSERT_EQ(Admin().Post("/v1/migrations/" + id + "/resume", "").status, 202);
  const auto rest = stream->Until("end");
  ASSERT_FALSE(rest.empty()) << "the stream stopped before its end event";
  EXPECT_EQ(rest.back().Status(), "completed");
  EXPECT_EQ(rest.back().Progress("usersMoved"), kFleet * kUsersEach);
  EXPECT_TRUE(stream->ClosedByServer());
}

TEST_F(MigrationEventsApiTest, AClientHangingUpEndsItsStream) {
  const std::string id = Plan();
  auto stream = Follow(id);
  ASSERT_TRUE(stream->Next());
  EXPECT_EQ(server_.in_flight(), 1u) << "an open stream is a request being answered";
  // A planned migration sends nothing more: only noticing the hang-up ends the polling.
  stream->HangUp();
  EXPECT_TRUE(AwaitNothingInFlight());
}

TEST_F(MigrationEventsApiTest, ShutdownEndsOpenStreamsAndStopsPromptly) {
  const std::string id = Plan();
  std::vector<std::unique_ptr<EventStreamClient>> streams;
  for (int i = 0; i < 3; ++i) {
    streams.push_back(Follow(id));
    const auto first = streams.back()->Next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->Status(), "planned");
  }
  auto stopped = std::async(std::launch::async, [this] {
    server_.Shutdown();
    server_.Wait();
  });
  // One poll interval and a write, with room for a slow sanitizer build.
  const bool prompt = stopped.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  EXPECT_TRUE(prompt) << "the server waits for its streams";
  if (!prompt) {
    for (auto& stream : streams) stream->HangUp();  // so that the server can stop after all
  }
  stopped.get();
  for (auto& stream : streams) {
    EXPECT_FALSE(stream->Next()) << "no end event: the migration did not finish";
    EXPECT_TRUE(stream->BodyEnded()) << "the body is terminated, not cut";
    EXPECT_TRUE(stream->ClosedByServer());
  }
}

TEST_F(MigrationEventsApiTest, HandleAnswersWhatTheStreamHasAtOnceAsAWholeResponse) {
  const std::string id = Plan();
  api::Request request(http::verb::get, "/v1/migrations/" + id + "/events", 11);
  request.set(http::field::authorization, "Bearer " + tokens_.at(Role::kHelpdeskAgent));
  const api::Response response = api_.Handle(request);
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response[http::field::content_type], "text/event-stream; charset=utf-8");
  EXPECT_EQ(response[http::field::content_length], std::to_string(response.body().size()));
  EXPECT_TRUE(response.body().starts_with("retry: 3000\nevent: progress\nid: 1\ndata: {"))
      << response.body();
  EXPECT_TRUE(response.body().ends_with("}\n\n")) << response.body();
}

}  // namespace
}  // namespace seatshift::testing
