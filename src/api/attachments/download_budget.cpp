#include "api/attachments/download_budget.hpp"

namespace duxing::api {

DownloadBudget::Held::~Held() {
  if (budget) budget->Give(account_id, taken);
}

std::shared_ptr<DownloadBudget::Held> DownloadBudget::Take(int64_t account_id, size_t bytes) {
  {
    std::lock_guard lock(mu_);
    size_t& mine = by_account_[account_id];
    if (used_ + bytes > total_ || mine + bytes > per_account_) {
      if (mine == 0) by_account_.erase(account_id);
      return nullptr;
    }
    used_ += bytes;
    mine += bytes;
  }
  auto held = std::make_shared<Held>();
  held->budget = this;
  held->account_id = account_id;
  held->taken = bytes;
  return held;
}

void DownloadBudget::Give(int64_t account_id, size_t bytes) {
  std::lock_guard lock(mu_);
  used_ -= bytes;
  auto it = by_account_.find(account_id);
  if (it != by_account_.end() && (it->second -= bytes) == 0) by_account_.erase(it);
}

}  // namespace duxing::api
