#include "domain/auth/auth_service.hpp"

#include <sodium.h>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/password_policy.hpp"
#include "storage/generation.hpp"

namespace duxing::domain::auth {
namespace {

// The change counters of a write that starts or ends sessions and changes no
// other record (audit::Change::changed).
const std::vector<std::string> kSessionsChanged = {"session"};

constexpr std::string_view kAccountByName =
    "SELECT id, password_hash, disabled FROM accounts WHERE username = $1";
constexpr std::string_view kAccount =
    "SELECT id, username, display_name, person_id, must_change_password FROM accounts "
    "WHERE id = $1 AND disabled = 0";
constexpr std::string_view kGrants =
    "SELECT g.role, g.org_id, o.path, o.name FROM role_grants g "
    "JOIN orgs o ON o.id = g.org_id WHERE g.account_id = $1 ORDER BY g.id";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, "
    "expires_at, last_seen_at, client_ip, user_agent) VALUES ($1, $2, $3, $4, $5, $4, $6, $7)";
constexpr std::string_view kLiveSessions =
    "SELECT id, token_hash, created_at, last_seen_at, client_ip, user_agent FROM sessions "
    "WHERE account_id = $1 AND expires_at > $2 AND last_seen_at > $3 "
    "ORDER BY last_seen_at DESC, id DESC";
constexpr std::string_view kEndSession =
    "DELETE FROM sessions WHERE id = $1 AND account_id = $2 AND expires_at > $3 "
    "AND last_seen_at > $4 RETURNING token_hash";
constexpr std::string_view kSession =
    "SELECT account_id, csrf_token, expires_at, last_seen_at FROM sessions "
    "WHERE token_hash = $1";
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2";
constexpr std::string_view kPruneSessions =
    "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
constexpr std::string_view kDeleteOtherSessions =
    "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2";
constexpr std::string_view kPasswordHash = "SELECT password_hash FROM accounts WHERE id = $1";
// The owner's own change: clears must_change_password.
constexpr std::string_view kSetPassword =
    "UPDATE accounts SET password_hash = $1, must_change_password = 0, updated_at = $2, "
    "version = version + 1 WHERE id = $3";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (username, display_name, password_hash, person_id, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
constexpr std::string_view kInsertGrant =
    "INSERT INTO role_grants (account_id, role, org_id, created_at) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kTokenByHash =
    "SELECT id, account_id, expires_at, revoked_at, last_used_at FROM api_tokens "
    "WHERE token_hash = $1";
constexpr std::string_view kTouchToken = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
constexpr std::string_view kListTokens =
    "SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens "
    "WHERE account_id = $1 AND revoked_at IS NULL ORDER BY id";
constexpr std::string_view kRevokeAllTokens =
    "UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL";
constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (account_id, name, token_hash, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 "
    "AND revoked_at IS NULL";

std::string RandomToken() {
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return Hex(std::string_view(reinterpret_cast<char*>(buf), sizeof buf));
}

std::string TokenHash(const std::string& token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(std::string_view(reinterpret_cast<char*>(out), sizeof out));
}

// What a session keeps of the client's User-Agent: printable ASCII only,
// at most 256 bytes (it is shown back to its owner).
std::string CleanUserAgent(std::string_view ua) {
  std::string out;
  for (char c : ua.substr(0, 256)) {
    out += (c >= 0x20 && c <= 0x7e) ? c : '?';
  }
  return out;
}


Error Unauthenticated() { return MakeError(Code::kUnauthenticated, "请先登录"); }

// Stands in for the hash of an unknown or disabled account: same parameters,
// so verifying against it costs what a real check costs.
const std::string& DummyHash() {
  static const std::string kDummy = HashPassword("duxing-dummy-password-1");
  return kDummy;
}

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) std::abort();
  }
};
const SodiumInit kSodiumInit;

}  // namespace

std::string HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<Principal> AuthService::LoadPrincipal(storage::Tx& tx, int64_t account_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows acc, tx.Query(kAccount, {account_id}));
  if (acc.empty()) return Unauthenticated();
  Principal p;
  p.account_id = acc[0].Int(0);
  p.username = acc[0].Text(1);
  p.display_name = acc[0].Text(2);
  p.person_id = acc[0].OptInt(3);
  p.must_change_password = acc[0].Bool(4);
  DX_ASSIGN_OR_RETURN(storage::Rows grants, tx.Query(kGrants, {account_id}));
  for (const auto& g : grants) {
    auto role = ParseRole(g.Text(0));
    if (role) p.grants.push_back({*role, g.Int(1), g.Text(2), g.Text(3)});
  }
  return p;
}

