#pragma once

#include <string>
#include <string_view>

// Database locations as log lines and messages show them. A PostgreSQL location is a libpq
// connection string, which can carry secrets in three places; none may reach a log.

namespace seatshift {

//! `location` with every credential a libpq connection string can carry replaced by "***":
//! the password of a URI's user information (postgresql://user:***@host), the value of a URI
//! query parameter `password` or `sslpassword` (however percent-encoded), and the value of a
//! key/value `password=` or `sslpassword=` (quoted or not). Everything else is kept as written,
//! so the operator recognises the location. A location without one comes back unchanged.
std::string RedactedLocation(std::string_view location);

}  // namespace seatshift
