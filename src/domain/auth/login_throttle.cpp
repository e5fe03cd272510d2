#include "domain/auth/login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

namespace duxing::domain::auth {
namespace {

// Ensures the key's row exists and locks it until the transaction ends (the
// no-op update takes the row lock on PostgreSQL; SQLite serializes writers).
constexpr std::string_view kLockCount =
    "INSERT INTO login_throttle (throttle_key, failures, first_at, last_at) "
    "VALUES ($1, 0, $2, $2) ON CONFLICT (throttle_key) "
    "DO UPDATE SET failures = login_throttle.failures "
    "RETURNING failures, first_at, last_at";
constexpr std::string_view kWriteCount =
    "UPDATE login_throttle SET failures = $1, first_at = $2, last_at = $3 "
    "WHERE throttle_key = $4";
constexpr std::string_view kClearCount = "DELETE FROM login_throttle WHERE throttle_key = $1";
constexpr std::string_view kForgiveOne =
    "UPDATE login_throttle SET failures = failures - 1 "
    "WHERE throttle_key = $1 AND failures > 0";
constexpr std::string_view kPrune = "DELETE FROM login_throttle WHERE last_at < $1";

// Counts older than this are of no rule's concern any more.
constexpr std::chrono::hours kKeepCounts{24};

bool WindowPassed(const ThrottleRule& rule, const ThrottleCount& c, TimePoint now) {
  TimePoint from = rule.kind == ThrottleRule::Kind::kWindow ? c.first_at : c.last_at;
  return c.failures == 0 || from + rule.window <= now;
}

// Rows are locked in key order, so that two attempts never wait for each other
// in a cycle.
std::vector<const ThrottleKey*> InLockOrder(const std::vector<ThrottleKey>& keys) {
  std::vector<const ThrottleKey*> order;
  for (const auto& k : keys) order.push_back(&k);
  std::sort(order.begin(), order.end(),
            [](const ThrottleKey* a, const ThrottleKey* b) { return a->key < b->key; });
  return order;
}

std::string WaitMessage(std::string_view what, int64_t seconds) {
  std::string wait = seconds < 60 ? std::to_string(seconds) + " 秒"
                                  : std::to_string((seconds + 59) / 60) + " 分钟";
  return std::string(what) + "，请 " + wait + "后再试";
}

}  // namespace

std::optional<TimePoint> BlockedUntil(const ThrottleRule& rule, const ThrottleCount& c,
                                      TimePoint now) {
  if (WindowPassed(rule, c, now) || c.failures < rule.free) return std::nullopt;
  TimePoint until;
  if (rule.kind == ThrottleRule::Kind::kWindow) {
    until = c.first_at + rule.window;
  } else {
    int doublings = std::min(c.failures - rule.free, 30);
    auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(int64_t{1} << doublings),
                                                rule.delay_cap);
    until = c.last_at + delay;
  }
  if (until <= now) return std::nullopt;
  return until;
}

std::string ThrottleAddress(const std::string& client_ip) {
  unsigned char b[16];
  if (inet_pton(AF_INET6, client_ip.c_str(), b) != 1) return client_ip;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[48];
  if (std::equal(std::begin(kMapped), std::end(kMapped), b)) {
    std::snprintf(out, sizeof out, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
  } else {
    std::snprintf(out, sizeof out, "%x:%x:%x:%x::/64", b[0] << 8 | b[1], b[2] << 8 | b[3],
                  b[4] << 8 | b[5], b[6] << 8 | b[7]);
  }
  return out;
}

bool GateApplies(const ThrottleRule& rule, const ThrottleCount& gate, TimePoint now) {
  return gate.failures > 0 && gate.last_at + rule.window > now;
}

ThrottleCount CountFailure(const ThrottleRule& rule, const ThrottleCount& c, TimePoint now) {
  if (WindowPassed(rule, c, now)) return ThrottleCount{1, now, now};
  return ThrottleCount{c.failures + 1, c.first_at, now};
}

Status CountAttempt(storage::Database& db, const std::vector<ThrottleKey>& keys,
                    TimePoint now, std::string_view what) {
  std::vector<const ThrottleKey*> order = InLockOrder(keys);
  std::string now_text = FormatTime(now);
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  std::vector<ThrottleCount> counts;
  for (const ThrottleKey* k : order) {
    DX_ASSIGN_OR_RETURN(storage::Row r, tx->QueryOne(kLockCount, {k->key, now_text}));
    counts.push_back({static_cast<int>(r.Int(0)), ParseTime(r.Text(1)).value_or(now),
                      ParseTime(r.Text(2)).value_or(now)});
  }
  std::optional<TimePoint> blocked;
  for (size_t i = 0; i < order.size(); ++i) {
    if (!order[i]->gate.empty()) {
      auto gate = std::find_if(order.begin(), order.end(),
                               [&](const ThrottleKey* k) { return k->key == order[i]->gate; });
      // A gate that is not among the keys cannot exempt the attempt.
      if (gate != order.end() &&
          !GateApplies(order[i]->rule, counts[gate - order.begin()], now)) {
        continue;
      }
    }
    if (auto until = BlockedUntil(order[i]->rule, counts[i], now)) {
      blocked = std::max(blocked.value_or(*until), *until);
    }
  }
  if (blocked) {
    int64_t wait = std::max<int64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(*blocked - now).count(), 1);
    Error e = MakeError(Code::kResourceExhausted, WaitMessage(what, wait));
    e.retry_after_seconds = static_cast<int>(wait);
    return e;  // rolled back: nothing counted
  }
  for (size_t i = 0; i < order.size(); ++i) {
    ThrottleCount next = CountFailure(order[i]->rule, counts[i], now);
    DX_RETURN_IF_ERROR(tx->Exec(kWriteCount, {int64_t{next.failures}, FormatTime(next.first_at),
                                              FormatTime(next.last_at), order[i]->key}));
  }
  DX_RETURN_IF_ERROR(tx->Exec(kPrune, {FormatTime(now - kKeepCounts)}));
  return tx->Commit();
}

Status Forgive(storage::Tx& tx, const std::vector<ThrottleKey>& keys) {
  for (const ThrottleKey* k : InLockOrder(keys)) {
    DX_RETURN_IF_ERROR(tx.Exec(k->cleared_by_success ? kClearCount : kForgiveOne, {k->key}));
  }
  return Ok();
}

}  // namespace duxing::domain::auth
