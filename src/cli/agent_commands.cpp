// seatshift agents list|create|rotate|set-password|disable
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"

namespace seatshift::cli {
namespace {

constexpr const char* kShownOnce = "Store this token now: it will not be shown again.";

struct AgentArgs {
  std::string email;
  std::string role;
  std::optional<std::int64_t> expires_in_days;
};

service::TokenLifetime LifetimeOf(const AgentArgs& args) {
  return {.expires_at = std::nullopt, .expires_in_days = args.expires_in_days};
}

Result<Role> ParseAgentRole(const std::string& text) {
  const auto role = ParseRole(text);
  if (role && service::IsAgentRole(*role)) return *role;
  std::vector<std::string> valid;
  for (Role r : service::kAgentRoles) valid.emplace_back(ToString(r));
  return Error(ErrorCode::kBadRequest,
               fmt::format("--role '{}': expected {}", text, fmt::join(valid, ", ")),
               {{"validRoles", valid}});
}

std::string StatusOf(const Agent& agent) { return agent.disabled ? "disabled" : "enabled"; }

//! The agent and its token: the one time the token is ever printed.
void PrintNewAgent(App& app, const service::NewAgent& created) {
  if (app.options().json) {
    PrintJson(boost::json::object{{"agent", service::AgentJson(created.agent)},
                                  {"token", created.token}});
    std::cerr << kShownOnce << "\n";
    return;
  }
  Table t({"FIELD", "VALUE"});
  t.Add({"id", created.agent.id.value().ToString()});
  t.Add({"email", created.agent.email});
  t.Add({"role", std::string(ToString(created.agent.role))});
  t.Add({"status", StatusOf(created.agent)});
  t.Add({"token expires", created.agent.token_expires_at
                              ? FormatInstant(*created.agent.token_expires_at)
                              : "never"});
  t.Add({"token", created.token});
  t.Print();
  std::cout << kShownOnce << "\n";
}

Status CreateAgent(App& app, const AgentArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const Role role, ParseAgentRole(args.role));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto created,
                             app.agents().Create(app.ctx(), args.email, role, LifetimeOf(args)));
  PrintNewAgent(app, created);
  return OkStatus();
}

Status ListAgents(App& app, const AgentArgs&) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto agents, app.agents().List(app.ctx()));
  if (app.options().json) {
    boost::json::array items;
    for (const Agent& a : agents) items.push_back(service::AgentJson(a));
    PrintJson(Collection(std::move(items), static_cast<std::int64_t>(agents.size()), ""));
    return OkStatus();
  }
  Table t({"ID", "EMAIL", "ROLE", "STATUS", "CREATED"});
  for (const Agent& a : agents) {
    t.Add({a.id.value().ToString(), a.email, std::string(ToString(a.role)), StatusOf(a),
           FormatInstant(a.created_at)});
  }
  t.Print();
  return OkStatus();
}

Status RotateAgent(App& app, const AgentArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const auto rotated,
                             app.agents().Rotate(app.ctx(), args.email, LifetimeOf(args)));
  PrintNewAgent(app, rotated);
  return OkStatus();
}

//! The password is read from standard input (its first line), never from the command line,
//! where other users of the machine could read it in the process list.
Status SetPassword(App& app, const AgentArgs& args) {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  SEATSHIFT_ASSIGN_OR_RETURN(const Agent agent,
                             app.agents().SetPassword(app.ctx(), args.email, password));
  if (app.options().json) {
    PrintJson(service::AgentJson(agent));
  } else {
    std::cout << fmt::format(
        "{} can now sign in to the portal with this password; its earlier sessions ended\n",
        agent.email);
  }
  return OkStatus();
}

Status DisableAgent(App& app, const AgentArgs& args) {
  SEATSHIFT_ASSIGN_OR_RETURN(const Agent agent, app.agents().Disable(app.ctx(), args.email));
  if (app.options().json) {
    PrintJson(service::AgentJson(agent));
  } else {
    std::cout << fmt::format(
        "disabled agent {}: its token is refused from now on (a running server may accept it "
        "for up to {} more seconds)\n",
        agent.email, service::AgentService::kCacheTtl.count());
  }
  return OkStatus();
}

}  // namespace

void AddAgentCommands(CLI::App& root, App& app, Action& action) {
  CommandBinder<AgentArgs> binder(app, action);
  AgentArgs* args = &binder.args();

  auto* agents = root.add_subcommand("agents", "The partner's agents and their API tokens");
  agents->require_subcommand(1);
  auto* list = agents->add_subcommand("list", "List agents (tokens are never shown)");
  binder.Bind(list, ListAgents);

  auto* create = agents->add_subcommand("create", "Create an agent and print its token once");
  create->add_option("--email", args->email, "Email address, unique")->required();
  create
      ->add_option("--role", args->role,
                   "admin_agent, sales_agent, helpdesk_agent or billing_admin")
      ->required();
  create->add_option("--expires-in-days", args->expires_in_days,
                     "The token stops working after this many days (default: never)");
  binder.Bind(create, CreateAgent);

  auto* rotate =
      agents->add_subcommand("rotate", "Replace an agent's token and print the new one once");
  rotate->add_option("email", args->email, "The agent's email")->required();
  rotate->add_option("--expires-in-days", args->expires_in_days,
                     "The new token stops working after this many days (default: never)");
  binder.Bind(rotate, RotateAgent);

  auto* set_password = agents->add_subcommand(
      "set-password", "Set an agent's portal password, read from the first line of stdin");
  set_password->add_option("email", args->email, "The agent's email")->required();
  binder.Bind(set_password, SetPassword);

  auto* disable = agents->add_subcommand("disable", "Refuse an agent's token from now on");
  disable->add_option("email", args->email, "The agent's email")->required();
  binder.Bind(disable, DisableAgent);
}

}  // namespace seatshift::cli
