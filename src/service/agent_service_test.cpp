// Agents and their tokens, and the idempotency keys of create requests, on a real SQLite file.
#include "service/agent_service.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "store/sqlite/connection.hpp"
#include "testing/fault_injecting_store.hpp"
#include "testing/test_env.hpp"

namespace seatshift {
namespace {

using service::AgentService;
using service::NewAgent;
using testing::ContextFor;
using testing::TestEnv;

class AgentServiceTest : public ::testing::Test {
 protected:
  NewAgent MustCreate(const std::string& email, Role role = Role::kSalesAgent) {
    auto created = agents_.Create(TestEnv::admin(), email, role);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return *created;
  }

  void ExpectRefused(std::string_view token) {
    const auto result = agents_.Authenticate(token);
    ASSERT_FALSE(result.ok()) << "accepted '" << token << "'";
    EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(result.error().message, "unknown or revoked token");
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  TestEnv env_;
  AgentService agents_{env_.deps()};
};

TEST_F(AgentServiceTest, CreatedTokenAuthenticatesTheAgentWithItsRole) {
  const NewAgent created = MustCreate("Ada@Partner.TEST", Role::kHelpdeskAgent);
  EXPECT_EQ(created.agent.email, "ada@partner.test");
  EXPECT_EQ(created.agent.role, Role::kHelpdeskAgent);
  EXPECT_FALSE(created.agent.disabled);
  EXPECT_EQ(created.token.size(), 4u + 43u);
  EXPECT_TRUE(created.token.starts_with("sst_"));

  const auto agent = agents_.Authenticate(created.token);
  ASSERT_TRUE(agent.ok()) << agent.error().message;
  EXPECT_EQ(*agent, created.agent);
  EXPECT_EQ(agent->role, Role::kHelpdeskAgent);
}

TEST_F(AgentServiceTest, TokensAreRandomAndDistinct) {
  std::set<std::string> tokens;
  for (int i = 0; i < 20; ++i) {
    tokens.insert(MustCreate("agent" + std::to_string(i) + "@partner.test").token);
  }
  EXPECT_EQ(tokens.size(), 20u);
}

TEST_F(AgentServiceTest, WrongMalformedOrEmptyTokensAreRefusedAlike) {
  const NewAgent created = MustCreate("ada@partner.test");
  std::string wrong = created.token;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  ExpectRefused(wrong);
  ExpectRefused("");
  ExpectRefused("sst_");
  ExpectRefused(created.token.substr(4));
  ExpectRefused(created.token + "A");
  ExpectRefused(created.token.substr(0, created.token.size() - 1));
  ExpectRefused("Bearer " + created.token);
  ExpectRefused(std::string("sst_") + std::string(42, 'A') + "=");
  ExpectRefused(AgentService::HashToken(created.token));
}

TEST_F(AgentServiceTest, TheDatabaseNeverHoldsTheToken) {
  const NewAgent created = MustCreate("ada@partner.test", Role::kAdminAgent);
  const NewAgent rotated = *agents_.Rotate(TestEnv::admin(), "ada@partner.test");
  const std::string random_part = created.token.substr(4);
  const std::string rotated_part = rotated.token.substr(4);

  bool hash_stored = false;
  for (const std::string& value : env_.EveryStoredValue()) {
    EXPECT_EQ(value.find(random_part), std::string::npos) << value;
    EXPECT_EQ(value.find(rotated_part), std::string::npos) << value;
    hash_stored = hash_stored || value == AgentService::HashToken(rotated.token);
  }
  EXPECT_TRUE(hash_stored) << "the store keeps the hash of the current token";
  // Nor in the bytes of the files (a value the table scan would not show: a free page, the WAL).
  // PostgreSQL's files are the server's, not this test's (its WAL is shared by every test, the
  // server may run elsewhere): there, the rows are what the store controls.
  if (env_.backend() == "postgresql") return;
  for (const char* file : {"seatshift.db", "seatshift.db-wal"}) {
    const std::string bytes = Slurp(env_.dir().File(file));
    EXPECT_EQ(bytes.find(random_part), std::string::npos) << file;
    EXPECT_EQ(bytes.find(rotated_part), std::string::npos) << file;
  }
}

// A rotation whose commit conflicts runs again: the token it hands out is the one stored.
TEST_F(AgentServiceTest, ARotationRunAgainAfterAConflictHandsOutTheTokenItStored) {
  const NewAgent created = MustCreate("ada@partner.test", Role::kAdminAgent);
  testing::FaultInjectingStore faulty(env_.store());
  faulty.FailOnce("Commit");
  const service::Dependencies base = env_.deps();
  AgentService agents({faulty, base.clock, base.ids, base.monotonic, base.wall});
  const auto before = env_.AuditCount();
  const auto rotated = agents.Rotate(TestEnv::admin(), "ada@partner.test");
  ASSERT_TRUE(rotated.ok()) << rotated.error().message;
  EXPECT_EQ(faulty.fired(), 1);
  EXPECT_EQ(env_.AuditCount(), before + 1);
  EXPECT_TRUE(agents_.Authenticate(rotated->token).ok());
  ExpectRefused(created.token);
}

TEST_F(AgentServiceTest, HashIsHexBlake2b256OfTheToken) {
  const std::string hash = AgentService::HashToken("sst_example");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash, AgentService::HashToken("sst_example"));
  EXPECT_NE(hash, AgentService::HashToken("sst_examplf"));
  // BLAKE2b-256 of the empty input (RFC 7693 parameters, 32-byte digest).
  EXPECT_EQ(AgentService::HashToken(""),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST_F(AgentServiceTest, CreationIsAuditedWithoutTheToken) {
  const auto before = env_.AuditCount();
  const NewAgent created = MustCreate("ada@partner.test");
  EXPECT_EQ(env_.AuditCount(), before + 1);
  auto page = env_.store().Read()->ListAudit({.resource_id = created.agent.id.value().ToString()},
                                             {.after = "", .limit = 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  const AuditRecord& record = page->items.front();
  EXPECT_EQ(record.operation, "agent.create");
  EXPECT_EQ(record.agent_id, TestEnv::admin().actor.id);
  EXPECT_NE(record.after.find("ada@partner.test"), std::string::npos);
  EXPECT_EQ(record.after.find(created.token.substr(4)), std::string::npos);
  EXPECT_EQ(record.after.find(AgentService::HashToken(created.token)), std::string::npos);
}

TEST_F(AgentServiceTest, DuplicateEmailIsAlreadyExistsWhateverItsCase) {
  MustCreate("ada@partner.test");
  const auto again = agents_.Create(TestEnv::admin(), "ADA@partner.test", Role::kAdminAgent);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(again.error().message.find("ada@partner.test"), std::string::npos);
}

TEST_F(AgentServiceTest, BadEmailOrNonAgentRoleIsBadRequest) {
  for (const char* email :
       {"", "ada", "@partner.test", "ada@", "ada@partner", "a@b@partner.test", "ada@-partner.test",
        ".ada@partner.test", "a..da@partner.test", "ada smith@partner.test", "ada@partner..test"}) {
    const auto result = agents_.Create(TestEnv::admin(), email, Role::kSalesAgent);
    ASSERT_FALSE(result.ok()) << email;
    EXPECT_EQ(result.error().code, ErrorCode::kBadRequest) << email;
  }
  for (Role role : {Role::kSystem, Role::kAnonymous}) {
    const auto created = agents_.Create(TestEnv::admin(), "engine@partner.test", role);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kBadRequest);
  }
  EXPECT_TRUE(agents_.List(TestEnv::admin())->empty());
}

TEST_F(AgentServiceTest, OnlyAdminsManageAgents) {
  const NewAgent ada = MustCreate("ada@partner.test");
  for (Role role : {Role::kSalesAgent, Role::kHelpdeskAgent, Role::kBillingAdmin}) {
    const auto ctx = ContextFor(role);
    const auto created = agents_.Create(ctx, "eve@partner.test", Role::kAdminAgent);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(agents_.Rotate(ctx, "ada@partner.test").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(agents_.Disable(ctx, "ada@partner.test").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(agents_.List(ctx).error().code, ErrorCode::kForbidden);
  }
  EXPECT_TRUE(agents_.Authenticate(ada.token).ok()) << "refused attempts changed nothing";
  EXPECT_EQ(agents_.List(TestEnv::admin())->size(), 1u);
}

TEST_F(AgentServiceTest, RotationRefusesTheOldTokenAtOnceEvenWhenCached) {
  const NewAgent created = MustCreate("ada@partner.test");
  ASSERT_TRUE(agents_.Authenticate(created.token).ok());  // now cached
  ASSERT_TRUE(agents_.Authenticate(created.token).ok());
  const auto rotated = agents_.Rotate(TestEnv::admin(), "Ada@partner.test");
  ASSERT_TRUE(rotated.ok()) << rotated.error().message;
  EXPECT_NE(rotated->token, created.token);
  EXPECT_EQ(rotated->agent, created.agent);
  ExpectRefused(created.token);
  const auto agent = agents_.Authenticate(rotated->token);
  ASSERT_TRUE(agent.ok());
  EXPECT_EQ(agent->email, "ada@partner.test");
}

TEST_F(AgentServiceTest, CopiesShareTheCacheSoRotationThroughOneReachesAll) {
  const NewAgent created = MustCreate("ada@partner.test");
  AgentService handler = agents_;
  ASSERT_TRUE(handler.Authenticate(created.token).ok());
  ASSERT_TRUE(agents_.Rotate(TestEnv::admin(), "ada@partner.test").ok());
  EXPECT_FALSE(handler.Authenticate(created.token).ok());
}

TEST_F(AgentServiceTest, DisabledAgentIsRefusedEvenWhenCached) {
  const NewAgent created = MustCreate("ada@partner.test");
  const NewAgent other = MustCreate("ben@partner.test");
  ASSERT_TRUE(agents_.Authenticate(created.token).ok());
  ASSERT_TRUE(agents_.Authenticate(other.token).ok());
  const auto disabled = agents_.Disable(TestEnv::admin(), "ada@partner.test");
  ASSERT_TRUE(disabled.ok());
  EXPECT_TRUE(disabled->disabled);
  ExpectRefused(created.token);
  EXPECT_TRUE(agents_.Authenticate(other.token).ok()) << "only that agent is affected";
  // Disabling again changes nothing and is not audited again; rotating does not re-enable.
  const auto audit = env_.AuditCount();
  EXPECT_TRUE(agents_.Disable(TestEnv::admin(), "ada@partner.test").ok());
  EXPECT_EQ(env_.AuditCount(), audit);
  const auto rotated = agents_.Rotate(TestEnv::admin(), "ada@partner.test");
  ASSERT_TRUE(rotated.ok());
  ExpectRefused(rotated->token);
  EXPECT_TRUE(env_.store().Read()->FindAgentByEmail("ada@partner.test")->disabled);
}

// Handlers authenticate on many threads while an admin rotates: no crash or race, and once
// Rotate has returned, the old token is refused on every thread.
TEST_F(AgentServiceTest, ConcurrentAuthenticationDuringRotation) {
  const NewAgent created = MustCreate("ada@partner.test");
  std::atomic<bool> rotated{false};
  std::atomic<int> accepted_after_rotation{0};
  std::vector<std::thread> handlers;
  for (int t = 0; t < 4; ++t) {
    handlers.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        const bool was_rotated = rotated.load();
        if (agents_.Authenticate(created.token).ok() && was_rotated) ++accepted_after_rotation;
      }
    });
  }
  ASSERT_TRUE(agents_.Rotate(TestEnv::admin(), "ada@partner.test").ok());
  rotated = true;
  for (auto& h : handlers) h.join();
  EXPECT_EQ(accepted_after_rotation.load(), 0);
  ExpectRefused(created.token);
}

TEST_F(AgentServiceTest, UnknownEmailIsNotFound) {
  EXPECT_EQ(agents_.Rotate(TestEnv::admin(), "nobody@partner.test").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(agents_.Disable(TestEnv::admin(), "nobody@partner.test").error().code,
            ErrorCode::kNotFound);
}

// Another process (the CLI) disables the agent behind the service's back: the cache answers
// until its TTL ends on the injected clock, then the database is asked again.
// The TTL runs on the monotonic clock: the business clock (simulated here) stands still, and
// setting it back or forth neither ends nor extends a cached answer.
TEST_F(AgentServiceTest, CacheAnswersForItsTtlThenAsksTheDatabase) {
  const NewAgent created = MustCreate("ada@partner.test");
  ASSERT_TRUE(agents_.Authenticate(created.token).ok());
  AgentService other_process(env_.deps());
  ASSERT_TRUE(other_process.Disable(TestEnv::admin(), "ada@partner.test").ok());

  env_.clock().Advance(std::chrono::days(365));
  env_.monotonic().Advance(AgentService::kCacheTtl - std::chrono::seconds(1));
  EXPECT_TRUE(agents_.Authenticate(created.token).ok()) << "still within the TTL";
  env_.clock().Advance(-std::chrono::days(730));
  env_.monotonic().Advance(std::chrono::seconds(1));
  ExpectRefused(created.token);
}

TEST_F(AgentServiceTest, ListShowsEveryAgentInCreationOrder) {
  MustCreate("ada@partner.test", Role::kAdminAgent);
  MustCreate("ben@partner.test", Role::kBillingAdmin);
  const auto list = agents_.List(TestEnv::admin());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].email, "ada@partner.test");
  EXPECT_EQ((*list)[1].role, Role::kBillingAdmin);
}

// The store's side of agents: what the service relies on.
class AgentStoreTest : public ::testing::Test {
 protected:
  Agent MakeAgent(const std::string& email) {
    return {.id = AgentId(Uuid::V7(static_cast<std::uint64_t>(++n_), 1, 2)),
            .email = email,
            .role = Role::kSalesAgent,
            .created_at = env_.clock().Now()};
  }
  TestEnv env_;
  int n_ = 0;
};

TEST_F(AgentStoreTest, InsertFindUpdate) {
  const Agent ada = MakeAgent("ada@partner.test");
  {
    auto tx = env_.store().Write();
    ASSERT_TRUE(tx->InsertAgent(ada, "hash-1").ok());
    tx->Commit();
  }
  EXPECT_EQ(env_.store().Read()->FindAgentByTokenHash("hash-1"), ada);
  EXPECT_EQ(env_.store().Read()->FindAgentByEmail("ada@partner.test"), ada);
  EXPECT_FALSE(env_.store().Read()->FindAgentByTokenHash("hash-2"));

  Agent changed = ada;
  changed.role = Role::kBillingAdmin;
  changed.disabled = true;
  {
    auto tx = env_.store().Write();
    ASSERT_TRUE(tx->UpdateAgent(changed, "").ok());
    tx->Commit();
  }
  EXPECT_EQ(env_.store().Read()->FindAgentByTokenHash("hash-1"), changed) << "hash kept";
  {
    auto tx = env_.store().Write();
    ASSERT_TRUE(tx->UpdateAgent(changed, "hash-2").ok());
    tx->Commit();
  }
  EXPECT_FALSE(env_.store().Read()->FindAgentByTokenHash("hash-1"));
  EXPECT_EQ(env_.store().Read()->FindAgentByTokenHash("hash-2"), changed);
}

TEST_F(AgentStoreTest, ClashesAndAbsenceAreValues) {
  auto tx = env_.store().Write();
  ASSERT_TRUE(tx->InsertAgent(MakeAgent("ada@partner.test"), "hash-1").ok());
  const auto same_email = tx->InsertAgent(MakeAgent("ada@partner.test"), "hash-2");
  ASSERT_FALSE(same_email.ok());
  EXPECT_EQ(same_email.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(same_email.error().message.find("ada@partner.test"), std::string::npos);
  const auto same_hash = tx->InsertAgent(MakeAgent("ben@partner.test"), "hash-1");
  ASSERT_FALSE(same_hash.ok());
  EXPECT_EQ(same_hash.error().code, ErrorCode::kAlreadyExists);
  const auto absent = tx->UpdateAgent(MakeAgent("cy@partner.test"), "hash-3");
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->ListAgents().size(), 1u);
}

class RequestKeyStoreTest : public ::testing::Test {
 protected:
  RequestRecord Record(const std::string& agent, const std::string& request_id) {
    return {.agent_id = agent,
            .request_id = request_id,
            .operation = "order.create",
            .resource_id = "01a212e0-7670-71d8-a0d7-e0b14392bc5f",
            .created_at = env_.clock().Now()};
  }
  TestEnv env_;
};

TEST_F(RequestKeyStoreTest, InsertFindAndRecordTheResponse) {
  const RequestRecord record = Record("ada@partner.test", "req-1");
  {
    auto tx = env_.store().Write();
    ASSERT_TRUE(tx->InsertRequest(record).ok());
    tx->Commit();
  }
  auto found = env_.store().Read()->FindRequest("ada@partner.test", "req-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->operation, "order.create");
  EXPECT_EQ(found->resource_id, record.resource_id);
  EXPECT_EQ(found->response_status, 0);
  EXPECT_EQ(found->response_body, "");
  EXPECT_EQ(found->created_at, record.created_at);

  {
    auto tx = env_.store().Write();
    tx->SetRequestResponse("ada@partner.test", "req-1", 201, R"({"id":"x"})");
    tx->Commit();
  }
  found = env_.store().Read()->FindRequest("ada@partner.test", "req-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->response_status, 201);
  EXPECT_EQ(found->response_body, R"({"id":"x"})");
}

TEST_F(RequestKeyStoreTest, KeysBelongToOneAgentAndCannotBeReused) {
  auto tx = env_.store().Write();
  ASSERT_TRUE(tx->InsertRequest(Record("ada@partner.test", "req-1")).ok());
  const auto again = tx->InsertRequest(Record("ada@partner.test", "req-1"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(tx->InsertRequest(Record("ben@partner.test", "req-1")).ok()) << "another agent's";
  EXPECT_FALSE(tx->FindRequest("ada@partner.test", "req-2"));
  EXPECT_FALSE(tx->FindRequest("cy@partner.test", "req-1"));
}

TEST_F(RequestKeyStoreTest, ResponseForAnUnrecordedKeyIsAnError) {
  auto tx = env_.store().Write();
  EXPECT_THROW(tx->SetRequestResponse("ada@partner.test", "never", 201, "{}"), store::StorageError);
}

}  // namespace
}  // namespace seatshift
