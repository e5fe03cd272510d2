// In-app notifications (站内通知): messages to one account, each with a kind,
// a title, a text, an optional link (a record or a web path), the time it was
// made and the time its owner read it.
//
// A module notifies by calling Notify inside the transaction of the write
// that causes the message, so a rolled-back write notifies nobody; a job
// handler calls it inside its own transaction. Only the owner lists, counts
// and marks their notifications: another account's are "not found".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"

namespace duxing::domain::notifications {

// What the notifications module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// The change counter (storage/generation.hpp) of every account's unread
// count: Notify and the marking of notifications read bump it.
inline constexpr const char* kCounter = "notification";
// Unread counts kept in memory at most; past it the cache starts again.
inline constexpr size_t kMaxCachedCounts = 100000;

// Longest title and text, in characters.
inline constexpr size_t kMaxTitle = 100;
inline constexpr size_t kMaxText = 1000;

// Where a notification leads: a record (type and id, e.g. "campaign", 7), a
// path of the web application ("/account"), both or neither.
struct Link {
  std::string record_type;
  std::optional<int64_t> record_id;
  std::string path;
};

struct NewNotification {
  int64_t account_id = 0;  // the owner
  std::string kind;        // a code: [a-z_]{1,40}, e.g. "password_reset"
  std::string title;       // one line, 1 to kMaxTitle characters
  std::string text;        // at most kMaxText characters, line breaks allowed
  Link link;
};

// Adds `n` for its owner inside `tx` at time `now` and counts it unread
// (bumping kCounter). A
// producer's own bug (empty title, malformed kind or text, no such account)
// is kInvalidArgument (kFailedPrecondition for the account) and the caller's
// transaction must then be rolled back. Nothing is written unless `tx`
// commits. Thread-safe as `tx` is.
Status Notify(storage::Tx& tx, TimePoint now, const NewNotification& n);

// Notify for each of `list`, with the same checks and outcome, in a few
// statements: the rows inserted together and each account's unread count
// moved once. For jobs that notify thousands of accounts in one transaction.
// Nothing is written when one fails its checks.
Status NotifyAll(storage::Tx& tx, TimePoint now, const std::vector<NewNotification>& list);

struct Notification {
  int64_t id = 0;
  std::string kind;
  std::string title;
  std::string text;
  Link link;
  std::string created_at;
  std::optional<std::string> read_at;  // null while unread
};

enum class Order { kUnreadFirst, kNewestFirst };

struct Filter {
  bool unread_only = false;
  Order order = Order::kUnreadFirst;  // then newest first
  PageRequest page;
};

// The signed-in account's own notifications. Every call needs a principal.
class NotificationService {
 public:
  explicit NotificationService(storage::Database& db)
      : db_(db), unread_(db, {kCounter}, kMaxCachedCounts) {}

  Result<Page<Notification>> List(const Context& ctx, const Filter& filter);
  // How many of the caller's notifications are unread, exactly as committed
  // by any process: from this process's cache, with no database read, while
  // the database's change signal is settled where kCounter was last read
  // (storage::SettledCache); else kCounter is read and, when it moved, the
  // account's counter (a primary-key read). Never writes; without a database
  // read it begins no transaction.
  Result<int64_t> UnreadCount(const Context& ctx);
  // Marks one of the caller's notifications read (already read: unchanged,
  // not an error) and returns it; another account's or none: kNotFound.
  Result<Notification> MarkRead(const Context& ctx, int64_t id);
  // Marks all of the caller's notifications read; returns how many were
  // unread.
  Result<int64_t> MarkAllRead(const Context& ctx);

 private:
  storage::Database& db_;
  storage::SettledCache<int64_t, int64_t> unread_;  // unread counts by account
};

}  // namespace duxing::domain::notifications
