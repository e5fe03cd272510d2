// Notifications against a real database on every engine of
// TestDatabaseUrls(): Notify inside a producer's transaction (rolled back:
// nobody notified), the unread count, listing orders, marking read, and that
// nobody sees or marks another account's notifications.
#include "domain/notifications/notification.hpp"

#include <gtest/gtest.h>

#include "domain/auth/auth_service.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::notifications {
namespace {

using namespace std::chrono_literals;
using test::Describe;
using test::ExpectError;

class NotificationTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<NotificationService>(db());
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    for (auth::Principal* p : {&zhang_, &li_}) {
      p->username = p == &zhang_ ? "zhang" : "li";
      ASSERT_OK_AND_ASSIGN(p->account_id,
                           auth::AuthService::CreateAccount(
                               **tx, {p->username, p->username, "Correct-horse-7", std::nullopt, {}},
                               t0_));
    }
    ASSERT_OK((*tx)->Commit());
  }

  Context As(const auth::Principal& p, TimePoint now) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now;
    return ctx;
  }

  // Notifies `account` in a transaction of its own, committed.
  void MustNotify(int64_t account, const std::string& title, TimePoint at) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(Notify(**tx, at, {account, "test", title, "正文\n第二行", {"campaign", 7, ""}}));
    ASSERT_OK((*tx)->Commit());
  }

  int64_t Unread(const auth::Principal& p) {
    auto n = service_->UnreadCount(As(p, t0_));
    EXPECT_TRUE(n.ok()) << Describe(n.error());
    return n.ok() ? *n : -1;
  }

  std::vector<std::string> Titles(const auth::Principal& p, Filter f) {
    auto page = service_->List(As(p, t0_), f);
    EXPECT_TRUE(page.ok()) << Describe(page.error());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& n : page->items) out.push_back(n.title);
    }
    return out;
  }

  TimePoint t0_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  std::unique_ptr<NotificationService> service_;
  auth::Principal zhang_, li_;
};

TEST_P(NotificationTest, TheCountFollowsWritesOfAnotherConnectionOnTheNextRead) {
  // Another `serve` process on the same database notifies and marks read.
  ASSERT_OK_AND_ASSIGN(auto other_db, storage::Open(clean_->url()));
  NotificationService other(*other_db);
  EXPECT_EQ(Unread(zhang_), 0);
  EXPECT_EQ(Unread(zhang_), 0);  // cached
  {
    ASSERT_OK_AND_ASSIGN(auto tx, other_db->Begin(storage::TxMode::kWrite));
    ASSERT_OK(Notify(*tx, t0_, {zhang_.account_id, "test", "新通知", "", {}}));
    ASSERT_OK(tx->Commit());
  }
  EXPECT_EQ(Unread(zhang_), 1);
  EXPECT_EQ(Unread(li_), 0);
  ASSERT_OK(other.MarkAllRead(As(zhang_, t0_ + 1s)));
  EXPECT_EQ(Unread(zhang_), 0);
}

// While nothing that moves a count has been committed anywhere, the count is
// answered from memory (SQLite's change signal): no transaction at all. A
// torn signal (a process that died between its commit and its signal)
// sends the next read to the database, which has the new notification.
TEST_P(NotificationTest, AnUnchangedCountIsAnsweredFromMemoryAndATornSignalReadsTheDatabase) {
  ASSERT_OK_AND_ASSIGN(auto other_db, storage::Open(clean_->url()));
  MustNotify(zhang_.account_id, "一", t0_);
  EXPECT_EQ(Unread(zhang_), 1);  // read, now cached
  const bool signalled = db().backend() == storage::Backend::kSqlite;
  {
    storage::NoWaitScope no_wait;
    auto n = service_->UnreadCount(As(zhang_, t0_));
    if (signalled) {
      ASSERT_TRUE(n.ok()) << Describe(n.error());
      EXPECT_EQ(*n, 1);
      EXPECT_FALSE(no_wait.refused());
    } else {
      EXPECT_TRUE(no_wait.refused());  // PostgreSQL reads the counters every time
    }
  }
  if (!signalled) return;
  other_db->TearNextChangeForTesting();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, other_db->Begin(storage::TxMode::kWrite));
    ASSERT_OK(Notify(*tx, t0_, {zhang_.account_id, "test", "二", "", {}}));
    ASSERT_OK(tx->Commit());
  }
  {
    storage::NoWaitScope no_wait;
    EXPECT_FALSE(service_->UnreadCount(As(zhang_, t0_)).ok());
    EXPECT_TRUE(no_wait.refused());  // it had to read the database
  }
  EXPECT_EQ(Unread(zhang_), 2);
}

TEST_P(NotificationTest, ARolledBackWriteNotifiesNobody) {
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(Notify(**tx, t0_, {li_.account_id, "test", "不会送达", "", {}}));
    ASSERT_OK(Notify(**tx, t0_, {li_.account_id, "test", "也不会送达", "", {}}));
    // The producer's write fails after notifying: its transaction is not
    // committed, the destructor rolls it back.
  }
  EXPECT_EQ(Unread(li_), 0);
  EXPECT_TRUE(Titles(li_, {}).empty());
  MustNotify(li_.account_id, "送达", t0_);
  EXPECT_EQ(Unread(li_), 1);
  EXPECT_EQ(Titles(li_, {}), std::vector<std::string>{"送达"});
}

