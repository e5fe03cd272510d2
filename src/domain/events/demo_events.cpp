#include "domain/events/demo_events.hpp"

#include "domain/audit/audit_log.hpp"
#include "domain/events/attendance.hpp"
#include "domain/events/event.hpp"
#include "domain/events/event_rows.hpp"

namespace duxing::domain::events {
namespace {

constexpr std::string_view kOrg = "SELECT id, path FROM orgs WHERE name = $1 AND archived = 0";
constexpr std::string_view kCampaign =
    "SELECT id FROM campaigns WHERE name = '党史学习教育' AND year = 2021 ORDER BY id";
constexpr std::string_view kType = "SELECT id, category FROM event_types WHERE code = $1";
constexpr std::string_view kCommunity = "SELECT id FROM communities WHERE name = $1";
constexpr std::string_view kHasEvents = "SELECT COUNT(*) FROM events";
constexpr std::string_view kInsertSite =
    "INSERT INTO red_sites (name, address, description, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (name) DO NOTHING";
constexpr std::string_view kSite = "SELECT id FROM red_sites WHERE name = $1";
constexpr std::string_view kPublish = "UPDATE events SET status = 'published' WHERE id = $1";
constexpr std::string_view kInvitees =
    "SELECT person_id FROM event_attendance WHERE event_id = $1 ORDER BY person_id";
constexpr std::string_view kSetStatus =
    "UPDATE event_attendance SET status = $1, signed_at = $2, leave_state = $3, "
    "leave_reason = $4, makeup_date = $5, makeup_method = $6 WHERE event_id = $7 AND person_id = "
    "$8";

struct DemoEvent {
  const char* title;
  const char* type;
  const char* start;  // China time "2021-03-30 09:00"
  int hours;
  const char* place;
  const char* site;       // red site name or ""
  const char* community;  // community name or ""
  const char* speaker;    // outside speaker "name|title" or ""
  const char* targets;    // "members" (在职/预备党员 of 机关党委), "all" (everyone in it)
  int outside;
};

const DemoEvent kEvents[] = {
    {"“学史明理”专题学习会", "topic_study", "2021-03-30 09:00", 2, "局三楼会议室", "", "", "",
     "members", 0},
    {"清明祭英烈主题党日", "party_day", "2021-04-02 09:00", 3, "", "X烈士纪念广场", "", "",
     "members", 0},
    {"专题学习辅导党课：如何学习、学好中共党史", "party_lecture", "2021-04-13 15:00", 2,
     "局三楼会议室", "", "", "X书记|局党史学习教育领导小组组长、党组书记", "all", 0},
    {"“学史增信”专题学习会", "topic_study", "2021-04-27 09:00", 2, "局三楼会议室", "", "", "",
     "members", 0},
    {"党史学习教育宣讲", "lecture", "2021-05-11 15:00", 2, "局三楼会议室", "", "",
     "刘教授|市委党校党史党建教研室主任、副教授", "all", 0},
    {"“学史崇德”专题学习会", "topic_study", "2021-05-25 09:00", 2, "局三楼会议室", "", "", "",
     "members", 0},
    {"“学史力行”专题学习会", "topic_study", "2021-06-22 09:00", 2, "局三楼会议室", "", "", "",
     "members", 0},
    {"联点社区党员共同观看红色电影《1921》", "red_film", "2021-07-09 19:30", 3, "X路社区影院", "",
     "X路社区", "", "members", 35},
    {"专题学习辅导党课：奋力走好新的赶考之路", "party_lecture", "2021-07-13 15:00", 2,
     "局三楼会议室", "", "", "X书记|局党史学习教育领导小组组长、党组书记", "all", 0},
};

struct DemoSite {
  const char* name;
  const char* address;
  const char* description;
};
const DemoSite kSites[] = {
    {"X烈士纪念广场", "X市", "清明祭英烈主题党日活动地点"},
    {"杨开慧纪念馆", "长沙县开慧镇板仓", "“学红色党史 过快乐暑假”亲子活动"},
    {"杨开慧故居", "长沙县开慧镇", "退休老同志瞻仰学习"},
    {"任弼时故居", "汨罗市弼时镇", "退休老同志瞻仰学习"},
};

// "2021-03-30 09:00" China time as UTC ISO text.
std::string Utc(const char* china, int plus_hours) {
  std::string s(china);
  TimePoint t = *ParseTime(s.substr(0, 10) + "T" + s.substr(11) + ":00Z");
  return FormatTime(t - std::chrono::hours(8) + std::chrono::hours(plus_hours));
}

// Marks the invitees of event `id`: most signed, every 9th on approved
// leave, every 13th absent, every 17th made up a week later.
Status MarkAttendance(storage::Tx& tx, int64_t id, const std::string& starts_at) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kInvitees, {id}));
  TimePoint start = *ParseTime(starts_at);
  std::string makeup_day = FormatChinaTime(start + std::chrono::days(7)).substr(0, 10);
  for (size_t i = 0; i < rows.size(); ++i) {
    int64_t person = rows[i].Int(0);
    storage::Params p;
    if (i % 9 == 4) {
      p = {std::string("leave"),    nullptr, std::string("approved"),
           std::string("因公出差"), nullptr, std::string("")};
    } else if (i % 17 == 8) {
      p = {std::string("makeup"), nullptr,    std::string("none"),
           std::string(""),       makeup_day, std::string("观看会议录像并提交学习心得")};
    } else if (i % 13 == 6) {
      p = {std::string("absent"), nullptr, std::string("none"),
           std::string(""),       nullptr, std::string("")};
    } else {
      p = {std::string("signed"),
           FormatTime(start - std::chrono::minutes(10) + std::chrono::seconds(7 * i)),
           std::string("none"),
           std::string(""),
           nullptr,
           std::string("")};
    }
    p.push_back(id);
    p.push_back(person);
    DX_RETURN_IF_ERROR(tx.Exec(kSetStatus, p));
  }
  return Ok();
}

}  // namespace

