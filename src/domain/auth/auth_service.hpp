// Accounts, sign-in, sessions, API tokens and password changes.
//
// Passwords are argon2id hashes (libsodium). Session and API tokens are random
// 256-bit values; only their BLAKE2b hashes are stored. Sessions live in the
// database (so any number of server processes share them) with an
// in-process cache keyed on the change counters of sessions, accounts and
// organizations (storage/generation.hpp), so that a session ended, an account
// disabled or changed by any process is seen by every process on its next
// request. API tokens are cached the same way, under the counters of tokens,
// accounts and organizations.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/login_throttle.hpp"
#include "domain/auth/principal.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"
#include "storage/group_commit.hpp"

namespace duxing::domain::auth {

// What the auth and accounts modules declare (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();
const ModuleInfo& AccountsInfo();

// Checks a password against a stored hash (VerifyPassword below; tests count
// the calls).
using PasswordVerifier = std::function<bool(const std::string& hash, const std::string& password)>;

bool VerifyPassword(const std::string& hash, const std::string& password);

// Sign-in throttling (README, "Sign-in"): within throttle_window, max_failures
// failures of one username from one address block that pair, and
// max_address_failures from one address block the address; a username failing
// from anywhere is slowed, never blocked, after username_free_failures:
// 1 s, 2 s, 4 s ... (at most username_delay_cap) after each further failure,
// forgotten after username_quiet without one. That delay holds back only
// addresses that failed for the username within username_quiet (and have not
// signed in as it since): an address without such failures is always checked.
// Wrong old passwords of a
// password change: max_failures per account in throttle_window.
struct AuthOptions {
  // A session ends after this long without a request (ASVS 3.3.2)...
  std::chrono::seconds session_idle{std::chrono::minutes(30)};
  // ...and this long after sign-in, however active.
  std::chrono::seconds session_absolute{std::chrono::hours(12)};
  int max_failures = 5;
  int max_address_failures = 20;
  std::chrono::seconds throttle_window{std::chrono::minutes(15)};
  int username_free_failures = 20;
  std::chrono::seconds username_delay_cap{std::chrono::minutes(15)};
  std::chrono::seconds username_quiet{std::chrono::hours(1)};
  // Every sign-in and password change runs this exactly once, whatever the
  // outcome (a dummy hash of the same cost stands in for unknown or disabled
  // accounts), so that the answer's timing tells nothing.
  PasswordVerifier verify_password = VerifyPassword;
};

struct Session {
  Principal principal;
  std::string csrf_token;
};

struct LoginResult {
  std::string session_token;  // goes into the cookie
  std::string csrf_token;
  Principal principal;
};

struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> last_used_at;
};

// One live browser session of an account, as its owner sees it (登录设备).
struct SessionInfo {
  int64_t id = 0;
  std::string created_at;
  std::string last_seen_at;  // renewed at most once a minute
  std::string client_ip;     // at sign-in
  std::string user_agent;    // at sign-in: printable ASCII, at most 256 bytes
  bool current = false;      // the session of the request that asked
};

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string password;
  std::optional<int64_t> person_id;
  std::vector<std::pair<Role, int64_t>> grants;  // role, org id
};

// argon2id hash in libsodium's string format.
std::string HashPassword(const std::string& password);

// The live (not revoked) API tokens of an account, oldest first.
Result<std::vector<ApiToken>> LiveTokens(storage::Tx& tx, int64_t account_id);
// Revokes the account's token `token_id`, or all its live tokens when nullopt.
// Returns how many were revoked (0 is not an error here).
Result<int64_t> RevokeTokens(storage::Tx& tx, int64_t account_id,
                             std::optional<int64_t> token_id, TimePoint now);

// Cached sessions (and, apart, API tokens) at most; past it the cache starts
// again empty.
inline constexpr size_t kMaxCachedSessions = 100000;

class AuthService {
 public:
  AuthService(storage::Database& db, AuthOptions options = {})
      : db_(db),
        options_(options),
        sessions_(db, {"account", "org", "session"}, kMaxCachedSessions),
        tokens_(db, {"account", "org", "api_token"}, kMaxCachedSessions),
        touches_(db) {}

