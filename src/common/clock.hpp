// Time: stored in UTC as ISO 8601 text ("2026-11-25T08:00:00Z"), shown in
// Asia/Shanghai by the UI. Code that needs "now" takes a Clock so tests and
// jobs can inject one.
#pragma once

#include <atomic>
#include <climits>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace duxing {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(
        std::chrono::system_clock::now());
  }
};

// A clock that stands still until told to move. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(now_.load())); }
  void Advance(std::chrono::seconds d) { now_ += d.count(); }

 private:
  std::atomic<int64_t> now_;
};

// For `serve --test-hooks`: the system clock until first moved; from then
// on it stands still and moves only when told, so API tests reach a time
// limit by moving the clock, whatever the machine's speed. Thread-safe.
class ManualClock : public Clock {
 public:
  TimePoint Now() const override {
    int64_t held = held_.load();
    return held == kRunning ? system_.Now() : TimePoint(std::chrono::seconds(held));
  }
  // Stops the clock where it stands (if it runs) and moves it d forward.
  void Advance(std::chrono::seconds d) {
    int64_t running = kRunning;
    held_.compare_exchange_strong(running, system_.Now().time_since_epoch().count());
    held_ += d.count();
    if (on_advance_) on_advance_();
  }
  // Calls `listener` after every Advance (the job scheduler's wake-up, so
  // jobs that became due start at once). Set before the clock is shared.
  void OnAdvance(std::function<void()> listener) { on_advance_ = std::move(listener); }

 private:
  static constexpr int64_t kRunning = INT64_MIN;
  SystemClock system_;
  std::atomic<int64_t> held_{kRunning};
  std::function<void()> on_advance_;
};

// "2026-11-25T08:00:00Z".
std::string FormatTime(TimePoint t);
// The same moment as people in China read it (Asia/Shanghai, UTC+8, no DST):
// "2026-11-25 16:00:00". For exports and documents, never for storage.
std::string FormatChinaTime(TimePoint t);
// Parses FormatTime's output (also accepts a bare date "2026-11-25" as midnight UTC).
std::optional<TimePoint> ParseTime(std::string_view s);
// True when s is a real calendar date written YYYY-MM-DD.
bool IsValidDate(std::string_view s);
// A positive whole number with a unit: "90s", "15m", "4h", "30d"; nullopt for
// anything else (no unit, zero, signs, spaces, overflow past 100 years).
std::optional<std::chrono::seconds> ParseDuration(std::string_view s);

}  // namespace duxing
