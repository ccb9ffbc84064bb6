// HTTP itself, byte by byte: malformed requests get a 400 with the API's error body before the
// connection closes; HEAD answers every GET route as GET does, without the body; 405 says what
// is allowed.
#include "api_fixture.hpp"
#include "raw_socket.hpp"

namespace seatshift::testing {
namespace {

namespace http = boost::beast::http;

class ProtocolTest : public ApiTest {};

TEST_F(ProtocolTest, MalformedRequestsAreAnswered400ThenClosed) {
  const std::map<std::string, std::string> cases = {
      {"negative Content-Length",
       "POST /v1/customers HTTP/1.1\r\nHost: test\r\nContent-Length: -5\r\n\r\n"},
      {"duplicate Content-Length",
       "POST /v1/customers HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\nContent-Length: "
       "3\r\n\r\n{}"},
      {"overflowing chunk size",
       "POST /v1/customers HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
       "FFFFFFFFFFFFFFFFFFFFFFFF\r\n"},
      {"bad method", "G@T /healthz HTTP/1.1\r\nHost: test\r\n\r\n"},
      {"bad version", "GET /healthz HTTX/1.1\r\nHost: test\r\n\r\n"},
      {"bad target", std::string("GET /a\x7f HTTP/1.1\r\nHost: test\r\n\r\n")},
      {"space in a header name", "GET /healthz HTTP/1.1\r\nHost: test\r\nBad Name: x\r\n\r\n"},
      {"control character in a header value",
       std::string("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Note: a\x01z\r\n\r\n")},
  };
  for (const auto& [name, bytes] : cases) {
    RawConnection connection(server_.port());
    ASSERT_TRUE(connection.Send(bytes)) << name;
    const auto response = connection.ReadResponse();
    ASSERT_TRUE(response) << name << ": closed without an answer";
    EXPECT_EQ(response->result_int(), 400) << name;
    EXPECT_FALSE(response->keep_alive()) << name << ": Connection: close";
    const auto body = boost::json::parse(response->body()).as_object();
    EXPECT_EQ(body.at("code").as_string(), "400") << name;
    EXPECT_FALSE(body.at("description").as_string().empty()) << name;
    EXPECT_TRUE(body.contains("data")) << name;
    EXPECT_TRUE(body.contains("source")) << name;
    EXPECT_TRUE(connection.ClosedByServer()) << name;
  }
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200) << "the server is still up";
}

TEST_F(ProtocolTest, HeadAnswersLikeGetWithoutTheBody) {
  const Customer customer = env_.NewCustomer("contoso.test");
  const std::string path = CustomerPath(customer);
  auto admin = Admin();
  const auto get = admin.Get(path);
  const auto head = admin.Send(http::verb::head, path);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(get.body.size()));
  auto expected = get.headers;
  auto actual = head.headers;
  expected.erase("MS-CorrelationId");
  actual.erase("MS-CorrelationId");
  EXPECT_EQ(actual, expected);
  // No body bytes followed the headers: the kept-alive connection carries the next request.
  EXPECT_EQ(admin.Get(path).body, get.body);

  // Authentication and roles as GET.
  EXPECT_EQ(Anonymous().Send(http::verb::head, path).status, 401);
  EXPECT_EQ(As(Role::kSalesAgent).Send(http::verb::head, "/v1/auditrecords").status,
            As(Role::kSalesAgent).Get("/v1/auditrecords").status);
  EXPECT_EQ(Anonymous().Send(http::verb::head, "/healthz").status, 200);
  EXPECT_EQ(admin.Send(http::verb::head, "/v1/nothing-here").status, 404);
}

TEST_F(ProtocolTest, MethodNotAllowedListsTheAllowedMethods) {
  auto admin = Admin();
  const auto put = admin.Send(http::verb::put, "/v1/customers");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.Header("Allow"), "GET, HEAD, POST");
  const auto get = admin.Get("/v1/clock/advance");
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.Header("Allow"), "POST") << "HEAD only where GET is allowed";
  EXPECT_EQ(admin.Send(http::verb::head, "/v1/clock/advance").status, 405);
}

TEST_F(ProtocolTest, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  const std::string body =
      R"({"companyProfile":{"companyName":"A","domain":"a.test"},"country":"US","currency":"USD"})";
  RawConnection connection(server_.port());
  ASSERT_TRUE(connection.Send(
      "POST /v1/customers HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
      tokens_.at(Role::kAdminAgent) +
      "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n"));
  // Without the interim answer a client waits before it sends its body; the 30 s bound only
  // keeps a regression from hanging the suite.
  const auto interim = connection.ReadResponse();
  ASSERT_TRUE(interim) << "no 100 Continue";
  EXPECT_EQ(interim->result_int(), 100);
  ASSERT_TRUE(connection.Send(body));
  const auto created = connection.ReadResponse();
  ASSERT_TRUE(created);
  EXPECT_EQ(created->result_int(), 201) << created->body();

  // Refused on its header alone: the final answer comes instead of 100.
  RawConnection too_large(server_.port());
  ASSERT_TRUE(
      too_large.Send("POST /v1/customers HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n"
                     "Content-Length: 99999999\r\n\r\n"));
  const auto refused = too_large.ReadResponse();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 413);
}

}  // namespace
}  // namespace seatshift::testing
