// AuthService against a real database on every engine of TestDatabaseUrls():
// sign-in, throttling, session expiry (idle and absolute, cached or not),
// logout, password change and API tokens. Time is passed in, so expiry is
// tested without waiting.
#include "domain/auth/auth_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/auth/account_service.hpp"
#include "domain/orgs/org.hpp"
#include "storage/generation.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::auth {
namespace {

using namespace std::chrono_literals;
using test::Describe;
using test::ExpectError;

constexpr char kPassword[] = "Correct-horse-7";

class AuthServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Principal system;
    system.grants = {{Role::kSystemAdmin, 0, "/", "系统"}};
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(
        orgs::Org org,
        orgs.Create(As(system, t0_), {std::nullopt, "机关党委", orgs::Kind::kPartyCommittee, 0}));
    org_id_ = org.id;
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    for (const char* name : {"zhang", "li"}) {
      ASSERT_OK_AND_ASSIGN(
          int64_t id,
          AuthService::CreateAccount(
              **tx, {name, name, kPassword, std::nullopt, {{Role::kOrgAdmin, org_id_}}}, t0_));
      (void)id;
    }
    ASSERT_OK((*tx)->Commit());
    Reopen({});
  }

  // A new service (empty cache) with these options; its password checks are
  // counted in verifications_.
  void Reopen(AuthOptions options) {
    options_ = options;
    PasswordVerifier verify = options.verify_password;
    options.verify_password = [this, verify](const std::string& hash, const std::string& pw) {
      ++verifications_;
      return verify(hash, pw);
    };
    auth_ = std::make_unique<AuthService>(db(), options);
  }

  Context Anonymous(TimePoint now, std::string ip = "192.0.2.1") {
    Context ctx;
    ctx.now = now;
    ctx.client_ip = std::move(ip);
    ctx.request_id = "req-auth";
    return ctx;
  }

  Context As(const Principal& p, TimePoint now) {
    Context ctx = Anonymous(now);
    ctx.principal = &p;
    return ctx;
  }

  LoginResult MustLogin(const std::string& user, TimePoint now,
                        const std::string& password = kPassword) {
    auto r = auth_->Login(Anonymous(now), user, password);
    EXPECT_TRUE(r.ok()) << Describe(r.error());
    return r.ok() ? *r : LoginResult{};
  }

  bool Valid(const std::string& token, TimePoint now) {
    return auth_->AuthenticateSession(token, now).ok();
  }

  int64_t Count(const std::string& sql, std::vector<storage::Param> params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  // zhang (an org admin) and li sign in at t0_; li makes API tokens 甲 and 乙.
  void SignInWithTokens() {
    zhang_ = MustLogin("zhang", t0_);
    li_ = MustLogin("li", t0_);
    for (const char* name : {"甲", "乙"}) {
      ASSERT_OK_AND_ASSIGN(auto t, auth_->CreateToken(As(li_.principal, t0_), name, 365));
      tokens_.push_back(t);
    }
  }

  LoginResult zhang_, li_;
  std::vector<std::pair<ApiToken, std::string>> tokens_;
  TimePoint t0_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  std::unique_ptr<AuthService> auth_;
  AuthOptions options_;
  int64_t org_id_ = 0;
  std::atomic<int> verifications_{0};
};

TEST_P(AuthServiceTest, LoginReturnsThePrincipalWithItsGrants) {
  LoginResult r = MustLogin("zhang", t0_);
  EXPECT_EQ(r.principal.username, "zhang");
  ASSERT_EQ(r.principal.grants.size(), 1u);
  EXPECT_EQ(r.principal.grants[0].role, Role::kOrgAdmin);
  EXPECT_EQ(r.principal.grants[0].org_id, org_id_);
  EXPECT_EQ(r.session_token.size(), 64u);
  EXPECT_EQ(r.csrf_token.size(), 64u);
  EXPECT_NE(r.session_token, r.csrf_token);
  ASSERT_OK_AND_ASSIGN(auto s, auth_->AuthenticateSession(r.session_token, t0_));
  EXPECT_EQ(s->principal.username, "zhang");
  EXPECT_EQ(s->csrf_token, r.csrf_token);
  // The token itself is not stored, only its hash.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE token_hash = $1", {r.session_token}), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions"), 1);
}

TEST_P(AuthServiceTest, WrongPasswordAndUnknownUserGiveTheSameAnswerAndAreAudited) {
  auto wrong = auth_->Login(Anonymous(t0_), "zhang", "nope-nope-1");
  auto unknown = auth_->Login(Anonymous(t0_), "nobody", kPassword);
  ExpectError(wrong, Code::kUnauthenticated);
  ExpectError(unknown, Code::kUnauthenticated);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions"), 0);
}

TEST_P(AuthServiceTest, DisabledAccountCannotSignIn) {
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK((*tx)->Exec("UPDATE accounts SET disabled = 1 WHERE username = 'li'", {}));
    ASSERT_OK((*tx)->Commit());
  }
  ExpectError(auth_->Login(Anonymous(t0_), "li", kPassword), Code::kUnauthenticated);
}

// No timing oracle: unknown username, disabled account and wrong password each
// cost exactly one password verification and answer alike.
TEST_P(AuthServiceTest, EveryFailedPathVerifiesOnePasswordAndAnswersAlike) {
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK((*tx)->Exec("UPDATE accounts SET disabled = 1 WHERE username = 'li'", {}));
    ASSERT_OK((*tx)->Commit());
  }
  std::vector<Error> answers;
  for (auto [user, password] : {std::pair{"nobody", kPassword}, std::pair{"li", kPassword},
                                std::pair{"zhang", "wrong-pass-1"}}) {
    int before = verifications_;
    auto r = auth_->Login(Anonymous(t0_, "198.51.100.20"), user, password);
    EXPECT_EQ(verifications_.load() - before, 1) << user;
    ExpectError(r, Code::kUnauthenticated);
    if (!r.ok()) answers.push_back(r.error());
  }
  ASSERT_EQ(answers.size(), 3u);
  for (const Error& e : answers) {
    EXPECT_EQ(e.message, answers[0].message);
    EXPECT_EQ(e.field, answers[0].field);
  }
  int before = verifications_;
  MustLogin("zhang", t0_);
  EXPECT_EQ(verifications_.load() - before, 1);
}

