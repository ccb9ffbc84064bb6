// The built portal served by the API: content types, caching, the single-page fallback, and no
// way out of the web root.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/api.hpp"
#include "api/static_files.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

namespace http = api::http;

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    root_ = env_.dir().File("dist");
    Write(root_ / "index.html", "<!doctype html><title>portal</title>");
    Write(root_ / "assets" / "index-AbC123.js", "console.log(1)");
    Write(root_ / "assets" / "index-AbC123.css", "body{}");
    Write(env_.dir().File("secret.txt"), "outside the root");
    std::filesystem::create_symlink(env_.dir().File("secret.txt"), root_ / "link.txt");
  }

  static void Write(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }

  api::Response Get(const std::string& target, http::verb method = http::verb::get) {
    api::Api api(env_.deps(), {.access_log = nullptr, .web_root = root_});
    api::Request request(method, target, 11);
    return api.Handle(request);
  }

  TestEnv env_;
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirTypesAndCaching) {
  const auto index = Get("/");
  EXPECT_EQ(index.result_int(), 200u);
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[http::field::cache_control], "no-cache");
  EXPECT_NE(index["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(index["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(index.body().find("portal"), std::string::npos);

  const auto script = Get("/assets/index-AbC123.js");
  EXPECT_EQ(script.result_int(), 200u);
  EXPECT_EQ(script[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(script[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/index-AbC123.css")[http::field::content_type], "text/css; charset=utf-8");

  const auto head = Get("/assets/index-AbC123.js", http::verb::head);
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_TRUE(head.body().empty());
}

TEST_F(StaticFilesTest, PortalPagesFallBackToIndexButMissingFilesAre404) {
  const auto page = Get("/customers/0190a6a0-0000-7000-8000-000000000001?tab=users");
  EXPECT_EQ(page.result_int(), 200u);
  EXPECT_NE(page.body().find("portal"), std::string::npos);
  EXPECT_EQ(Get("/assets/missing-123.js").result_int(), 404u);
  EXPECT_EQ(Get("/favicon.ico").result_int(), 404u);
  // The API keeps its own 404 (with its error body) and its routes.
  const auto api_missing = Get("/v1/nothing-here");
  EXPECT_EQ(api_missing.result_int(), 404u);
  EXPECT_NE(api_missing.body().find("\"code\""), std::string::npos);
  EXPECT_EQ(Get("/healthz").result_int(), 200u);
  EXPECT_EQ(Get("/assets/index-AbC123.js", http::verb::post).result_int(), 404u);
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsEverServed) {
  for (const std::string target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2E%2E/..%2fsecret.txt", "/assets/..%5c..%5csecret.txt", "/link.txt",
        "/./index.html", "//etc/passwd", "/assets/%00.js", "/%zz.js"}) {
    const auto response = Get(target);
    EXPECT_EQ(response.body().find("outside the root"), std::string::npos) << target;
    EXPECT_TRUE(response.result_int() == 404u || response.result_int() == 400u)
        << target << " → " << response.result_int();
  }
}

TEST_F(StaticFilesTest, WithoutAPortalEveryOtherPathIsTheApis404) {
  api::Api api(env_.deps(), {.access_log = nullptr});
  api::Request request(http::verb::get, "/", 11);
  EXPECT_EQ(api.Handle(request).result_int(), 404u);
}

}  // namespace
}  // namespace seatshift::testing
