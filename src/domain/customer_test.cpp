#include "domain/customer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "base/error.hpp"

namespace seatshift {
namespace {

std::string FieldOf(const Status& status) {
  if (status.ok()) return "<ok>";
  for (const ErrorDetail& d : status.error().details) {
    if (d.key == "field") return std::get<std::string>(d.value);
  }
  return "<no field>";
}

Customer Contoso() {
  Customer c;
  c.company_name = "Contoso Ltd";
  c.domain = "contoso.com";
  c.country = "US";
  c.currency = "USD";
  return c;
}

User Alice() {
  User u;
  u.user_principal_name = "alice@contoso.com";
  u.display_name = "Alice Example";
  u.usage_location = "GB";
  return u;
}

// ---- Domains ----------------------------------------------------------------------------------

TEST(IsValidDomainName, AcceptsOrdinaryDomains) {
  for (const char* domain : {"contoso.com", "contoso.onmicrosoft.com", "a.b", "x-y.co.uk",
                             "123.example", "a1-b2-c3.example.org", "xn--bcher-kva.example"}) {
    EXPECT_TRUE(IsValidDomainName(domain)) << domain;
  }
}

TEST(IsValidDomainName, NeedsAtLeastTwoNonEmptyLabels) {
  for (const char* domain : {"", "localhost", ".com", "contoso.", "contoso..com", "."}) {
    EXPECT_FALSE(IsValidDomainName(domain)) << domain;
  }
}

TEST(IsValidDomainName, HyphensOnlyInsideLabels) {
  EXPECT_TRUE(IsValidDomainName("con-toso.com"));
  EXPECT_TRUE(IsValidDomainName("con--toso.com"));
  EXPECT_FALSE(IsValidDomainName("-contoso.com"));
  EXPECT_FALSE(IsValidDomainName("contoso-.com"));
  EXPECT_FALSE(IsValidDomainName("contoso.-com"));
  EXPECT_FALSE(IsValidDomainName("contoso.com-"));
}

TEST(IsValidDomainName, RefusesOtherCharacters) {
  for (const char* domain : {"con_toso.com", "con toso.com", "contoso.com/", "alice@contoso.com",
                             "contoso.c\xc3\xb6m", "contoso\t.com"}) {
    EXPECT_FALSE(IsValidDomainName(domain)) << domain;
  }
}

TEST(IsValidDomainName, LabelsUpTo63AndNamesUpTo253Characters) {
  EXPECT_TRUE(IsValidDomainName(std::string(63, 'a') + ".com"));
  EXPECT_FALSE(IsValidDomainName(std::string(64, 'a') + ".com"));
  EXPECT_FALSE(IsValidDomainName("com." + std::string(64, 'a')));

  // 4 labels of 61 + 3 dots + "a" label... build exactly 253 and 254 characters.
  const std::string label(61, 'a');
  const std::string name253 = label + "." + label + "." + label + "." + label + ".abcde";
  ASSERT_EQ(name253.size(), 253u);
  EXPECT_TRUE(IsValidDomainName(name253));
  const std::string name254 = name253 + "f";
  ASSERT_EQ(name254.size(), 254u);
  EXPECT_FALSE(IsValidDomainName(name254));
}

// ---- NormaliseCustomer ------------------------------------------------------------------------

TEST(NormaliseCustomer, AcceptsAndLowerCasesTheDomain) {
  Customer c = Contoso();
  c.domain = "Contoso.COM";
  ASSERT_TRUE(NormaliseCustomer(c).ok());
  EXPECT_EQ(c.domain, "contoso.com");
  EXPECT_EQ(c.company_name, "Contoso Ltd");
  EXPECT_EQ(c.country, "US");
  EXPECT_EQ(c.currency, "USD");
}

TEST(NormaliseCustomer, RefusesAnInvalidDomain) {
  for (const char* domain : {"contoso", "-contoso.com", "contoso..com", "con toso.com", ""}) {
    Customer c = Contoso();
    c.domain = domain;
    const Status status = NormaliseCustomer(c);
    ASSERT_FALSE(status.ok()) << domain;
    EXPECT_EQ(status.error().code, ErrorCode::kBadRequest);
    EXPECT_EQ(FieldOf(status), "domain") << domain;
  }
}

TEST(NormaliseCustomer, CompanyNameIsOneTo200PrintableCharacters) {
  Customer c = Contoso();
  c.company_name = std::string(200, 'C');
  EXPECT_TRUE(NormaliseCustomer(c).ok());
  c.company_name = "Café Zürich GmbH";
  EXPECT_TRUE(NormaliseCustomer(c).ok());
  for (const std::string& name : {std::string(), std::string(201, 'C'), std::string("Bad\nName"),
                                  std::string("Bad\x01"), std::string("Bad\x7f")}) {
    c.company_name = name;
    const Status status = NormaliseCustomer(c);
    EXPECT_EQ(FieldOf(status), "companyName") << name.size();
  }
}

TEST(NormaliseCustomer, CountryIsTwoUpperCaseLetters) {
  for (const char* country : {"us", "Us", "USA", "U", "", "U1"}) {
    Customer c = Contoso();
    c.country = country;
    EXPECT_EQ(FieldOf(NormaliseCustomer(c)), "country") << country;
  }
  Customer c = Contoso();
  c.country = "DE";
  EXPECT_TRUE(NormaliseCustomer(c).ok());
}

TEST(NormaliseCustomer, CurrencyIsThreeUpperCaseLetters) {
  for (const char* currency : {"usd", "US", "USDX", "", "U$D"}) {
    Customer c = Contoso();
    c.currency = currency;
    EXPECT_EQ(FieldOf(NormaliseCustomer(c)), "currency") << currency;
  }
  Customer c = Contoso();
  c.currency = "EUR";
  EXPECT_TRUE(NormaliseCustomer(c).ok());
}

// ---- NormaliseUser ----------------------------------------------------------------------------

TEST(NormaliseUser, AcceptsAndLowerCasesTheUpn) {
  User u = Alice();
  u.user_principal_name = "Alice.Example@Contoso.COM";
  ASSERT_TRUE(NormaliseUser(u, Contoso()).ok());
  EXPECT_EQ(u.user_principal_name, "alice.example@contoso.com");
  EXPECT_EQ(u.usage_location, "GB");
}

TEST(NormaliseUser, UpnMayBeInASubdomainOfTheCustomer) {
  User u = Alice();
  u.user_principal_name = "alice@sales.contoso.com";
  EXPECT_TRUE(NormaliseUser(u, Contoso()).ok());
  u.user_principal_name = "alice@eu.sales.contoso.com";
  EXPECT_TRUE(NormaliseUser(u, Contoso()).ok());
}

TEST(NormaliseUser, UpnOutsideTheCustomersDomainIsRefused) {
  for (const char* upn : {"alice@fabrikam.com", "alice@notcontoso.com",
                          "alice@contoso.com.evil.com", "alice@contoso.co", "alice@com"}) {
    User u = Alice();
    u.user_principal_name = upn;
    const Status status = NormaliseUser(u, Contoso());
    ASSERT_FALSE(status.ok()) << upn;
    EXPECT_EQ(status.error().code, ErrorCode::kBadRequest);
    EXPECT_EQ(FieldOf(status), "userPrincipalName") << upn;
  }
}

TEST(NormaliseUser, UpnShape) {
  for (const char* upn : {"alice.o'neil+tag_x-y@contoso.com", "a@contoso.com", "0@contoso.com"}) {
    User u = Alice();
    u.user_principal_name = upn;
    EXPECT_TRUE(NormaliseUser(u, Contoso()).ok()) << upn;
  }
  for (const char* upn : {"", "alice", "@contoso.com", "alice@", "alice@@contoso.com",
                          "alice@bob@contoso.com", "al ice@contoso.com", "alice\n@contoso.com",
                          "al\"ice@contoso.com", "alice@contoso..com", "alice@-contoso.com"}) {
    User u = Alice();
    u.user_principal_name = upn;
    EXPECT_EQ(FieldOf(NormaliseUser(u, Contoso())), "userPrincipalName") << upn;
  }
}

TEST(NormaliseUser, UpnAtMost113Characters) {
  const std::string domain = "@contoso.com";  // 12 characters
  User u = Alice();
  u.user_principal_name = std::string(113 - domain.size(), 'a') + domain;
  EXPECT_TRUE(NormaliseUser(u, Contoso()).ok());
  u.user_principal_name = std::string(114 - domain.size(), 'a') + domain;
  EXPECT_EQ(FieldOf(NormaliseUser(u, Contoso())), "userPrincipalName");
}

TEST(NormaliseUser, DisplayNameIsOneTo256PrintableCharacters) {
  User u = Alice();
  u.display_name = std::string(256, 'd');
  EXPECT_TRUE(NormaliseUser(u, Contoso()).ok());
  for (const std::string& name :
       {std::string(), std::string(257, 'd'), std::string("Eve\r"), std::string("E\x1b[31mve")}) {
    User bad = Alice();
    bad.display_name = name;
    EXPECT_EQ(FieldOf(NormaliseUser(bad, Contoso())), "displayName") << name.size();
  }
}

TEST(NormaliseUser, UsageLocationDefaultsToTheCustomersCountry) {
  User u = Alice();
  u.usage_location.clear();
  Customer owner = Contoso();
  owner.country = "NL";
  ASSERT_TRUE(NormaliseUser(u, owner).ok());
  EXPECT_EQ(u.usage_location, "NL");
}

TEST(NormaliseUser, UsageLocationIsTwoUpperCaseLetters) {
  for (const char* location : {"gb", "GBR", "G"}) {
    User u = Alice();
    u.usage_location = location;
    EXPECT_EQ(FieldOf(NormaliseUser(u, Contoso())), "usageLocation") << location;
  }
}

}  // namespace
}  // namespace seatshift
