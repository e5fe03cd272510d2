// The cross-process change signal of a SQLite database: a small file beside
// it (`<database>-changes`), mapped into memory by every process that opens
// the database, holding two counters of the commits that bump a change
// counter (storage/generation.hpp): `begun`, moved just before such a commit,
// and `finished`, moved just after it.
//
// Only the holder of SQLite's write lock moves `begun`, and it repairs a torn
// pair when it takes the lock, so when a reader finds begun == finished == k
// no such commit is in flight and every one up to k is visible: a cache
// confirmed (by reading the counters in the database) while the signal was
// settled at k is still current, and is used with no database read.
// A process killed between a commit and its `finished` leaves
// begun > finished (torn): readers then read the database, as without the
// signal, until the next write transaction of any process repairs the pair
// (Repair; every process does one as it opens the database).
//
// Like SQLite's own -shm file it works only where processes share memory
// through the file (one machine, a local file system), every process must
// open the database by the same path, and it must not be removed while
// processes have the database open.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace duxing::storage::sqlite {

class ChangeSignal {
 public:
  // Maps the signal file at `path`, created with `mode` (and zeroed) when
  // missing. kInternal when it cannot be created or mapped, or holds
  // something else.
  static Result<std::unique_ptr<ChangeSignal>> Open(const std::string& path, mode_t mode);
  ~ChangeSignal();
  ChangeSignal(const ChangeSignal&) = delete;
  ChangeSignal& operator=(const ChangeSignal&) = delete;

  // k when begun == finished == k: no commit that bumps a change counter is
  // in flight and the last one was k. Nullopt while one is in flight or the
  // pair is torn. Two loads of shared memory; thread-safe.
  std::optional<uint64_t> Settled() const;
  // For the holder of the write lock, just before COMMIT: moves `begun` and
  // returns the commit's number.
  uint64_t Begin();
  // Just after the COMMIT of number `n` (the write lock may be released
  // already, and a later commit finished): finished = max(finished, n).
  void Finish(uint64_t n);
  // For the holder of the write lock, whose own commit is not begun: every
  // begun commit has ended (or its process has), so finished = begun.
  // Returns whether the pair was torn.
  bool Repair();

  const std::string& path() const { return path_; }

 private:
  struct Page;
  ChangeSignal(std::string path, Page* page) : path_(std::move(path)), page_(page) {}
  std::string path_;
  Page* page_;  // mapped, shared with every process
};

}  // namespace duxing::storage::sqlite
