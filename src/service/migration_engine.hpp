#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "service/migration_service.hpp"
#include "service/subscription_service.hpp"

namespace seatshift::service {

//! Executes stored migrations: for each customer in position order, A (buy the target, or add
//! seats to the one held), B (move the users holding the source, in batches), C (suspend the
//! sources). Each step commits its progress in the transaction of its effect (the purchase,
//! through the order path, with a request id derived from the migration and the customer):
//! after a crash at any instant, Run continues where it stopped, repeating and skipping nothing.
//! One transaction carries the steps of up to kCustomersPerTransaction customers (and up to
//! users_per_transaction users), each step in a savepoint, so a customer that fails takes nothing
//! of the others with it. Effects are audited as the system actor with the correlation id
//! "migration:<id>"; start, pause and resume as the agent who asked.
//! Thread-safe as its Dependencies are: two engines (threads or processes) may run one
//! migration at once; the lease, renewed in each transaction, lets only one apply steps.
//! Every transaction runs under store::Transact: one that conflicts with a concurrent one
//! (a serialization failure or deadlock on PostgreSQL) runs again from its start, and what the
//! engine keeps in memory (customers' rows, progress) changes only once it committed.
class MigrationEngine {
 public:
  //! Users one step of B moves at most.
  static constexpr int kUsersPerBatch = 500;
  //! What one transaction carries at most: the steps of kCustomersPerTransaction customers,
  //! moving kUsersPerTransaction users. Small customers share a durable commit (it costs more
  //! than their rows), and a pause still takes effect within a few customers.
  static constexpr int kUsersPerTransaction = 1000;
  static constexpr int kCustomersPerTransaction = 10;
  //! Customers Run reads at a time (keyset by position): its memory does not grow with the
  //! migration.
  static constexpr int kCustomersPerPage = 256;
  //! How long an executor that stopped renewing keeps others out (wall time).
  static constexpr std::chrono::seconds kLeaseDuration{30};

  //! Told the progress after every committed step (after the commit, for each step it carried).
  using Progress = std::function<void(const MigrationProgress&)>;
  //! Asked after every committed step; false ends the run once the transaction that carried
  //! it is reported (process shutdown).
  using KeepGoing = std::function<bool()>;
  //! Whether the executor named by a lease is known to be dead (see lease_owner.hpp).
  using OwnerGone = std::function<bool(const std::string&)>;

  //! `users_per_transaction` (the CLI's --batch-size) bounds the users one transaction moves
  //! (or moves back): smaller holds the write lock for less time, larger shares each commit's
  //! fsync among more users. REQUIRES: users_per_transaction >= 1.
  explicit MigrationEngine(Dependencies deps, int users_per_transaction = kUsersPerTransaction)
      : deps_(deps), users_per_transaction_(users_per_transaction) {}

  //! planned → running. Someone must then Run it (the CLI at once, the server's runner). With
  //! `owner`, the lease is given to it in the same transaction, so that no runner takes the
  //! migration before `owner` runs it (an upgrade runs within its request).
  Result<MigrationDetails> Start(const RequestContext& ctx, const MigrationId& id,
                                 const std::string& owner = "");
  //! running → paused: the executor stops after its current transaction.
  Result<MigrationDetails> Pause(const RequestContext& ctx, const MigrationId& id);
  //! paused → running; a running migration whose lease holder `gone` reports dead has the
  //! lease freed, so that Run can take it before it expires.
  Result<MigrationDetails> Resume(const RequestContext& ctx, const MigrationId& id,
                                  const OwnerGone& gone = {});
  //! Takes the lease as `owner` (kInvalidStatusTransition naming the holder when another live
  //! executor has it) and works until every customer is done or failed — then completed or
  //! completed_with_errors — or until the migration is paused. Returns the status it left.
  //! A customer's failure is recorded on its row (step failed, code, description); the others
  //! go on. Fails when the lease was lost (the step was not applied) or storage failed.
  //! When `keep_going` says no, the lease is freed and kRunning returned: the migration still
  //! runs, and the next executor (after a restart, or another server) continues it at once.
  Result<MigrationStatus> Run(const RequestContext& ctx, const MigrationId& id,
                              const std::string& owner, const Progress& progress = {},
                              const KeepGoing& keep_going = {});
  //! Undoes the migration for `customer`, or for each of its customers past pending: reactivates
  //! the sources it suspended, gives every moved user back the source license as it was (in
  //! batches, each user's removal and assignment together) and takes back the target's seats
  //! (suspends the one bought, or reduces the one grown); step rolled_back commits with the
  //! last effect, so calling it again after a crash finishes the work. A customer whose sources
  //! are no longer active or suspended (deprovisioned) is refused: the refusal is recorded on
  //! its row, the step kept, and the others go on. When every customer is rolled back (or was
  //! never started) the migration becomes rolled_back.
  //! REQUIRES nothing of the caller but kManageMigrations; refused (kInvalidStatusTransition)
  //! unless the migration is paused, completed, completed_with_errors, failed or rolled_back,
  //! or while an executor holds its lease.
  Result<MigrationDetails> Rollback(const RequestContext& ctx, const MigrationId& id,
                                    const std::optional<CustomerId>& customer = std::nullopt);

