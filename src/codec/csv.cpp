#include "codec/csv.hpp"

#include <csv.h>
#include <fmt/format.h>

namespace seatshift::codec {
std::string JoinSkuIds(const std::vector<SkuId>& skus) {
  std::string out;
  for (const SkuId& s : skus) out += (out.empty() ? "" : ";") + s.value();
  return out;
}

namespace {

//! Whether a spreadsheet would read `text` as a formula (OWASP's list of first characters).
bool LooksLikeFormula(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

}  // namespace

std::string CsvField(std::string_view text) {
  // OWASP's CSV-injection rule: a leading quote makes a spreadsheet show a name such as
  // "=HYPERLINK(...)" as text instead of running it.
  std::string neutral;
  if (LooksLikeFormula(text)) {
    neutral = "'" + std::string(text);
    text = neutral;
  }
  std::string out(text.size() * 2 + 2, '\0');
  // libcsv always quotes the field and doubles the quotes in it.
  out.resize(csv_write(out.data(), out.size(), text.data(), text.size()));
  return out;
}

std::string ChargesCsv(const std::vector<Charge>& charges) {
  std::string csv =
      "subscriptionId,offerId,chargeType,periodStart,periodEnd,quantity,unitPrice,amount,"
      "currency,chargedAt\r\n";
  for (const Charge& c : charges) {
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", c.subscription_id.value().ToString(),
                       CsvField(c.sku_id.value()), ToString(c.kind), FormatDate(c.period.first),
                       FormatDate(c.period.last), c.quantity, c.unit_price, c.amount,
                       CsvField(c.currency), FormatInstant(c.charged_at));
  }
  return csv;
}

std::string SubscriptionsAtRiskCsv(const std::vector<SubscriptionAtRisk>& rows) {
  std::string csv =
      "customerId,companyName,domain,segment,subscriptionId,offerId,offerName,friendlyName,"
      "quantity,status,autoRenewEnabled,commitmentEndDate,daysUntilEnd,assignedLicenses,"
      "unusedSeats,replacementSkuIds,recommendedOfferId,recommendedOfferTitle,"
      "recommendedQuantity\r\n";
  for (const SubscriptionAtRisk& row : rows) {
    const Subscription& s = row.subscription;
    const auto& r = row.recommended;
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
                       s.customer_id.value().ToString(), CsvField(row.company_name),
                       CsvField(row.domain), ToString(row.segment), s.id.value().ToString(),
                       CsvField(s.sku_id.value()), CsvField(row.offer_name),
                       CsvField(s.friendly_name), s.quantity, ToString(s.status),
                       s.auto_renew ? "true" : "false", FormatDate(s.term_end), row.days_until_end,
                       row.assigned_licenses, row.unused_seats,
                       CsvField(JoinSkuIds(row.replacements)), CsvField(r ? r->sku_id.value() : ""),
                       CsvField(r ? r->title : ""), r ? fmt::format("{}", r->quantity) : "");
  }
  return csv;
}

std::string ServiceLossCsv(const std::vector<ServiceLossRow>& rows) {
  std::string csv =
      "customerId,userId,userPrincipalName,offerId,servicePlanId,servicePlanName,losesAccessAt,"
      "reason,replacementSkuIds\r\n";
  for (const ServiceLossRow& row : rows) {
    csv += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", row.customer_id.value().ToString(),
                       row.user_id.value().ToString(), CsvField(row.user_principal_name),
                       CsvField(row.sku_id.value()), row.service_plan.id.value().ToString(),
                       CsvField(row.service_plan.name), FormatInstant(row.loses_at),
                       ToString(row.reason), CsvField(JoinSkuIds(row.replacements)));
  }
  return csv;
}

}  // namespace seatshift::codec
