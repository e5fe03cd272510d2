#include "domain/ledger/demo_org_life.hpp"

#include <array>

#include "common/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/events/event.hpp"
#include "domain/ledger/demo_ledger.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/ledger/life_items.hpp"
#include "domain/ledger/org_life.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kCampaign =
    "SELECT id FROM campaigns WHERE name = '党史学习教育' AND year = 2021 ORDER BY id";
constexpr std::string_view kType = "SELECT id, category FROM event_types WHERE code = $1";
constexpr std::string_view kHasMeetings = "SELECT COUNT(*) FROM life_meetings";
constexpr std::string_view kSignAll =
    "UPDATE event_attendance SET status = 'signed', signed_at = $1 WHERE event_id = $2";
constexpr std::string_view kInvitees =
    "SELECT p.id, p.name, p.post FROM event_attendance ea JOIN people p ON p.id = ea.person_id "
    "WHERE ea.event_id = $1 ORDER BY p.id";
constexpr std::string_view kAccount = "SELECT id FROM accounts WHERE username = $1";
constexpr std::string_view kAccountPerson =
    "SELECT person_id FROM accounts WHERE username = $1 AND person_id IS NOT NULL";
constexpr std::string_view kOffice = "SELECT display_name FROM accounts WHERE username = 'dangwei'";
// Who took a step of an item's timeline, as a real write records it.
constexpr std::string_view kSignEntries =
    "UPDATE ledger_entries SET person_name = $1 WHERE item_id = $2 AND kind = $3";
// A plan task of the campaign by title, and the events of a type in it.
constexpr std::string_view kPlanTask =
    "SELECT id FROM ledger_items WHERE kind = 'plan_task' AND campaign_id = $1 AND title = $2";
constexpr std::string_view kEventsOfType =
    "SELECT e.id FROM events e JOIN event_types t ON t.id = e.type_id "
    "WHERE e.campaign_id = $1 AND t.code = $2 ORDER BY e.starts_at, e.id";
constexpr std::string_view kPerson = "SELECT id FROM people WHERE name = $1 ORDER BY id";
constexpr std::string_view kInsertMeeting =
    "INSERT INTO life_meetings (event_id, talks_done, opinions_collected, preparation_note, "
    "reviewed_at, reviewed_by, review_note, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";
constexpr std::string_view kInsertMember =
    "INSERT INTO life_meeting_members (event_id, person_id, as_ordinary_member, speech_outline, "
    "commitment, updated_at) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kInsertCriticism =
    "INSERT INTO life_meeting_criticisms (event_id, from_person_id, to_person_id, text, "
    "created_at) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kInsertProblem =
    "INSERT INTO life_meeting_problems (event_id, person_id, category, text, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kLinkItem =
    "INSERT INTO life_problem_items (problem_id, item_id) VALUES ($1, $2)";
constexpr std::string_view kInsertVisit =
    "INSERT INTO enterprise_visits (event_id, enterprise_name, credit_code, visitor_person_id, "
    "visit_date, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
constexpr std::string_view kInsertCheck =
    "INSERT INTO self_checks (campaign_id, org_id, org_path, title, check_date, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
constexpr std::string_view kInsertPoint =
    "INSERT INTO self_check_points (check_id, position, text, result, note, item_id, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

// "2021-08-18 15:00" China time as UTC ISO text, plus `hours`.
std::string Utc(const std::string& china, int hours) {
  TimePoint t = *ParseTime(china.substr(0, 10) + "T" + china.substr(11) + ":00Z");
  return FormatTime(t - std::chrono::hours(8) + std::chrono::hours(hours));
}

// Who takes an item's steps, named on its timeline: who registered it (登记),
// who works on it (受理, 提交验收) and who verified it (销号).
struct Signers {
  std::string registrar, doer, verifier;
};

struct Writer {
  storage::Tx& tx;
  const Context& ctx;
  std::optional<int64_t> campaign_id;
  std::string today;  // the install's China date: open items' deadlines follow it
  // 机关党委's office as its account signs (dangwei).
  std::string office = "机关党委";

  Result<storage::Row> Org(const std::string& name) { return DemoOrg(tx, name); }