 private:
  struct Job;
  enum class Turn { kGo, kStop };
  //! One step's result in a rollback: kStop when the migration was resumed; `failure` when the
  //! customer's rollback is refused (nothing of the step was committed). An error ends it.
  struct StepOutcome {
    Turn turn = Turn::kGo;
    std::optional<Error> failure;
  };
  //! A step's verdict on its customer: nullopt when it was applied; otherwise why the customer
  //! fails, and what the step wrote must be rolled back. An error ends the run (lease lost).
  using Failure = std::optional<Error>;

  Result<MigrationDetails> ChangeStatus(const RequestContext& ctx, const MigrationId& id,
                                        const OwnerGone& gone, const std::string& owner,
                                        const char* operation);
  //! In a step's transaction: kGo and the lease renewed while the migration runs under `job`.
  Result<Turn> Hold(store::WriteTransaction& tx, const Job& job);
  //! One transaction (kStop, and nothing done, when the migration was paused): steps of
  //! `customers` from `next` on, in order, each in a savepoint, until kCustomersPerTransaction
  //! customers or users_per_transaction_ users; each customer's row is written once, and a
  //! customer that fails is recorded in it too. Moves `next` past the customers it finished
  //! and appends each step's change of progress to `steps`, once committed: a transaction the
  //! database makes run again (Transact) leaves no trace in them.
  Result<Turn> RunRound(const Job& job, std::vector<MigrationCustomer>& customers,
                        std::size_t& next, std::vector<MigrationProgress>& steps);
  //! The next step of `mc` in `tx`: A, one batch of B of at most `max_users` users, or C.
  //! Updates `mc` when applied; the caller stores it.
  Result<Failure> Step(store::WriteTransaction& tx, const Job& job, MigrationCustomer& mc,
                       int max_users);
  Result<Failure> Buy(store::WriteTransaction& tx, const Job& job, MigrationCustomer& mc);
  Result<Failure> AddSeats(store::WriteTransaction& tx, const Job& job, MigrationCustomer& mc);
  //! A customer planned with nothing to do (MigrationAction::kSkip) is done at once.
  Result<Failure> Skip(store::WriteTransaction& tx, const Job& job, MigrationCustomer& mc);
  //! Before A buys or adds seats: the planner's skip rule (NothingToMigrate) judged again on
  //! the customer as it is now. When another migration or upgrade did the work since the plan
  //! was made, the customer becomes kSkip and done, with kChangedSincePlanning, and true is
  //! returned: nothing is bought twice.
  Result<bool> SkipIfNothingLeft(store::WriteTransaction& tx, const Job& job,
                                 MigrationCustomer& mc);
  //! One batch of B, or C when nobody holds the source any more (when the migration replaces
  //! one subscription: when no license rests on its seats any more).
  Result<Failure> MoveOrSuspend(store::WriteTransaction& tx, const Job& job, MigrationCustomer& mc,
                                int max_users);
  //! Writes `error` on the customer's row (and `step`, when set) with its audit record
  //! `operation`, in `tx`.
  Status WriteCustomerError(store::WriteTransaction& tx, const Job& job, MigrationCustomer& mc,
                            const Error& error, std::optional<MigrationStep> step,
                            const char* operation);
  //! Completes the migration: completed_with_errors when `failed` (a customer failed).
  Result<MigrationStatus> Finish(const Job& job, bool failed);
  //! One batch of a customer's rollback, or its last step (target, step rolled_back).
  Result<StepOutcome> RollBackStep(const Job& job, MigrationCustomer& mc);
  //! Records on the row why the customer's rollback stopped, keeping its step.
  Status RefuseRollback(const Job& job, MigrationCustomer& mc, const Error& error);
  //! The rollback's last step for a customer: the target gives back what step A took. A legacy
  //! purchase is suspended (deprovisioned 120 days later at no cost), a New Commerce one
  //! cancelled with its refund while its cancellation window is open; added seats are removed
  //! while they can be. Past the window nothing pretends: the subscription stops renewing (or
  //! renews without the added seats) and the returned error, kept on the customer's row, says
  //! what stays committed until when.
  Result<std::optional<Error>> GiveBackTarget(store::WriteTransaction& tx, const Job& job,
                                              const MigrationCustomer& mc,
                                              SubscriptionService& subscriptions);
  void Report(const Job& job, const MigrationProgress& progress) const;

  Dependencies deps_;
  int users_per_transaction_;
};

}  // namespace seatshift::service