TEST_P(AuthServiceTest, FiveFailuresOfAUsernameFromOneAddressBlockThatPairOnly) {
  for (int i = 0; i < 5; ++i) {
    auto r = auth_->Login(Anonymous(t0_ + std::chrono::seconds(i), "198.51.100.1"), "zhang",
                          "wrong-pass-1");
    ExpectError(r, Code::kUnauthenticated);
  }
  TimePoint later = t0_ + 10min;
  int before = verifications_;
  auto r = auth_->Login(Anonymous(later, "198.51.100.1"), "zhang", kPassword);
  ExpectError(r, Code::kResourceExhausted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(verifications_.load(), before) << "refused before the password check";
  // The window started at the first failure: 15 min - 10 min = 300 s left.
  EXPECT_EQ(r.error().retry_after_seconds, 300);
  // The owner, from an address without failures, signs in at once.
  MustLogin("zhang", later);
  // Another username from the blocked address is not affected.
  LoginResult li = auth_->Login(Anonymous(later, "198.51.100.1"), "li", kPassword).value();
  EXPECT_EQ(li.principal.username, "li");
  // Once the window has passed, the pair works again.
  auto again = auth_->Login(Anonymous(t0_ + 16min, "198.51.100.1"), "zhang", kPassword);
  EXPECT_TRUE(again.ok());
}

TEST_P(AuthServiceTest, TwentyFailuresFromOneAddressThrottleEveryUsernameFromIt) {
  for (int i = 0; i < 20; ++i) {
    ExpectError(auth_->Login(Anonymous(t0_, "198.51.100.7"), "user" + std::to_string(i), "x1"),
                Code::kUnauthenticated);
  }
  ExpectError(auth_->Login(Anonymous(t0_ + 1min, "198.51.100.7"), "zhang", kPassword),
              Code::kResourceExhausted);
  MustLogin("zhang", t0_ + 1min);  // from another address
}

TEST_P(AuthServiceTest, FailuresFromManyAddressesOnlySlowTheAddressesThatFailed) {
  // 10 addresses x 2 failures: 20, the free ones; nobody is slowed yet.
  for (int i = 0; i < 20; ++i) {
    ExpectError(auth_->Login(Anonymous(t0_, "203.0.113." + std::to_string(i / 2)), "zhang", "x1"),
                Code::kUnauthenticated);
  }
  // The 20th failure asks the addresses that failed for a 1 s pause, even
  // with the right password...
  auto r = auth_->Login(Anonymous(t0_, "203.0.113.0"), "zhang", kPassword);
  ExpectError(r, Code::kResourceExhausted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().retry_after_seconds, 1);
  // Each further failure doubles the pause: 2 s, 4 s, 8 s.
  TimePoint t = t0_ + 1s;
  for (int wait : {2, 4, 8}) {
    ExpectError(auth_->Login(Anonymous(t, "203.0.113.50"), "zhang", "x1"), Code::kUnauthenticated);
    for (const char* failed : {"203.0.113.50", "203.0.113.1"}) {
      auto slowed = auth_->Login(Anonymous(t, failed), "zhang", kPassword);
      ExpectError(slowed, Code::kResourceExhausted);
      if (!slowed.ok()) {
        EXPECT_EQ(slowed.error().retry_after_seconds, wait) << failed;
      }
    }
    t += std::chrono::seconds(wait);
  }
  // ...but never an address without failures for the username: the owner
  // gets in during the pause.
  MustLogin("zhang", t - 1s);
}

// The tester's lockout.js, with the clock in hand: 20 failures from 4
// addresses, then one more from a new address each time the previous pause
// ends, up to the 15-minute cap and on, one failure per 15 minutes. The owner's
// right password from a never-used address signs in all along; the addresses
// that failed wait the growing pause; a fresh address costs the attacker one
// checked password.
TEST_P(AuthServiceTest, AFewAddressesCannotLockTheOwnerOutLockoutJs) {
  TimePoint t = t0_;
  for (int i = 0; i < 20; ++i) {
    ExpectError(auth_->Login(Anonymous(t, "203.0.113." + std::to_string(i / 5)), "zhang", "x1"),
                Code::kUnauthenticated);
  }
  auto pause = [](int failures) {
    return std::min<std::chrono::seconds>(std::chrono::seconds(int64_t{1} << (failures - 20)),
                                          15min);
  };
  int owner_address = 0;
  auto owner_signs_in = [&](TimePoint at) {
    std::string ip = "192.0.2." + std::to_string(100 + ++owner_address);
    int before = verifications_;
    auto r = auth_->Login(Anonymous(at, ip), "zhang", kPassword);
    EXPECT_TRUE(r.ok()) << "owner from " << ip << ": " << Describe(r.error());
    EXPECT_EQ(verifications_.load() - before, 1);
  };
  int failures = 20;
  for (int k = 1; k <= 11; ++k) {
    t += pause(failures);  // as the previous pause ends
    std::string attacker = "198.51.100." + std::to_string(k);
    int before = verifications_;
    ExpectError(auth_->Login(Anonymous(t, attacker), "zhang", "x1"), Code::kUnauthenticated);
    EXPECT_EQ(verifications_.load() - before, 1) << "a fresh address costs one check";
    ++failures;
    // That address, and the one before it, now wait the doubled pause.
    for (const std::string& failed : {attacker, "198.51.100." + std::to_string(k - 1)}) {
      if (k == 1) continue;
      auto slowed = auth_->Login(Anonymous(t + 1s, failed), "zhang", kPassword);
      ExpectError(slowed, Code::kResourceExhausted);
      if (!slowed.ok()) {
        EXPECT_EQ(slowed.error().retry_after_seconds, pause(failures).count() - 1)
            << failures << " failures, from " << failed;
      }
    }
    // Before the fix the owner got 429 here (2 s ... 128 s, then 15 min).
    owner_signs_in(t + 1s);
  }
  ASSERT_EQ(pause(failures), 15min);
  // At the cap: one failure per 15 minutes does not keep the owner out either.
  for (int round = 0; round < 3; ++round) {
    t += 15min;
    ExpectError(auth_->Login(Anonymous(t, "198.51.100.20" + std::to_string(round)), "zhang", "x1"),
                Code::kUnauthenticated);
    owner_signs_in(t + 1s);
  }
  // The owner's fresh address with a wrong password: checked and counted, and
  // then that address waits too.
  ExpectError(auth_->Login(Anonymous(t + 2s, "192.0.2.250"), "zhang", "x1"),
              Code::kUnauthenticated);
  ExpectError(auth_->Login(Anonymous(t + 3s, "192.0.2.250"), "zhang", kPassword),
              Code::kResourceExhausted);
}

// The addresses of one IPv6 /64 are one address to the throttle: rotating
// through them buys neither fresh addresses nor a new pair count.
TEST_P(AuthServiceTest, AddressesOfOneIPv6Slash64CountAsOne) {
  for (int i = 0; i < 5; ++i) {
    ExpectError(auth_->Login(Anonymous(t0_, "2001:db8:7:7::" + std::to_string(i + 1)), "zhang",
                             "x1"),
                Code::kUnauthenticated);
  }
  ExpectError(auth_->Login(Anonymous(t0_ + 1s, "2001:db8:7:7:ffff::9"), "zhang", kPassword),
              Code::kResourceExhausted);
  // Another /64 is another address.
  MustLogin("zhang", t0_ + 1s);  // 192.0.2.1
  ASSERT_TRUE(auth_->Login(Anonymous(t0_ + 1s, "2001:db8:7:8::1"), "zhang", kPassword).ok());
}

TEST_P(AuthServiceTest, ParallelWrongPasswordsFromOneAddressAreCountedExactly) {
  AuthOptions fast;
  fast.verify_password = [](const std::string&, const std::string&) { return false; };
  Reopen(fast);
  std::atomic<int> refused{0}, wrong{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 24; ++i) {
    threads.emplace_back([&] {
      auto r = auth_->Login(Anonymous(t0_, "198.51.100.30"), "zhang", "wrong-pass-1");
      Code code = r.ok() ? Code::kInternal : r.error().code;
      if (code == Code::kResourceExhausted) {
        ++refused;
      } else if (code == Code::kUnauthenticated) {
        ++wrong;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 5);
  EXPECT_EQ(refused.load(), 19);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(verifications_.load(), 5);
}

TEST_P(AuthServiceTest, SuccessFromAnAddressClearsItsPairCount) {
  for (int i = 0; i < 4; ++i) {
    ExpectError(auth_->Login(Anonymous(t0_, "198.51.100.1"), "zhang", "x1"),
                Code::kUnauthenticated);
  }
  ASSERT_TRUE(auth_->Login(Anonymous(t0_, "198.51.100.1"), "zhang", kPassword).ok());
  for (int i = 0; i < 4; ++i) {
    ExpectError(auth_->Login(Anonymous(t0_, "198.51.100.1"), "zhang", "x1"),
                Code::kUnauthenticated);
  }
  // 4 failures since the success: not throttled.
  EXPECT_TRUE(auth_->Login(Anonymous(t0_ + 1s, "198.51.100.1"), "zhang", kPassword).ok());
}

// The default limits are ASVS 3.3.2 level 2: 30 minutes idle, 12 hours in all.
TEST_P(AuthServiceTest, SessionEndsAfterTheIdleLimitWithoutRequests) {
  LoginResult r = MustLogin("zhang", t0_);
  EXPECT_TRUE(Valid(r.session_token, t0_ + 30min - 1s));
  // That request renewed it: thirty more minutes from there.
  Reopen(options_);  // a fresh process: no cache
  EXPECT_TRUE(Valid(r.session_token, t0_ + 60min - 2s));
  Reopen(options_);
  EXPECT_FALSE(Valid(r.session_token, t0_ + 90min));
  auto again = auth_->AuthenticateSession(r.session_token, t0_ + 90min);
  ExpectError(again, Code::kUnauthenticated);
}

TEST_P(AuthServiceTest, SessionEndsAtTheAbsoluteLimitHoweverActive) {
  LoginResult r = MustLogin("zhang", t0_);
  for (auto t = t0_; t < t0_ + 12h; t += 20min) {
    ASSERT_TRUE(Valid(r.session_token, t)) << FormatTime(t);
  }
  EXPECT_FALSE(Valid(r.session_token, t0_ + 12h));
}

TEST_P(AuthServiceTest, CachedSessionStillExpiresOnTime) {
  AuthOptions short_max;
  short_max.session_absolute = 10s;
  Reopen(short_max);
  LoginResult r = MustLogin("zhang", t0_);
  EXPECT_TRUE(Valid(r.session_token, t0_ + 1s));  // now cached
  EXPECT_TRUE(Valid(r.session_token, t0_ + 9s));
  EXPECT_FALSE(Valid(r.session_token, t0_ + 10s));
}

TEST_P(AuthServiceTest, RequestsWithinAShortIdleLimitKeepTheSessionAlive) {
  AuthOptions short_idle;
  short_idle.session_idle = 4s;
  Reopen(short_idle);
  LoginResult r = MustLogin("zhang", t0_);
  for (auto t = t0_ + 1s; t <= t0_ + 21s; t += 2s) {
    ASSERT_TRUE(Valid(r.session_token, t)) << "at +" << (t - t0_).count() << " s";
  }
  EXPECT_FALSE(Valid(r.session_token, t0_ + 26s));
}

TEST_P(AuthServiceTest, LoginPrunesExpiredSessions) {
  MustLogin("zhang", t0_);
  MustLogin("li", t0_ + 10min);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions"), 2);
  MustLogin("li", t0_ + 40min);  // zhang's has been idle for 40 min; li's first for 30
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions"), 1);
}

TEST_P(AuthServiceTest, LogoutEndsTheSessionEvenWhenCached) {
  LoginResult r = MustLogin("zhang", t0_);
  ASSERT_TRUE(Valid(r.session_token, t0_));
  ASSERT_OK(auth_->Logout(As(r.principal, t0_), r.session_token));
  EXPECT_FALSE(Valid(r.session_token, t0_ + 1s));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'logout'"), 1);
}

// Another `serve` process on the same database: its own connections and
// its own AuthService (its own session cache).
struct OtherProcess {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<AuthService> auth;
};

OtherProcess OpenOtherProcess(const std::string& url) {
  auto db = storage::Open(url);
  EXPECT_TRUE(db.ok()) << Describe(db.error());
  if (!db.ok()) return {};
  OtherProcess other{std::move(db).value(), nullptr};
  other.auth = std::make_unique<AuthService>(*other.db);
  return other;
}

TEST_P(AuthServiceTest, SessionsAreServedFromTheCacheWhileNothingTheyHoldChanged) {
  LoginResult r = MustLogin("zhang", t0_);
  ASSERT_TRUE(Valid(r.session_token, t0_ + 1s));  // now cached
  // A change that bumps no counter is not seen: the cache answered (no
  // write path ever does this; sign-outs are audited and bump "session").
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(tx->Exec("DELETE FROM sessions", {}));
    ASSERT_OK(tx->Commit());
  }
  EXPECT_TRUE(Valid(r.session_token, t0_ + 2s));
  // Any write to sessions, accounts or organizations empties it.
  {
    ASSERT_OK_AND_ASSIGN(auto bump, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(storage::BumpGenerations(*bump, {"org"}));
    ASSERT_OK(bump->Commit());
  }
  EXPECT_FALSE(Valid(r.session_token, t0_ + 3s));
}

// While nothing a session holds has changed, a cached session is answered
// from memory (SQLite's change signal): no transaction at all. A torn
// signal (a process that died between its commit and its signal) sends the
// next request to the database, where the session has ended.
TEST_P(AuthServiceTest, ACachedSessionIsAnsweredFromMemoryAndATornSignalReadsTheDatabase) {
  OtherProcess other = OpenOtherProcess(clean_->url());
  ASSERT_TRUE(other.auth);
  LoginResult r = MustLogin("zhang", t0_);
  ASSERT_TRUE(Valid(r.session_token, t0_ + 1s));  // now cached
  const bool signalled = db().backend() == storage::Backend::kSqlite;
  {
    storage::NoWaitScope no_wait;
    bool valid = Valid(r.session_token, t0_ + 2s);
    EXPECT_EQ(valid, signalled);
    EXPECT_EQ(no_wait.refused(), !signalled);  // PostgreSQL reads the counters every time
  }
  if (!signalled) return;
  other.db->TearNextChangeForTesting();
  ASSERT_OK(other.auth->Logout(As(r.principal, t0_ + 2s), r.session_token));
  {
    storage::NoWaitScope no_wait;
    EXPECT_FALSE(Valid(r.session_token, t0_ + 3s));
    EXPECT_TRUE(no_wait.refused());  // it had to read the database
  }
  EXPECT_FALSE(Valid(r.session_token, t0_ + 3s));
}

TEST_P(AuthServiceTest, ALogoutInAnotherProcessEndsTheCachedSessionOnTheNextRequest) {
  OtherProcess other = OpenOtherProcess(clean_->url());
  ASSERT_TRUE(other.auth);
  LoginResult r = MustLogin("zhang", t0_);
  LoginResult li = MustLogin("li", t0_);
  ASSERT_TRUE(Valid(r.session_token, t0_ + 1s));  // cached here
  ASSERT_TRUE(Valid(li.session_token, t0_ + 1s));
  ASSERT_OK(other.auth->Logout(As(r.principal, t0_ + 1s), r.session_token));
  EXPECT_FALSE(Valid(r.session_token, t0_ + 1s));
  EXPECT_TRUE(Valid(li.session_token, t0_ + 1s));  // another session lives on
}

TEST_P(AuthServiceTest, APasswordChangeInAnotherProcessEndsTheOtherCachedSessions) {
  OtherProcess other = OpenOtherProcess(clean_->url());
  ASSERT_TRUE(other.auth);
  LoginResult phone = MustLogin("zhang", t0_);
  LoginResult desk = MustLogin("zhang", t0_);
  ASSERT_TRUE(Valid(phone.session_token, t0_ + 1s));
  ASSERT_OK(other.auth->ChangePassword(As(desk.principal, t0_ + 1s), kPassword, "New-pass-2026",
                                       desk.session_token));
  EXPECT_FALSE(Valid(phone.session_token, t0_ + 1s));
  EXPECT_TRUE(Valid(desk.session_token, t0_ + 1s));
}

TEST_P(AuthServiceTest, DisablingOrRegrantingInAnotherProcessIsSeenOnTheNextRequest) {
  OtherProcess other = OpenOtherProcess(clean_->url());
  ASSERT_TRUE(other.auth);
  AccountService accounts(*other.db);
  LoginResult zhang = MustLogin("zhang", t0_);
  LoginResult li = MustLogin("li", t0_);
  ASSERT_OK_AND_ASSIGN(auto cached, auth_->AuthenticateSession(li.session_token, t0_ + 1s));
  ASSERT_EQ(cached->principal.grants.size(), 1u);
  ASSERT_EQ(cached->principal.grants[0].role, Role::kOrgAdmin);
  Context admin = As(zhang.principal, t0_ + 1s);
  // A new role ends the account's sessions: the cached one is refused here.
  ASSERT_OK_AND_ASSIGN(Account acc, accounts.Get(admin, li.principal.account_id));
  AccountPatch regrant;
  regrant.version = acc.version;
  regrant.grants = std::vector<std::pair<Role, int64_t>>{{Role::kBranchSecretary, org_id_}};
  ASSERT_OK_AND_ASSIGN(acc, accounts.Update(admin, acc.id, regrant));
  EXPECT_FALSE(Valid(li.session_token, t0_ + 1s));
  // Signed in again, with the new role; then disabled in the other process.
  LoginResult again = MustLogin("li", t0_ + 2s);
  ASSERT_OK_AND_ASSIGN(cached, auth_->AuthenticateSession(again.session_token, t0_ + 2s));
  EXPECT_EQ(cached->principal.grants.at(0).role, Role::kBranchSecretary);
  AccountPatch off;
  off.version = acc.version;
  off.disabled = true;
  ASSERT_OK(accounts.Update(As(zhang.principal, t0_ + 2s), acc.id, off));
  EXPECT_FALSE(Valid(again.session_token, t0_ + 2s));
  EXPECT_TRUE(Valid(zhang.session_token, t0_ + 2s));
}

TEST_P(AuthServiceTest, ARenamedOrganizationReachesTheCachedPrincipalOnTheNextRequest) {
  OtherProcess other = OpenOtherProcess(clean_->url());
  ASSERT_TRUE(other.auth);
  LoginResult li = MustLogin("li", t0_);
  ASSERT_OK_AND_ASSIGN(auto cached, auth_->AuthenticateSession(li.session_token, t0_ + 1s));
  ASSERT_EQ(cached->principal.grants.at(0).org_name, "机关党委");
  Principal system;
  system.grants = {{Role::kSystemAdmin, 0, "/", "系统"}};
  orgs::OrgService orgs(*other.db);
  ASSERT_OK_AND_ASSIGN(orgs::Org org, orgs.Get(As(system, t0_ + 1s), org_id_));
  orgs::OrgPatch rename;
  rename.version = org.version;
  rename.name = "局机关党委";
  ASSERT_OK(orgs.Update(As(system, t0_ + 1s), org_id_, rename));
  ASSERT_OK_AND_ASSIGN(cached, auth_->AuthenticateSession(li.session_token, t0_ + 1s));
  EXPECT_EQ(cached->principal.grants.at(0).org_name, "局机关党委");
}

TEST_P(AuthServiceTest, PasswordChangeNeedsTheOldPasswordAndEndsOtherSessions) {
  LoginResult phone = MustLogin("zhang", t0_);
  LoginResult desk = MustLogin("zhang", t0_);
  LoginResult other = MustLogin("li", t0_);
  ASSERT_TRUE(Valid(phone.session_token, t0_));
  Context ctx = As(desk.principal, t0_ + 1min);

  ExpectError(auth_->ChangePassword(ctx, "not-it-1", "New-pass-2026", desk.session_token),
              Code::kInvalidArgument, "old_password");
  ExpectError(auth_->ChangePassword(ctx, kPassword, "short1", desk.session_token),
              Code::kInvalidArgument, "new_password");
  ExpectError(auth_->ChangePassword(ctx, kPassword, "onlyletters", desk.session_token),
              Code::kInvalidArgument, "new_password");
  ExpectError(auth_->ChangePassword(ctx, kPassword, kPassword, desk.session_token),
              Code::kInvalidArgument, "new_password");
  EXPECT_TRUE(Valid(phone.session_token, t0_ + 1min));  // failed attempts changed nothing

  ASSERT_OK(auth_->ChangePassword(ctx, kPassword, "New-pass-2026", desk.session_token));
  EXPECT_TRUE(Valid(desk.session_token, t0_ + 2min));
  EXPECT_FALSE(Valid(phone.session_token, t0_ + 2min));  // was cached, still ended
  EXPECT_TRUE(Valid(other.session_token, t0_ + 2min));   // another account's
  ExpectError(auth_->Login(Anonymous(t0_ + 3min), "zhang", kPassword), Code::kUnauthenticated);
  MustLogin("zhang", t0_ + 3min, "New-pass-2026");
}

TEST_P(AuthServiceTest, WrongOldPasswordsAreAuditedAndThrottledPerAccount) {
  LoginResult zhang = MustLogin("zhang", t0_);
  Context ctx = As(zhang.principal, t0_);
  for (int i = 0; i < 5; ++i) {
    ExpectError(auth_->ChangePassword(ctx, "not-it-1", "New-pass-2026", zhang.session_token),
                Code::kInvalidArgument, "old_password");
  }
  int before = verifications_;
  auto r = auth_->ChangePassword(ctx, kPassword, "New-pass-2026", zhang.session_token);
  ExpectError(r, Code::kResourceExhausted);
  EXPECT_EQ(verifications_.load(), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'password_change_failed'"), 5);
  // Sign-in is a separate count; another account's change is not affected.
  LoginResult li = MustLogin("li", t0_);
  ASSERT_OK(auth_->ChangePassword(As(li.principal, t0_), kPassword, "New-pass-2026",
                                  li.session_token));
  // After the window, the right old password works and clears the count.
  Context later = As(zhang.principal, t0_ + 15min);
  ASSERT_OK(auth_->ChangePassword(later, kPassword, "New-pass-2026", zhang.session_token));
}

TEST_P(AuthServiceTest, PasswordChangeRevokesTheApiTokensUnlessAskedNotTo) {
  LoginResult zhang = MustLogin("zhang", t0_);
  Context ctx = As(zhang.principal, t0_);
  ASSERT_OK_AND_ASSIGN(auto kept, auth_->CreateToken(ctx, "保留", 90));
  ASSERT_OK(auth_->ChangePassword(ctx, kPassword, "New-pass-2026", zhang.session_token, false));
  EXPECT_TRUE(auth_->AuthenticateBearer(kept.second, t0_ + 1min).ok());
  ASSERT_OK(auth_->ChangePassword(ctx, "New-pass-2026", "Newer-pass-2027", zhang.session_token));
  ExpectError(auth_->AuthenticateBearer(kept.second, t0_ + 2min), Code::kUnauthenticated);
  ASSERT_OK_AND_ASSIGN(auto left, auth_->ListTokens(ctx));
  EXPECT_TRUE(left.empty());
  EXPECT_TRUE(Valid(zhang.session_token, t0_ + 2min));
}

TEST_P(AuthServiceTest, AdministratorsResetEndsSessionsAndTokensEvenCached) {
  AccountService accounts(db());
  LoginResult zhang = MustLogin("zhang", t0_);
  LoginResult li = MustLogin("li", t0_);
  ASSERT_OK_AND_ASSIGN(auto token, auth_->CreateToken(As(li.principal, t0_), "脚本", 90));
  ASSERT_TRUE(Valid(li.session_token, t0_));  // now cached
  Context admin = As(zhang.principal, t0_ + 1s);
  ASSERT_OK(accounts.ResetPassword(admin, li.principal.account_id, "Reset-pass-2026"));
  EXPECT_FALSE(Valid(li.session_token, t0_ + 2s));
  ExpectError(auth_->AuthenticateBearer(token.second, t0_ + 2s), Code::kUnauthenticated);
  EXPECT_TRUE(Valid(zhang.session_token, t0_ + 2s));
  // Not for one's own account: that needs the old password.
  ExpectError(accounts.ResetPassword(admin, zhang.principal.account_id, "Reset-pass-2026"),
              Code::kFailedPrecondition);
  MustLogin("zhang", t0_ + 3s);
}

TEST_P(AuthServiceTest, AdministratorsResetNotifiesTheOwnerOnlyWhenItHappens) {
  AccountService accounts(db());
  LoginResult zhang = MustLogin("zhang", t0_);
  LoginResult li = MustLogin("li", t0_);
  Context admin = As(zhang.principal, t0_ + 1s);
  // Refused resets (a weak password, one's own account) notify nobody.
  ExpectError(accounts.ResetPassword(admin, li.principal.account_id, "li"),
              Code::kInvalidArgument);
  ExpectError(accounts.ResetPassword(admin, zhang.principal.account_id, "Reset-pass-2026"),
              Code::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications"), 0);
  ASSERT_OK(accounts.ResetPassword(admin, li.principal.account_id, "Reset-pass-2026"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND "
                  "kind = 'password_reset' AND link_path = '/account' AND read_at IS NULL",
                  {li.principal.account_id}),
            1);
  EXPECT_EQ(Count("SELECT unread FROM notification_unread WHERE account_id = $1",
                  {li.principal.account_id}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications"), 1);
}

TEST_P(AuthServiceTest, DisablingRevokesTheApiTokensSoReEnablingDoesNotReviveThem) {
  AccountService accounts(db());
  ASSERT_NO_FATAL_FAILURE(SignInWithTokens());
  const LoginResult &zhang = zhang_, &li = li_;
  const auto &a = tokens_[0], &b = tokens_[1];
  ASSERT_TRUE(auth_->AuthenticateBearer(a.second, t0_).ok());
  Context admin = As(zhang.principal, t0_ + 1s);
  ASSERT_OK_AND_ASSIGN(Account acc, accounts.Get(admin, li.principal.account_id));
  AccountPatch off;
  off.version = acc.version;
  off.disabled = true;
  ASSERT_OK_AND_ASSIGN(Account disabled, accounts.Update(admin, acc.id, off));
  ExpectError(auth_->AuthenticateBearer(a.second, t0_ + 2s), Code::kUnauthenticated);
  AccountPatch on;
  on.version = disabled.version;
  on.disabled = false;
  ASSERT_OK(accounts.Update(admin, acc.id, on));
  MustLogin("li", t0_ + 3s);
  for (const auto& token : {a.second, b.second}) {
    ExpectError(auth_->AuthenticateBearer(token, t0_ + 3s), Code::kUnauthenticated);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL",
                  {acc.id}),
            0);
  // The disable's audit entry says how many tokens it revoked.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND record_id = $1 "
                  "AND after_json LIKE '%\"tokens_revoked\":\"2\"%'",
                  {acc.id}),
            1);
}

TEST_P(AuthServiceTest, AdministratorsListAndRevokeTheTokensOfAccountsTheyManage) {
  AccountService accounts(db());
  ASSERT_NO_FATAL_FAILURE(SignInWithTokens());
  const LoginResult &zhang = zhang_, &li = li_;
  const auto &a = tokens_[0], &b = tokens_[1];
  Context admin = As(zhang.principal, t0_);
  ASSERT_OK_AND_ASSIGN(auto listed, accounts.ListTokens(admin, li.principal.account_id));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "甲");
  ASSERT_OK(accounts.RevokeToken(admin, li.principal.account_id, a.first.id));
  ExpectError(auth_->AuthenticateBearer(a.second, t0_ + 1s), Code::kUnauthenticated);
  EXPECT_TRUE(auth_->AuthenticateBearer(b.second, t0_ + 1s).ok());
  ExpectError(accounts.RevokeToken(admin, li.principal.account_id, a.first.id), Code::kNotFound);
  // A token id of another account under this account's id: not found.
  ASSERT_OK_AND_ASSIGN(auto own, auth_->CreateToken(admin, "自己的", 90));
  ExpectError(accounts.RevokeToken(admin, li.principal.account_id, own.first.id),
              Code::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'token_revoke'"), 1);
  // A member manages no accounts.
  Principal member;
  member.account_id = 999;
  member.grants = {{Role::kMember, org_id_, "/", "机关党委"}};
  ExpectError(accounts.ListTokens(As(member, t0_), li.principal.account_id),
              Code::kPermissionDenied);
}

TEST_P(AuthServiceTest, ApiTokensAuthenticateUntilRevokedOrExpired) {
  LoginResult zhang = MustLogin("zhang", t0_);
  LoginResult li = MustLogin("li", t0_);
  Context ctx = As(zhang.principal, t0_);
  ASSERT_OK_AND_ASSIGN(auto forever, auth_->CreateToken(ctx, "脚本", 365));
  ASSERT_OK_AND_ASSIGN(auto month, auth_->CreateToken(ctx, "三十天", 30));
  EXPECT_EQ(forever.first.expires_at, FormatTime(t0_ + std::chrono::days(365)));
  EXPECT_EQ(forever.second.substr(0, 3), "dx_");
  EXPECT_EQ(forever.second.size(), 67u);
  EXPECT_EQ(month.first.expires_at, FormatTime(t0_ + std::chrono::days(30)));

  ASSERT_OK_AND_ASSIGN(Principal p, auth_->AuthenticateBearer(forever.second, t0_ + 1h));
  EXPECT_EQ(p.username, "zhang");
  EXPECT_TRUE(auth_->AuthenticateBearer(month.second, t0_ + std::chrono::days(29)).ok());
  ExpectError(auth_->AuthenticateBearer(month.second, t0_ + std::chrono::days(30)),
              Code::kUnauthenticated);
  ExpectError(auth_->AuthenticateBearer("dx_" + std::string(64, '0'), t0_),
              Code::kUnauthenticated);
  ExpectError(auth_->AuthenticateBearer(zhang.session_token, t0_), Code::kUnauthenticated);

  ASSERT_OK_AND_ASSIGN(auto listed, auth_->ListTokens(ctx));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "脚本");
  ASSERT_OK_AND_ASSIGN(auto theirs, auth_->ListTokens(As(li.principal, t0_)));
  EXPECT_TRUE(theirs.empty());

  // Another account cannot revoke it: not found, and it keeps working.
  ExpectError(auth_->RevokeToken(As(li.principal, t0_), forever.first.id), Code::kNotFound);
  EXPECT_TRUE(auth_->AuthenticateBearer(forever.second, t0_ + 2h).ok());
  ASSERT_OK(auth_->RevokeToken(ctx, forever.first.id));
  ExpectError(auth_->AuthenticateBearer(forever.second, t0_ + 2h), Code::kUnauthenticated);
  ExpectError(auth_->RevokeToken(ctx, forever.first.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto left, auth_->ListTokens(ctx));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].name, "三十天");
}

// API tokens (scripts, and an exam's takers in bench/exam_load.sh) are cached
// as sessions are: answered from memory while nothing they hold changed, a
// revocation or regrant by another process seen on the next call, and their
// use written at most once a minute.
TEST_P(AuthServiceTest, ApiTokensAreCachedUntilRevokedOrRegrantedInAnyProcess) {
  OtherProcess other = OpenOtherProcess(clean_->url());
  ASSERT_TRUE(other.auth);
  LoginResult zhang = MustLogin("zhang", t0_);
  LoginResult li = MustLogin("li", t0_);
  ASSERT_OK_AND_ASSIGN(auto script, auth_->CreateToken(As(li.principal, t0_), "脚本", 30));
  ASSERT_OK_AND_ASSIGN(auto spare, auth_->CreateToken(As(li.principal, t0_), "备用", 30));
  auto last_used = [&](int64_t id) -> std::optional<std::string> {
    auto listed = auth_->ListTokens(As(li.principal, t0_));
    EXPECT_TRUE(listed.ok());
    for (const auto& t : *listed) {
      if (t.id == id) return t.last_used_at;
    }
    return std::nullopt;
  };
  ASSERT_TRUE(auth_->AuthenticateBearer(script.second, t0_ + 1s).ok());  // now cached
  EXPECT_EQ(last_used(script.first.id), FormatTime(t0_ + 1s));
  if (db().backend() == storage::Backend::kSqlite) {
    storage::NoWaitScope no_wait;
    EXPECT_TRUE(auth_->AuthenticateBearer(script.second, t0_ + 2s).ok());
    EXPECT_FALSE(no_wait.refused());  // answered from memory
  }
  ASSERT_TRUE(auth_->AuthenticateBearer(script.second, t0_ + 30s).ok());
  EXPECT_EQ(last_used(script.first.id), FormatTime(t0_ + 1s));  // not yet due
  ASSERT_TRUE(auth_->AuthenticateBearer(script.second, t0_ + 61s).ok());
  EXPECT_EQ(last_used(script.first.id), FormatTime(t0_ + 61s));
  // A new role given in the other process is seen on the next call.
  ASSERT_OK_AND_ASSIGN(Principal before, auth_->AuthenticateBearer(spare.second, t0_ + 62s));
  ASSERT_EQ(before.grants.at(0).role, Role::kOrgAdmin);
  AccountService accounts(*other.db);
  Context admin = As(zhang.principal, t0_ + 62s);
  ASSERT_OK_AND_ASSIGN(Account acc, accounts.Get(admin, li.principal.account_id));
  AccountPatch regrant;
  regrant.version = acc.version;
  regrant.grants = std::vector<std::pair<Role, int64_t>>{{Role::kBranchSecretary, org_id_}};
  ASSERT_OK(accounts.Update(admin, acc.id, regrant));
  ASSERT_OK_AND_ASSIGN(Principal after, auth_->AuthenticateBearer(spare.second, t0_ + 63s));
  EXPECT_EQ(after.grants.at(0).role, Role::kBranchSecretary);
  // Revoked in the other process: refused here on the next call.
  ASSERT_OK(other.auth->RevokeToken(As(li.principal, t0_ + 64s), script.first.id));
  ExpectError(auth_->AuthenticateBearer(script.second, t0_ + 64s), Code::kUnauthenticated);
  EXPECT_TRUE(auth_->AuthenticateBearer(spare.second, t0_ + 64s).ok());
}

TEST_P(AuthServiceTest, TokenNameAndLifetimeAreChecked) {
  LoginResult zhang = MustLogin("zhang", t0_);
  Context ctx = As(zhang.principal, t0_);
  ExpectError(auth_->CreateToken(ctx, "", 90), Code::kInvalidArgument, "name");
  ExpectError(auth_->CreateToken(ctx, std::string(51 * 3, 'a'), 90),
              Code::kInvalidArgument, "name");
  ExpectError(auth_->CreateToken(ctx, "x", 0), Code::kInvalidArgument, "expires_in_days");
  ExpectError(auth_->CreateToken(ctx, "x", -1), Code::kInvalidArgument, "expires_in_days");
  ExpectError(auth_->CreateToken(ctx, "x", 366), Code::kInvalidArgument, "expires_in_days");
  ExpectError(auth_->CreateToken(ctx, "x", 3650), Code::kInvalidArgument, "expires_in_days");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM api_tokens"), 0);
}

// Tokens made before expiry was required have none; they keep working and
// are listed without an expiry.
TEST_P(AuthServiceTest, TokensWithoutExpiryFromBeforeTheLimitKeepWorking) {
  LoginResult zhang = MustLogin("zhang", t0_);
  Context ctx = As(zhang.principal, t0_);
  ASSERT_OK_AND_ASSIGN(auto old, auth_->CreateToken(ctx, "旧脚本", 1));
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK((*tx)->Exec("UPDATE api_tokens SET expires_at = NULL", {}));
    ASSERT_OK((*tx)->Commit());
  }
  EXPECT_TRUE(auth_->AuthenticateBearer(old.second, t0_ + std::chrono::days(400)).ok());
  ASSERT_OK_AND_ASSIGN(auto listed, auth_->ListTokens(ctx));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0].expires_at.has_value());
}