  // A published event of `type` held by `org`, everyone invited signed in:
  // with `invite`, the people of `categories` in the org's subtree; without,
  // nobody (a visit records its visitor itself).
  Result<int64_t> Event(const std::string& title, const char* type, const std::string& start,
                        int hours, const storage::Row& org, std::vector<std::string> categories,
                        bool invite = true) {
    events::Event e;
    e.title = title;
    DX_ASSIGN_OR_RETURN(storage::Row t, tx.QueryOne(kType, {std::string(type)}));
    e.type_id = t.Int(0);
    e.category = events::kCategoryCodes.Parse(t.Text(1)).value_or(events::Category::kOrgLife);
    e.campaign_id = campaign_id;
    e.starts_at = Utc(start, 0);
    e.ends_at = Utc(start, hours);
    e.place = "局三楼会议室";
    e.org_id = org.Int(0);
    e.org_path = org.Text(1);
    if (invite) e.target_org_ids = {e.org_id};
    e.target_categories = std::move(categories);
    DX_ASSIGN_OR_RETURN(int64_t id, PublishDemoEvent(tx, ctx, e));
    DX_RETURN_IF_ERROR(tx.Exec(kSignAll, {e.starts_at, id}));
    return id;
  }

  // Inserts `item` (its campaign set to the demo's) registered at `at`
  // (UTC ISO text), then moves it `steps` steps along the workflow (see
  // MoveDemoItem), the first a day after `at`, each next `apart` later, each
  // step's entry naming its signer; its id.
  Result<int64_t> AddItem(ItemRequest item, const std::string& at, const Signers& by,
                          int steps = 0, std::chrono::days apart = std::chrono::days(2)) {
    item.campaign_id = campaign_id;
    Context when = ctx;
    when.now = *ParseTime(at);
    DX_ASSIGN_OR_RETURN(int64_t id, InsertDemoItem(tx, when, item));
    when.now += std::chrono::days(1);
    DX_RETURN_IF_ERROR(MoveDemoItem(tx, when, id, steps, apart));
    const std::pair<const char*, const std::string*> signed_by[] = {
        {"created", &by.registrar},
        {"accepted", &by.doer},
        {"submitted", &by.doer},
        {"closed", &by.verifier}};
    for (const auto& [kind, name] : signed_by) {
      DX_RETURN_IF_ERROR(tx.Exec(kSignEntries, {*name, id, std::string(kind)}));
    }
    return id;
  }

  // The China date `days` after the demo's today.
  std::string FromToday(int days) const { return DemoDayAfter(today, days); }

  Result<std::optional<int64_t>> Id(std::string_view sql, const std::string& key) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(sql, {key}));
    if (rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.front().Int(0));
  }
};

// One branch's meeting, in August 2021 as the speech says.
struct DemoMeeting {
  const char* branch;
  const char* start;
  std::vector<std::string> categories;
  bool reviewed;
  bool problems;  // found, with their items
};

const std::array<const char*, 4> kProblemTexts = {
    "学习党史不够系统，满足于读原文、记笔记，联系思想和工作实际不够",
    "对统计数据质量的重要性认识不足，依法统计意识有待增强",
    "深入基层、深入企业调研少，服务群众的办法不多",
    "发挥党员先锋模范作用不够，攻坚克难的劲头不足"};
const std::array<ProblemCategory, 4> kProblemCategories = {
    ProblemCategory::kIdeals, ProblemCategory::kHistory, ProblemCategory::kTradition,
    ProblemCategory::kPartySpirit};
const std::array<const char*, 4> kMeasures = {
    "制定个人党史学习计划，每周至少学习一章，撰写心得体会",
    "系统学习《统计法》及实施条例，参加依法统计专题培训",
    "每季度深入联点社区和企业调研一次，形成调研报告",
    "主动承担急难险重任务，在年报工作中当先锋、作表率"};
// The four items' deadlines: the closed one (the fourth) kept its 2021 date
// and was closed before it; the open ones are due in the coming weeks and
// months, later for each next branch (`branch`: 0..3).
std::string RectificationDeadline(const Writer& w, int64_t i, int branch) {
  constexpr int kDaysFromToday[] = {14, 35, 60};
  if (i == 3) return "2021-11-30";
  return w.FromToday(kDaysFromToday[i] + 7 * branch);
}

