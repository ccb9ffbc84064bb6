// POST /v1/prices/imports; GET /v1/prices; GET /v1/prices/changes;
// GET /v1/prices/margins; PUT, DELETE /v1/prices/margins/{scope}/{key}
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

}  // namespace

void AddPriceRoutes(Router& router, service::Dependencies deps) {
  const service::PriceService prices(deps);
  router.Add(http::verb::post, "/v1/prices/imports",
             [prices](Call& c) { return ImportPriceList(prices, c); });
  router.Add(http::verb::get, "/v1/prices", [prices](Call& c) { return ListPrices(prices, c); },
             {.query = {"offerId", "market"}});
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
