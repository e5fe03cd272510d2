// The bytes of attachment downloads held in memory until their answers are
// sent. An answer keeps its bytes until the client has taken them (up to
// the server's write timeout), so clients that ask and never read could hold
// 20 MB per connection (40 such connections: +390 MB); the budget bounds
// that for all accounts together and for each account.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace duxing::api {

class DownloadBudget {
 public:
  // At most `total` bytes in all, and `per_account` bytes for one account.
  DownloadBudget(size_t total, size_t per_account) : total_(total), per_account_(per_account) {}

  // Bytes a download keeps until its answer has been sent; they go back to
  // the budget when the last copy of the pointer is gone (the HTTP layer
  // drops the answer after writing it).
  struct Held {
    std::string bytes;
    ~Held();
    DownloadBudget* budget = nullptr;
    int64_t account_id = 0;
    size_t taken = 0;
  };

  // Reserves `bytes` for `account_id`; nullptr when that would pass either
  // limit. Thread-safe. The budget must outlive every Held it returns.
  std::shared_ptr<Held> Take(int64_t account_id, size_t bytes);

  size_t total() const { return total_; }
  size_t per_account() const { return per_account_; }

 private:
  void Give(int64_t account_id, size_t bytes);

  const size_t total_, per_account_;
  std::mutex mu_;
  size_t used_ = 0;
  std::map<int64_t, size_t> by_account_;
};

}  // namespace duxing::api