// What members said at the meeting, in a few forms each, picked per person
// (DemoPick): the speech outline (对照检视) along the campaign's themes, the
// self-criticism and a fellow member's criticism; the retired members' own.
const std::array<const char*, 6> kOutlines = {
    "对照“学史明理”要求，检视自己在学懂弄通党的创新理论方面的差距：通读指定学习材料不够深入，"
    "学习笔记多、联系实际少，今后要把党史学习同统计业务工作结合起来。",
    "对照“学史增信”要求，谈参加四场专题学习会的体会：对党的百年奋斗历程认识更深了，"
    "但面对统计改革中的新任务，有时信心和办法不足，需要在实践中增强本领。",
    "对照“学史崇德”要求，检视自身在严守纪律、廉洁自律方面的情况：能够遵守各项规定，"
    "但对身边的苗头性问题提醒不够，带头弘扬优良传统还要加强。",
    "对照“学史力行”要求，检视参加“我为群众办实事”的情况：参加恳谈会和走访企业次数不多，"
    "对群众反映的问题跟踪督办不够，下一步要主动认领民生项目。",
    "对照“七一”重要讲话精神，谈弘扬伟大建党精神的认识：对统计数据质量就是生命线认识还不够深，"
    "在防范和惩治统计造假方面要守住底线、敢于较真。",
    "对照党员标准，从理想信念、历史自觉、光荣传统、党性锻炼四个方面查找差距：工作有时满足于"
    "按部就班完成任务，创新意识不强，在急难险重任务面前冲锋在前不够。"};
// The retired members' forms: no work of their own to measure against.
const std::array<const char*, 4> kRetiredOutlines = {
    "对照“学史明理”要求，谈退休后坚持学习的情况：能坚持读原文、看新闻，但对党的创新理论学得不够系统，"
    "今后要跟上支部的学习安排。",
    "对照“学史增信”要求，回顾自己入党以来的经历，谈对党的百年奋斗成就的体会，表示要退休不褪色、"
    "离岗不离党。",
    "对照“学史崇德”要求，检视自身在传承红色基因方面的差距：给年轻同志和家人讲党史讲得少，"
    "发挥余热不够。",
    "对照“学史力行”要求，检视参加社区志愿服务的情况：身体条件允许时参加得还不够多，"
    "今后要在社区活动中带好头。"};
const std::array<const char*, 3> kRetiredSelfCriticisms = {
    "退休后政治理论学习有所放松，参加支部活动不够经常",
    "对网上的不良言论辨别和抵制不够，有时随意转发",
    "关心支部工作不够，对年轻党员的传帮带少"};
const std::array<const char*, 5> kSelfCriticisms = {
    "理论学习的系统性不够，工作中有时满足于完成任务",
    "联系群众不够紧密，到联点社区的次数少，对群众的急难愁盼了解不深",
    "业务学习抓得紧，政治理论学习有时以忙代学，学用结合不够",
    "工作标准不够高，对报表审核中的小问题有时放松要求",
    "担当精神不足，遇到难题习惯于请示汇报，主动想办法不够"};
const std::array<const char*, 4> kCriticisms = {
    "希望在深入基层调研、联系群众方面再加力度",
    "建议在支部学习中多发言、多分享，发挥带动作用",
    "希望对分管工作中的问题抓得更实，跟踪落实再紧一些",
    "建议多关心新进党员和年轻同志，传帮带再主动一些"};

// One of `forms`, picked for person `person` (deterministic, neighbours
// differ).
template <size_t N>
const char* DemoPick(const std::array<const char*, N>& forms, int64_t person) {
  return forms[static_cast<size_t>(person) % N];
}

