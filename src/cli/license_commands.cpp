// seatshift licenses show|skus|update|swap
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/json.hpp"

namespace seatshift::cli {
namespace {

struct LicenseArgs {
  std::string customer;
  std::string user;
  std::vector<std::string> assign;  // SKU[:plan-guid,plan-guid]
  std::vector<std::string> remove;
  std::string from;
  std::string to;
};

Result<LicenseAssignment> ParseAssignment(const std::string& text) {
  const auto colon = text.find(':');
  LicenseAssignment a{.sku_id = SkuId(text.substr(0, colon))};
  if (colon == std::string::npos) return a;
  std::string_view rest(text);
  rest.remove_prefix(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto id = Uuid::Parse(rest.substr(0, comma));
    if (!id)
      return Error(ErrorCode::kBadRequest,
                   fmt::format("--assign '{}': excluded plans must be GUIDs", text));
    a.excluded_plans.emplace_back(*id);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return a;
}

void PrintChanges(App& app, const std::vector<LicenseChange>& changes) {
  if (app.options().json) {
    boost::json::array items;
    for (const auto& c : changes) {
      boost::json::array warnings;
      for (const auto& w : c.warnings)
        warnings.push_back({{"code", w.code}, {"message", w.message}});
      items.push_back({{"userId", c.user_id.value().ToString()},
                       {"licensesBefore", codec::ToJson(c.before)},
                       {"licensesAfter", codec::ToJson(c.after)},
                       {"licenseWarnings", std::move(warnings)}});
    }
    PrintJson(boost::json::object{{"updates", std::move(items)}});
    return;
  }
  Table t({"USER", "BEFORE", "AFTER"});
  const auto skus = [](const std::vector<License>& ls) {
    std::vector<std::string> ids;
    for (const auto& l : ls) ids.push_back(l.sku_id.value());
    return ids.empty() ? std::string("-") : fmt::format("{}", fmt::join(ids, ","));
  };
  for (const auto& c : changes)
    t.Add({c.user_id.value().ToString(), skus(c.before), skus(c.after)});
  t.Print();
  for (const auto& c : changes) {
    for (const auto& w : c.warnings)
      std::cerr << fmt::format("warning {}: {}\n", w.code, w.message);
  }
  std::cout << fmt::format("{} user(s) updated in one transaction\n", changes.size());
}

Status Show(App& app, const LicenseArgs& args) {
  auto customers = app.customers();
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, customers.Find(app.ctx(), args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const User u, customers.FindUser(app.ctx(), c.id, args.user));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto licenses,
                             app.licenses().UserLicenses(app.ctx(), c.id, u.id));
  if (app.options().json) {
    boost::json::array items;
    for (const auto& [l, sku] : licenses) items.push_back(codec::ToJson(l, sku ? &*sku : nullptr));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(licenses.size()), ""));
    return OkStatus();
  }
  Table t({"SKU", "TITLE", "PLANS", "EXCLUDED"});
  for (const auto& [l, sku] : licenses) {
    t.Add({l.sku_id.value(), sku ? sku->title : "?",
           std::to_string(sku ? sku->service_plans.size() : 0),
           std::to_string(l.excluded_plans.size())});
  }
  t.Print();
  return OkStatus();
}

Status Skus(App& app, const LicenseArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Find(app.ctx(), args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto skus, app.licenses().SubscribedSkus(app.ctx(), c.id));
  if (app.options().json) {
    boost::json::array items;
    for (const auto& s : skus) items.push_back(codec::ToJson(s));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(skus.size()), ""));
    return OkStatus();
  }
  Table t({"SKU", "TITLE", "ACTIVE", "CONSUMED", "AVAILABLE", "SUSPENDED", "WARNING"});
  for (const auto& s : skus) {
    t.Add({s.sku_id.value(), s.title, std::to_string(s.active_units),
           std::to_string(s.consumed_units),
           std::to_string(std::max<std::int64_t>(0, s.active_units - s.consumed_units)),
           std::to_string(s.suspended_units), std::to_string(s.warning_units)});
  }
  t.Print();
  return OkStatus();
}

Status Update(App& app, const LicenseArgs& args) {
  auto customers = app.customers();
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, customers.Find(app.ctx(), args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const User u, customers.FindUser(app.ctx(), c.id, args.user));
  LicenseUpdate update{.user_id = u.id};
  for (const auto& text : args.assign) {
    SEATSHIFT_ASSIGN_OR_RETURN(LicenseAssignment a, ParseAssignment(text));
    update.to_assign.push_back(std::move(a));
  }
  for (const auto& sku : args.remove) update.to_remove.emplace_back(sku);
  SEATSHIFT_ASSIGN_OR_RETURN(const auto changes, app.licenses().Update(app.ctx(), c.id, {update}));
  PrintChanges(app, changes);
  return OkStatus();
}

Status Swap(App& app, const LicenseArgs& args) {
  auto customers = app.customers();
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, customers.Find(app.ctx(), args.customer));
  service::SwapRequest swap{.from = SkuId(args.from), .to = SkuId(args.to)};
  if (!args.user.empty()) {
    SEATSHIFT_ASSIGN_OR_RETURN(const User u, customers.FindUser(app.ctx(), c.id, args.user));
    swap.user = u.id;
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto changes, app.licenses().Swap(app.ctx(), c.id, swap));
  PrintChanges(app, changes);
  return OkStatus();
}

}  // namespace

void AddLicenseCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<LicenseArgs> binder(app, action);
  LicenseArgs* args = &binder.args();
  auto* licenses = root.add_subcommand("licenses", "User licenses");
  licenses->require_subcommand(1);

  auto* show = licenses->add_subcommand("show", "A user's licenses");
  show->add_option("--customer", args->customer, "Customer id or domain")->required();
  show->add_option("user", args->user, "User id or principal name")->required();
  binder.Bind(show, Show);

  auto* skus = licenses->add_subcommand("skus", "Seats per SKU: active, consumed, available");
  skus->add_option("--customer", args->customer, "Customer id or domain")->required();
  binder.Bind(skus, Skus);

  auto* update = licenses->add_subcommand("update", "Assign and remove licenses atomically");
  update->add_option("--customer", args->customer, "Customer id or domain")->required();
  update->add_option("user", args->user, "User id or principal name")->required();
  update->add_option("--assign", args->assign, "SKU[:excluded-plan-guid,...], repeatable");
  update->add_option("--remove", args->remove, "SKU, repeatable");
  binder.Bind(update, Update);

  auto* swap = licenses->add_subcommand(
      "swap", "Move one user, or every user holding --from, to --to in one transaction");
  swap->add_option("--customer", args->customer, "Customer id or domain")->required();
  swap->add_option("--from", args->from, "SKU the users hold now")->required();
  swap->add_option("--to", args->to, "SKU they move to")->required();
  swap->add_option("--user", args->user, "Only this user (id or principal name)");
  binder.Bind(swap, Swap);
}

}  // namespace seatshift::cli
