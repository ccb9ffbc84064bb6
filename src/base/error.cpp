#include "base/error.hpp"

#include <array>
#include <cassert>

namespace seatshift {
namespace {

// CLI exit codes by class: 1 internal, 2 usage (CLI11), 3 invalid input, 4 not found,
// 5 refused by a business rule or a conflict, 6 stale version, 7 not allowed, 8 storage.
constexpr std::array<ErrorCodeInfo, static_cast<std::size_t>(ErrorCode::kInternal) + 1> kTable{{
    {"400", 400, 3},                      // kBadRequest
    {"401", 401, 7},                      // kUnauthenticated
    {"403", 403, 7},                      // kForbidden
    {"404", 404, 4},                      // kNotFound
    {"20003", 404, 4},                    // kSubscriptionNotFound
    {"409", 409, 5},                      // kAlreadyExists
    {"60012", 409, 5},                    // kNotEnoughLicenses
    {"2055", 412, 6},                     // kEtagMismatch
    {"2011", 409, 5},                     // kSubscriptionDeleted
    {"800091", 409, 5},                   // kSubscriptionSuspended
    {"800093", 409, 5},                   // kAutoRenewLocked
    {"800090", 409, 5},                   // kQuantityBelowAssigned
    {"2002", 400, 3},                     // kQuantityOutOfRange
    {"offerNotPurchasable", 409, 5},      // kOfferNotPurchasable
    {"licensesStillAssigned", 409, 5},    // kLicensesStillAssigned
    {"servicePlanNotInSku", 400, 3},      // kServicePlanNotInSku
    {"invalidStatusTransition", 409, 5},  // kInvalidStatusTransition
    {"priceNotFound", 409, 5},            // kPriceNotFound
    {"requestIdReused", 409, 5},          // kRequestIdReused
    {"900213", 400, 5},                   // kCancellationWindowClosed
    {"900214", 400, 5},                   // kReductionWindowClosed
    {"900246", 400, 3},                   // kCustomTermEndNotAllowed
    {"900263", 403, 5},                   // kLegacySubscription
    {"413", 413, 3},                      // kPayloadTooLarge
    {"405", 405, 3},                      // kMethodNotAllowed
    {"415", 415, 3},                      // kUnsupportedMediaType
    {"429", 429, 5},                      // kRateLimited
    {"storageError", 503, 8},             // kStorage
    {"500", 500, 1},                      // kInternal
}};

}  // namespace

const ErrorCodeInfo& Describe(ErrorCode code) {
  const auto index = static_cast<std::size_t>(code);
  assert(index < kTable.size());
  return kTable[index];
}

}  // namespace seatshift
