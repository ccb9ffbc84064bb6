#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "service/estate_import.hpp"

namespace seatshift::import {

// The files a partner exports its existing estate to (see examples/estate/ and
// examples/estate.json). Reading only checks each value's form (dates, numbers, enums, GUIDs,
// known columns and keys); the rules that relate records to each other and to the database
// are service::ImportEstate's. Every error is kBadRequest and names where it is:
// "users.csv:4: usageLocation: ..." or "estate.json:customers[1].users[0].licenses[0].skuId:
// expected a string".
//
// CSV: one kind of record per file, told by its header row. Column names are
// case-insensitive, in any order; [brackets] mark optional columns, which may also be left
// empty in a row:
//   customers:     companyName, domain, segment, country, currency
//   users:         customerDomain, userPrincipalName, displayName, [usageLocation]
//   subscriptions: customerDomain, offerId, [friendlyName], quantity, status,
//                  effectiveStartDate, commitmentEndDate, [termDuration] (P1Y), [billingCycle]
//                  (monthly), autoRenewEnabled, [suspendedAt]
//   licenses:      customerDomain, userPrincipalName, skuId, [excludedPlans]
// Values: dates YYYY-MM-DD; suspendedAt a date or YYYY-MM-DDTHH:MM:SSZ; booleans true/false;
// segment, status, termDuration and billingCycle case-insensitive; excludedPlans service-plan
// GUIDs separated by ';'.
//
// JSON: a whole estate, customers holding their users (holding their licenses) and
// subscriptions, with the same field names; unknown keys are refused, optional ones may be
// null:
//   {"customers": [{"companyName", "domain", "segment", "country", "currency",
//     "users": [{"userPrincipalName", "displayName", "usageLocation",
//                "licenses": [{"skuId", "excludedPlans": ["<guid>", ...]}]}],
//     "subscriptions": [{"offerId", "friendlyName", "quantity": 25, "status",
//                        "effectiveStartDate", "commitmentEndDate", "termDuration",
//                        "billingCycle", "autoRenewEnabled": false, "suspendedAt"}]}]}

//! Reads every file into one estate, in the order given. A `.json` path holds a whole estate,
//! a `.csv` path one kind of record. A file that cannot be opened fails with kNotFound.
Result<service::Estate> ReadEstateFiles(const std::vector<std::string>& paths);

//! Appends the records of one estate CSV file to `estate`.
Status ReadEstateCsv(std::istream& in, std::string_view source_name, service::Estate& estate);

//! Appends the records of one estate JSON document to `estate`. Malformed JSON, and a key an
//! object repeats, fail with the line and column of the fault (codec::ReadJson).
Status ReadEstateJson(std::string_view text, std::string_view source_name, service::Estate& estate);

}  // namespace seatshift::import
