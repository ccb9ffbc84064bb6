// POST /v1/prices/imports; GET /v1/prices; GET /v1/prices/changes;
// GET /v1/prices/margins; PUT, DELETE /v1/prices/margins/{scope}/{key};
// GET /v1/customers/{customerId}/quotes
#include <charconv>

#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/route_helpers.hpp"
#include "codec/price_json.hpp"
#include "service/price_service.hpp"

namespace seatshift::api {
namespace {

Response ImportPriceList(service::PriceService prices, Call& call) {
  const std::string_view type = call.request[http::field::content_type];
  if (!type.starts_with("text/csv") && !type.starts_with("application/zip")) {
    return ErrorResponse(Error(ErrorCode::kUnsupportedMediaType,
                               "the body must be the price list as text/csv or application/zip"));
  }
  return Respond(prices.ImportPriceList(call.ctx, call.request.body(), "body"),
                 [](const PriceListImport& report) {
                   return JsonResponse(http::status::ok, codec::ToJson(report));
                 });
}

Response ListPrices(service::PriceService prices, Call& call) {
  store::PriceListFilter filter;
  if (const std::string& offer = call.Query("offerId"); !offer.empty()) filter.offer_id = offer;
  if (const std::string& market = call.Query("market"); !market.empty()) filter.market = market;
  return Respond(prices.ListPrices(call.ctx, filter), [&](const std::vector<ListPrice>& rows) {
    boost::json::array items;
    for (const ListPrice& row : rows) items.push_back(codec::ToJson(row));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response ListChanges(service::PriceService prices, Call& call) {
  return Respond(prices.ChangesAtRenewal(call.ctx), [&](const std::vector<PriceChange>& changes) {
    boost::json::array items;
    for (const PriceChange& change : changes) items.push_back(codec::ToJson(change));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response ListMargins(service::PriceService prices, Call& call) {
  return Respond(prices.ListMarginRules(call.ctx), [&](const std::vector<MarginRule>& rules) {
    boost::json::array items;
    for (const MarginRule& rule : rules) items.push_back(codec::ToJson(rule));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Result<MarginScope> ScopeOf(Call& call) {
  const auto scope = ParseMarginScope(call.Path("scope"));
  if (!scope) {
    return Error(ErrorCode::kBadRequest, "scope must be segment, product or customer",
                 {{"field", std::string("scope")}});
  }
  return *scope;
}

Response PutMargin(service::PriceService prices, Call& call) {
  auto scope = ScopeOf(call);
  if (!scope) return ErrorResponse(std::move(scope).error());
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  auto basis_points = reader.Integer("basisPoints", INT64_MIN, INT64_MAX);
  if (!basis_points) return ErrorResponse(std::move(basis_points).error());
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  const MarginRule rule{.scope = *scope, .key = call.Path("key"), .basis_points = *basis_points};
  if (Status put = prices.PutMarginRule(call.ctx, rule); !put) {
    return ErrorResponse(std::move(put).error());
  }
  return JsonResponse(http::status::ok, codec::ToJson(rule));
}

Response DeleteMargin(service::PriceService prices, Call& call) {
  auto scope = ScopeOf(call);
  if (!scope) return ErrorResponse(std::move(scope).error());
  if (Status deleted = prices.DeleteMarginRule(call.ctx, *scope, call.Path("key")); !deleted) {
    return ErrorResponse(std::move(deleted).error());
  }
  return EmptyResponse(http::status::no_content);
}

Response Quote(service::PriceService prices, Call& call) {
  const auto customer = Uuid::Parse(call.Path("customerId"));
  if (!customer) {
    return ErrorResponse(Error(ErrorCode::kBadRequest, "customerId must be a GUID",
                               {{"field", std::string("customerId")}}));
  }
  const auto bad = [](std::string_view field, std::string message) {
    return ErrorResponse(
        Error(ErrorCode::kBadRequest, std::move(message), {{"field", std::string(field)}}));
  };
  std::int64_t quantity = 1;
  if (const std::string& text = call.Query("quantity"); !text.empty()) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), quantity);
    if (ec != std::errc() || end != text.data() + text.size() || quantity < 1 ||
        quantity > 1'000'000) {
      return bad("quantity", "quantity must be a whole number from 1 to 1000000");
    }
  }
  const std::string& term_text = call.Query("termDuration");
  const auto term = term_text.empty() ? TermDuration::kOneYear : ParseTermDuration(term_text);
  if (!term) return bad("termDuration", "termDuration must be P1M, P1Y or P3Y");
  const std::string& billing_text = call.Query("billingCycle");
  const auto billing =
      billing_text.empty() ? BillingCycle::kMonthly : ParseBillingCycle(billing_text);
  if (!billing) return bad("billingCycle", "billingCycle must be monthly, annual or triennial");
  std::optional<SkuId> sku;
  if (const std::string& offer = call.Query("offerId"); !offer.empty()) sku = SkuId(offer);
  return Respond(prices.QuoteFor(call.ctx, CustomerId(*customer), sku, quantity, *term, *billing),
                 [&](const std::vector<seatshift::Quote>& quotes) {
                   boost::json::array items;
                   for (const auto& q : quotes) items.push_back(codec::ToJson(q));
                   const auto total = static_cast<std::int64_t>(items.size());
                   return JsonResponse(http::status::ok,
                                       Collection(std::move(items), total, "", call));
                 });
}

}  // namespace

void AddPriceRoutes(Router& router, service::Dependencies deps) {
  const service::PriceService prices(deps);
  router.Add(http::verb::post, "/v1/prices/imports",
             [prices](Call& c) { return ImportPriceList(prices, c); });
  router.Add(http::verb::get, "/v1/prices", [prices](Call& c) { return ListPrices(prices, c); },
             {.query = {"offerId", "market"}});
  router.Add(http::verb::get, "/v1/customers/{customerId}/quotes",
             [prices](Call& c) { return Quote(prices, c); },
             {.query = {"offerId", "quantity", "termDuration", "billingCycle"}});
  router.Add(http::verb::get, "/v1/prices/changes",
             [prices](Call& c) { return ListChanges(prices, c); });
  router.Add(http::verb::get, "/v1/prices/margins",
             [prices](Call& c) { return ListMargins(prices, c); });
  router.Add(http::verb::put, "/v1/prices/margins/{scope}/{key}",
             [prices](Call& c) { return PutMargin(prices, c); });
  router.Add(http::verb::delete_, "/v1/prices/margins/{scope}/{key}",
             [prices](Call& c) { return DeleteMargin(prices, c); });
}

}  // namespace seatshift::api
