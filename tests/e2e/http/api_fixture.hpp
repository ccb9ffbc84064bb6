#pragma once

// The real HTTP server on 127.0.0.1, port 0, over a temporary database with the default
// catalog, and one agent (with a real bearer token) per role.

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

#include "api/api.hpp"
#include "api/server.hpp"
#include "http_client.hpp"
#include "service/agent_service.hpp"
#include "service/migration_runner.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {

class ApiTest : public ::testing::Test {
 protected:
  //! `backend` as TestEnv takes it ("sqlite-faulty" for the fault-injection tests).
  //! `run_migrations`: a migration runner as serve has, woken only by the API (it never polls
  //! within a test), telling its log lines to WaitForRunnerLog and its progress to on_progress_.
  //! `throttle`: the API's limits, timed on env_.monotonic() (which moves only when advanced).
  explicit ApiTest(const std::string& backend = DefaultTestBackend(), bool run_migrations = false,
                   api::ThrottleOptions throttle = {})
      : env_(backend),
        runner_(run_migrations ? std::make_unique<service::MigrationRunner>(
                                     env_.deps(), "test-server", std::chrono::hours(24),
                                     [this](const std::string& line) { RunnerLog(line); },
                                     [this](const MigrationId& id, const MigrationProgress& p) {
                                       if (on_progress_) on_progress_(id, p);
                                     })
                               : nullptr),
        api_(env_.deps(), {.access_log = nullptr,
                           .simulated_clock = &env_.clock(),
                           .migration_runnable =
                               [this] {
                                 if (runner_) runner_->Wake();
                               },
                           .throttle = throttle}),
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

 private:
  void RunnerLog(const std::string& line) {
    {
      std::lock_guard lock(log_mutex_);
      runner_log_.push_back(line);
    }
    logged_.notify_all();
  }

 protected:
  static std::string CustomerPath(const Customer& c) {
    return "/v1/customers/" + c.id.value().ToString();
  }
  static std::string UserPath(const Customer& c, const User& u) {
    return CustomerPath(c) + "/users/" + u.id.value().ToString();
  }
  static std::string SubscriptionPath(const Customer& c, const Subscription& s) {
    return CustomerPath(c) + "/subscriptions/" + s.id.value().ToString();
  }

  //! Blocks until the runner logged a line containing `text` (true), or 60 s passed.
  bool WaitForRunnerLog(const std::string& text) {
    std::unique_lock lock(log_mutex_);
    return logged_.wait_for(lock, std::chrono::seconds(60), [&] {
      for (const std::string& line : runner_log_)
        if (line.find(text) != std::string::npos) return true;
      return false;
    });
  }

  TestEnv env_;
  //! Set before the first migration starts; called on the runner's thread.
  std::function<void(const MigrationId&, const MigrationProgress&)> on_progress_;
  std::mutex log_mutex_;
  std::condition_variable logged_;
  std::vector<std::string> runner_log_;  // GUARDED_BY(log_mutex_)
  std::unique_ptr<service::MigrationRunner> runner_;
  api::Api api_;
  api::HttpServer server_;
  std::map<Role, std::string> tokens_;
};

}  // namespace seatshift::testing
