#include "service/price_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "codec/price_list_csv.hpp"
#include "domain/offer_matrix.hpp"
#include "service/audit.hpp"
#include "service/catalog_service.hpp"
#include "service/sku_cache.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr int kPage = 1000;

std::string MarginRuleJson(const MarginRule& rule) {
  return fmt::format(R"({{"scope":"{}","key":"{}","basisPoints":{}}})", ToString(rule.scope),
                     rule.key, rule.basis_points);
}

//! The unmapped offers among `rows`, with the titles and row count the file gives them.
std::vector<UnmappedOffer> UnmappedAmong(const std::vector<ListPrice>& rows,
                                         const std::vector<std::string>& unmapped_ids) {
  const std::set<std::string> unmapped(unmapped_ids.begin(), unmapped_ids.end());
  std::map<std::string, UnmappedOffer> by_id;
  for (const ListPrice& row : rows) {
    if (!unmapped.contains(row.offer_id)) continue;
    UnmappedOffer& offer = by_id[row.offer_id];
    offer.offer_id = row.offer_id;
    offer.product_title = row.product_title;
    offer.sku_title = row.sku_title;
    ++offer.rows;
  }
  std::vector<UnmappedOffer> out;
  for (auto& [id, offer] : by_id) out.push_back(std::move(offer));
  return out;
}

}  // namespace

Result<PriceListImport> PriceService::ImportPriceList(const RequestContext& ctx,
                                                      std::string_view bytes,
                                                      std::string_view source_name) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManagePrices));
  SEATSHIFT_ASSIGN_OR_RETURN(const std::vector<ListPrice> rows,
                             codec::ReadPriceList(bytes, source_name));
  const Instant now = deps_.clock.Now();
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<PriceListImport> {
    const store::PriceListCounts counts = tx.UpsertListPrices(rows);
    PriceListImport report{.rows = static_cast<std::int64_t>(rows.size()),
                           .added = counts.added,
                           .changed = counts.changed,
                           .unchanged = counts.unchanged,
                           .unmapped = UnmappedAmong(rows, tx.UnmappedOfferIds())};
    if (counts.added + counts.changed > 0) {
      RecordAudit(
          tx, ctx, now,
          {.operation = "prices.import",
           .resource_type = "PriceList",
           .resource_id = std::string(source_name),
           .customer_id = std::nullopt,
           .before = "",
           .after = fmt::format(R"({{"rows":{},"added":{},"changed":{},"unchanged":{}}})",
                                report.rows, report.added, report.changed, report.unchanged)});
    }
    tx.Commit();
    return report;
  });
}

Result<std::vector<ListPrice>> PriceService::ListPrices(const RequestContext& ctx,
                                                        const store::PriceListFilter& filter) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  return deps_.store.Read()->ListListPrices(filter);
}

Result<std::vector<MarginRule>> PriceService::ListMarginRules(const RequestContext& ctx) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManagePrices));
  return deps_.store.Read()->ListMarginRules();
}

Status PriceService::PutMarginRule(const RequestContext& ctx, const MarginRule& rule) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManagePrices));
  SEATSHIFT_TRY(ValidateMarginRule(rule));
  const Instant now = deps_.clock.Now();
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    if (rule.scope == MarginScope::kCustomer) {
      const auto id = Uuid::Parse(rule.key);
      if (!id || !tx.FindCustomer(CustomerId(*id))) {
        return Error(ErrorCode::kNotFound, fmt::format("customer {} not found", rule.key),
                     {{"field", std::string("key")}});
      }
    }
    if (rule.scope == MarginScope::kProduct) {
      const auto products = tx.ListProducts();
      if (std::none_of(products.begin(), products.end(),
                       [&](const Product& p) { return p.id.value() == rule.key; })) {
        return Error(ErrorCode::kNotFound, fmt::format("product {} not found", rule.key),
                     {{"field", std::string("key")}});
      }
    }
    tx.PutMarginRule(rule);
    RecordAudit(tx, ctx, now,
                {.operation = "prices.margin.set",
                 .resource_type = "MarginRule",
                 .resource_id = fmt::format("{}:{}", ToString(rule.scope), rule.key),
                 .customer_id = std::nullopt,
                 .before = "",
                 .after = MarginRuleJson(rule)});
    tx.Commit();
    return OkStatus();
  });
}