  // Checks the password. Throttled (kResourceExhausted with retry seconds,
  // see AuthOptions) before the check; failures are audited. Unknown username,
  // disabled account and wrong password give the same kUnauthenticated answer
  // after the same work.
  // The session remembers ctx.client_ip and `user_agent` (cut to printable
  // ASCII, 256 bytes) for the owner's list of sessions.
  Result<LoginResult> Login(const Context& ctx, const std::string& username,
                            const std::string& password, std::string_view user_agent = "");
  // Ends the session of that token. Not an error when it is already gone.
  Status Logout(const Context& ctx, const std::string& session_token);
  // The session behind a cookie token; kUnauthenticated when missing/expired.
  // The session may be shared with other requests: it is immutable.
  // The session and its principal come from this process's cache while the
  // change counters of sessions, accounts and organizations are where they
  // were when it was cached, the session has not ended by time and its
  // activity was written less than a minute (a quarter of the idle limit)
  // ago. Those counters are known unmoved without any database read while
  // the database's change signal is settled where they were last read
  // (SQLite: storage::SettledCache); otherwise they are read (one
  // statement). Missing or stale, the session is read again, and activity
  // written back when due. So a logout, password change, role change or
  // disabling committed by any process or connection is seen on the next
  // call. Without a database read, the call begins no transaction (an I/O
  // thread may make it, api::Router::AnswerInPlace). Thread-safe.
  Result<std::shared_ptr<const Session>> AuthenticateSession(const std::string& token,
                                                             TimePoint now);
  // The principal behind a bearer token; kUnauthenticated when unknown,
  // revoked or expired. Cached as sessions are (AuthenticateSession): a
  // token revoked, or its account disabled or changed, by any process is
  // seen on the next call; its use is written at most once a minute.
  Result<Principal> AuthenticateBearer(const std::string& token, TimePoint now);

  // Changes the caller's password; the old one must match (wrong ones are
  // audited and throttled like sign-ins, per account). Other sessions of the
  // account are ended, and with revoke_tokens its API tokens too.
  Status ChangePassword(const Context& ctx, const std::string& old_password,
                        const std::string& new_password,
                        const std::string& keep_session_token, bool revoke_tokens = true);
  // The caller's live sessions, most recently seen first; `current_token` (the
  // caller's cookie, may be empty for bearer calls) marks the current one.
  Result<std::vector<SessionInfo>> ListSessions(const Context& ctx,
                                                const std::string& current_token);
  // Ends the caller's session `id` (audited; may be the current one: that is
  // a logout); kNotFound when it is not a live session of the caller.
  Status EndSession(const Context& ctx, int64_t id);
  // Ends every session of the caller but the current one (audited); returns
  // how many ended (0 is not an error).
  Result<int64_t> EndOtherSessions(const Context& ctx, const std::string& current_token);

  Result<std::vector<ApiToken>> ListTokens(const Context& ctx);
  // Returns the token record and the secret, which is never shown again.
  // Every new token expires: `expires_in_days` must be 1..kMaxTokenDays
  // (tokens made before this limit, without expiry, keep working).
  static constexpr int kMaxTokenDays = 365;
  Result<std::pair<ApiToken, std::string>> CreateToken(const Context& ctx,
                                                       const std::string& name,
                                                       int expires_in_days);
  Status RevokeToken(const Context& ctx, int64_t id);

  // Creates an account with its grants inside `tx` (init, admin tools).
  static Result<int64_t> CreateAccount(storage::Tx& tx, const NewAccount& account,
                                       TimePoint now);

 private:
  Result<Principal> LoadPrincipal(storage::Tx& tx, int64_t account_id);
  std::vector<ThrottleKey> LoginKeys(const std::string& username,
                                     const std::string& client_ip) const;

  struct CachedSession {
    std::shared_ptr<const Session> session;
    TimePoint ends_at;   // idle or absolute expiry, whichever is first
    TimePoint touch_at;  // activity is due to be written from here on
  };
  storage::Database& db_;
  AuthOptions options_;
  // Sessions by token hash, all read at one generation of the counters
  // their rows depend on: the session, its account with its grants, and the
  // grants' organizations (path, name).
  storage::SettledCache<std::string, CachedSession> sessions_;
  struct CachedToken {
    std::shared_ptr<const Principal> principal;
    std::optional<TimePoint> expires_at;
    TimePoint touch_at;  // its use is due to be written from here on
  };
  // API tokens by token hash, as sessions_.
  storage::SettledCache<std::string, CachedToken> tokens_;
  // Writes of a session's activity or a token's use: those of many requests
  // arriving together (the first requests of an exam's thousands of takers)
  // share one commit on SQLite instead of taking the one writer each.
  storage::GroupCommit touches_;
};

}  // namespace duxing::domain::auth
