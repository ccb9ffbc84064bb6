// SIGKILL under a concurrent write load: the real `seatshift serve` process is killed at random
// instants (chosen as "after K more answered writes", never by time) and restarted on the same
// file; after every restart the file, read directly, holds every acknowledged write, no request
// id bought twice, seat counters equal to a fresh count, and no SKU assigned beyond its seats.
//
// The kill instants come from a seeded PRNG; the seed is printed (and can be forced with
// SEATSHIFT_CRASH_SEED=<n>) so that a failure's kill schedule can be replayed. The interleaving
// of the client threads is the scheduler's, so a replay repeats the schedule, not every byte.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "testing/test_env.hpp"

namespace seatshift::testing {
namespace {

namespace http = boost::beast::http;
using std::chrono::seconds;

constexpr int kKills = 15;
constexpr int kClients = 4;
constexpr int kCustomers = 6;
constexpr int kUsersPerCustomer = 10;
constexpr int kSeedE3Seats = 4;
constexpr int kSeedE5Seats = 3;
constexpr int kMinWritesBetweenKills = 5;
constexpr int kMaxWritesBetweenKills = 250;
constexpr auto kBoundedWait = seconds(60);
const std::vector<std::string> kSwapSkus = {"SPE_E3", "SPE_E5"};
//! Orders buy one of these; the third holds no licenses in this test.
const std::vector<std::string> kOrderSkus = {"SPE_E3", "SPE_E5", "ENTERPRISEPACK"};

// What the file holds, read with SQLite's C API (never through the server).
constexpr const char* kIntegrityCheck = "PRAGMA integrity_check";
constexpr const char* kUserLicenses =
    "SELECT hex(u.guid), coalesce(group_concat(k.sku_id, '+'), '') FROM users u "
    "LEFT JOIN licenses l ON l.customer = u.customer AND l.user = u.id "
    "LEFT JOIN skus k ON k.id = l.sku GROUP BY u.id";
constexpr const char* kOrphanLicenses =
    "SELECT l.customer, l.user, l.sku FROM licenses l LEFT JOIN users u ON u.id = l.user "
    "WHERE u.id IS NULL OR u.customer <> l.customer";
constexpr const char* kSubscriptionFields =
    "SELECT hex(guid), quantity, friendly_name, auto_renew FROM subscriptions";
constexpr const char* kOrderLines =
    "SELECT li.friendly_name, hex(o.guid), coalesce(hex(li.subscription_guid), '') "
    "FROM order_line_items li JOIN orders o ON o.id = li.order_id";
constexpr const char* kSubscriptionsWithoutOrder =
    "SELECT hex(s.guid) FROM subscriptions s LEFT JOIN order_line_items li "
    "ON li.subscription_guid = s.guid WHERE li.order_id IS NULL";
constexpr const char* kOrderRequestKeys =
    "SELECT r.request_id, r.resource_id, r.response_status FROM request_keys r "
    "WHERE r.operation = 'order.create'";
// Both directions: a counter row whose licenses differ, and licenses with no counter row.
constexpr const char* kCounterDrift =
    "SELECT hex(cu.guid), k.sku_id, c.assigned, "
    "  (SELECT count(*) FROM licenses l WHERE l.customer = c.customer AND l.sku = c.sku) AS n "
    "FROM license_counts c JOIN customers cu ON cu.id = c.customer JOIN skus k ON k.id = c.sku "
    "WHERE c.assigned <> n "
    "UNION ALL "
    "SELECT hex(cu.guid), k.sku_id, 'no row', count(*) FROM licenses l "
    "JOIN customers cu ON cu.id = l.customer JOIN skus k ON k.id = l.sku "
    "WHERE NOT EXISTS (SELECT 1 FROM license_counts c WHERE c.customer = l.customer "
    "  AND c.sku = l.sku) GROUP BY l.customer, l.sku";
// Seats are those of active subscriptions only (domain/license.hpp, SubscribedSku).
constexpr const char* kOverAssigned =
    "SELECT hex(cu.guid), k.sku_id, count(*) AS assigned, "
    "  (SELECT coalesce(sum(s.quantity), 0) FROM subscriptions s WHERE s.customer = l.customer "
    "   AND s.sku = l.sku AND s.status = 'active') AS seats "
    "FROM licenses l JOIN customers cu ON cu.id = l.customer JOIN skus k ON k.id = l.sku "
    "GROUP BY l.customer, l.sku HAVING assigned > seats";

using Rows = std::vector<std::vector<std::string>>;

//! A read-only connection to the database file; every value read as text (NULL as "").
class ReadOnlyDatabase {
 public:
  explicit ReadOnlyDatabase(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
    Query("BEGIN");  // one snapshot for every check
  }
  ~ReadOnlyDatabase() {
    Query("COMMIT");
    sqlite3_close(db_);
  }
  ReadOnlyDatabase(const ReadOnlyDatabase&) = delete;
  ReadOnlyDatabase& operator=(const ReadOnlyDatabase&) = delete;

