#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "domain/agent.hpp"
#include "service/request_context.hpp"

namespace seatshift::service {

//! A session just opened: the cookie value exists only here (the store keeps its hash).
struct NewSession {
  AgentSession session;
  std::string cookie;
};

//! Portal sign-in: an agent's email and password open a session, named by a random cookie
//! ("sss_" + 43 base64url characters). Sessions last kLifetime of real time (a simulated
//! business clock neither keeps one alive nor ends it), and end at sign-out, when the agent's
//! password changes, or when the agent is disabled.
//!
//! Thread-safety: every method may be called from any thread. Every Authenticate asks the
//! database (no cache), so a sign-out or a disabled agent takes effect at once on every server.
class SessionService {
 public:
  static constexpr std::chrono::hours kLifetime{12};

  explicit SessionService(Dependencies deps) : deps_(deps) {}

  //! kUnauthenticated, with one message, for an unknown email, a wrong password, an agent
  //! without a password or a disabled agent. Audited as "session.create" by the agent.
  Result<NewSession> SignIn(std::string_view email, std::string_view password);

  //! The enabled agent holding the session named by `cookie`; kUnauthenticated otherwise.
  Result<AgentSession> Authenticate(std::string_view cookie);

  //! Ends the session named by `cookie`, if any: signing out twice is not an error.
  void SignOut(std::string_view cookie);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
