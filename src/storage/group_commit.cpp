#include "storage/group_commit.hpp"

#include <algorithm>

namespace duxing::storage {
namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT group_piece";
constexpr std::string_view kRelease = "RELEASE SAVEPOINT group_piece";
constexpr std::string_view kRollbackTo = "ROLLBACK TO SAVEPOINT group_piece";

// Runs one piece in its own savepoint of `tx`, its writes undone when it
// fails, and returns its status; an error of the savepoint itself leaves the
// transaction in doubt (the outer error).
Result<Status> RunPiece(Tx& tx, const SharedWork& work) {
  DX_RETURN_IF_ERROR(tx.Exec(kSavepoint, {}));
  Status status = work(tx);
  if (!status.ok()) DX_RETURN_IF_ERROR(tx.Exec(kRollbackTo, {}));
  DX_RETURN_IF_ERROR(tx.Exec(kRelease, {}));
  return status;
}

}  // namespace

// Leader and followers: the first thread to find no group running takes
// every piece waiting (its own among them) into one transaction; pieces
// handed in meanwhile wait for the next group. Once it has committed, the
// leader wakes the threads of its group and, when pieces wait, the thread of
// the oldest, which leads the next group: each thread is woken once, not
// every waiting thread at every commit to find its piece not done.
Status GroupCommit::Run(const SharedWork& work) {
  if (db_.backend() != Backend::kSqlite) return RunAlone(work);
  Piece mine(&work);
  std::unique_lock lock(mu_);
  waiting_.push_back(&mine);
  if (leading_) {
    lock.unlock();
    mine.wake.acquire();
    lock.lock();
    if (mine.done) return mine.status;
    // Not done: this thread leads the next group (leading_ stayed set).
  } else {
    leading_ = true;
  }
  while (!mine.done) {
    size_t n = std::min(waiting_.size(), max_group_);
    std::vector<Piece*> group(waiting_.begin(), waiting_.begin() + static_cast<ptrdiff_t>(n));
    waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<ptrdiff_t>(n));
    lock.unlock();
    RunGroup(group);
    lock.lock();
    for (Piece* p : group) p->done = true;
    pieces_ += group.size();
    ++commits_;
    // Its own piece was in the group unless more than max_group_ waited
    // before it: then this thread leads again.
    Piece* next = nullptr;
    if (mine.done && !waiting_.empty()) next = waiting_.front();
    leading_ = !mine.done || next != nullptr;
    lock.unlock();
    for (Piece* p : group) {
      if (p != &mine) p->wake.release();
    }
    if (next) next->wake.release();
    lock.lock();
  }
  return mine.status;
}

Status GroupCommit::RunAlone(const SharedWork& work) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(TxMode::kWrite));
  DX_RETURN_IF_ERROR(work(*tx));
  return tx->Commit();
}

void GroupCommit::RunGroup(const std::vector<Piece*>& group) {
  auto fail_all = [&](const Error& e) {
    for (Piece* p : group) p->status = e;
  };
  try {
    auto tx = db_.Begin(TxMode::kWrite);
    if (!tx.ok()) return fail_all(tx.error());
    for (Piece* p : group) {
      auto ran = RunPiece(**tx, *p->work);
      if (!ran.ok()) return fail_all(ran.error());  // nothing of the group is committed
      p->status = std::move(ran).value();
    }
    Status committed = (*tx)->Commit();
    if (!committed.ok()) fail_all(committed.error());
  } catch (const std::exception& e) {
    fail_all(InternalError(std::string("group commit: ") + e.what()));
  }
}

uint64_t GroupCommit::pieces() const {
  std::lock_guard lock(mu_);
  return pieces_;
}

uint64_t GroupCommit::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

size_t GroupCommit::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

}  // namespace duxing::storage
