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
    "leave_reason = $4, makeup_date = $5, makeup_method = $6, service_minutes = $7 "
    "WHERE event_id = $8 AND person_id = $9";
// The first party members of a branch by id: the demo's 第一党小组.
constexpr std::string_view kGroupMembers =
    "SELECT id, org_path FROM people WHERE org_id = $1 AND archived = 0 "
    "AND category IN ('member', 'probationary') ORDER BY id LIMIT $2";

struct DemoEvent {
  const char* title;
  const char* type;
  const char* start;  // China time "2021-03-30 09:00"
  int hours;
  const char* place;
  const char* site;       // red site name or ""
  const char* community;  // community name or ""
  const char* speaker;    // outside speaker "name|title" or ""
  // Whom it invites in 机关党委: "members" (在职/预备党员), "all" (everyone),
  // "retired" (退休党员), "family" (职工子弟/家属).
  const char* targets;
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
    // The four lectures of the national statistics system, watched together.
    {"全国统计系统党史专题讲座（第一期）：中国共产党的奋斗历程及启示", "video_lecture",
     "2021-05-19 09:00", 2, "局五楼视频会议室", "", "", "谢春涛|中央党校副校长", "all", 0},
    {"全国统计系统党史专题讲座（第二期）", "video_lecture", "2021-06-16 09:00", 2,
     "局五楼视频会议室", "", "", "", "all", 0},
    {"全国统计系统党史专题讲座（第三期）：铭记百年历史 传承红色基因 全面开启统计现代化改革新征程",
     "video_lecture", "2021-07-06 09:00", 2, "局五楼视频会议室", "", "",
     "X局长|国家统计局党组书记、局长", "all", 0},
    {"全国统计系统党史专题讲座（第四期）", "video_lecture", "2021-07-27 09:00", 2,
     "局五楼视频会议室", "", "", "", "all", 0},
    {"庆祝中国共产党成立100周年歌咏比赛", "song_contest", "2021-06-25 15:00", 3, "局机关礼堂", "",
     "", "", "all", 0},
    {"“光荣在党50年”纪念章颁发仪式", "medal", "2021-06-30 09:00", 1, "老干部活动中心", "", "", "",
     "retired", 0},
    // 局关工委's visit with staff's children; their parents (not in the system) come along.
    {"“学红色党史 过快乐暑假”亲子活动：参观杨开慧纪念馆", "visit", "2021-07-24 08:30", 6, "",
     "杨开慧纪念馆", "", "", "family", 12},
    // 黄丽娟, delegate to the 7th city party congress: five reports.
    {"市第七次党代会精神宣讲报告（第一场）", "report", "2021-10-12 15:00", 2, "局三楼会议室", "",
     "", "黄丽娟|市第七次党代会代表", "all", 0},
    {"市第七次党代会精神宣讲报告（第二场）", "report", "2021-10-19 15:00", 2, "老干部活动中心",
     "", "", "黄丽娟|市第七次党代会代表", "retired", 0},
    {"市第七次党代会精神宣讲报告（第三场）", "report", "2021-10-26 19:30", 2, "X路社区党群服务中心",
     "", "X路社区", "黄丽娟|市第七次党代会代表", "members", 40},
    {"市第七次党代会精神宣讲报告（第四场）", "report", "2021-11-02 15:00", 2, "局三楼会议室", "",
     "", "黄丽娟|市第七次党代会代表", "members", 0},
    {"市第七次党代会精神宣讲报告（第五场）", "report", "2021-11-09 15:00", 2, "局三楼会议室", "",
     "", "黄丽娟|市第七次党代会代表", "members", 0},
};

// Volunteer services (志愿服务) in the linked communities (联点社区 X路社区,
// 善溪村): one per community each quarter of 2021, 09:00-12:00, held by the
// branches in turn with their in-service members invited; everyone signed in
// has the three hours confirmed.
struct DemoService {
  const char* title;
  const char* start;
  const char* community;
  const char* branch;
};
constexpr int kServiceHours = 3;
const DemoService kServices[] = {
    {"学雷锋志愿服务：社区环境整治", "2021-03-05 09:00", "X路社区", "机关第一支部"},
    {"义务植树志愿服务", "2021-03-12 09:00", "善溪村", "机关第二支部"},
    {"“我为群众办实事”志愿服务：政策宣传和统计咨询", "2021-05-14 09:00", "X路社区", "机关第三支部"},
    {"“我为群众办实事”志愿服务：助农春耕", "2021-06-11 09:00", "善溪村", "机关第一支部"},
    {"疫情防控志愿服务：核酸检测秩序维护", "2021-08-06 09:00", "X路社区", "机关第二支部"},
    {"防汛抗旱志愿服务", "2021-09-17 09:00", "善溪村", "机关第三支部"},
    {"重阳节关爱老人志愿服务", "2021-10-15 09:00", "X路社区", "机关第一支部"},
    {"农村人居环境整治志愿服务", "2021-11-19 09:00", "善溪村", "机关第二支部"},
};