std::vector<ThrottleKey> AuthService::LoginKeys(const std::string& username,
                                                const std::string& client) const {
  std::string client_ip = ThrottleAddress(client);
  ThrottleRule pair{ThrottleRule::Kind::kWindow, options_.max_failures, options_.throttle_window};
  ThrottleRule address = pair;
  address.free = options_.max_address_failures;
  ThrottleRule user{ThrottleRule::Kind::kGrowingDelay, options_.username_free_failures,
                    options_.username_quiet, options_.username_delay_cap};
  // An address never contains '|': the pair key cannot be spelled by another pair.
  std::string pair_key = "pair:" + client_ip + "|" + username;
  // The username's growing delay holds back only the addresses that failed
  // for it within username_quiet: a handful of addresses cannot lock the
  // owner out, and every fresh address costs the attacker one attempt of its
  // per-address limit.
  return {{pair_key, pair, true, ""},
          {"addr:" + client_ip, address, false, ""},
          {"user:" + username, user, false, pair_key}};
}

Result<LoginResult> AuthService::Login(const Context& ctx, const std::string& username,
                                       const std::string& password,
                                       std::string_view user_agent) {
  // Counted before the (expensive) check, atomically: see login_throttle.hpp.
  std::vector<ThrottleKey> keys = LoginKeys(username, ctx.client_ip);
  DX_RETURN_IF_ERROR(CountAttempt(db_, keys, ctx.now, "登录失败次数过多"));
  std::optional<int64_t> account_id;
  bool verified = false;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kAccountByName, {username}));
    bool usable = !rows.empty() && !rows[0].Bool(2);
    if (!rows.empty()) account_id = rows[0].Int(0);
    // One verification on every path, against the real hash only when the
    // account may sign in.
    bool matches = options_.verify_password(usable ? rows[0].Text(1) : DummyHash(), password);
    verified = usable && matches;
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::string now = FormatTime(ctx.now);
  if (!verified) {
    // A failed sign-in changes no record (the throttle counted it before).
    audit::Change change{"login_failed", "account", account_id, std::nullopt,
                         std::nullopt, std::nullopt, username, std::vector<std::string>{}};
    DX_RETURN_IF_ERROR(audit::Record(*tx, ctx, change));
    DX_RETURN_IF_ERROR(tx->Commit());
    return MakeError(Code::kUnauthenticated, "用户名或密码错误");
  }
  DX_ASSIGN_OR_RETURN(Principal principal, LoadPrincipal(*tx, *account_id));
  LoginResult out{RandomToken(), RandomToken(), principal};
  DX_RETURN_IF_ERROR(Forgive(*tx, keys));
  DX_RETURN_IF_ERROR(
      tx->Exec(kPruneSessions, {now, FormatTime(ctx.now - options_.session_idle)}));
  DX_RETURN_IF_ERROR(tx->Exec(kInsertSession,
                              {TokenHash(out.session_token), *account_id, out.csrf_token,
                               now, FormatTime(ctx.now + options_.session_absolute),
                               ctx.client_ip, CleanUserAgent(user_agent)}));
  Context as_user = ctx;
  as_user.principal = &out.principal;
  DX_RETURN_IF_ERROR(audit::Record(*tx, as_user,
                                   {"login", "account", *account_id, std::nullopt,
                                    std::nullopt, std::nullopt, "", kSessionsChanged}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status AuthService::Logout(const Context& ctx, const std::string& session_token) {
  std::string hash = TokenHash(session_token);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->Exec(kDeleteSession, {hash}));
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                   {"logout", "account", ctx.principal->account_id,
                                    std::nullopt, std::nullopt, std::nullopt, "",
                                    kSessionsChanged}));
  return tx->Commit();
}

Result<std::shared_ptr<const Session>> AuthService::AuthenticateSession(
    const std::string& token, TimePoint now) {
  if (token.size() != 64) return Unauthenticated();
  std::string hash = TokenHash(token);
  auto usable = [&](const std::optional<CachedSession>& c) {
    return c && now < c->ends_at && now < c->touch_at;
  };
  auto probe = sessions_.Observe();
  if (auto c = sessions_.Find(probe, hash); usable(c)) return c->session;
  // The counters first, then the rows: what is read below is at least as new
  // as the counters it is cached under (also under READ COMMITTED).
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(int64_t generation, sessions_.Confirm(*tx, probe));
  if (auto c = sessions_.FindAt(generation, hash); usable(c)) return c->session;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kSession, {hash}));
  if (rows.empty()) return Unauthenticated();
  auto expires = ParseTime(rows[0].Text(2));
  auto last_seen = ParseTime(rows[0].Text(3));
  if (!expires || !last_seen || *expires <= now ||
      *last_seen + options_.session_idle <= now) {
    return MakeError(Code::kUnauthenticated, "登录已过期，请重新登录");
  }
  DX_ASSIGN_OR_RETURN(Principal p, LoadPrincipal(*tx, rows[0].Int(0)));
  auto s = std::make_shared<const Session>(Session{std::move(p), rows[0].Text(1)});
  tx.reset();
  // Record activity at most once a minute (a quarter of the idle limit when
  // that is shorter), so a busy session does not write on every request.
  auto touch_every = std::min<std::chrono::seconds>(std::chrono::minutes(1),
                                                    options_.session_idle / 4);
  TimePoint seen = *last_seen;
  if (now - *last_seen >= touch_every) {
    DX_RETURN_IF_ERROR(touches_.Run([&](storage::Tx& wtx) -> Status {
      DX_RETURN_IF_ERROR(wtx.Exec(kTouchSession, {FormatTime(now), hash}));
      return Ok();
    }));
    seen = now;
  }
  sessions_.Put(generation, hash,
                CachedSession{s, std::min(*expires, seen + options_.session_idle),
                              seen + touch_every});
  return s;
}

