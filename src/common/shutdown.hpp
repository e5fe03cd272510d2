// The moment the server begins shutting down (SIGTERM/SIGINT), as plain
// state that handlers may look at without knowing the HTTP layer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace duxing {

// Set once by the HTTP layer when shutdown begins; never reset.
// Thread-safe.
class ShutdownSignal {
 public:
  // Marks shutdown as begun and wakes every waiter. Idempotent.
  void Begin() {
    {
      std::lock_guard lock(mu_);
      begun_ = true;
    }
    cv_.notify_all();
  }
  bool begun() const {
    std::lock_guard lock(mu_);
    return begun_;
  }
  // Blocks until shutdown has begun or `timeout` has passed; returns begun().
  bool WaitFor(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return begun_; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool begun_ = false;
};

}  // namespace duxing
