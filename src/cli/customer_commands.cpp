// seatshift customers list|create|show, users list|create|delete
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "codec/json.hpp"

namespace seatshift::cli {
namespace {

struct CustomerArgs {
  std::string customer;  // id or domain
  std::string filter;
  int size = 100;
  std::string continuation;
  bool all = false;
  service::NewCustomer created;
  std::string segment = "commercial";
  service::NewUser user;
  std::string user_key;  // id or UPN
};

template <typename T>
void PrintPage(App& app, const store::Page<T>& page, Table table,
               const std::function<std::vector<std::string>(const T&)>& row) {
  if (app.options().json) {
    boost::json::array items;
    for (const T& item : page.items) items.push_back(codec::ToJson(item));
    PrintJson(Collection(std::move(items), page.total, page.next));
    return;
  }
  for (const T& item : page.items) table.Add(row(item));
  table.Print();
  if (!page.next.empty()) {
    std::cerr << fmt::format("{} of {} shown; next page: --continuation {}\n", page.items.size(),
                             page.total, page.next);
  }
}

Status ListCustomers(App& app, const CustomerArgs& args) {
  if (args.size < 1 || args.size > 1000) return Error(ErrorCode::kBadRequest, "--size: 1..1000");
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page, app.customers().List(app.ctx(), {.name_prefix = args.filter},
                                            {.after = args.continuation, .limit = args.size}));
  PrintPage<Customer>(
      app, page, Table({"ID", "COMPANY", "DOMAIN", "SEGMENT", "COUNTRY"}), [](const Customer& c) {
        return std::vector<std::string>{c.id.value().ToString(), c.company_name, c.domain,
                                        std::string(ToString(c.segment)), c.country};
      });
  return OkStatus();
}

void PrintCustomer(App& app, const Customer& c) {
  if (app.options().json) {
    PrintJson(codec::ToJson(c));
    return;
  }
  Table t({"FIELD", "VALUE"});
  t.Add({"id", c.id.value().ToString()});
  t.Add({"company", c.company_name});
  t.Add({"domain", c.domain});
  t.Add({"segment", std::string(ToString(c.segment))});
  t.Add({"country", c.country});
  t.Add({"currency", c.currency});
  t.Print();
}

Status CreateCustomer(App& app, const CustomerArgs& parsed) {
  CustomerArgs args = parsed;
  const auto segment = ParseSegment(args.segment);
  if (!segment)
    return Error(ErrorCode::kBadRequest,
                 "--segment: expected commercial, education, frontline or government");
  args.created.segment = *segment;
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Create(app.ctx(), args.created));
  PrintCustomer(app, c);
  return OkStatus();
}

Status ShowCustomer(App& app, const CustomerArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, app.customers().Find(app.ctx(), args.customer));
  PrintCustomer(app, c);
  return OkStatus();
}

Status ListUsers(App& app, const CustomerArgs& args) {
  if (args.size < 1 || args.size > 1000) return Error(ErrorCode::kBadRequest, "--size: 1..1000");
  auto customers = app.customers();
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, customers.Find(app.ctx(), args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(
      const auto page,
      customers.ListUsers(app.ctx(), c.id, {.after = args.continuation, .limit = args.size}));
  PrintPage<User>(app, page, Table({"ID", "USER PRINCIPAL NAME", "DISPLAY NAME", "LOCATION"}),
                  [](const User& u) {
                    return std::vector<std::string>{u.id.value().ToString(), u.user_principal_name,
                                                    u.display_name, u.usage_location};
                  });
  return OkStatus();
}

Status CreateUser(App& app, const CustomerArgs& args) {
  auto customers = app.customers();
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, customers.Find(app.ctx(), args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const User u, customers.CreateUser(app.ctx(), c.id, args.user));
  if (app.options().json) {
    PrintJson(codec::ToJson(u));
  } else {
    std::cout << fmt::format("created user {} ({})\n", u.user_principal_name,
                             u.id.value().ToString());
  }
  return OkStatus();
}

Status DeleteUser(App& app, const CustomerArgs& args) {
  auto customers = app.customers();
  SEATSHIFT_ASSIGN_OR_RETURN(const Customer c, customers.Find(app.ctx(), args.customer));
  SEATSHIFT_ASSIGN_OR_RETURN(const User u, customers.FindUser(app.ctx(), c.id, args.user_key));
  SEATSHIFT_TRY(customers.DeleteUser(app.ctx(), c.id, u.id));
  std::cout << fmt::format("deleted user {}; its licenses are free again\n", u.user_principal_name);
  return OkStatus();
}

void AddPaging(CLI::App* cmd, CustomerArgs& args) {
  cmd->add_option("--size", args.size, "Items per page (1..1000)");
  cmd->add_option("--continuation", args.continuation, "Token printed by the previous page");
}

}  // namespace

void AddCustomerCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<CustomerArgs> binder(app, action);
  CustomerArgs* args = &binder.args();

  auto* customers = root.add_subcommand("customers", "Customer organisations (tenants)");
  customers->require_subcommand(1);
  auto* list = customers->add_subcommand("list", "List customers");
  list->add_option("--filter", args->filter, "Company-name prefix (case-insensitive)");
  AddPaging(list, *args);
  binder.Bind(list, ListCustomers);

  auto* create = customers->add_subcommand("create", "Create a customer");
  create->add_option("--name", args->created.company_name, "Company name")->required();
  create->add_option("--domain", args->created.domain, "Primary domain, unique")->required();
  create->add_option("--segment", args->segment, "commercial, education, frontline or government");
  create->add_option("--country", args->created.country, "ISO country code, e.g. US")->required();
  create->add_option("--currency", args->created.currency, "ISO currency code, e.g. USD")
      ->required();
  binder.Bind(create, CreateCustomer);

  auto* show = customers->add_subcommand("show", "Show one customer");
  show->add_option("customer", args->customer, "Customer id or domain")->required();
  binder.Bind(show, ShowCustomer);

  auto* users = root.add_subcommand("users", "Users of a customer");
  users->require_subcommand(1);
  auto* ulist = users->add_subcommand("list", "List a customer's users");
  ulist->add_option("--customer", args->customer, "Customer id or domain")->required();
  AddPaging(ulist, *args);
  binder.Bind(ulist, ListUsers);

  auto* ucreate = users->add_subcommand("create", "Create a user");
  ucreate->add_option("--customer", args->customer, "Customer id or domain")->required();
  ucreate->add_option("--upn", args->user.user_principal_name, "User principal name")->required();
  ucreate->add_option("--name", args->user.display_name, "Display name")->required();
  ucreate->add_option("--first-name", args->user.first_name, "Given name");
  ucreate->add_option("--last-name", args->user.last_name, "Family name");
  ucreate->add_option("--usage-location", args->user.usage_location,
                      "ISO country (default: the customer's)");
  binder.Bind(ucreate, CreateUser);

  auto* udelete = users->add_subcommand("delete", "Delete a user, freeing its licenses");
  udelete->add_option("--customer", args->customer, "Customer id or domain")->required();
  udelete->add_option("user", args->user_key, "User id or principal name")->required();
  binder.Bind(udelete, DeleteUser);
}

}  // namespace seatshift::cli