TEST_P(AuthServiceTest, OwnersListAndEndTheirOwnSessionsOnly) {
  auto a = auth_->Login(Anonymous(t0_, "198.51.100.7"), "zhang", kPassword,
                        "Mozilla/5.0 \x01(X11)");
  ASSERT_TRUE(a.ok());
  LoginResult b = MustLogin("zhang", t0_ + 1min);
  LoginResult li = MustLogin("li", t0_ + 1min);
  Context me = As(a->principal, t0_ + 2min);
  ASSERT_OK_AND_ASSIGN(auto mine, auth_->ListSessions(me, a->session_token));
  ASSERT_EQ(mine.size(), 2u);  // li's is not listed
  EXPECT_FALSE(mine[0].current);  // b: seen last, listed first
  EXPECT_TRUE(mine[1].current);
  EXPECT_EQ(mine[1].client_ip, "198.51.100.7");
  EXPECT_EQ(mine[1].user_agent, "Mozilla/5.0 ?(X11)");  // control character replaced
  EXPECT_EQ(mine[1].created_at, FormatTime(t0_));

  // Another account's session is not found, and stays.
  ASSERT_OK_AND_ASSIGN(auto theirs, auth_->ListSessions(As(li.principal, t0_ + 2min), ""));
  ASSERT_EQ(theirs.size(), 1u);
  ExpectError(auth_->EndSession(me, theirs[0].id), Code::kNotFound);
  EXPECT_TRUE(Valid(li.session_token, t0_ + 2min));

  // Ending b works at once, although this process has it cached.
  ASSERT_TRUE(Valid(b.session_token, t0_ + 2min));
  ASSERT_OK(auth_->EndSession(me, mine[0].id));
  EXPECT_FALSE(Valid(b.session_token, t0_ + 2min));
  EXPECT_TRUE(Valid(a->session_token, t0_ + 2min));
  ExpectError(auth_->EndSession(me, mine[0].id), Code::kNotFound);  // already ended

  // All others: two more sign-ins end, the current one and li's stay.
  LoginResult c = MustLogin("zhang", t0_ + 3min);
  LoginResult d = MustLogin("zhang", t0_ + 3min);
  ASSERT_TRUE(Valid(c.session_token, t0_ + 3min));
  ASSERT_OK_AND_ASSIGN(int64_t ended,
                       auth_->EndOtherSessions(As(a->principal, t0_ + 4min), a->session_token));
  EXPECT_EQ(ended, 2);
  EXPECT_FALSE(Valid(c.session_token, t0_ + 4min));
  EXPECT_FALSE(Valid(d.session_token, t0_ + 4min));
  EXPECT_TRUE(Valid(a->session_token, t0_ + 4min));
  EXPECT_TRUE(Valid(li.session_token, t0_ + 4min));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'session_end'"), 2);
}

