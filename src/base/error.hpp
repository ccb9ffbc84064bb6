#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace seatshift {

//! Every expected failure has one of these codes. The table in error.cpp maps each to the
//! API's error code string, its HTTP status and the CLI's exit code, so adapters never decide.
enum class ErrorCode {
  kBadRequest,
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kSubscriptionNotFound,
  kAlreadyExists,
  kNotEnoughLicenses,
  kEtagMismatch,
  kSubscriptionDeleted,
  kSubscriptionSuspended,
  kAutoRenewLocked,
  kQuantityBelowAssigned,
  kQuantityOutOfRange,
  kOfferNotPurchasable,
  kLicensesStillAssigned,
  kServicePlanNotInSku,
  kInvalidStatusTransition,
  kPriceNotFound,
  kRequestIdReused,
  kCancellationWindowClosed,  //!< a New Commerce cancellation after its 168 hours
  kReductionWindowClosed,     //!< a New Commerce seat decrease after its lots' 168 hours
  kCustomTermEndNotAllowed,   //!< not another subscription's end nor a calendar month end
  kLegacySubscription,        //!< a New Commerce operation asked of a legacy subscription
  kPayloadTooLarge,
  kMethodNotAllowed,
  kUnsupportedMediaType,
  kRateLimited,
  kStorage,
  kInternal,
};

struct ErrorCodeInfo {
  std::string_view api_code;  //!< the `code` field of the API's error body
  int http_status;
  int exit_code;  //!< one per error class, documented in the README
};

const ErrorCodeInfo& Describe(ErrorCode code);

//! A named value attached to an error (the API's `data` array), e.g. {"available", 3}.
struct ErrorDetail {
  std::string key;
  std::variant<std::int64_t, std::string, std::vector<std::string>> value;
  bool operator==(const ErrorDetail&) const = default;
};

//! The named values of a message with a stable code (a warning, a reason, an error's data):
//! what a client needs to say the message in its own language, e.g. {{"seats", 3}}.
using Parameters = std::vector<ErrorDetail>;

struct Error {
  ErrorCode code;
  std::string message;  //!< one human sentence; names the offending value
  std::vector<ErrorDetail> details;

  Error(ErrorCode c, std::string msg, std::vector<ErrorDetail> d = {})
      : code(c), message(std::move(msg)), details(std::move(d)) {}
};

}  // namespace seatshift
