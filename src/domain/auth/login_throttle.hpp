// Throttling of password guesses (sign-in and the old password of a password
// change), counted per key in the login_throttle table.
//
// An attempt is counted *before* the password is checked, in one write
// transaction that locks the key's row (an upsert), so N parallel attempts
// are counted as N and at most the allowed number ever reach the check. An
// attempt that turns out right is forgiven afterwards (Forgive). A refused
// attempt (kResourceExhausted) counts nothing and does not extend the wait.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::domain::auth {

// How one kind of key is throttled.
struct ThrottleRule {
  enum class Kind {
    // `free` failures within `window` (from the first failure); then every
    // attempt is refused until the window has passed.
    kWindow,
    // `free` failures; then each further attempt waits 1 s, 2 s, 4 s, ...
    // (capped at `delay_cap`) after the last failure. The count is forgotten
    // after `window` without a failure.
    kGrowingDelay,
  };
  Kind kind = Kind::kWindow;
  int free = 5;
  std::chrono::seconds window{std::chrono::minutes(15)};
  std::chrono::seconds delay_cap{std::chrono::minutes(15)};
};

// The failures counted for one key.
struct ThrottleCount {
  int failures = 0;
  TimePoint first_at;  // first failure of the current window
  TimePoint last_at;   // latest failure
};

// When the next attempt on `count` may be made; nullopt when it may be made
// at `now`. Pure: the whole rule, testable without a database.
std::optional<TimePoint> BlockedUntil(const ThrottleRule& rule, const ThrottleCount& count,
                                      TimePoint now);
// `count` after one more failure at `now` (a count whose window has passed
// starts again at 1).
ThrottleCount CountFailure(const ThrottleRule& rule, const ThrottleCount& count,
                           TimePoint now);

// Whether a key that refuses only after a failure of its gate key (see
// ThrottleKey::gate) applies to an attempt: `gate` (the gate key's count)
// has a failure within `rule.window` before `now`. Pure.
bool GateApplies(const ThrottleRule& rule, const ThrottleCount& gate, TimePoint now);

// The client address as throttle keys count it: an IPv6 address by its /64
// prefix ("2001:db8:1:2::/64": a subscriber or a host holds a whole /64, so
// rotating through it buys no fresh addresses), an IPv4-mapped IPv6 address
// as the IPv4 address, anything else (IPv4, unparsable text) unchanged.
std::string ThrottleAddress(const std::string& client_ip);

struct ThrottleKey {
  std::string key;  // "pair:<address>|<username>", "addr:<address>", ...
  ThrottleRule rule;
  // Forgive clears this key's count instead of taking back one failure.
  bool cleared_by_success = false;
  // When not empty, the key of another ThrottleKey of the same attempt: this
  // key then refuses the attempt only when GateApplies to the gate's count.
  // The attempt is counted on this key either way. (The per-username key is
  // gated by the (username, address) pair: it slows the addresses that failed
  // for that username, never an address that has not.)
  std::string gate;
};

// Counts one attempt against every key atomically. When any key is blocked
// (a gated key only when its gate applies): kResourceExhausted with
// retry_after_seconds (the longest wait) and the message
// "<what>，请 N 分钟后再试", and nothing is counted.
Status CountAttempt(storage::Database& db, const std::vector<ThrottleKey>& keys,
                    TimePoint now, std::string_view what);
// Takes back the attempt CountAttempt counted, after the password proved
// right: clears the keys marked cleared_by_success, takes one failure off the
// others. Inside `tx`, with the write that the success leads to.
Status Forgive(storage::Tx& tx, const std::vector<ThrottleKey>& keys);

}  // namespace duxing::domain::auth
