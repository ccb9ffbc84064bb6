#pragma once

// The real HTTP server on 127.0.0.1, port 0, over a temporary database with the default
// catalog, and one agent (with a real bearer token) per role.

#include <gtest/gtest.h>

#include <map>

#include "api/api.hpp"
#include "api/server.hpp"
#include "http_client.hpp"
#include "service/agent_service.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {

class ApiTest : public ::testing::Test {
 protected:
  //! `backend` as TestEnv takes it ("sqlite-faulty" for the fault-injection tests).
  explicit ApiTest(const std::string& backend = "sqlite")
      : env_(backend),
        api_(env_.deps(), {.access_log = nullptr, .simulated_clock = &env_.clock()}),
        server_(api_, {.port = 0, .io_threads = 2, .worker_threads = 4}) {
    server_.Start();
    service::AgentService agents(env_.deps());
    for (Role role :
         {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent, Role::kBillingAdmin}) {
      auto created =
          agents.Create(TestEnv::admin(), std::string(ToString(role)) + "@partner.test", role);
      EXPECT_TRUE(created.ok());
      tokens_[role] = created->token;
    }
  }
  ~ApiTest() override {
    server_.Shutdown();
    server_.Wait();
  }

  //! A client acting as the agent of `role`.
  HttpClient As(Role role) { return HttpClient(server_.port(), tokens_.at(role)); }
  HttpClient Anonymous() { return HttpClient(server_.port()); }
  HttpClient Admin() { return As(Role::kAdminAgent); }

  static std::string CustomerPath(const Customer& c) {
    return "/v1/customers/" + c.id.value().ToString();
  }
  static std::string UserPath(const Customer& c, const User& u) {
    return CustomerPath(c) + "/users/" + u.id.value().ToString();
  }
  static std::string SubscriptionPath(const Customer& c, const Subscription& s) {
    return CustomerPath(c) + "/subscriptions/" + s.id.value().ToString();
  }

  TestEnv env_;
  api::Api api_;
  api::HttpServer server_;
  std::map<Role, std::string> tokens_;
};

}  // namespace seatshift::testing
