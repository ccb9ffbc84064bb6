#pragma once

// The CSV exports (RFC 4180: quoted where needed, CRLF line ends), one header row and one row per
// item, shared by the API (Accept: text/csv) and the CLI (--csv) so both write the same file.

#include <string>
#include <string_view>
#include <vector>

#include "domain/charge.hpp"
#include "domain/service_loss.hpp"
#include "domain/subscription.hpp"

namespace seatshift::codec {

//! One text field, quoted. Text a spreadsheet would run as a formula (starting with =, +, -, @,
//! tab or CR) gets a leading ' so it is shown, not run. Numbers are written without it: a
//! negative amount stays a number.
std::string CsvField(std::string_view text);
//! SKU ids joined by ';' (the CSV exports' one field for a list of SKUs).
std::string JoinSkuIds(const std::vector<SkuId>& skus);

std::string ChargesCsv(const std::vector<Charge>& charges);
std::string SubscriptionsAtRiskCsv(const std::vector<SubscriptionAtRisk>& rows);
std::string ServiceLossCsv(const std::vector<ServiceLossRow>& rows);

}  // namespace seatshift::codec