Result<Principal> AuthService::AuthenticateBearer(const std::string& token, TimePoint now) {
  if (token.size() != 67 || token.rfind("dx_", 0) != 0) return Unauthenticated();
  std::string hash = TokenHash(token);
  auto usable = [&](const std::optional<CachedToken>& c) {
    return c && (!c->expires_at || now < *c->expires_at) && now < c->touch_at;
  };
  auto probe = tokens_.Observe();
  if (auto c = tokens_.Find(probe, hash); usable(c)) return *c->principal;
  // The counters first, then the rows (as AuthenticateSession).
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(int64_t generation, tokens_.Confirm(*tx, probe));
  if (auto c = tokens_.FindAt(generation, hash); usable(c)) return *c->principal;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kTokenByHash, {hash}));
  if (rows.empty() || !rows[0].IsNull(3)) return Unauthenticated();
  std::optional<TimePoint> expires;
  if (!rows[0].IsNull(2)) {
    expires = ParseTime(rows[0].Text(2));
    if (!expires || *expires <= now) return Unauthenticated();
  }
  DX_ASSIGN_OR_RETURN(Principal p, LoadPrincipal(*tx, rows[0].Int(1)));
  auto last_used = ParseTime(rows[0].Text(4));
  tx.reset();
  TimePoint used = last_used.value_or(now);
  if (!last_used || now - *last_used >= std::chrono::minutes(1)) {
    int64_t id = rows[0].Int(0);
    DX_RETURN_IF_ERROR(touches_.Run([&](storage::Tx& wtx) -> Status {
      DX_RETURN_IF_ERROR(wtx.Exec(kTouchToken, {FormatTime(now), id}));
      return Ok();
    }));
    used = now;
  }
  auto shared = std::make_shared<const Principal>(std::move(p));
  tokens_.Put(generation, hash, CachedToken{shared, expires, used + std::chrono::minutes(1)});
  return *shared;
}

Status AuthService::ChangePassword(const Context& ctx, const std::string& old_password,
                                   const std::string& new_password,
                                   const std::string& keep_session_token, bool revoke_tokens) {
  DX_RETURN_IF_ERROR(CheckNewPassword(
      new_password, {ctx.principal->username, ctx.principal->display_name}));
  if (old_password == new_password) {
    return MakeError(Code::kInvalidArgument, "新密码不能与当前密码相同", "new_password");
  }
  int64_t id = ctx.principal->account_id;
  std::vector<ThrottleKey> keys{
      {"password:" + std::to_string(id),
       {ThrottleRule::Kind::kWindow, options_.max_failures, options_.throttle_window},
       true,
       ""}};
  DX_RETURN_IF_ERROR(CountAttempt(db_, keys, ctx.now, "当前密码错误次数过多"));
  std::string old_hash;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(storage::Row r, tx->QueryOne(kPasswordHash, {id}));
    old_hash = r.Text(0);
  }
  if (!options_.verify_password(old_hash, old_password)) {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
    DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                     {"password_change_failed", "account", id, std::nullopt,
                                      std::nullopt, std::nullopt, "",
                                      std::vector<std::string>{}}));
    DX_RETURN_IF_ERROR(tx->Commit());
    return MakeError(Code::kInvalidArgument, "当前密码不正确", "old_password");
  }
  std::string hash = HashPassword(new_password);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->Exec(kSetPassword, {hash, FormatTime(ctx.now), id}));
  std::string keep = keep_session_token.empty() ? "" : TokenHash(keep_session_token);
  DX_RETURN_IF_ERROR(tx->Exec(kDeleteOtherSessions, {id, keep}));
  int64_t revoked = 0;
  if (revoke_tokens) {
    DX_ASSIGN_OR_RETURN(revoked, RevokeTokens(*tx, id, std::nullopt, ctx.now));
  }
  DX_RETURN_IF_ERROR(Forgive(*tx, keys));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"password_change", "account", id, std::nullopt, std::nullopt,
       audit::Snapshot{{"tokens_revoked", std::to_string(revoked)}}, "",
       std::vector<std::string>{"account", "session", "api_token"}}));
  return tx->Commit();
}

