// GET /v1/products, /v1/skus, /v1/skus/{skuId}; POST /v1/catalog/imports,
// /v1/catalog/offermatrix/imports
#include <algorithm>
#include <sstream>

#include "api/api.hpp"
#include "api/json_input.hpp"
#include "api/route_helpers.hpp"
#include "codec/json.hpp"
#include "codec/price_json.hpp"
#include "codec/text.hpp"
#include "service/catalog_service.hpp"

namespace seatshift::api {
namespace {

Response ListProducts(service::CatalogService catalog, Call& call) {
  return Respond(catalog.ListProducts(call.ctx), [&](const std::vector<Product>& products) {
    boost::json::array items;
    for (const Product& p : products) items.push_back(codec::ToJson(p));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response ListSkus(service::CatalogService catalog, Call& call) {
  service::SkuQuery query;
  if (const std::string& product = call.Query("productId"); !product.empty()) {
    query.filter.product_id = ProductId(product);
  }
  if (const std::string& segment = call.Query("segment"); !segment.empty()) {
    query.filter.segment = ParseSegment(segment);
    if (!query.filter.segment) {
      return ErrorResponse(Error(ErrorCode::kBadRequest,
                                 "segment must be commercial, education, frontline or government",
                                 {{"field", std::string("segment")}}));
    }
  }
  auto purchasable = BoolQuery(call, "purchasable");
  if (!purchasable) return ErrorResponse(std::move(purchasable).error());
  query.purchasable = *purchasable;
  const Date today = catalog.Today();
  return Respond(catalog.ListSkus(call.ctx, query), [&](const std::vector<Sku>& skus) {
    boost::json::array items;
    for (const Sku& sku : skus) items.push_back(codec::ToJson(sku, today));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response GetSku(service::CatalogService catalog, Call& call) {
  return Respond(catalog.GetSku(call.ctx, SkuId(call.Path("skuId"))), [&](const Sku& sku) {
    return JsonResponse(http::status::ok, codec::ToJson(sku, catalog.Today()));
  });
}

Response ImportVendorCsv(service::CatalogService catalog, Call& call) {
  if (!call.request[http::field::content_type].starts_with("text/csv")) {
    return ErrorResponse(Error(ErrorCode::kUnsupportedMediaType, "the body must be text/csv"));
  }
  std::istringstream in(call.request.body());
  auto imported = catalog.ImportVendorCsv(call.ctx, in, "body");
  if (!imported) return ErrorResponse(std::move(imported).error());
  const service::CatalogUpsertCounts& counts = imported->counts;
  const auto problems = [](const std::vector<codec::RowProblem>& rows) {
    boost::json::array out;
    for (const auto& r : rows) out.push_back({{"line", r.line}, {"reason", r.reason}});
    return out;
  };
  return JsonResponse(http::status::ok,
                      boost::json::object{{"rows", imported->rows},
                                          {"skusCreated", counts.skus_created},
                                          {"skusUpdated", counts.skus_updated},
                                          {"skusUnchanged", counts.skus_unchanged},
                                          {"servicePlans", counts.service_plans},
                                          {"productsCreated", counts.products_created},
                                          {"rejected", problems(imported->rejected)},
                                          {"repaired", problems(imported->repaired)}});
}

//! PUT /v1/skus/{skuId}/offer {"offerId": "CFQ7TTC0LFLX:0001" | null}
Response SetOffer(service::CatalogService catalog, Call& call) {
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  const boost::json::value* offer = reader.Value("offerId");
  if (offer && !offer->is_string()) {
    return ErrorResponse(reader.Bad("offerId", "must be a string (ProductId:SkuId) or null"));
  }
  const bool named = std::any_of(body->begin(), body->end(), [](const auto& member) {
    return codec::EqualsIgnoreCase(member.key(), "offerId");
  });
  if (!named) return ErrorResponse(reader.Bad("offerId", "is required (null unmaps the SKU)"));
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  const std::optional<std::string> offer_id =
      offer ? std::optional(std::string(offer->get_string())) : std::nullopt;
  return Respond(catalog.SetOfferId(call.ctx, SkuId(call.Path("skuId")), offer_id),
                 [&](const Sku& sku) {
                   return JsonResponse(http::status::ok, codec::ToJson(sku, catalog.Today()));
                 });
}

Response ImportOfferMatrix(service::CatalogService catalog, Call& call) {
  const std::string_view type = call.request[http::field::content_type];
  if (!type.starts_with("text/csv") && !type.starts_with("application/zip")) {
    return ErrorResponse(Error(ErrorCode::kUnsupportedMediaType,
                               "the body must be the offer matrix as text/csv or application/zip"));
  }
  return Respond(catalog.ImportOfferMatrix(call.ctx, call.request.body(), "body"),
                 [](const OfferMatrixImport& report) {
                   return JsonResponse(http::status::ok, codec::ToJson(report));
                 });
}

}  // namespace

void AddCatalogRoutes(Router& router, service::Dependencies deps) {
  const service::CatalogService catalog(deps);
  router.Add(http::verb::get, "/v1/products",
             [catalog](Call& c) { return ListProducts(catalog, c); });
  router.Add(http::verb::get, "/v1/skus", [catalog](Call& c) { return ListSkus(catalog, c); },
             {.query = {"productId", "segment", "purchasable"}});
  router.Add(http::verb::get, "/v1/skus/{skuId}",
             [catalog](Call& c) { return GetSku(catalog, c); });
  router.Add(http::verb::post, "/v1/catalog/imports",
             [catalog](Call& c) { return ImportVendorCsv(catalog, c); });
  router.Add(http::verb::put, "/v1/skus/{skuId}/offer",
             [catalog](Call& c) { return SetOffer(catalog, c); });
  router.Add(http::verb::post, "/v1/catalog/offermatrix/imports",
             [catalog](Call& c) { return ImportOfferMatrix(catalog, c); });
}

}  // namespace seatshift::api