  Rows Query(const char* sql) {
    Rows rows;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return rows;
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      auto& row = rows.emplace_back();
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

//! An id as the database's hex() prints its BLOB: upper case, no dashes.
std::string Hex(const std::string& uuid) {
  std::string out;
  for (char c : uuid) {
    if (c != '-') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

//! One field of one object as the acknowledged writes left it. Writes to one object never
//! overlap (the object is busy while one is in flight), so "the last acknowledged write" is
//! well defined. A write whose answer was lost (the kill) may or may not have happened: its
//! value joins `maybe` until the next check reads the truth from the file.
struct Tracked {
  std::string value;
  std::string why;  //!< the write that set `value`, for failure messages
  std::vector<std::string> maybe;
  bool unknown = false;  //!< a value the server chose (a default): any is allowed once

  void Acknowledge(std::string v, std::string w) {
    value = std::move(v);
    why = std::move(w);
    maybe.clear();
    unknown = false;
  }
  bool Allows(const std::string& v) const {
    return unknown || v == value || std::find(maybe.begin(), maybe.end(), v) != maybe.end();
  }
  std::string Describe() const {
    std::string out = fmt::format("'{}' ({})", value, why);
    for (const auto& m : maybe) out += fmt::format(" or '{}' (a write whose answer was lost)", m);
    return out;
  }
};

struct UserModel {
  std::string id;
  Tracked sku;  //!< "" when the user holds neither SKU
  bool busy = false;
};

struct SubscriptionModel {
  std::string id;
  Tracked quantity;
  Tracked friendly_name;
  Tracked auto_renew;
  bool busy = false;
  bool Uncertain() const {
    return !quantity.maybe.empty() || !friendly_name.maybe.empty() || !auto_renew.maybe.empty() ||
           auto_renew.unknown;
  }
};

struct CustomerModel {
  std::string id;
  std::vector<UserModel> users;
  std::vector<std::unique_ptr<SubscriptionModel>> subscriptions;
};

struct OrderLog {
  int customer = 0;
  std::string body;
  std::string order_id;  //!< of the first acknowledged answer; empty until one
  std::string subscription_id;
  std::string why;
  bool lost = false;  //!< an attempt's answer was lost
};

//! One write a client thread is about to send, and what it changes if acknowledged.
struct Write {
  enum class Kind { kSwap, kPatch, kOrder, kRetry } kind = Kind::kSwap;
  std::int64_t number = 0;
  std::uint64_t generation = 0;  //!< the server's: it was sent after kill `generation`
  int customer = 0;
  UserModel* user = nullptr;
  std::string new_sku;
  SubscriptionModel* subscription = nullptr;
  std::optional<std::string> quantity, friendly_name, auto_renew;
  std::string request_id;
  std::string target;
  std::string body;
  bool after_lost_answer = false;  //!< a retry of an order whose answer was lost

  std::string Kind() const {
    constexpr const char* kNames[] = {"swap", "PATCH", "order", "order retry"};
    return std::string(kNames[static_cast<int>(kind)]) +
           (after_lost_answer ? " after a lost answer" : "");
  }
  std::string Name() const {
    switch (kind) {
      case Kind::kSwap:
        return fmt::format("license write #{} (user {} to '{}')", number, user->id, new_sku);
      case Kind::kPatch:
        return fmt::format("PATCH #{} of subscription {}", number, subscription->id);
      case Kind::kOrder:
        return fmt::format("order #{} MS-RequestId {}", number, request_id);
      case Kind::kRetry:
        return fmt::format("order retry #{} MS-RequestId {}", number, request_id);
    }
    return "";
  }
};

class CrashHarness {
 public:
  explicit CrashHarness(std::uint64_t seed) : seed_(seed), random_(seed) {}

  void Run() {
    const auto created = boost::json::parse(RunCli(fmt::format(
        "--db {} --json agents create --email ops@partner.test --role admin_agent", db_)));
    token_ = std::string(created.at("token").as_string());
    Start();
    ASSERT_NE(port_, 0);
    Seed();
    if (::testing::Test::HasFatalFailure()) return;

    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) clients.emplace_back([this, c] { Client(c); });
    int kill = 1;
    for (; kill <= kKills; ++kill) {
      const int k = std::uniform_int_distribution<int>(kMinWritesBetweenKills,
                                                       kMaxWritesBetweenKills)(random_);
      if (!AwaitAnswers(k)) break;
      {
        std::unique_lock lock(mutex_);
        paused_ = true;
        server_->Kill();
        if (!changed_.wait_for(lock, kBoundedWait, [&] { return in_flight_ == 0; })) {
          ADD_FAILURE() << "kill " << kill << ": client threads did not notice the kill";
          break;
        }
      }
      Start();
      if (port_ == 0) {
        ADD_FAILURE() << "kill " << kill << ": the server did not restart; it wrote:\n"
                      << server_->Output();
        break;
      }
      Check(fmt::format("after kill {} (and the restart)", kill));
      Resume();
    }
    // A last stretch of load, then every write answered and no kill: nothing may be uncertain.
    const bool answered = AwaitAnswers(kMaxWritesBetweenKills);
    {
      std::unique_lock lock(mutex_);
      stop_ = true;
      changed_.notify_all();
      EXPECT_TRUE(changed_.wait_for(lock, kBoundedWait, [&] { return in_flight_ == 0; }));
    }
    for (auto& t : clients) t.join();
    if (answered) Check("at the end, with every write answered");
    server_->Terminate();
    EXPECT_EQ(server_->Wait(), 0);
    std::string tally;
    for (const auto& [kind, counts] : tally_) {
      tally += fmt::format("; {}: {} acknowledged, {} refused, {} unanswered", kind, counts[0],
                           counts[1], counts[2]);
    }
    std::printf("crash harness: seed %llu, %d kills, %lld writes%s\n",
                static_cast<unsigned long long>(seed_), static_cast<int>(generation_),
                static_cast<long long>(writes_), tally.c_str());
  }

 private:
  void Start() {
    server_.reset();
    server_ = std::make_unique<ServerProcess>(db_);
    std::lock_guard lock(mutex_);
    port_ = server_->port();
  }

  void Resume() {
    std::lock_guard lock(mutex_);
    ++generation_;
    generation_acknowledged_ = false;
    paused_ = false;
    changed_.notify_all();
  }

  //! Waits until `k` more writes have been answered (by any status).
  bool AwaitAnswers(int k) {
    std::unique_lock lock(mutex_);
    const std::int64_t target = answered_ + k;
    if (!changed_.wait_for(lock, kBoundedWait, [&] { return answered_ >= target; })) {
      ADD_FAILURE() << "after kill " << generation_ << ": " << k
                    << " writes were not answered within " << kBoundedWait.count() << " s ("
                    << answered_ << " answered so far)";
      return false;
    }
    return true;
  }

  std::string Expect201(HttpClient& client, const std::string& target, const std::string& body) {
    const HttpResult r = client.Post(target, body);
    EXPECT_EQ(r.status, 201) << target << ": " << r.body;
    return r.status == 201 ? std::string(r.Json().at("id").as_string()) : "";
  }

  //! Customers with users, one SPE_E3 and one SPE_E5 subscription each with few seats, and
  //! licenses filling them, so that swaps between the two SKUs are possible and some are
  //! refused for want of seats.
  void Seed() {
    HttpClient client(port_, token_);
    for (int c = 0; c < kCustomers; ++c) {
      CustomerModel customer;
      customer.id = Expect201(
          client, "/v1/customers",
          fmt::format(R"({{"companyProfile":{{"companyName":"Crash {}","domain":"crash{}.test"}},)"
                      R"("country":"US","currency":"USD"}})",
                      c, c));
      if (customer.id.empty()) return;
      const std::string path = "/v1/customers/" + customer.id;
      const HttpResult order = client.Post(
          path + "/orders",
          fmt::format(R"({{"lineItems":[{{"lineItemNumber":0,"offerId":"SPE_E3","quantity":{},)"
                      R"("friendlyName":"seed"}},{{"lineItemNumber":1,"offerId":"SPE_E5",)"
                      R"("quantity":{},"friendlyName":"seed"}}]}})",
                      kSeedE3Seats, kSeedE5Seats));
      ASSERT_EQ(order.status, 201) << order.body;
      const boost::json::value placed = order.Json();
      for (const auto& item : placed.at("lineItems").as_array()) {
        auto sub = std::make_unique<SubscriptionModel>();
        sub->id = std::string(item.at("subscriptionId").as_string());
        sub->quantity.Acknowledge(std::to_string(item.at("quantity").as_int64()), "the seed");
        sub->friendly_name.Acknowledge("seed", "the seed");
        sub->auto_renew.unknown = true;  // the server's default: read at the next check
        customer.subscriptions.push_back(std::move(sub));
      }
      for (int u = 0; u < kUsersPerCustomer; ++u) {
        UserModel user;
        user.id =
            Expect201(client, path + "/users",
                      fmt::format(R"({{"userPrincipalName":"u{}@crash{}.test","displayName":"U{}",)"
                                  R"("usageLocation":"US"}})",
                                  u, c, u));
        if (user.id.empty()) return;
        const std::string sku = u < kSeedE3Seats                  ? "SPE_E3"
                                : u < kSeedE3Seats + kSeedE5Seats ? "SPE_E5"
                                                                  : "";
        if (!sku.empty()) {
          const HttpResult r =
              client.Post(path + "/users/" + user.id + "/licenseupdates",
                          fmt::format(R"({{"licensesToAssign":[{{"skuId":"{}"}}]}})", sku));
          ASSERT_EQ(r.status, 201) << r.body;
        }
        user.sku.Acknowledge(sku, "the seed");
        customer.users.push_back(std::move(user));
      }
      customers_.push_back(std::move(customer));
    }
    // The seed's auto-renew flags are whatever the server chose: read them from the file.
    Check("after the seed");
  }

  //! Picks the next write under the lock and marks its object busy; nullopt when none is free.
  std::optional<Write> Pick(std::mt19937_64& random) {
    Write w;
    w.number = writes_ + 1;
    w.generation = generation_;
    w.customer = std::uniform_int_distribution<int>(0, kCustomers - 1)(random);
    CustomerModel& customer = customers_[static_cast<std::size_t>(w.customer)];
    const std::string path = "/v1/customers/" + customer.id;
    const int dice = std::uniform_int_distribution<int>(0, 99)(random);
    if (dice < 55) {
      UserModel& user = customer.users[std::uniform_int_distribution<std::size_t>(
          0, customer.users.size() - 1)(random)];
      if (user.busy || !user.sku.maybe.empty()) return std::nullopt;
      w.kind = Write::Kind::kSwap;
      w.user = &user;
      w.target = path + "/users/" + user.id + "/licenseupdates";
      const std::string& held = user.sku.value;
      if (held.empty()) {
        w.new_sku = kSwapSkus[std::uniform_int_distribution<std::size_t>(0, 1)(random)];
        w.body = fmt::format(R"({{"licensesToAssign":[{{"skuId":"{}"}}]}})", w.new_sku);
      } else if (dice < 8) {
        w.body = fmt::format(R"({{"licensesToRemove":["{}"]}})", held);
      } else {
        w.new_sku = held == kSwapSkus[0] ? kSwapSkus[1] : kSwapSkus[0];
        w.body = fmt::format(
            R"({{"licensesToAssign":[{{"skuId":"{}","excludedPlans":[]}}],"licensesToRemove":["{}"]}})",
            w.new_sku, held);
      }
      user.busy = true;
    } else if (dice < 80) {
      SubscriptionModel& sub = *customer.subscriptions[std::uniform_int_distribution<std::size_t>(
          0, customer.subscriptions.size() - 1)(random)];
      if (sub.busy || sub.Uncertain()) return std::nullopt;
      w.kind = Write::Kind::kPatch;
      w.subscription = &sub;
      w.target = path + "/subscriptions/" + sub.id;
      boost::json::object body;
      const int fields = std::uniform_int_distribution<int>(1, 7)(random);
      if (fields & 1) {
        const auto q = std::uniform_int_distribution<int>(1, 4)(random);
        w.quantity = std::to_string(q);
        body["quantity"] = q;
      }
      if (fields & 2) {
        w.friendly_name = fmt::format("name-{}", w.number);
        body["friendlyName"] = *w.friendly_name;
      }
      if (fields & 4) {
        const bool on = std::uniform_int_distribution<int>(0, 1)(random) == 1;
        w.auto_renew = on ? "1" : "0";
        body["autoRenewEnabled"] = on;
      }
      w.body = boost::json::serialize(body);
      sub.busy = true;
    } else if (dice < 92 || orders_.empty()) {
      w.kind = Write::Kind::kOrder;
      w.request_id = fmt::format("crash-{}-{}", seed_, w.number);
      w.target = path + "/orders";
      w.body = fmt::format(
          R"({{"lineItems":[{{"lineItemNumber":0,"offerId":"{}","quantity":1,"friendlyName":"{}"}}]}})",
          kOrderSkus[std::uniform_int_distribution<std::size_t>(0, kOrderSkus.size() - 1)(random)],
          w.request_id);
      orders_[w.request_id] = OrderLog{.customer = w.customer, .body = w.body};
    } else {
      w.kind = Write::Kind::kRetry;
      // Half the retries repeat an order whose answer was lost in a kill, when there is one.
      std::vector<std::map<std::string, OrderLog>::iterator> lost;
      for (auto i = orders_.begin(); i != orders_.end(); ++i) {
        if (i->second.lost && i->second.order_id.empty()) lost.push_back(i);
      }
      auto it = orders_.begin();
      if (!lost.empty() && std::uniform_int_distribution<int>(0, 1)(random) == 1) {
        it = lost[std::uniform_int_distribution<std::size_t>(0, lost.size() - 1)(random)];
        w.after_lost_answer = true;
      } else {
        std::advance(it, std::uniform_int_distribution<std::size_t>(0, orders_.size() - 1)(random));
      }
      w.request_id = it->first;
      w.customer = it->second.customer;
      w.target = "/v1/customers/" + customers_[static_cast<std::size_t>(w.customer)].id + "/orders";
      w.body = it->second.body;
    }
    ++writes_;
    return w;
  }

  //! The answer of `w` (nullopt: none came), recorded under the lock.
  void Record(const Write& w, const std::optional<HttpResult>& answer) {
    const std::string when =
        fmt::format("{}, acknowledged before kill {}", w.Name(), w.generation + 1);
    const bool acknowledged = answer && answer->status / 100 == 2;
    const bool refused = answer && answer->status / 100 == 4;
    const std::string kind = refused ? fmt::format("{} {}", w.Kind(), answer->Code()) : w.Kind();
    auto& counts = tally_[kind];
    ++counts[acknowledged ? 0 : refused ? 1 : 2];
    if (answer) ++answered_;
    if (acknowledged) generation_acknowledged_ = true;
    if (answer && answer->status / 100 == 5 &&
        !(answer->status == 503 && !generation_acknowledged_)) {
      ADD_FAILURE() << w.Name() << " after kill " << w.generation << ": a live server answered "
                    << answer->status << " " << answer->body;
    }
    const bool unknown = !answer || answer->status / 100 == 5;
    if (refused) {
      // Refusals this load provokes on purpose; anything else is a bug in the harness or server.
      const std::string code = answer->Code();
      const bool expected = (w.kind == Write::Kind::kSwap && code == "60012") ||
                            (w.kind == Write::Kind::kPatch && code == "800090");
      EXPECT_TRUE(expected) << w.Name() << " was refused " << answer->status << " " << answer->body;
    }
    switch (w.kind) {
      case Write::Kind::kSwap:
        if (acknowledged) w.user->sku.Acknowledge(w.new_sku, when);
        if (unknown) w.user->sku.maybe.push_back(w.new_sku);
        w.user->busy = false;
        break;
      case Write::Kind::kPatch: {
        SubscriptionModel& sub = *w.subscription;
        const std::pair<Tracked*, const std::optional<std::string>*> fields[] = {
            {&sub.quantity, &w.quantity},
            {&sub.friendly_name, &w.friendly_name},
            {&sub.auto_renew, &w.auto_renew}};
        for (const auto& [field, value] : fields) {
          if (!value->has_value()) continue;
          if (acknowledged) field->Acknowledge(**value, when);
          if (unknown) field->maybe.push_back(**value);
        }
        sub.busy = false;
        break;
      }
      case Write::Kind::kOrder:
      case Write::Kind::kRetry: {
        OrderLog& log = orders_.at(w.request_id);
        if (unknown) log.lost = true;
        if (!acknowledged) break;
        const auto json = answer->Json();
        const std::string order_id(json.at("id").as_string());
        const std::string sub_id(json.at("lineItems").at(0).at("subscriptionId").as_string());
        if (log.order_id.empty()) {
          log.order_id = order_id;
          log.subscription_id = sub_id;
          log.why = when;
          auto sub = std::make_unique<SubscriptionModel>();
          sub->id = sub_id;
          sub->quantity.Acknowledge("1", when);
          sub->friendly_name.Acknowledge(w.request_id, when);
          sub->auto_renew.unknown = true;  // the server's default: read at the next check
          customers_[static_cast<std::size_t>(w.customer)].subscriptions.push_back(std::move(sub));
        } else {
          EXPECT_EQ(order_id, log.order_id)
              << w.Name() << " bought another order than its first acknowledged answer (" << log.why
              << ")";
        }
        break;
      }
    }
  }

  void Client(int index) {
    std::mt19937_64 random(seed_ * 1000003 + static_cast<std::uint64_t>(index));
    std::optional<HttpClient> client;
    std::uint64_t generation = 0;
    for (;;) {
      std::optional<Write> write;
      {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, kBoundedWait, [&] { return stop_ || !paused_; })) {
          ADD_FAILURE() << "client " << index << " waited too long for a restart";
          return;
        }
        if (stop_) return;
        if (generation != generation_ || !client) {
          generation = generation_;
          client.emplace(port_, token_);
        }
        write = Pick(random);
        if (!write) continue;
        ++in_flight_;
      }
      std::optional<HttpResult> answer;
      try {
        const std::map<std::string, std::string> headers =
            write->request_id.empty()
                ? std::map<std::string, std::string>{}
                : std::map<std::string, std::string>{{"MS-RequestId", write->request_id}};
        answer =
            client->Send(write->kind == Write::Kind::kPatch ? http::verb::patch : http::verb::post,
                         write->target, write->body, headers);
      } catch (const std::exception&) {
        client.reset();  // the connection died with the server
      }
      std::lock_guard lock(mutex_);
      Record(*write, answer);
      --in_flight_;
      changed_.notify_all();
    }
  }

  //! Reads the file directly and compares it with the acknowledged writes; then takes what it
  //! read as the truth for writes whose answer was lost. REQUIRES: no write in flight.
  void Check(const std::string& when) {
    SCOPED_TRACE(fmt::format("seed {}, {}", seed_, when));
    std::lock_guard lock(mutex_);
    ReadOnlyDatabase db(db_);

    const Rows integrity = db.Query(kIntegrityCheck);
    if (integrity != Rows{{"ok"}}) {
      ADD_FAILURE() << "PRAGMA integrity_check " << when << " reports " << integrity.size()
                    << " problems, the first: "
                    << (integrity.empty() || integrity[0].empty() ? "" : integrity[0][0]);
    }

    std::map<std::string, std::string> held;
    for (const auto& row : db.Query(kUserLicenses)) held[row[0]] = row[1];
    for (CustomerModel& customer : customers_) {
      for (UserModel& user : customer.users) {
        const auto it = held.find(Hex(user.id));
        if (it == held.end()) {
          ADD_FAILURE() << "user " << user.id << " of customer " << customer.id << " is lost";
          continue;
        }
        EXPECT_TRUE(user.sku.Allows(it->second))
            << "user " << user.id << " of customer " << customer.id << " holds '" << it->second
            << "' but expected " << user.sku.Describe();
        user.sku.Acknowledge(it->second, "read " + when);
      }
    }
    for (const auto& row : db.Query(kOrphanLicenses)) {
      ADD_FAILURE() << "a license of no user of its customer: customer " << row[0] << " user "
                    << row[1] << " sku " << row[2];
    }

    std::map<std::string, std::vector<std::string>> subs;
    for (auto& row : db.Query(kSubscriptionFields)) subs[row[0]] = row;
    for (CustomerModel& customer : customers_) {
      for (auto& sub : customer.subscriptions) {
        const auto it = subs.find(Hex(sub->id));
        if (it == subs.end()) {
          ADD_FAILURE() << "subscription " << sub->id << " of customer " << customer.id
                        << " is lost (" << sub->quantity.why << ")";
          continue;
        }
        const std::pair<const char*, Tracked*> fields[] = {{"quantity", &sub->quantity},
                                                           {"friendlyName", &sub->friendly_name},
                                                           {"autoRenewEnabled", &sub->auto_renew}};
        for (std::size_t i = 0; i < 3; ++i) {
          const std::string& stored = it->second[i + 1];
          Tracked& field = *fields[i].second;
          EXPECT_TRUE(field.Allows(stored))
              << "subscription " << sub->id << " of customer " << customer.id << ": "
              << fields[i].first << " is '" << stored << "' but expected " << field.Describe();
          field.Acknowledge(stored, "read " + when);
        }
      }
    }

    // One order, one subscription per MS-RequestId, and every acknowledged order present.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> lines;
    std::set<std::string> ordered_subscriptions;
    for (const auto& row : db.Query(kOrderLines)) {
      lines[row[0]].emplace_back(row[1], row[2]);
      EXPECT_FALSE(row[2].empty()) << "order " << row[1] << " has a line without subscription";
      EXPECT_TRUE(subs.contains(row[2]))
          << "order " << row[1] << " (" << row[0] << ") names subscription " << row[2]
          << ", which is not stored";
      EXPECT_TRUE(ordered_subscriptions.insert(row[2]).second)
          << "subscription " << row[2] << " belongs to two order lines";
    }
    for (const auto& row : db.Query(kSubscriptionsWithoutOrder)) {
      ADD_FAILURE() << "subscription " << row[0] << " was stored without its order";
    }
    for (const auto& [request_id, log] : orders_) {
      const auto it = lines.find(request_id);
      const std::size_t stored = it == lines.end() ? 0 : it->second.size();
      EXPECT_LE(stored, 1u) << "MS-RequestId " << request_id << " was bought " << stored
                            << " times";
      if (log.order_id.empty()) continue;
      if (stored == 0) {
        ADD_FAILURE() << "order " << log.order_id << " (MS-RequestId " << request_id
                      << ") is lost: " << log.why;
        continue;
      }
      EXPECT_EQ(it->second.front().first, Hex(log.order_id))
          << "MS-RequestId " << request_id << " holds another order than acknowledged (" << log.why
          << ")";
    }
    for (const auto& row : db.Query(kOrderRequestKeys)) {
      const auto it = lines.find(row[0]);
      EXPECT_TRUE(it != lines.end() && Hex(row[1]) == it->second.front().first)
          << "MS-RequestId " << row[0] << " is recorded for order " << row[1]
          << ", which is not the order bought with it";
    }

    for (const auto& row : db.Query(kCounterDrift)) {
      ADD_FAILURE() << "license_counts of customer " << row[0] << " " << row[1] << " says "
                    << row[2] << " but the licenses table holds " << row[3];
    }
    for (const auto& row : db.Query(kOverAssigned)) {
      ADD_FAILURE() << "customer " << row[0] << " has " << row[2] << " " << row[1]
                    << " licenses assigned but only " << row[3] << " seats of active subscriptions";
    }
  }

  const std::uint64_t seed_;
  std::mt19937_64 random_;  //!< the kill schedule; main thread only
  TempDir dir_;
  const std::string db_ = dir_.File("seatshift.db");
  std::string token_;
  std::unique_ptr<ServerProcess> server_;

  std::mutex mutex_;
  std::condition_variable changed_;
  unsigned short port_ = 0;               // GUARDED_BY(mutex_)
  std::uint64_t generation_ = 0;          // GUARDED_BY(mutex_)
  bool generation_acknowledged_ = false;  // GUARDED_BY(mutex_)
  bool paused_ = false;                   // GUARDED_BY(mutex_)
  bool stop_ = false;                     // GUARDED_BY(mutex_)
  int in_flight_ = 0;                     // GUARDED_BY(mutex_)
  std::int64_t writes_ = 0;               // GUARDED_BY(mutex_)
  std::int64_t answered_ = 0;             // GUARDED_BY(mutex_)
  //! Per kind of write (with the refusal code): acknowledged, refused, unanswered or 5xx.
  std::map<std::string, std::array<std::int64_t, 3>> tally_;  // GUARDED_BY(mutex_)
  std::vector<CustomerModel> customers_;                      // GUARDED_BY(mutex_)
  std::map<std::string, OrderLog> orders_;                    // GUARDED_BY(mutex_)
};

TEST(CrashTest, SigkillUnderWritesLosesNothing) {
  SEATSHIFT_SQLITE_ONLY();
  std::uint64_t seed = std::random_device{}();
  if (const char* forced = std::getenv("SEATSHIFT_CRASH_SEED")) seed = std::stoull(forced);
  std::printf("crash harness seed %llu (replay with SEATSHIFT_CRASH_SEED=%llu)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  CrashHarness(seed).Run();
}

}  // namespace
}  // namespace seatshift::testing
