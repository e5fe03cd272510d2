// Group commit: the write work of many threads run in shared write
// transactions, one commit for all the work that arrived while the previous
// commit was being made. On SQLite every commit is an fsync of the WAL
// (synchronous=FULL) and writers are serialized anyway: one transaction per
// small write (an exam answer) caps the writes at one per fsync; grouping
// lets N writes share one fsync and stay durable, each acknowledged only
// after the commit that holds it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <semaphore>
#include <vector>

#include "storage/database.hpp"

namespace duxing::storage {

// A piece of write work for GroupCommit::Run. Writes into `tx`; must not
// commit it, keep references to it or begin another write transaction on the
// same database (the group's transaction holds the writer). A returned error
// rolls back this piece's writes only.
using SharedWork = std::function<Status(Tx&)>;

// Owned by a service whose small writes come in bursts (exam answers); each
// owner groups its own writes (writes of different owners still serialize on
// SQLite's one writer, in separate transactions). On PostgreSQL, where
// transactions run concurrently, see RunAlone.
class GroupCommit {
 public:
  // Groups at most `max_group` pieces of work per transaction.
  explicit GroupCommit(Database& db, size_t max_group = 256)
      : db_(db), max_group_(max_group) {}

  // Runs `work` in a write transaction shared with the work that other
  // threads hand in meanwhile, inside a savepoint of its own: when it returns
  // an error its writes are rolled back and the others' stand. Returns once
  // the transaction holding it has committed: work's own status, or the
  // error of beginning or committing (then nothing of it was written, and
  // whatever `work` stored in the caller's variables must be discarded).
  // Thread-safe; blocks the calling thread, which may run others' work.
  // On PostgreSQL each piece gets its own transaction (RunAlone): the server
  // groups the commits of concurrent connections itself, and a transaction
  // shared across requests would hold all their row locks, in an order that
  // two processes could take crosswise.
  Status Run(const SharedWork& work);
  // `work` in a write transaction of its own, committed.
  Status RunAlone(const SharedWork& work);

  // Pieces of work run and transactions committed so far (for the log and
  // tests: pieces / commits is the mean group size). Thread-safe.
  uint64_t pieces() const;
  uint64_t commits() const;
  // Pieces handed in and not yet taken into a transaction (test hook).
  size_t waiting() const;

 private:
  // A thread's work while it waits. Woken once: when its group has
  // committed (`done`), or, not done, to lead the next group.
  struct Piece {
    explicit Piece(const SharedWork* w) : work(w) {}
    const SharedWork* work;
    Status status = Ok();
    bool done = false;
    std::binary_semaphore wake{0};
  };
  void RunGroup(const std::vector<Piece*>& group);

  Database& db_;
  const size_t max_group_;
  mutable std::mutex mu_;
  std::vector<Piece*> waiting_;
  bool leading_ = false;  // a thread is running a group
  uint64_t pieces_ = 0;
  uint64_t commits_ = 0;
};

}  // namespace duxing::storage