// `leader_above`: the supervising leader of the branch secretary's own item
// (lingdao's person, when linked).
Status AddMeeting(Writer& w, const DemoMeeting& d, int branch, std::optional<int64_t> reviewer,
                  std::optional<int64_t> leader_above) {
  DX_ASSIGN_OR_RETURN(storage::Row org, w.Org(d.branch));
  std::string title = std::string(d.branch) + "“学党史、悟思想、办实事、开新局”专题组织生活会";
  DX_ASSIGN_OR_RETURN(int64_t event,
                      w.Event(title, "life_meeting", d.start, 3, org, d.categories));
  DX_ASSIGN_OR_RETURN(storage::Rows members, w.tx.Query(kInvitees, {event}));
  int64_t n = static_cast<int64_t>(members.size());
  // The meeting's records were written when it ended.
  const std::string at = Utc(d.start, 3);
  const bool retired = d.categories == std::vector<std::string>{"retired_member"};
  storage::Param reviewed_at = nullptr, reviewed_by = nullptr;
  if (d.reviewed) {
    reviewed_at = Utc(d.start, 24 * 7);
    reviewed_by = storage::Opt(reviewer);
  }
  DX_RETURN_IF_ERROR(w.tx.Exec(
      kInsertMeeting,
      {event, n * 2, 8 + n / 2,
       std::string("会前开展谈心谈话，支部委员之间、支部委员和党员之间、党员和党员之间谈心谈话全覆盖；"
                   "通过座谈会、发放征求意见表广泛征求意见"),
       reviewed_at, reviewed_by,
       std::string(d.reviewed ? "会议准备充分，批评与自我批评开展得好，整改事项明确" : ""),
       at}));
  for (int64_t i = 0; i < n; ++i) {
    const storage::Row& m = members[i];
    const int64_t person = m.Int(0);
    std::string post = m.Text(2);
    bool cadre = post == "科长" || post == "副科长" || post == "支部书记";
    DX_RETURN_IF_ERROR(w.tx.Exec(
        kInsertMember, {event, person, int64_t{cadre},
                        std::string(retired ? DemoPick(kRetiredOutlines, person)
                                            : DemoPick(kOutlines, person)),
                        std::string("针对查摆出的问题，一项一项改进提高，按期完成整改"), at}));
    DX_RETURN_IF_ERROR(w.tx.Exec(
        kInsertCriticism,
        {event, person, person,
         std::string(retired ? DemoPick(kRetiredSelfCriticisms, person)
                             : DemoPick(kSelfCriticisms, person)),
         at}));
    if (i + 1 < n && i < 5) {
      DX_RETURN_IF_ERROR(w.tx.Exec(
          kInsertCriticism,
          {event, members[i + 1].Int(0), person, std::string(DemoPick(kCriticisms, i)), at}));
    }
  }
  // The first four members' problems, each with a rectification item. The
  // branch's first member (机关第一支部: 赵书记) is its secretary: they
  // register the items and supervise the others' (deciding their extension
  // requests, verifying them); their own is supervised from above.
  const int64_t problems = d.problems ? std::min<int64_t>(n, kProblemTexts.size()) : 0;
  const int64_t secretary = problems > 0 ? members[0].Int(0) : 0;
  const std::string secretary_name = problems > 0 ? members[0].Text(1) : "";
  for (int64_t i = 0; i < problems; ++i) {
    const storage::Row& m = members[i];
    DX_ASSIGN_OR_RETURN(
        storage::Row problem,
        w.tx.QueryOne(kInsertProblem, {event, m.Int(0),
                                       std::string(kProblemCategoryCodes.Name(kProblemCategories[i])),
                                       std::string(kProblemTexts[i]), at}));
    const std::optional<int64_t> leader =
        m.Int(0) == secretary ? leader_above : std::optional<int64_t>(secretary);
    // Items in every state: pending, in progress, to verify, and closed (a
    // month between its steps, before its 2021 deadline).
    const int steps = static_cast<int>(i);
    DX_ASSIGN_OR_RETURN(int64_t item_id,
                        w.AddItem({.kind = "rectification",
                                   .title = kProblemTexts[i],
                                   .description = m.Text(1) + "：" + kProblemTexts[i],
                                   .measures = kMeasures[i],
                                   .source_type = "event",
                                   .source_id = event,
                                   .source_text = title,
                                   .org_id = org.Int(0),
                                   .assign = {m.Int(0), leader,
                                              RectificationDeadline(w, i, branch),
                                              i == 0   ? "immediate"
                                              : i == 3 ? "long_term"
                                                       : "deadline"}},
                                  at, {secretary_name, m.Text(1), secretary_name}, steps,
                                  std::chrono::days(steps == 3 ? 30 : 3)));
    DX_RETURN_IF_ERROR(w.tx.Exec(kLinkItem, {problem.Int(0), item_id}));
  }
  return Ok();
}