// The weekly 党小组会 of 第一党小组 (机关第一支部), Thursdays 16:30-17:30
// from 4 March to 30 December 2021 (44 meetings), one series; its members,
// the first kGroupSize party members of the branch by id (赵书记 and 钱党员
// among them), invited by hand.
constexpr char kGroupTitle[] = "第一党小组会：每周党史学习交流";
constexpr char kGroupStart[] = "2021-03-04 16:30";
constexpr char kGroupUntil[] = "2021-12-30";
constexpr int64_t kGroupSize = 8;

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

// How the invitees of a demo event are marked.
struct Marking {
  bool makeup = true;                      // made up later; at a service: absent instead
  std::optional<int64_t> service_minutes;  // confirmed for each one signed in
};

// Marks the invitees of event `id`: most signed, every 9th on approved
// leave, every 13th absent, every 17th made up a week later (see Marking).
Status MarkAttendance(storage::Tx& tx, int64_t id, const std::string& starts_at,
                      const Marking& how) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kInvitees, {id}));
  TimePoint start = *ParseTime(starts_at);
  std::string makeup_day = FormatChinaTime(start + std::chrono::days(7)).substr(0, 10);
  for (size_t i = 0; i < rows.size(); ++i) {
    int64_t person = rows[i].Int(0);
    storage::Params p;
    if (i % 9 == 4) {
      p = {std::string("leave"), nullptr, std::string("approved"), std::string("因公出差"), nullptr,
           std::string(""),      nullptr};
    } else if (i % 17 == 8 && how.makeup) {
      p = {std::string("makeup"),
           nullptr,
           std::string("none"),
           std::string(""),
           makeup_day,
           std::string("观看会议录像并提交学习心得"),
           nullptr};
    } else if (i % 13 == 6 || i % 17 == 8) {
      p = {std::string("absent"), nullptr, std::string("none"), std::string(""), nullptr,
           std::string(""),       nullptr};
    } else {
      p = {std::string("signed"),
           FormatTime(start - std::chrono::minutes(10) + std::chrono::seconds(7 * i)),
           std::string("none"),
           std::string(""),
           nullptr,
           std::string(""),
           storage::Opt(how.service_minutes)};
    }
    p.push_back(id);
    p.push_back(person);
    DX_RETURN_IF_ERROR(tx.Exec(kSetStatus, p));
  }
  return Ok();
}

// What the demo events share: the 2021 campaign, published, attendance.
struct DemoWriter {
  storage::Tx& tx;
  Context ctx;
  std::optional<int64_t> campaign_id;

  Result<storage::Row> Org(const char* name) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kOrg, {std::string(name)}));
    if (rows.empty()) return MakeError(Code::kNotFound, std::string("演示组织不存在：") + name);
    return rows.front();
  }

  // An event of type `type` held by `org` from `start` (China time) for
  // `hours`; targets and place are the caller's.
  Result<Event> Base(const char* title, const char* type, const char* start, int hours,
                     const storage::Row& org) {
    Event e;
    e.title = title;
    DX_ASSIGN_OR_RETURN(storage::Row t, tx.QueryOne(kType, {std::string(type)}));
    e.type_id = t.Int(0);
    e.category = kCategoryCodes.Parse(t.Text(1)).value_or(Category::kStudy);
    e.campaign_id = campaign_id;
    e.starts_at = Utc(start, 0);
    e.ends_at = Utc(start, hours);
    e.org_id = org.Int(0);
    e.org_path = org.Text(1);
    return e;
  }

  // Inserts `e` (every occurrence under `recurrence`), invites `by_hand`
  // (rows of person id and org path), publishes, marks attendance and
  // audits each occurrence. Inserted as drafts and then marked published:
  // events of 2021 notify nobody today.
  Status Add(Event e, const std::optional<RecurrenceRule>& recurrence, const Marking& how,
             const storage::Rows& by_hand = {}) {
    DX_RETURN_IF_ERROR(Validate(e));
    DX_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                        EventService::InsertOccurrences(tx, ctx, e, recurrence));
    for (int64_t id : ids) {
      for (const storage::Row& person : by_hand) {
        DX_RETURN_IF_ERROR(
            AttendanceService::AddInvitee(tx, id, person.Int(0), person.Text(1), ctx.now));
      }
      DX_RETURN_IF_ERROR(tx.Exec(kPublish, {id}));
      DX_ASSIGN_OR_RETURN(Event made, LoadEvent(tx, id));
      DX_RETURN_IF_ERROR(MarkAttendance(tx, id, made.starts_at, how));
      DX_RETURN_IF_ERROR(audit::Record(
          tx, ctx, {"create", "event", id, made.org_path, std::nullopt, Snap(made), ""}));
    }
    return Ok();
  }
};

