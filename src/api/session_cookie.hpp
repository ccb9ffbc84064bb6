#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "api/http.hpp"
#include "base/result.hpp"

namespace seatshift::api {

//! The portal's session cookie. HttpOnly (no script reads it), SameSite=Strict (no other site's
//! page sends it), Path=/.
inline constexpr std::string_view kSessionCookie = "seatshift_session";

//! The header a cookie-authenticated write must carry (any non-empty value; the portal sends
//! "seatshift-portal"). A cross-site form cannot add a header, and a cross-site fetch that adds
//! one needs a CORS preflight this server never approves: with it, a write comes from a page of
//! this origin (the "custom request header" defence against CSRF, on top of SameSite=Strict).
inline constexpr std::string_view kCsrfHeader = "X-Requested-With";

//! The session cookie's value from the Cookie header(s); nullopt when none was sent.
std::optional<std::string> SessionCookie(const Request& request);

//! Set-Cookie for a new session, or (empty value, zero age) one that removes it, in answer to
//! `request`. The cookie is also `Secure` (sent back over HTTPS only) when the request reached
//! the proxy in front of this server over HTTPS (`X-Forwarded-Proto: https`, which
//! deploy/nginx.conf sets): a TLS deployment needs no switch, and a client that fakes the header
//! only loses its own session on plain HTTP.
std::string SessionCookieHeader(const Request& request, std::string_view value,
                                std::chrono::seconds max_age);

//! 403 unless a request authenticated by its cookie may do what its method does: safe methods
//! (GET, HEAD) always, anything else only with kCsrfHeader.
Status CheckCsrf(const Request& request);

}  // namespace seatshift::api
