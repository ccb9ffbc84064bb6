#pragma once

// Microsoft's price list imported, the partner's margins set, and what changes at renewal.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "service/request_context.hpp"

namespace seatshift::service {

class PriceService {
 public:
  explicit PriceService(Dependencies deps) : deps_(deps) {}

  //! Reads the price list in `bytes` (codec::ReadPriceList: CSV or zipped CSV) and stores every
  //! row in one transaction: added, changed or unchanged by row key, so a second import of the
  //! same file changes nothing. A file with a row that cannot be read imports nothing.
  //! Requires kManagePrices; audited as `prices.import`.
  Result<PriceListImport> ImportPriceList(const RequestContext& ctx, std::string_view bytes,
                                          std::string_view source_name);
  Result<std::vector<ListPrice>> ListPrices(const RequestContext& ctx,
                                            const store::PriceListFilter& filter);
  Result<std::vector<MarginRule>> ListMarginRules(const RequestContext& ctx);
  //! Sets (or replaces) a rule; audited as `prices.margin.set`.
  Status PutMarginRule(const RequestContext& ctx, const MarginRule& rule);
  //! kNotFound when there is no such rule; audited as `prices.margin.delete`.
  Status DeleteMarginRule(const RequestContext& ctx, MarginScope scope, const std::string& key);
  //! Every active, auto-renewing subscription whose price changes at its next renewal, by the
  //! price lists imported so far (a month's file published ahead carries the next prices),
  //! ordered by customer and renewal day. Subscriptions without a price now or next are left
  //! out (the lifecycle reports those as unpriced).
  Result<std::vector<PriceChange>> ChangesAtRenewal(const RequestContext& ctx);
  //! What `quantity` seats would cost `customer` today for `term` billed `billing`: of `sku`, or
  //! of every SKU it may buy today (purchasable, sold in its market, of its segment), in SKU
  //! order. A SKU without a price is quoted with its problem, never at zero.
  Result<std::vector<Quote>> QuoteFor(const RequestContext& ctx, const CustomerId& customer,
                                      const std::optional<SkuId>& sku, std::int64_t quantity,
                                      TermDuration term, BillingCycle billing);

 private:
  Dependencies deps_;
};

}  // namespace seatshift::service