Status AddSpeechEvents(DemoWriter& w, const storage::Row& committee) {
  for (const DemoEvent& d : kEvents) {
    DX_ASSIGN_OR_RETURN(Event e, w.Base(d.title, d.type, d.start, d.hours, committee));
    e.place = d.place;
    if (*d.site) {
      DX_ASSIGN_OR_RETURN(storage::Row site, w.tx.QueryOne(kSite, {std::string(d.site)}));
      e.site_id = site.Int(0);
      e.place = d.site;
    }
    if (*d.community) {
      DX_ASSIGN_OR_RETURN(storage::Row c, w.tx.QueryOne(kCommunity, {std::string(d.community)}));
      e.community_id = c.Int(0);
    }
    if (*d.speaker) {
      std::string s(d.speaker);
      size_t bar = s.find('|');
      e.speakers.push_back({std::nullopt, s.substr(0, bar), s.substr(bar + 1)});
    }
    e.target_org_ids = {e.org_id};
    const std::string_view targets = d.targets;
    if (targets == "members") e.target_categories = {"member", "probationary"};
    if (targets == "retired") e.target_categories = {"retired_member"};
    if (targets == "family") e.target_categories = {"family"};
    e.outside_count = d.outside;
    DX_RETURN_IF_ERROR(w.Add(e, std::nullopt, {}));
  }
  return Ok();
}

Status AddVolunteerServices(DemoWriter& w) {
  for (const DemoService& d : kServices) {
    DX_ASSIGN_OR_RETURN(storage::Row branch, w.Org(d.branch));
    DX_ASSIGN_OR_RETURN(Event e,
                        w.Base(d.title, "volunteer_service", d.start, kServiceHours, branch));
    DX_ASSIGN_OR_RETURN(storage::Row c, w.tx.QueryOne(kCommunity, {std::string(d.community)}));
    e.community_id = c.Int(0);
    e.place = d.community;
    e.target_org_ids = {e.org_id};
    e.target_categories = {"member"};
    DX_RETURN_IF_ERROR(
        w.Add(e, std::nullopt, {.makeup = false, .service_minutes = kServiceHours * 60}));
  }
  return Ok();
}

Status AddGroupMeetings(DemoWriter& w) {
  DX_ASSIGN_OR_RETURN(storage::Row group, w.Org("第一党小组"));
  DX_ASSIGN_OR_RETURN(storage::Row branch, w.Org("机关第一支部"));
  DX_ASSIGN_OR_RETURN(storage::Rows members,
                      w.tx.Query(kGroupMembers, {branch.Int(0), kGroupSize}));
  DX_ASSIGN_OR_RETURN(Event e, w.Base(kGroupTitle, "group_meeting", kGroupStart, 1, group));
  e.place = "局二楼小会议室";
  e.summary = "集中学习党史，交流学习心得，安排本周工作";
  e.target_org_ids = {e.org_id};
  return w.Add(e, RecurrenceRule{Recurrence::kWeekly, kGroupUntil}, {}, members);
}

}  // namespace

Status AddDemoEvents(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows committee, tx->Query(kOrg, {std::string("市统计局机关党委")}));
  DX_ASSIGN_OR_RETURN(storage::Row has, tx->QueryOne(kHasEvents, {}));
  if (committee.empty() || has.Int(0) > 0) return Ok();
  DemoWriter w{*tx, Context{}, std::nullopt};
  w.ctx.now = demo.now;
  std::string at = FormatTime(demo.now);
  for (const DemoSite& s : kSites) {
    DX_RETURN_IF_ERROR(tx->Exec(kInsertSite, {std::string(s.name), std::string(s.address),
                                              std::string(s.description), at}));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx->Query(kCampaign, {}));
  if (!campaign.empty()) w.campaign_id = campaign.front().Int(0);
  DX_RETURN_IF_ERROR(AddSpeechEvents(w, committee.front()));
  DX_RETURN_IF_ERROR(AddVolunteerServices(w));
  DX_RETURN_IF_ERROR(AddGroupMeetings(w));
  return tx->Commit();
}

}  // namespace duxing::domain::events