struct DemoVisit {
  const char* enterprise;
  const char* code;
  const char* visitor;
  const char* date;
  const char* note;
  const char* issue;
  const char* department;
  // The issue's state: steps along the workflow (3: closed within its 2021
  // deadline of 31 July), else due `due_in_days` after today.
  int steps;
  int due_in_days;
};

const DemoVisit kVisits[] = {
    {"X市华鑫电子科技有限公司", "91430100MA4L3B7K2P", "赵书记", "2021-04-20",
     "宣传统计法律法规，指导企业规范填报联网直报数据", "企业统计人员变动频繁，希望开展一套表填报培训",
     "工业交通统计科", 3, 0},
    {"X市湘江物流股份有限公司", "91430102MA4QF1R606", "钱党员", "2021-05-12",
     "了解企业生产经营情况，听取企业对统计服务的意见", "企业反映月度报表报送期集中，希望错开报送时间",
     "综合统计科", 1, 40},
    {"X市金桥建设工程有限公司", "91430111MA4T8WC5X8", "赵书记", "2021-06-08",
     "核查企业统计台账建立情况", "企业原始记录和统计台账不健全，需要指导建立", "统计执法监督科", 0, 25},
};

Status AddVisits(Writer& w) {
  DX_ASSIGN_OR_RETURN(storage::Row committee, w.Org("市统计局机关党委"));
  for (const DemoVisit& v : kVisits) {
    std::string start = std::string(v.date) + " 09:00";
    DX_ASSIGN_OR_RETURN(int64_t event,
                        w.Event(std::string("千人进企业服务提质效：走访") + v.enterprise,
                                "enterprise_visit", start, 3, committee, {}, false));
    DX_ASSIGN_OR_RETURN(auto visitor, w.Id(kPerson, v.visitor));
    if (!visitor) return MakeError(Code::kNotFound, std::string("演示人员不存在：") + v.visitor);
    DX_RETURN_IF_ERROR(w.tx.Exec(kInsertVisit, {event, std::string(v.enterprise),
                                                std::string(v.code), *visitor,
                                                std::string(v.date), std::string(v.note),
                                                Utc(start, 3)}));
    DX_ASSIGN_OR_RETURN(storage::Row dept, w.Org(v.department));
    DX_RETURN_IF_ERROR(
        w.AddItem({.kind = "enterprise_issue",
                   .title = v.issue,
                   .source_type = "event",
                   .source_id = event,
                   .source_text = std::string(v.enterprise) + "（" + v.date + " 走访）",
                   .org_id = dept.Int(0),
                   .assign = {std::nullopt, std::nullopt,
                              v.steps == 3 ? "2021-07-31" : w.FromToday(v.due_in_days),
                              "deadline"}},
                  Utc(start, 3), {v.visitor, w.office, w.office}, v.steps,
                  std::chrono::days(15)));
  }
  return Ok();
}

struct DemoPoint {
  const char* text;
  bool met;
  const char* note;
  // An unmet point's item: closed within its deadline of 31 August 2021, or
  // in progress and deliberately overdue (due kDemoSelfCheckOverdueDays ago,
  // not marked yet: the first overdue pass marks it and, three days later,
  // escalates it to 机关党委; no supervising leader: the board's
  // 未定责任领导 row).
  bool closed = false;
};

const DemoPoint kPoints[] = {
    {"是否及时传达学习习近平总书记考察湖南重要讲话指示精神", true, "5月11日党组会专题传达学习"},
    {"是否制定贯彻落实方案并明确责任分工", true, "已印发实施方案"},
    {"是否结合统计工作实际推动落实", true, "开展“千人进企业服务提质效”专项行动"},
    {"统计数据质量监测预警机制是否健全", false, "预警规则不全，部分专业未覆盖", true},
    {"是否建立问题整改台账并定期调度", false, "整改台账未按月调度"},
    {"是否开展学习贯彻情况的督促检查", true, "机关党委开展了两轮督查"},
};

