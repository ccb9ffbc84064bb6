#pragma once

#include <string>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/ids.hpp"

namespace seatshift {

//! A customer organisation (a tenant) of the partner.
struct Customer {
  CustomerId id;
  std::string company_name;
  std::string domain;  //!< unique across the partner, lower-case
  Segment segment = Segment::kCommercial;
  std::string country;   //!< ISO 3166 alpha-2, e.g. "US"
  std::string currency;  //!< ISO 4217, e.g. "USD"; the currency of all its charges
  Instant created_at{};
  bool operator==(const Customer&) const = default;
};

struct User {
  UserId id;
  CustomerId customer_id;
  std::string user_principal_name;  //!< unique within the customer, compared case-insensitively
  std::string display_name;
  std::string first_name;      //!< "" when not given
  std::string last_name;       //!< "" when not given
  std::string usage_location;  //!< ISO 3166 alpha-2
  //! The on-premises directory's anchor of a synchronised user (Partner Center's immutableId);
  //! "" when not given. Stored and returned as given, never changed.
  std::string immutable_id;
  Instant created_at{};
  //! Bumped by the store on every committed change; the API's ETag.
  std::int64_t version = 1;
  bool operator==(const User&) const = default;
};

//! Normalises and checks the fields a person types: trims nothing silently, lower-cases the
//! domain and UPN, and names the first bad field in the error.
Status NormaliseCustomer(Customer& customer);
Status NormaliseUser(User& user, const Customer& owner);

bool IsValidDomainName(std::string_view domain);

}  // namespace seatshift