Status PriceService::DeleteMarginRule(const RequestContext& ctx, MarginScope scope,
                                      const std::string& key) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManagePrices));
  const Instant now = deps_.clock.Now();
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    if (!tx.DeleteMarginRule(scope, key)) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("no {} margin rule for {}", ToString(scope), key));
    }
    RecordAudit(tx, ctx, now,
                {.operation = "prices.margin.delete",
                 .resource_type = "MarginRule",
                 .resource_id = fmt::format("{}:{}", ToString(scope), key),
                 .customer_id = std::nullopt,
                 .before = "",
                 .after = ""});
    tx.Commit();
    return OkStatus();
  });
}

Result<std::vector<Quote>> PriceService::QuoteFor(const RequestContext& ctx,
                                                  const CustomerId& customer_id,
                                                  const std::optional<SkuId>& sku_id,
                                                  std::int64_t quantity, TermDuration term,
                                                  BillingCycle billing) {
  SEATSHIFT_TRY(Require(ctx, Permission::kRead));
  auto tx = deps_.store.Read();
  const auto customer = tx->FindCustomer(customer_id);
  if (!customer) return CustomerNotFound(customer_id);
  SkuCache cache(*tx);
  const Buyer buyer = cache.BuyerOf(*customer);
  const Date today = deps_.clock.Today();
  std::vector<Quote> out;
  if (sku_id) {
    const Sku* sku = cache.Find(CanonicalSkuId(*tx, *sku_id));
    if (!sku) {
      return Error(ErrorCode::kNotFound, fmt::format("SKU {} not found", sku_id->value()),
                   {{"offerId", sku_id->value()}});
    }
    out.push_back(QuoteSeats(*sku, buyer, term, billing, quantity, today));
    return out;
  }
  for (const Sku& sku : tx->ListSkus({.segment = customer->segment})) {
    if (!sku.IsPurchasableOn(today) || !CheckSoldIn(sku, customer->country).ok()) continue;
    out.push_back(QuoteSeats(sku, buyer, term, billing, quantity, today));
  }
  return out;
}

Result<std::vector<PriceChange>> PriceService::ChangesAtRenewal(const RequestContext& ctx) {
  SEATSHIFT_TRY(Require(ctx, Permission::kReadReports));
  auto tx = deps_.store.Read();
  SkuCache skus(*tx);
  std::vector<PriceChange> out;
  store::PageRequest customers{.after = "", .limit = kPage};
  do {
    SEATSHIFT_ASSIGN_OR_RETURN(auto page, tx->ListCustomers({}, customers));
    for (const Customer& customer : page.items) {
      const Buyer buyer = skus.BuyerOf(customer);
      store::PageRequest subs_page{.after = "", .limit = kPage};
      do {
        SEATSHIFT_ASSIGN_OR_RETURN(auto subs,
                                   tx->ListSubscriptions({.customer_id = customer.id,
                                                          .status = SubscriptionStatus::kActive,
                                                          .auto_renew = true},
                                                         subs_page));
        for (const Subscription& sub : subs.items) {
          const Sku* sku = skus.Find(sub.sku_id);
          if (!sku) continue;
          const Date renews_on = sub.term_end + std::chrono::days(1);
          const auto now_price = TermPriceOf(sub, *sku, buyer, sub.term_start);
          const auto next_price =
              PriceSeat(*sku, buyer, sub.term, sub.billing_cycle, sub.quantity, renews_on);
          if (!now_price || !next_price || *now_price == *next_price) continue;
          out.push_back({.customer_id = customer.id,
                         .company_name = customer.company_name,
                         .subscription_id = sub.id,
                         .sku_id = sub.sku_id,
                         .quantity = sub.quantity,
                         .currency = customer.currency,
                         .renews_on = renews_on,
                         .now = *now_price,
                         .next = *next_price,
                         .billing = sub.billing_cycle,
                         .term = sub.term});
        }
        subs_page.after = std::move(subs.next);
      } while (!subs_page.after.empty());
    }
    customers.after = std::move(page.next);
  } while (!customers.after.empty());
  return out;
}

}  // namespace seatshift::service
