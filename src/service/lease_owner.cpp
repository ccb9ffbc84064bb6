#include "service/lease_owner.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>

namespace seatshift::service {
namespace {

std::string HostName() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "unknown-host";
  return name.data();
}

}  // namespace

std::string ThisProcessLeaseOwner(const std::string& role) {
  std::string owner = fmt::format("{}:{}", HostName(), getpid());
  if (!role.empty()) owner += ":" + role;
  return owner;
}

bool LeaseOwnerGone(const std::string& owner) {
  const std::string host = HostName() + ":";
  if (!owner.starts_with(host)) return false;
  const std::string_view rest = std::string_view(owner).substr(host.size());
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
  if (ec != std::errc() || pid <= 0) return false;
  if (pid == getpid()) return false;
  // Signal 0 checks existence only. A reused pid reads as alive: the lease then waits for its
  // expiry, which is safe.
  return kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace seatshift::service
