// The public 晒单 page of a campaign's 我为群众办实事 (issue 9, kind 2): read
// by anyone, signed in or not, so it holds nothing personal. It lists the
// campaign's completed practical projects and resolved concerns with only
// their title, area (projects), measures, result, closed date and the
// responsible organization's name, and the speech's figures
// (concerns.hpp, ServingFigures), under the name of the unit running the
// campaign (an organization's name, not a person's). Never the requester, their contact,
// people (responsible, leader, verifier), descriptions, notes, the
// timeline or the source text: those may name residents.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/context.hpp"
#include "domain/ledger/concerns.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"

namespace duxing::domain::ledger {

// Each list of the page holds at most this many items, the latest closed
// first (`truncated` says when more exist): the page's size is bounded
// however many items a campaign has.
inline constexpr int64_t kMaxPublicItems = 200;
// Requests one client address (an IPv6 one by its /64: auth::ThrottleAddress)
// may make of the page in a minute of the server's clock; past it kResourceExhausted with the seconds to the next
// minute. At most kMaxPublicClients addresses are counted in one minute:
// beyond them, new addresses wait for the next minute too (a flood from many
// addresses cannot grow the table without bound).
inline constexpr int kPublicRequestsPerMinute = 120;
inline constexpr size_t kMaxPublicClients = 50000;

// One completed project or resolved concern, as the public sees it.
struct PublicItem {
  int64_t id = 0;
  std::string title;
  std::optional<std::string> project_area;  // projects: a project_area code
  std::string measures;
  std::string result;
  std::string closed_on;  // China date YYYY-MM-DD
  std::string org_name;   // the responsible organization
};

struct PublicLedger {
  int64_t campaign_id = 0;
  std::string campaign_name;
  int64_t year = 0;
  std::string unit_name;             // the root of the campaign's organization tree
  ServingFigures figures;            // the whole campaign, unscoped
  std::vector<PublicItem> projects;  // closed projects
  std::vector<PublicItem> concerns;  // closed concerns
  bool truncated = false;            // a list was cut at kMaxPublicItems
};

// The statement that reads a page's closed items of one kind ($1 campaign,
// $2 kind, $3 limit), latest closed first, in order from the index
// ledger_items_public (plan tests).
std::string_view PublicItemsSql();

// Serves the page. Thread-safe; answers from memory while nothing the page
// reads (ledger items, campaigns, orgs, events) has changed in any process.
class PublicLedgerService {
 public:
  explicit PublicLedgerService(storage::Database& db);

  // The page of campaign `campaign_id`; needs no principal (ctx.now counts
  // the forums held by then, to the minute). kNotFound "学习教育活动不存在"
  // on "campaign_id" when there is no such campaign or it is archived;
  // kResourceExhausted past kPublicRequestsPerMinute requests of
  // ctx.client_ip in the current minute (counted before anything is read).
  Result<std::shared_ptr<const PublicLedger>> Page(const Context& ctx, int64_t campaign_id);

 private:
  // Counts a request of `client` in the minute of `now`; the refusal when
  // it is one too many.
  Status Admit(const std::string& client, TimePoint now);

  storage::Database& db_;
  storage::GenerationCache<std::shared_ptr<const PublicLedger>> cache_;
  std::mutex mu_;
  TimePoint window_{};                             // the minute counted
  std::unordered_map<std::string, int> requests_;  // per client address, in window_
};

}  // namespace duxing::domain::ledger