Status AddSelfCheck(Writer& w) {
  DX_ASSIGN_OR_RETURN(storage::Row committee, w.Org("市统计局机关党委"));
  const std::string at = Utc("2021-06-15 17:00", 0);
  DX_ASSIGN_OR_RETURN(
      storage::Row check,
      w.tx.QueryOne(kInsertCheck,
                    {storage::Opt(w.campaign_id), committee.Int(0), committee.Text(1),
                     std::string("学习贯彻落实习近平总书记考察湖南重要讲话指示精神专项监督检查自查"),
                     std::string("2021-06-15"), at}));
  int64_t position = 0;
  for (const DemoPoint& p : kPoints) {
    storage::Param item_id = nullptr;
    if (!p.met) {
      DX_ASSIGN_OR_RETURN(
          int64_t id,
          w.AddItem({.kind = "self_check",
                     .title = p.text,
                     .description = p.note,
                     .source_type = "check",
                     .source_id = check.Int(0),
                     .source_text = "专项监督检查自查",
                     .org_id = committee.Int(0),
                     .assign = {std::nullopt, std::nullopt,
                                p.closed ? "2021-08-31" : w.FromToday(-kDemoSelfCheckOverdueDays),
                                "deadline"}},
                    at, {w.office, w.office, w.office}, p.closed ? 3 : 1,
                    std::chrono::days(20)));
      item_id = id;
    }
    DX_RETURN_IF_ERROR(w.tx.Exec(
        kInsertPoint, {check.Int(0), ++position, std::string(p.text),
                       std::string(p.met ? "met" : "unmet"), std::string(p.note), item_id, at}));
  }
  return Ok();
}

// The plan's tasks of the meetings and the visits (seeded by the plan's step
// before these events existed) linked to them as their evidence.
Status LinkPlanTasks(Writer& w) {
  if (!w.campaign_id) return Ok();
  const std::pair<const char*, const char*> tasks[] = {
      {kDemoLifeMeetingsTask, "life_meeting"}, {kDemoEnterpriseVisitsTask, "enterprise_visit"}};
  for (const auto& [task, type] : tasks) {
    DX_ASSIGN_OR_RETURN(storage::Rows ids,
                        w.tx.Query(kPlanTask, {*w.campaign_id, std::string(task)}));
    if (ids.empty()) continue;
    DX_ASSIGN_OR_RETURN(storage::Rows events,
                        w.tx.Query(kEventsOfType, {*w.campaign_id, std::string(type)}));
    DX_RETURN_IF_ERROR(LinkDemoEvidence(w.tx, ids.front().Int(0), events));
  }
  return Ok();
}

}  // namespace

Status AddDemoOrgLife(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  auto committee = DemoOrg(*tx, "市统计局机关党委");
  if (!committee.ok() && committee.error().code != Code::kNotFound) return committee.error();
  DX_ASSIGN_OR_RETURN(storage::Row has, tx->QueryOne(kHasMeetings, {}));
  // The minimal installation has no bureau to hold meetings; a database
  // with meetings already keeps them.
  if (!committee.ok() || has.Int(0) > 0) return Ok();
  Context ctx;
  ctx.now = demo.now;
  Writer w{*tx, ctx, std::nullopt, ChinaDate(demo.now)};
  DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx->Query(kCampaign, {}));
  if (!campaign.empty()) w.campaign_id = campaign.front().Int(0);
  DX_ASSIGN_OR_RETURN(auto reviewer, w.Id(kAccount, "dangwei"));
  DX_ASSIGN_OR_RETURN(storage::Rows office, tx->Query(kOffice, {}));
  if (!office.empty()) w.office = office.front().Text(0);
  DX_ASSIGN_OR_RETURN(auto leader_above, w.Id(kAccountPerson, "lingdao"));
  const DemoMeeting meetings[] = {
      {"机关第一支部", "2021-08-17 15:00", {"member", "probationary"}, true, true},
      {"机关第二支部", "2021-08-18 15:00", {"member", "probationary"}, true, true},
      {"机关第三支部", "2021-08-19 15:00", {"member", "probationary"}, false, true},
      {"离退休干部支部", "2021-08-24 09:30", {"retired_member"}, false, true},
  };
  for (size_t i = 0; i < std::size(meetings); ++i) {
    DX_RETURN_IF_ERROR(
        AddMeeting(w, meetings[i], static_cast<int>(i), reviewer, leader_above));
  }
  DX_RETURN_IF_ERROR(AddVisits(w));
  DX_RETURN_IF_ERROR(AddSelfCheck(w));
  DX_RETURN_IF_ERROR(LinkPlanTasks(w));
  return tx->Commit();
}

}  // namespace duxing::domain::ledger
