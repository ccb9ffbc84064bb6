// seatshift prices import FILE, prices list, prices margin set|list|delete, prices changes
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/price_json.hpp"
#include "service/price_service.hpp"

namespace seatshift::cli {
namespace {

struct PriceArgs {
  std::string path;
  std::string offer;
  std::string market;
  std::string scope;
  std::string key;
  std::int64_t basis_points = 0;
};

Status Import(App& app, const PriceArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(args.path));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const PriceListImport report,
      service::PriceService(app.Deps()).ImportPriceList(app.ctx(), bytes, args.path));
  if (app.options().json) {
    PrintJson(codec::ToJson(report));
    return OkStatus();
  }
  std::cout << fmt::format("{} rows: {} added, {} changed, {} unchanged\n", report.rows,
                           report.added, report.changed, report.unchanged);
  if (!report.unmapped.empty()) {
    std::cout << fmt::format(
        "{} offer(s) no SKU is mapped to (kept; set a SKU's offerId to price it):\n",
        report.unmapped.size());
    Table t({"OFFER", "PRODUCT", "SKU", "ROWS"});
    for (const UnmappedOffer& o : report.unmapped) {
      t.Add({o.offer_id, o.product_title, o.sku_title, std::to_string(o.rows)});
    }
    t.Print();
  }
  return OkStatus();
}

Status List(App& app, const PriceArgs& args) {
  store::PriceListFilter filter;
  if (!args.offer.empty()) filter.offer_id = args.offer;
  if (!args.market.empty()) filter.market = args.market;
  SEATSHIFT_ASSIGN_OR_RETURN(const auto prices,
                             service::PriceService(app.Deps()).ListPrices(app.ctx(), filter));
  if (app.options().json) {
    boost::json::array items;
    for (const ListPrice& p : prices) items.push_back(codec::ToJson(p));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(prices.size()), ""));
    return OkStatus();
  }
  Table t({"OFFER", "MARKET", "TERM", "BILLING", "TIER", "FROM", "UNTIL", "PRICE", "ERP"});
  for (const ListPrice& p : prices) {
    t.Add({p.offer_id, p.market, std::string(ToString(p.term)),
           p.billing ? std::string(ToString(*p.billing)) : "-",
           fmt::format("{}..{}", p.tier_min, p.tier_max ? std::to_string(*p.tier_max) : ""),
           FormatDate(p.effective_start), p.effective_end ? FormatDate(*p.effective_end) : "-",
           FormatMoney(p.unit_price, p.currency),
           p.erp_price ? FormatMoney(*p.erp_price, p.currency) : "-"});
  }
  t.Print();
  return OkStatus();
}

Result<MarginScope> Scope(const PriceArgs& args) {
  const auto scope = ParseMarginScope(args.scope);
  if (!scope) return Error(ErrorCode::kBadRequest, "scope: expected segment, product or customer");
  return *scope;
}

Status SetMargin(App& app, const PriceArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const MarginScope scope, Scope(args));
  SEATSHIFT_TRY(
      service::PriceService(app.Deps())
          .PutMarginRule(app.ctx(),
                         {.scope = scope, .key = args.key, .basis_points = args.basis_points}));
  std::cout << fmt::format("margin for {} {}: {} basis points\n", args.scope, args.key,
                           args.basis_points);
  return OkStatus();
}

Status ListMargins(App& app, const PriceArgs&) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto rules,
                             service::PriceService(app.Deps()).ListMarginRules(app.ctx()));
  if (app.options().json) {
    boost::json::array items;
    for (const MarginRule& r : rules) items.push_back(codec::ToJson(r));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(rules.size()), ""));
    return OkStatus();
  }
  Table t({"SCOPE", "KEY", "BASIS POINTS"});
  for (const MarginRule& r : rules) {
    t.Add({std::string(ToString(r.scope)), r.key, std::to_string(r.basis_points)});
  }
  t.Print();
  return OkStatus();
}

Status DeleteMargin(App& app, const PriceArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const MarginScope scope, Scope(args));
  return service::PriceService(app.Deps()).DeleteMarginRule(app.ctx(), scope, args.key);
}

Status Changes(App& app, const PriceArgs&) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto changes,
                             service::PriceService(app.Deps()).ChangesAtRenewal(app.ctx()));
  if (app.options().json) {
    boost::json::array items;
    for (const PriceChange& c : changes) items.push_back(codec::ToJson(c));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(changes.size()), ""));
    return OkStatus();
  }
  Table t({"CUSTOMER", "SUBSCRIPTION", "SKU", "SEATS", "RENEWS", "PRICE NOW", "PRICE NEXT"});
  for (const PriceChange& c : changes) {
    t.Add({c.company_name, c.subscription_id.value().ToString(), c.sku_id.value(),
           std::to_string(c.quantity), FormatDate(c.renews_on),
           FormatMoney(c.now.resale, c.currency), FormatMoney(c.next.resale, c.currency)});
  }
  t.Print();
  return OkStatus();
}

}  // namespace

void AddPriceCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<PriceArgs> binder(app, action);
  PriceArgs* args = &binder.args();
  auto* prices = root.add_subcommand("prices", "Microsoft's price list and the partner's margins");
  prices->require_subcommand(1);
  auto* imp = prices->add_subcommand(
      "import", "Import a license-based price list (CSV or zipped CSV), all or nothing");
  imp->add_option("file", args->path, "the price list file")->required();
  binder.Bind(imp, Import);
  auto* list = prices->add_subcommand("list", "Imported price-list rows");
  list->add_option("--offer", args->offer, "ProductId:SkuId");
  list->add_option("--market", args->market, "Two-letter country code");
  binder.Bind(list, List);
  auto* changes = prices->add_subcommand(
      "changes", "Subscriptions whose price changes at their next renewal (old -> new)");
  binder.Bind(changes, Changes);
  auto* margin = prices->add_subcommand("margin", "The partner's margin over the list price");
  margin->require_subcommand(1);
  auto* set = margin->add_subcommand("set", "Set a margin (basis points: 1250 = 12.5 %)");
  set->add_option("scope", args->scope, "segment, product or customer")->required();
  set->add_option("key", args->key, "the segment, product id or customer id")->required();
  set->add_option("basis-points", args->basis_points, "the margin")->required();
  binder.Bind(set, SetMargin);
  auto* margins = margin->add_subcommand("list", "Every margin rule");
  binder.Bind(margins, ListMargins);
  auto* del = margin->add_subcommand("delete", "Remove a margin rule");
  del->add_option("scope", args->scope, "segment, product or customer")->required();
  del->add_option("key", args->key, "the segment, product id or customer id")->required();
  binder.Bind(del, DeleteMargin);
}

}  // namespace seatshift::cli
