#include "base/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace seatshift {
namespace {

constexpr ErrorCode kAllCodes[] = {
    ErrorCode::kBadRequest,
    ErrorCode::kUnauthenticated,
    ErrorCode::kForbidden,
    ErrorCode::kNotFound,
    ErrorCode::kSubscriptionNotFound,
    ErrorCode::kAlreadyExists,
    ErrorCode::kNotEnoughLicenses,
    ErrorCode::kEtagMismatch,
    ErrorCode::kSubscriptionDeleted,
    ErrorCode::kSubscriptionSuspended,
    ErrorCode::kAutoRenewLocked,
    ErrorCode::kQuantityBelowAssigned,
    ErrorCode::kQuantityOutOfRange,
    ErrorCode::kOfferNotPurchasable,
    ErrorCode::kLicensesStillAssigned,
    ErrorCode::kServicePlanNotInSku,
    ErrorCode::kInvalidStatusTransition,
    ErrorCode::kPriceNotFound,
    ErrorCode::kRequestIdReused,
    ErrorCode::kCancellationWindowClosed,
    ErrorCode::kReductionWindowClosed,
    ErrorCode::kCustomTermEndNotAllowed,
    ErrorCode::kLegacySubscription,
    ErrorCode::kPayloadTooLarge,
    ErrorCode::kMethodNotAllowed,
    ErrorCode::kUnsupportedMediaType,
    ErrorCode::kRateLimited,
    ErrorCode::kStorage,
    ErrorCode::kInternal,
};

TEST(ErrorTable, ListCoversEveryCode) {
  // kInternal is the last enumerator; the list above must name every one of them once.
  EXPECT_EQ(std::size(kAllCodes), static_cast<std::size_t>(ErrorCode::kInternal) + 1);
  for (std::size_t i = 0; i < std::size(kAllCodes); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kAllCodes[i]), i);
  }
}

TEST(ErrorTable, EveryCodeHasAnApiCodeAnErrorStatusAndANonZeroExitCode) {
  for (const ErrorCode code : kAllCodes) {
    const ErrorCodeInfo& info = Describe(code);
    const int index = static_cast<int>(code);
    EXPECT_FALSE(info.api_code.empty()) << index;
    EXPECT_GE(info.http_status, 400) << index;
    EXPECT_LE(info.http_status, 599) << index;
    EXPECT_NE(info.exit_code, 0) << index;
    EXPECT_NE(info.exit_code, 2) << index << ": exit code 2 is reserved for CLI usage errors";
  }
}

TEST(ErrorTable, ApiCodesAreDistinct) {
  std::set<std::string_view> seen;
  for (const ErrorCode code : kAllCodes) {
    EXPECT_TRUE(seen.insert(Describe(code).api_code).second) << Describe(code).api_code;
  }
}

struct Expected {
  ErrorCode code;
  std::string_view api_code;
  int http_status;
};

TEST(ErrorTable, ApiContractCodesAndStatuses) {
  // The table of API.md.
  const Expected expected[] = {
      {ErrorCode::kBadRequest, "400", 400},
      {ErrorCode::kUnauthenticated, "401", 401},
      {ErrorCode::kForbidden, "403", 403},
      {ErrorCode::kNotFound, "404", 404},
      {ErrorCode::kSubscriptionNotFound, "20003", 404},
      {ErrorCode::kNotEnoughLicenses, "60012", 409},
      {ErrorCode::kEtagMismatch, "2055", 412},
      {ErrorCode::kSubscriptionDeleted, "2011", 409},
      {ErrorCode::kSubscriptionSuspended, "800091", 409},
      {ErrorCode::kAutoRenewLocked, "800093", 409},
      {ErrorCode::kQuantityBelowAssigned, "800090", 409},
      {ErrorCode::kQuantityOutOfRange, "2002", 400},
      {ErrorCode::kOfferNotPurchasable, "offerNotPurchasable", 409},
      {ErrorCode::kLicensesStillAssigned, "licensesStillAssigned", 409},
      {ErrorCode::kServicePlanNotInSku, "servicePlanNotInSku", 400},
      {ErrorCode::kPayloadTooLarge, "413", 413},
      {ErrorCode::kMethodNotAllowed, "405", 405},
      {ErrorCode::kUnsupportedMediaType, "415", 415},
      {ErrorCode::kRateLimited, "429", 429},
      {ErrorCode::kInternal, "500", 500},
  };
  for (const Expected& e : expected) {
    EXPECT_EQ(Describe(e.code).api_code, e.api_code) << static_cast<int>(e.code);
    EXPECT_EQ(Describe(e.code).http_status, e.http_status) << e.api_code;
  }
}

TEST(ErrorTable, ExitCodesByClass) {
  EXPECT_EQ(Describe(ErrorCode::kInternal).exit_code, 1);
  EXPECT_EQ(Describe(ErrorCode::kBadRequest).exit_code, 3);
  EXPECT_EQ(Describe(ErrorCode::kQuantityOutOfRange).exit_code, 3);
  EXPECT_EQ(Describe(ErrorCode::kNotFound).exit_code, 4);
  EXPECT_EQ(Describe(ErrorCode::kSubscriptionNotFound).exit_code, 4);
  EXPECT_EQ(Describe(ErrorCode::kNotEnoughLicenses).exit_code, 5);
  EXPECT_EQ(Describe(ErrorCode::kOfferNotPurchasable).exit_code, 5);
  EXPECT_EQ(Describe(ErrorCode::kEtagMismatch).exit_code, 6);
  EXPECT_EQ(Describe(ErrorCode::kUnauthenticated).exit_code, 7);
  EXPECT_EQ(Describe(ErrorCode::kForbidden).exit_code, 7);
  EXPECT_EQ(Describe(ErrorCode::kStorage).exit_code, 8);
}

TEST(Error, CarriesCodeMessageAndDetails) {
  const Error error(ErrorCode::kNotEnoughLicenses, "not enough SPE_E3 licenses",
                    {{"sku", std::string("SPE_E3")}, {"available", std::int64_t{2}}});
  EXPECT_EQ(error.code, ErrorCode::kNotEnoughLicenses);
  EXPECT_EQ(error.message, "not enough SPE_E3 licenses");
  ASSERT_EQ(error.details.size(), 2u);
  EXPECT_EQ(std::get<std::string>(error.details[0].value), "SPE_E3");
  EXPECT_EQ(std::get<std::int64_t>(error.details[1].value), 2);
}

}  // namespace
}  // namespace seatshift
