#include "jobs/registry.hpp"

#include <stdexcept>

namespace duxing::jobs {
namespace {

// China keeps UTC+8 all year.
constexpr std::chrono::seconds kChinaOffset = std::chrono::hours(8);

}  // namespace

Recurring Recurring::Daily(std::string name, std::string kind, int hour, int minute) {
  Recurring r;
  r.name = std::move(name);
  r.kind = std::move(kind);
  r.period = std::chrono::hours(24);
  r.offset = std::chrono::hours(hour) + std::chrono::minutes(minute);
  return r;
}

TimePoint Recurring::PeriodStart(TimePoint now) const {
  // Seconds since 1970-01-01 00:00 China time, less the offset.
  int64_t local = (now + kChinaOffset - offset).time_since_epoch().count();
  int64_t p = period.count();
  int64_t floor = local >= 0 ? local / p * p : (local - p + 1) / p * p;
  return TimePoint(std::chrono::seconds(floor)) + offset - kChinaOffset;
}

std::string Recurring::KeyFor(TimePoint start) const { return name + "@" + FormatTime(start); }

void Registry::AddHandler(const std::string& kind, Handler handler) {
  if (kind.empty() || !handler) throw std::invalid_argument("job handler without a kind");
  if (!handlers_.emplace(kind, std::move(handler)).second) {
    throw std::invalid_argument("job kind registered twice: " + kind);
  }
}

void Registry::AddRecurring(Recurring schedule) {
  if (schedule.name.empty() || schedule.period < std::chrono::minutes(1) ||
      schedule.offset.count() < 0 || schedule.offset >= schedule.period) {
    throw std::invalid_argument("bad recurring schedule: " + schedule.name);
  }
  for (const auto& r : recurring_) {
    if (r.name == schedule.name) {
      throw std::invalid_argument("recurring schedule named twice: " + schedule.name);
    }
  }
  recurring_.push_back(std::move(schedule));
}

const Handler* Registry::Find(const std::string& kind) const {
  auto it = handlers_.find(kind);
  return it == handlers_.end() ? nullptr : &it->second;
}

}  // namespace duxing::jobs