Status AddDemoEvents(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows committee, tx->Query(kOrg, {std::string("市统计局机关党委")}));
  DX_ASSIGN_OR_RETURN(storage::Row has, tx->QueryOne(kHasEvents, {}));
  if (committee.empty() || has.Int(0) > 0) return Ok();
  Context ctx;
  ctx.now = demo.now;
  std::string at = FormatTime(demo.now);
  for (const DemoSite& s : kSites) {
    DX_RETURN_IF_ERROR(tx->Exec(kInsertSite, {std::string(s.name), std::string(s.address),
                                              std::string(s.description), at}));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx->Query(kCampaign, {}));
  for (const DemoEvent& d : kEvents) {
    Event e;
    e.title = d.title;
    DX_ASSIGN_OR_RETURN(storage::Row type, tx->QueryOne(kType, {std::string(d.type)}));
    e.type_id = type.Int(0);
    e.category = kCategoryCodes.Parse(type.Text(1)).value_or(Category::kStudy);
    if (!campaign.empty()) e.campaign_id = campaign.front().Int(0);
    e.starts_at = Utc(d.start, 0);
    e.ends_at = Utc(d.start, d.hours);
    e.place = d.place;
    if (*d.site) {
      DX_ASSIGN_OR_RETURN(storage::Row site, tx->QueryOne(kSite, {std::string(d.site)}));
      e.site_id = site.Int(0);
      e.place = d.site;
    }
    if (*d.community) {
      DX_ASSIGN_OR_RETURN(storage::Row c, tx->QueryOne(kCommunity, {std::string(d.community)}));
      e.community_id = c.Int(0);
    }
    if (*d.speaker) {
      std::string s(d.speaker);
      size_t bar = s.find('|');
      e.speakers.push_back({std::nullopt, s.substr(0, bar), s.substr(bar + 1)});
    }
    e.org_id = committee.front().Int(0);
    e.org_path = committee.front().Text(1);
    e.target_org_ids = {e.org_id};
    if (std::string_view(d.targets) == "members") e.target_categories = {"member", "probationary"};
    e.outside_count = d.outside;
    // Inserted as drafts and then marked published: events of 2021 notify
    // nobody today.
    DX_RETURN_IF_ERROR(Validate(e));
    DX_ASSIGN_OR_RETURN(int64_t id, EventService::Insert(*tx, ctx, e));
    DX_RETURN_IF_ERROR(tx->Exec(kPublish, {id}));
    DX_RETURN_IF_ERROR(MarkAttendance(*tx, id, e.starts_at));
    DX_ASSIGN_OR_RETURN(Event made, LoadEvent(*tx, id));
    DX_RETURN_IF_ERROR(audit::Record(
        *tx, ctx, {"create", "event", id, made.org_path, std::nullopt, Snap(made), ""}));
  }
  return tx->Commit();
}

}  // namespace duxing::domain::events
