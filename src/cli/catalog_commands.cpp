// seatshift catalog list|show|import
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/json.hpp"
#include "codec/price_json.hpp"
#include "import/catalog_json.hpp"

namespace seatshift::cli {
namespace {

std::string Lifecycle(const Sku& sku, Date today) {
  const auto status = sku.StatusOn(today);
  if (status == LifecycleStatus::kAvailable) return "available";
  return fmt::format(
      "{} since {}", ToString(status),
      FormatDate(status == LifecycleStatus::kRetired ? *sku.retirement : *sku.end_of_sale));
}

//! The list price of a seat for a month in the United States, one-year term billed monthly, as
//! in effect on `today`; "-" when there is none.
std::string UsdMonthly(const Sku& sku, Date today) {
  const auto price = sku.SeatPriceFor({.market = "US",
                                       .currency = "USD",
                                       .term = TermDuration::kOneYear,
                                       .billing = BillingCycle::kMonthly,
                                       .quantity = 1,
                                       .on = today});
  return price ? FormatMoney(price->per_period, "USD") : "-";
}

struct CatalogArgs {
  std::string segment;
  std::string purchasable;
  std::string sku;
  std::string path;
};

Status List(App& app, const CatalogArgs& args) {
  const std::string& segment = args.segment;
  const std::string& purchasable = args.purchasable;
  service::SkuQuery query;
  if (!segment.empty()) {
    query.filter.segment = ParseSegment(segment);
    if (!query.filter.segment) {
      return Error(ErrorCode::kBadRequest,
                   "--segment: expected commercial, education, frontline or government");
    }
  }
  if (!purchasable.empty()) {
    query.purchasable = ParseBool(purchasable);
    if (!query.purchasable)
      return Error(ErrorCode::kBadRequest, "--purchasable: expected true or false");
  }
  auto catalog = app.catalog();
  SEATSHIFT_ASSIGN_OR_RETURN(const auto skus, catalog.ListSkus(app.ctx(), query));
  const Date today = catalog.Today();
  if (app.options().json) {
    boost::json::array items;
    for (const Sku& sku : skus) items.push_back(codec::ToJson(sku, today));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(skus.size()), ""));
    return OkStatus();
  }
  Table table({"SKU", "TITLE", "SEGMENT", "PLANS", "USD/MONTH", "LIFECYCLE"});
  for (const Sku& sku : skus) {
    table.Add({sku.id.value(), sku.title, std::string(ToString(sku.segment)),
               std::to_string(sku.service_plans.size()), UsdMonthly(sku, today),
               Lifecycle(sku, today)});
  }
  table.Print();
  return OkStatus();
}

Status Show(App& app, const CatalogArgs& args) {
  const std::string& id = args.sku;
  auto catalog = app.catalog();
  SEATSHIFT_ASSIGN_OR_RETURN(const Sku sku, catalog.GetSku(app.ctx(), SkuId(id)));
  const Date today = catalog.Today();
  if (app.options().json) {
    PrintJson(codec::ToJson(sku, today));
    return OkStatus();
  }
  std::vector<std::string> replacements;
  for (const auto& r : sku.replacements) replacements.push_back(r.value());
  Table facts({"FIELD", "VALUE"});
  facts.Add({"id", sku.id.value()});
  facts.Add({"guid", sku.guid.ToString()});
  facts.Add({"title", sku.title});
  facts.Add({"segment", std::string(ToString(sku.segment))});
  facts.Add({"quantity", fmt::format("{}..{}", sku.minimum_quantity, sku.maximum_quantity)});
  facts.Add({"lifecycle", Lifecycle(sku, today)});
  facts.Add({"replacements",
             replacements.empty() ? "-" : fmt::format("{}", fmt::join(replacements, ", "))});
  facts.Print();
  std::cout << '\n';
  Table plans({"SERVICE PLAN", "NAME", "ID"});
  for (const auto& p : sku.service_plans)
    plans.Add({p.name, p.display_name, p.id.value().ToString()});
  plans.Print();
  return OkStatus();
}

