#include "domain/ledger/public_page.hpp"

#include <algorithm>
#include <chrono>

#include "domain/auth/login_throttle.hpp"

namespace duxing::domain::ledger {
namespace {

// The campaign with the unit running it: the root of its organization's
// tree (the top-level organization, 市统计局党组 in the demo), whose path
// starts that of the campaign's organization. A campaign still being
// prepared (筹备) is not public: it answers as an unknown one.
constexpr std::string_view kCampaign =
    "SELECT c.id, c.name, c.year, r.name FROM campaigns c JOIN orgs o ON o.id = c.org_id "
    "LEFT JOIN orgs r ON r.parent_id IS NULL AND o.path LIKE r.path || '%' "
    "WHERE c.id = $1 AND c.archived = 0 AND c.status <> 'preparing'";
// Only the public columns are read: what is not selected cannot leak. A
// concern the requester called 不满意 at 回访 is not shown as resolved (nor
// counted so: concerns.cpp kItemFigures), reopened or not.
constexpr std::string_view kClosedItems =
    "SELECT i.id, i.title, i.project_area, i.measures, i.result, i.closed_at, o.name "
    "FROM ledger_items i JOIN orgs o ON o.id = i.org_id "
    "WHERE i.campaign_id = $1 AND i.kind = $2 AND i.status = 'closed' AND i.archived = 0 "
    "AND (i.satisfaction IS NULL OR i.satisfaction <> 'unsatisfied') "
    "ORDER BY i.closed_at DESC, i.id DESC LIMIT $3";

// What the page reads: a write to any of them changes the page.
const std::vector<std::string>& PageReads() {
  static const std::vector<std::string> reads = {"ledger_item", "campaign", "org", "event"};
  return reads;
}

// The China date of an ISO time ("" for none).
std::string ChinaDate(const std::string& iso) {
  std::optional<TimePoint> t = ParseTime(iso);
  return t ? FormatChinaTime(*t).substr(0, 10) : "";
}

// The closed items of `kind`; sets `truncated` when more than the bound exist.
Result<std::vector<PublicItem>> ClosedItems(storage::Tx& tx, int64_t campaign_id,
                                            std::string_view kind, bool& truncated) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kClosedItems, {campaign_id, std::string(kind),
                                                                  kMaxPublicItems + 1}));
  std::vector<PublicItem> out;
  for (const storage::Row& r : rows) {
    if (static_cast<int64_t>(out.size()) == kMaxPublicItems) {
      truncated = true;
      break;
    }
    PublicItem item;
    item.id = r.Int(0);
    item.title = r.Text(1);
    if (kind == "project") item.project_area = r.OptText(2);
    item.measures = r.Text(3);
    item.result = r.Text(4);
    item.closed_on = ChinaDate(r.Text(5));
    item.org_name = r.Text(6);
    out.push_back(std::move(item));
  }
  return out;
}

size_t BytesOf(const std::shared_ptr<const PublicLedger>& page) {
  size_t n = sizeof(PublicLedger) + page->campaign_name.size() + page->unit_name.size();
  for (const auto* list : {&page->projects, &page->concerns}) {
    for (const PublicItem& i : *list) {
      // The item and about as much again for its JSON.
      n += 2 * (sizeof(PublicItem) + i.title.size() + i.measures.size() + i.result.size() +
                i.org_name.size());
    }
  }
  return n;
}

}  // namespace

std::string_view PublicItemsSql() { return kClosedItems; }

PublicLedgerService::PublicLedgerService(storage::Database& db)
    : db_(db), cache_(BytesOf, size_t{8} << 20) {}

Status PublicLedgerService::Admit(const std::string& client, TimePoint now) {
  TimePoint minute = std::chrono::floor<std::chrono::minutes>(now);
  std::lock_guard lock(mu_);
  if (minute != window_) {
    window_ = minute;
    requests_.clear();
  }
  auto it = requests_.find(client);
  bool full = it == requests_.end() && requests_.size() >= kMaxPublicClients;
  if (!full) {
    if (it == requests_.end()) it = requests_.emplace(client, 0).first;
    if (++it->second <= kPublicRequestsPerMinute) return Ok();
  }
  auto wait =
      std::chrono::duration_cast<std::chrono::seconds>(minute + std::chrono::minutes(1) - now);
  Error e = MakeError(Code::kResourceExhausted, "访问过于频繁，请稍后再试");
  e.retry_after_seconds = std::max<int>(1, static_cast<int>(wait.count()));
  return e;
}

Result<std::shared_ptr<const PublicLedger>> PublicLedgerService::Page(const Context& ctx,
                                                                      int64_t campaign_id) {
  // An IPv6 client counts by its /64, as sign-in attempts do.
  DX_RETURN_IF_ERROR(Admit(auth::ThrottleAddress(ctx.client_ip), ctx.now));
  // Forums held are counted up to the current minute, which is part of the
  // cache key: a page is reused within a minute while nothing changed.
  TimePoint minute = std::chrono::floor<std::chrono::minutes>(ctx.now);
  std::string key = std::to_string(campaign_id) + "@" + FormatTime(minute);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(int64_t generation, storage::ReadGeneration(*tx, PageReads()));
  std::shared_ptr<const PublicLedger> cached;
  if (cache_.Get(key, generation, cached)) return cached;

  DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx->Query(kCampaign, {campaign_id}));
  if (campaign.empty()) {
    return MakeError(Code::kNotFound, "学习教育活动不存在", "campaign_id");
  }
  auto page = std::make_shared<PublicLedger>();
  page->campaign_id = campaign_id;
  page->campaign_name = campaign.front().Text(1);
  page->year = campaign.front().Int(2);
  page->unit_name = campaign.front().OptText(3).value_or("");
  DX_ASSIGN_OR_RETURN(page->figures, CountServingFigures(*tx, campaign_id, std::nullopt, minute));
  DX_ASSIGN_OR_RETURN(page->projects, ClosedItems(*tx, campaign_id, "project", page->truncated));
  DX_ASSIGN_OR_RETURN(page->concerns, ClosedItems(*tx, campaign_id, "concern", page->truncated));
  std::shared_ptr<const PublicLedger> out = page;
  cache_.Put(key, generation, out);
  return out;
}

}  // namespace duxing::domain::ledger
