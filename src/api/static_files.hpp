#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "api/http.hpp"

namespace seatshift::api {

//! The built portal (web/dist) served from a directory: GET and HEAD only, no authentication
//! (the pages hold no data; every datum comes from the API, which checks the agent).
//!
//! - A path naming a file under the root answers it with its content type. Vite's fingerprinted
//!   files under /assets/ are cached for a year (their name changes with their content);
//!   everything else, index.html first, is revalidated on every load.
//! - A path without a file extension that names no file answers index.html (the portal routes
//!   in the browser, so a reload of /customers/42 must find the page); a missing file with an
//!   extension is 404.
//! - Nothing outside the root is ever read: segments "..", ".", empty or holding a backslash or
//!   NUL are refused (404), and a resolved path (symbolic links followed) must stay under it.
//!
//! Every answer carries a Content-Security-Policy allowing this origin only, nosniff, and
//! no framing. Thread-safe: files are read on each request.
class StaticFiles {
 public:
  //! REQUIRES: `root` is a directory (else every request is 404).
  explicit StaticFiles(std::filesystem::path root);

  //! The answer for a GET or HEAD of `path` (percent-encoded, without its query).
  Response Serve(std::string_view path) const;

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace seatshift::api