TEST_P(AuthServiceTest, ExpiredSessionsAreNotListed) {
  LoginResult a = MustLogin("zhang", t0_);
  MustLogin("zhang", t0_ + 20min);
  ASSERT_OK_AND_ASSIGN(auto listed, auth_->ListSessions(As(a.principal, t0_ + 40min), ""));
  ASSERT_EQ(listed.size(), 1u);  // the first has been idle for 40 minutes
  EXPECT_EQ(listed[0].created_at, FormatTime(t0_ + 20min));
  ExpectError(auth_->EndSession(As(a.principal, t0_ + 40min), listed[0].id - 1),
              Code::kNotFound);
}

TEST_P(AuthServiceTest, TokenNamesRefuseControlCharacters) {
  LoginResult r = MustLogin("zhang", t0_);
  for (const char* name : {"ci\nbot", "tab\tname", "nel\u0085x", "esc\x1b[31m"}) {
    auto made = auth_->CreateToken(As(r.principal, t0_), name, 90);
    ExpectError(made, Code::kInvalidArgument);
  }
  EXPECT_TRUE(auth_->CreateToken(As(r.principal, t0_), "导入脚本 (CI)", 90).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM api_tokens"), 1);
}

TEST_P(AuthServiceTest, NewPasswordsFollowThePolicyOldOnesStillSignIn) {
  // An account made before the policy, with an 8-character password.
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK_AND_ASSIGN(
        int64_t id,
        AuthService::CreateAccount(
            *tx, {"wang", "王五", "abc12345", std::nullopt, {{Role::kMember, org_id_}}}, t0_));
    (void)id;
    ASSERT_OK(tx->Commit());
  }
  LoginResult w = MustLogin("wang", t0_, "abc12345");
  Context me = As(w.principal, t0_);
  auto change = [&](const std::string& pw) {
    return auth_->ChangePassword(me, "abc12345", pw, w.session_token);
  };
  ExpectError(change("only11chars"), Code::kInvalidArgument);
  ExpectError(change("123456789012"), Code::kInvalidArgument);    // common
  ExpectError(change("wang-is-my-name"), Code::kInvalidArgument); // username
  ExpectError(change("王五的口令一二三四五六"), Code::kInvalidArgument);  // display name
  ASSERT_OK(change(" plain words only "));  // no digits needed, spaces kept
  EXPECT_TRUE(MustLogin("wang", t0_ + 1s, " plain words only ").session_token.size() == 64);
  EXPECT_FALSE(auth_->Login(Anonymous(t0_ + 2s), "wang", "plain words only").ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthServiceTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::auth