Result<std::vector<SessionInfo>> AuthService::ListSessions(const Context& ctx,
                                                           const std::string& current_token) {
  std::string current = current_token.empty() ? "" : TokenHash(current_token);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(kLiveSessions, {ctx.principal->account_id, FormatTime(ctx.now),
                                                FormatTime(ctx.now - options_.session_idle)}));
  std::vector<SessionInfo> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(1) == current});
  }
  return out;
}

Status AuthService::EndSession(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows ended,
                      tx->Query(kEndSession, {id, ctx.principal->account_id, FormatTime(ctx.now),
                                              FormatTime(ctx.now - options_.session_idle)}));
  if (ended.empty()) return MakeError(Code::kNotFound, "会话不存在或已结束");
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                   {"session_end", "session", id, std::nullopt, std::nullopt,
                                    std::nullopt, ""}));
  return tx->Commit();
}

Result<int64_t> AuthService::EndOtherSessions(const Context& ctx,
                                              const std::string& current_token) {
  int64_t id = ctx.principal->account_id;
  std::string keep = current_token.empty() ? "" : TokenHash(current_token);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t n, tx->Exec(kDeleteOtherSessions, {id, keep}));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"session_end", "account", id, std::nullopt, std::nullopt,
       audit::Snapshot{{"sessions_ended", std::to_string(n)}}, "", kSessionsChanged}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return n;
}

Result<std::vector<ApiToken>> LiveTokens(storage::Tx& tx, int64_t account_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kListTokens, {account_id}));
  std::vector<ApiToken> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptText(3), r.OptText(4)});
  }
  return out;
}

Result<int64_t> RevokeTokens(storage::Tx& tx, int64_t account_id,
                             std::optional<int64_t> token_id, TimePoint now) {
  if (token_id) return tx.Exec(kRevokeToken, {FormatTime(now), *token_id, account_id});
  return tx.Exec(kRevokeAllTokens, {FormatTime(now), account_id});
}

Result<std::vector<ApiToken>> AuthService::ListTokens(const Context& ctx) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LiveTokens(*tx, ctx.principal->account_id);
}

Result<std::pair<ApiToken, std::string>> AuthService::CreateToken(
    const Context& ctx, const std::string& name, int expires_in_days) {
  if (name.empty() || Utf8Length(name) > 50) {
    return MakeError(Code::kInvalidArgument, "令牌名称须为 1 到 50 个字", "name");
  }
  if (HasControlCharacters(name)) {
    return MakeError(Code::kInvalidArgument, "令牌名称不能包含换行、制表符等控制字符", "name");
  }
  if (expires_in_days < 1 || expires_in_days > kMaxTokenDays) {
    return MakeError(Code::kInvalidArgument,
                     "有效期（expires_in_days）须为 1 到 365 天", "expires_in_days");
  }
  std::string secret = "dx_" + RandomToken();
  ApiToken t;
  t.name = name;
  t.created_at = FormatTime(ctx.now);
  t.expires_at = FormatTime(ctx.now + std::chrono::days(expires_in_days));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Row r,
                      tx->QueryOne(kInsertToken, {ctx.principal->account_id, name,
                                                  TokenHash(secret), t.created_at,
                                                  storage::Opt(t.expires_at)}));
  t.id = r.Int(0);
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                   {"token_create", "api_token", t.id, std::nullopt,
                                    std::nullopt, audit::Snapshot{{"name", name}}, ""}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return std::pair{t, secret};
}

Status AuthService::RevokeToken(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t n, RevokeTokens(*tx, ctx.principal->account_id, id, ctx.now));
  if (n == 0) return MakeError(Code::kNotFound, "令牌不存在");
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                   {"token_revoke", "api_token", id, std::nullopt,
                                    std::nullopt, std::nullopt, ""}));
  return tx->Commit();
}

Result<int64_t> AuthService::CreateAccount(storage::Tx& tx, const NewAccount& a,
                                           TimePoint now) {
  std::string t = FormatTime(now);
  DX_ASSIGN_OR_RETURN(storage::Row r,
                      tx.QueryOne(kInsertAccount,
                                  {a.username, a.display_name, HashPassword(a.password),
                                   storage::Opt(a.person_id), t}));
  int64_t id = r.Int(0);
  for (const auto& [role, org] : a.grants) {
    DX_RETURN_IF_ERROR(tx.Exec(kInsertGrant, {id, RoleName(role), org, t}));
  }
  return id;
}

}  // namespace duxing::domain::auth
