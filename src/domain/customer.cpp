#include "domain/customer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "domain/display_text.hpp"
#include "domain/money.hpp"

namespace seatshift {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
         std::isupper(static_cast<unsigned char>(code[1]));
}

Error Invalid(std::string_view field, std::string_view why) {
  return Error(ErrorCode::kBadRequest, fmt::format("{}: {}", field, why),
               {{"field", std::string(field)}});
}

}  // namespace

bool IsValidDomainName(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t label_length = 0;
  int labels = 1;
  for (std::size_t i = 0; i < domain.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(domain[i]);
    if (c == '.') {
      if (label_length == 0 || domain[i - 1] == '-') return false;
      label_length = 0;
      ++labels;
      continue;
    }
    if (!(std::isalnum(c) || c == '-')) return false;
    if (c == '-' && label_length == 0) return false;
    if (++label_length > 63) return false;
  }
  return labels >= 2 && label_length > 0 && domain.back() != '-';
}

Status NormaliseCustomer(Customer& customer) {
  SEATSHIFT_TRY(CheckDisplayText("companyName", customer.company_name, 200));
  customer.domain = Lower(customer.domain);
  if (!IsValidDomainName(customer.domain)) {
    return Invalid("domain", fmt::format("'{}' is not a valid domain name", customer.domain));
  }
  if (!IsCountryCode(customer.country)) {
    return Invalid("country", "must be an ISO 3166 two-letter upper-case code such as US");
  }
  if (!Currency::Parse(customer.currency)) {
    return Invalid("currency", "must be an ISO 4217 three-letter upper-case code such as USD");
  }
  return OkStatus();
}

Status NormaliseUser(User& user, const Customer& owner) {
  user.user_principal_name = Lower(user.user_principal_name);
  const auto& upn = user.user_principal_name;
  const auto at = upn.find('@');
  if (upn.size() > 113 || at == std::string::npos || at == 0 ||
      upn.find('@', at + 1) != std::string::npos || !IsValidDomainName(upn.substr(at + 1)) ||
      !std::all_of(upn.begin(), upn.begin() + static_cast<std::ptrdiff_t>(at), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '\'' || c == '+';
      })) {
    return Invalid("userPrincipalName", fmt::format("'{}' is not of the form name@domain", upn));
  }
  const std::string upn_domain = upn.substr(at + 1);
  if (upn_domain != owner.domain && !upn_domain.ends_with("." + owner.domain)) {
    return Invalid("userPrincipalName",
                   fmt::format("'{}' is not in the customer's domain {}", upn, owner.domain));
  }
  SEATSHIFT_TRY(CheckDisplayText("displayName", user.display_name, 256));
  // Given and family names are optional ("" when not given), but never blanks or controls.
  if (!user.first_name.empty()) SEATSHIFT_TRY(CheckDisplayText("firstName", user.first_name, 64));
  if (!user.last_name.empty()) SEATSHIFT_TRY(CheckDisplayText("lastName", user.last_name, 64));
  if (user.usage_location.empty()) user.usage_location = owner.country;
  if (!IsCountryCode(user.usage_location)) {
    return Invalid("usageLocation", "must be an ISO 3166 two-letter upper-case code such as US");
  }
  return OkStatus();
}

}  // namespace seatshift