TEST_P(NotificationTest, NotifyRefusesMalformedNotificationsAndUnknownAccounts) {
  auto tx = db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok()) << Describe(tx.error());
  ExpectError(Notify(**tx, t0_, {li_.account_id, "Bad-Kind", "标题", "", {}}),
              Code::kInvalidArgument, "kind");
  ExpectError(Notify(**tx, t0_, {li_.account_id, "test", "", "", {}}), Code::kInvalidArgument,
              "title");
  ExpectError(Notify(**tx, t0_, {li_.account_id, "test", "标\n题", "", {}}),
              Code::kInvalidArgument, "title");
  ExpectError(Notify(**tx, t0_, {li_.account_id, "test", "标题", std::string(1001, 'x'), {}}),
              Code::kInvalidArgument, "text");
  ExpectError(Notify(**tx, t0_, {li_.account_id, "test", "标题", "", {"", std::nullopt, "http://x"}}),
              Code::kInvalidArgument, "link");
  ExpectError(Notify(**tx, t0_, {999999, "test", "标题", "", {}}), Code::kFailedPrecondition);
}

TEST_P(NotificationTest, UnreadCountFollowsNotifyReadAndReadAll) {
  EXPECT_EQ(Unread(li_), 0);  // never notified: no counter row
  for (int i = 1; i <= 3; ++i) MustNotify(li_.account_id, "第" + std::to_string(i) + "条", t0_ + i * 1s);
  MustNotify(zhang_.account_id, "给张", t0_);
  EXPECT_EQ(Unread(li_), 3);
  EXPECT_EQ(Unread(zhang_), 1);

  auto page = service_->List(As(li_, t0_), {});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 3);
  const Notification& second = page->items[1];
  EXPECT_EQ(second.title, "第2条");
  EXPECT_EQ(second.text, "正文\n第二行");
  EXPECT_EQ(second.link.record_type, "campaign");
  EXPECT_EQ(second.link.record_id, 7);
  ASSERT_OK_AND_ASSIGN(Notification read, service_->MarkRead(As(li_, t0_ + 1h), second.id));
  EXPECT_EQ(read.read_at, FormatTime(t0_ + 1h));
  EXPECT_EQ(Unread(li_), 2);
  // Reading it again changes nothing.
  ASSERT_OK_AND_ASSIGN(read, service_->MarkRead(As(li_, t0_ + 2h), second.id));
  EXPECT_EQ(read.read_at, FormatTime(t0_ + 1h));
  EXPECT_EQ(Unread(li_), 2);

  // Unread first (newest first within each), or newest first; or unread only.
  EXPECT_EQ(Titles(li_, {}), (std::vector<std::string>{"第3条", "第1条", "第2条"}));
  EXPECT_EQ(Titles(li_, {false, Order::kNewestFirst, {}}),
            (std::vector<std::string>{"第3条", "第2条", "第1条"}));
  EXPECT_EQ(Titles(li_, {true, Order::kUnreadFirst, {}}),
            (std::vector<std::string>{"第3条", "第1条"}));
  EXPECT_EQ(Titles(li_, {false, Order::kUnreadFirst, {1, 1}}),
            (std::vector<std::string>{"第1条"}));

  ASSERT_OK_AND_ASSIGN(int64_t marked, service_->MarkAllRead(As(li_, t0_ + 3h)));
  EXPECT_EQ(marked, 2);
  EXPECT_EQ(Unread(li_), 0);
  ASSERT_OK_AND_ASSIGN(marked, service_->MarkAllRead(As(li_, t0_ + 3h)));
  EXPECT_EQ(marked, 0);
  EXPECT_EQ(Unread(zhang_), 1);  // another account's stay unread
  MustNotify(li_.account_id, "新的", t0_ + 4h);
  EXPECT_EQ(Unread(li_), 1);
}

TEST_P(NotificationTest, NobodySeesOrMarksAnotherAccountsNotifications) {
  MustNotify(zhang_.account_id, "给张", t0_);
  auto page = service_->List(As(zhang_, t0_), {});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  int64_t id = page->items[0].id;
  EXPECT_TRUE(Titles(li_, {}).empty());
  ExpectError(service_->MarkRead(As(li_, t0_), id), Code::kNotFound);
  ExpectError(service_->MarkRead(As(li_, t0_), id + 1000), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(int64_t marked, service_->MarkAllRead(As(li_, t0_)));
  EXPECT_EQ(marked, 0);
  EXPECT_EQ(Unread(zhang_), 1);
  EXPECT_EQ(Titles(zhang_, {true, Order::kUnreadFirst, {}}), std::vector<std::string>{"给张"});
}

// A job's many notices in one go: each account counts its own, and one bad
// notice writes none of them.
TEST_P(NotificationTest, NotifyAllCountsEachAccountAndWritesAllOrNothing) {
  std::vector<NewNotification> many;
  for (int i = 0; i < 1500; ++i) {
    many.push_back({i % 3 == 0 ? li_.account_id : zhang_.account_id, "test",
                    "批量" + std::to_string(i), "", {"ledger_item", i, ""}});
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    auto bad = many;
    bad.push_back({zhang_.account_id, "Bad-Kind", "x", "", {}});
    ExpectError(NotifyAll(*tx, t0_, bad), Code::kInvalidArgument, "kind");
  }
  EXPECT_EQ(Unread(zhang_), 0);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(NotifyAll(*tx, t0_, many));
    ASSERT_OK(tx->Commit());
  }
  EXPECT_EQ(Unread(zhang_), 1000);
  EXPECT_EQ(Unread(li_), 500);
  Filter f;
  f.page.limit = 1;
  EXPECT_EQ(Titles(li_, f), std::vector<std::string>{"批量1497"});
}

INSTANTIATE_TEST_SUITE_P(Engines, NotificationTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::notifications