Status Import(App& app, const CatalogArgs& args) {
  const std::string& path = args.path;
  auto catalog = app.catalog();
  if (path.ends_with(".json")) {
    SEATSHIFT_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
    SEATSHIFT_ASSIGN_OR_RETURN(const auto doc, import::ParseCatalogJson(text, path));
    SEATSHIFT_ASSIGN_OR_RETURN(const auto counts, catalog.Upsert(app.ctx(), doc.products, doc.skus,
                                                                 service::CatalogMerge::kReplace));
    std::cout << fmt::format("SKUs: {} created, {} updated, {} unchanged\n", counts.skus_created,
                             counts.skus_updated, counts.skus_unchanged);
    return OkStatus();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kNotFound, fmt::format("cannot open {}", path));
  SEATSHIFT_ASSIGN_OR_RETURN(const service::VendorImport vendor,
                             catalog.ImportVendorCsv(app.ctx(), in, path));
  const service::CatalogUpsertCounts& counts = vendor.counts;
  if (app.options().json) {
    boost::json::array rejected;
    for (const auto& r : vendor.rejected)
      rejected.push_back({{"line", r.line}, {"reason", r.reason}});
    boost::json::array repaired;
    for (const auto& r : vendor.repaired)
      repaired.push_back({{"line", r.line}, {"reason", r.reason}});
    PrintJson(boost::json::object{{"rows", vendor.rows},
                                  {"skusCreated", counts.skus_created},
                                  {"skusUpdated", counts.skus_updated},
                                  {"skusUnchanged", counts.skus_unchanged},
                                  {"servicePlans", counts.service_plans},
                                  {"productsCreated", counts.products_created},
                                  {"rejected", std::move(rejected)},
                                  {"repaired", std::move(repaired)}});
    return OkStatus();
  }
  std::cout << fmt::format(
      "{} rows: {} SKUs ({} created, {} updated, {} unchanged), {} service plans; {} rows "
      "rejected, {} repaired\n",
      vendor.rows, vendor.skus, counts.skus_created, counts.skus_updated, counts.skus_unchanged,
      counts.service_plans, vendor.rejected.size(), vendor.repaired.size());
  for (const auto& r : vendor.rejected)
    std::cout << fmt::format("  rejected line {}: {}\n", r.line, r.reason);
  for (const auto& r : vendor.repaired)
    std::cout << fmt::format("  repaired line {}: {}\n", r.line, r.reason);
  return OkStatus();
}

Status ImportOfferMatrix(App& app, const CatalogArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(args.path));
  SEATSHIFT_ASSIGN_OR_RETURN(const OfferMatrixImport report,
                             app.catalog().ImportOfferMatrix(app.ctx(), bytes, args.path));
  if (app.options().json) {
    PrintJson(codec::ToJson(report));
    return OkStatus();
  }
  std::cout << fmt::format("{} rows: {} SKUs updated, {} unchanged; {} unknown, {} conflicts\n",
                           report.rows, report.skus_updated, report.skus_unchanged,
                           report.unknown.size(), report.conflicts.size());
  for (const OfferMatrixRow& row : report.unknown) {
    std::cout << fmt::format("  unknown line {}: {} {} ({})\n", row.line, row.offer_id,
                             row.sku_title, row.provisioning_string);
  }
  for (const std::string& conflict : report.conflicts) {
    std::cout << fmt::format("  conflict {}\n", conflict);
  }
  return OkStatus();
}

}  // namespace

std::optional<bool> ParseBool(const std::string& text) {
  std::string lower;
  for (char c : text)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::nullopt;
}

void AddCatalogCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<CatalogArgs> binder(app, action);
  CatalogArgs* args = &binder.args();
  auto* catalog = root.add_subcommand("catalog", "Products, SKUs, prices and their lifecycle");
  catalog->require_subcommand(1);

  auto* list = catalog->add_subcommand("list", "List SKUs");
  list->add_option("--segment", args->segment, "commercial, education, frontline or government");
  list->add_option("--purchasable", args->purchasable,
                   "true: only SKUs on sale today; false: only past end of sale");
  binder.Bind(list, List);

  auto* show = catalog->add_subcommand("show", "Show one SKU with its service plans");
  show->add_option("sku", args->sku, "SKU id, e.g. SPE_E3")->required();
  binder.Bind(show, Show);

  auto* imp = catalog->add_subcommand(
      "import", "Import the vendor's SKU/service-plan CSV (or a catalog JSON document)");
  imp->add_option("file", args->path, "CSV in the vendor's format, or .json")->required();
  binder.Bind(imp, Import);

  auto* matrix = catalog->add_subcommand(
      "offer-matrix", "Import Microsoft's offer matrix (CSV or zipped CSV), all or nothing");
  matrix->add_option("file", args->path, "the offer matrix file")->required();
  binder.Bind(matrix, ImportOfferMatrix);
}

}  // namespace seatshift::cli
