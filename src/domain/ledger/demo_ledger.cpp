#include "domain/ledger/demo_ledger.hpp"

#include <chrono>

#include "domain/audit/audit_log.hpp"
#include "domain/events/event.hpp"
#include "domain/events/event_rows.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/notifications/notification.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kOrg = "SELECT id, path FROM orgs WHERE name = $1 AND archived = 0";
constexpr std::string_view kPublish = "UPDATE events SET status = 'published' WHERE id = $1";
constexpr std::string_view kCampaign =
    "SELECT id FROM campaigns WHERE name = '党史学习教育' AND year = 2021 AND archived = 0 "
    "ORDER BY id";
constexpr std::string_view kHasPlan =
    "SELECT COUNT(*) FROM ledger_items WHERE campaign_id = $1 AND kind = 'plan_task'";
constexpr std::string_view kForumType = "SELECT id FROM event_types WHERE code = 'forum'";
constexpr std::string_view kCommunity = "SELECT id FROM communities WHERE name = $1";
// The first party members of a branch by id (机关第一支部: 赵书记, 钱党员).
constexpr std::string_view kBranchPeople =
    "SELECT id, name FROM people WHERE org_id = $1 AND archived = 0 "
    "AND category IN ('member', 'probationary') ORDER BY id LIMIT 2";
// The members (not the head) of the campaign's 实践组, serving: 机关党委's
// own 乡村振兴工作队.
constexpr std::string_view kWorkTeam =
    "SELECT m.person_id FROM leadership_members m JOIN leadership_groups g ON g.id = m.group_id "
    "WHERE g.campaign_id = $1 AND g.name = '实践组' AND g.archived = 0 AND m.role = 'member' "
    "AND m.end_date IS NULL ORDER BY m.id";
constexpr std::string_view kPersonName = "SELECT name FROM people WHERE id = $1";
// The head (or leader) of a group of the campaign's leadership, serving.
constexpr std::string_view kGroupHead =
    "SELECT g.id, m.person_id FROM leadership_groups g "
    "LEFT JOIN leadership_members m ON m.group_id = g.id AND m.role IN ('head', 'leader') "
    "AND m.end_date IS NULL "
    "WHERE g.campaign_id = $1 AND g.name = $2 AND g.archived = 0 ORDER BY m.id";
constexpr std::string_view kHeadOfGroup =
    "SELECT person_id FROM leadership_members WHERE group_id = $1 AND role IN ('head', 'leader') "
    "AND end_date IS NULL ORDER BY id";
constexpr std::string_view kDeputy =
    "SELECT m.person_id FROM leadership_members m JOIN leadership_groups g ON g.id = m.group_id "
    "WHERE g.campaign_id = $1 AND g.kind = 'leading_group' AND m.role = 'deputy' ORDER BY m.id";
// 5号文's activities with their group and org, in order.
constexpr std::string_view kActivities =
    "SELECT a.id, a.title, a.planned_end, a.group_id, a.org_id FROM document_activities a "
    "JOIN documents d ON d.id = a.document_id "
    "WHERE d.campaign_id = $1 AND d.number = '5号文' AND a.archived = 0 ORDER BY a.position";
constexpr std::string_view kActivityEvents =
    "SELECT id FROM events WHERE document_activity_id = $1 ORDER BY starts_at, id";
constexpr std::string_view kEventsLike =
    "SELECT id FROM events WHERE campaign_id = $1 AND title LIKE $2 ORDER BY starts_at, id";
constexpr std::string_view kOrgOf = "SELECT path, name FROM orgs WHERE id = $1";

// 局领导 lingdao (demo_org.cpp, made without a person) becomes the plan's
// supervising leader's account.
constexpr std::string_view kLinkLeader =
    "UPDATE accounts SET person_id = $1, display_name = $2, version = version + 1, "
    "updated_at = $3 WHERE username = 'lingdao' AND person_id IS NULL";
constexpr std::string_view kAccountOf =
    "SELECT id, display_name, person_id FROM accounts WHERE username = $1";
constexpr std::string_view kAccountOfPerson =
    "SELECT id FROM accounts WHERE person_id = $1 AND disabled = 0 ORDER BY id";
constexpr std::string_view kInsertRequest =
    "INSERT INTO ledger_extensions (item_id, reason, old_deadline, new_deadline, state, "
    "requested_by_account_id, requested_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6)";
constexpr std::string_view kSetGroup = "UPDATE ledger_items SET group_id = $2 WHERE id = $1";
constexpr std::string_view kInsertEntry =
    "INSERT INTO ledger_entries (item_id, kind, text, from_status, to_status, account_id, "
    "person_name, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)";
constexpr std::string_view kInsertEvidence =
    "INSERT INTO ledger_item_evidence (item_id, event_id) VALUES ($1, $2)";

// ---- The plan ------------------------------------------------------------

struct DemoTask {
  const char* part;    // plan_part
  const char* action;  // plan_action
  const char* title;
  const char* group;     // working group's name, or ""
  const char* deadline;  // YYYY-MM-DD, or "" for a deadline 60 days after today
  const char* status;    // final status
  const char* evidence;  // LIKE pattern of the events that carried it out, or ""
  const char* result;
};

// The parts 总体要求, 学习重点, 组织领导 and the speech's main works beside
// 5号文's activities (those come from the document).
constexpr DemoTask kTasks[] = {
    {"overall", "required", "按照中央和省委、市委部署，制定并下发局党史学习教育实施方案", "综合组",
     "2021-03-31", "closed", "",
     "3月底根据上级要求下发实施方案，从总体要求、学习重点、主要工作、组织领导四个方面作出部署。"},
    {"overall", "required",
     "围绕“学史明理、学史增信、学史崇德、学史力行”，贯彻“学党史、悟思想、办实事、开新局”要求",
     "综合组", "2021-12-31", "closed", "%专题学习会%",
     "四场专题学习会分别围绕学史明理、增信、崇德、力行开展。"},
    {"focus", "required", "党员干部通读党中央指定的四本学习材料", "", "2021-12-31", "closed", "",
     "党员干部通读指定学习材料，自学情况记入学习台账。"},
    {"focus", "required", "“七一”前以全面学习党史为重点，深入了解党的百年奋斗史", "综合组",
     "2021-06-30", "closed", "%党史专题讲座（第%",
     "组织收看全国统计系统党史专题讲座，开展专题学习研讨。"},
    {"focus", "required",
     "“七一”后重点学习习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话精神", "综合组",
     "2021-09-30", "closed", "专题学习辅导党课：奋力走好%",
     "局党组书记以“七一”重要讲话精神为题讲专题党课。"},
    {"focus", "required", "专题学习党的十九届六中全会精神及市第七次党代会精神", "宣传组",
     "2021-12-31", "closed", "%党代会精神宣讲%", "党代会代表作5场宣讲报告。"},
    {"main_work", "required",
     "开展“我为群众办实事”实践活动，召开群众恳谈会，建立问题清单和民生项目清单", "实践组",
     "2021-12-31", "closed", "%恳谈会%",
     "全年共召开恳谈会61次，参与群众322人，收集问题32个，办成实事17件。"},
    {"main_work", "required", kDemoLifeMeetingsTask, "", "2021-08-31", "closed", "",
     "8月中下旬各支部分别召开专题组织生活会，明确整改事项、措施和时限。"},
    {"main_work", "optional", kDemoEnterpriseVisitsTask, "实践组", "2021-06-30", "closed", "",
     "4月中旬至6月底下沉基层走访企业，服务企业统计工作。"},
    {"main_work", "optional", "开展“学史力行”统计调研分析竞赛", "综合组", "", "to_verify", "",
     "撰写出一批统计分析调研报告，已进入评审阶段。"},
    {"main_work", "optional", "开展党史知识竞赛闭卷考试", "宣传组", "2021-12-31", "closed", "",
     "组织全局党员干部职工参加党史知识竞赛闭卷考试。"},
    {"leadership", "required", "成立党史学习教育领导小组，设立综合组、联络组、实践组、宣传组",
     "联络组", "2021-03-31", "closed", "", "领导小组及四个工作组成立，明确分工。"},
    {"leadership", "required", "局党组履行主体责任，班子成员落实“一岗双责”，抓好分管领域学习教育",
     "", "", "in_progress", "", ""},
    {"leadership", "required", "建立常态化长效化学习机制，巩固拓展党史学习教育成果", "综合组", "",
     "pending", "", ""},
};

// ---- Forums --------------------------------------------------------------

struct DemoCommunity {
  const char* name;
  const char* organizer;  // the branch (or committee) holding its forums
  int forums;
};
constexpr DemoCommunity kCommunities[] = {{"X路社区", "机关第一支部", 18},
                                          {"临兴街社区", "机关第二支部", 12},
                                          {"善溪村", "机关第三支部", 15},
                                          {"四季红村", "市统计局机关党委", 16}};
// Each forum has 5 residents; the first kForumsWithSix have 6: 61 forums,
// 322 residents.
constexpr int kResidentsEach = 5;
constexpr int kForumsWithSix = kDemoResidents - kDemoForums * kResidentsEach;

// ---- Concerns and projects ----------------------------------------------

struct DemoConcern {
  const char* title;
  const char* measures;
  const char* result;
};
constexpr DemoConcern kConcerns[] = {
    {"小区路灯损坏，夜间出行不便", "联系街道和供电部门排查线路，更换损坏灯具",
     "更换路灯12盏，夜间照明恢复"},
    {"老旧小区楼道堆放杂物，存在消防隐患", "协调物业和网格员开展楼道清理",
     "清理楼道杂物，张贴消防提示"},
    {"社区缺少老年人休息座椅", "协调社区在活动广场增设座椅", "增设休息座椅8组"},
    {"希望开设“四点半课堂”看护放学儿童", "联合社区和志愿者开设四点半课堂",
     "四点半课堂每周开放五天"},
    {"菜市场周边占道经营，交通拥堵", "协调城管部门划定临时摊区", "设置便民摊区，道路恢复通畅"},
    {"村道破损，雨天积水", "协调镇政府安排村道修补", "修补村道800米，增设排水沟"},
    {"希望增加统计政策和经济普查咨询服务", "设立统计政策咨询点，定期上门服务",
     "每月开展一次统计咨询服务"},
    {"独居老人缺少日常探访", "组织党员与独居老人结对探访", "党员与23位独居老人结对"},
    {"小区垃圾分类投放点设置不合理", "会同物业重新规划投放点", "调整投放点4处"},
    {"村里灌溉水渠淤塞", "组织党员志愿者和村民清淤", "清理水渠1.2公里"},
    {"公交站台缺少遮雨棚", "向交通部门反映并跟踪落实", "站台加装遮雨棚"},
    {"社区卫生服务站看病排队时间长", "协调卫生服务站推行预约就诊", "开通电话预约，高峰期增派人员"},
    {"农产品销售渠道少", "联系单位食堂和电商平台对接", "帮助销售农产品3万余元"},
    {"高龄津贴申领手续繁琐", "协调民政部门简化申领材料", "实现社区代办"},
    {"小区电动车充电难", "协调物业建设集中充电桩", "建成充电桩40个"},
    {"村民希望学习电商直播技能", "组织电商直播培训", "培训村民35人次"},
    {"背街小巷路面坑洼", "向街道反映，纳入背街小巷改造", "完成路面修复"},
    {"社区健身器材老化", "协调体育部门更换器材", "更换健身器材10件"},
    {"下水道堵塞，污水外溢", "协调市政部门疏通管网", "疏通管网并定期巡查"},
    {"希望组织就业技能培训", "联系人社部门开设培训班", "开展家政、电工培训2期"},
    {"留守儿童暑期缺少活动场所", "开放村部活动室，组织暑期活动", "暑期开展活动12次"},
    {"村卫生室缺少常用药品", "协调卫健部门补充药品目录", "补齐常用药品"},
    {"老旧小区加装电梯协调难", "组织业主协商，协助办理审批", "两个单元启动加装电梯"},
    {"广场舞噪音扰民", "协调社区制定广场活动公约", "约定活动时间和音量"},
    {"村里缺少垃圾收集点", "协调镇政府增设垃圾收集点", ""},
    {"流动摊贩油烟污染", "协调城管部门规范夜市经营", ""},
    {"社区缺少无障碍通道", "向住建部门反映，纳入改造计划", ""},
    {"希望开展防范电信诈骗宣传", "联合派出所开展宣传", ""},
    {"村道缺少路灯", "协调镇政府安装太阳能路灯", ""},
    {"残疾人康复服务信息不清楚", "整理康复服务政策清单，上门告知", ""},
    {"小区绿化带杂草丛生，蚊虫多", "协调物业开展绿化整治", ""},
    {"独居老人智能手机使用困难", "组织青年党员开展手机使用辅导", ""},
};
// Requesters (fictional residents); every fourth concern is anonymous.
constexpr const char* kResidents[] = {"王桂英", "李建国", "刘淑芬", "陈志强", "杨秀兰", "黄德明",
                                      "周国华", "吴美玲", "徐长林", "孙丽华", "马志刚", "朱秀英"};

struct DemoProject {
  const char* area;  // project_area
  const char* item_class;
  const char* title;
  const char* measures;
  const char* target;
  const char* result;
};
constexpr DemoProject kProjects[] = {
    {"elderly_children", "deadline", "X路社区老年人助餐点建设",
     "协调街道和社区选址，引入餐饮企业运营", "为社区60岁以上老人提供午餐",
     "助餐点投入运营，日均就餐60人次"},
    {"elderly_children", "long_term", "四点半课堂", "联合社区和党员志愿者开展课后看护",
     "每周开放五天", "全年服务儿童1200人次"},
    {"elderly_children", "deadline", "留守儿童暑期托管", "开放村部活动室，组织志愿者辅导",
     "覆盖善溪村全部留守儿童", "暑期托管儿童26名"},
    {"elderly_children", "long_term", "独居老人结对探访", "党员与独居老人一对一结对",
     "每月探访不少于一次", "结对23户，探访280余次"},
    {"elderly_children", "immediate", "老年人智能手机培训", "青年党员进社区辅导", "开展培训4期",
     "培训老人150人次"},
    {"employment", "deadline", "就业技能培训班", "联系人社部门开设家政、电工培训", "培训60人",
     "开展培训2期，56人取得证书"},
    {"employment", "deadline", "农产品电商直播培训", "邀请电商企业授课", "培训村民30人次",
     "培训35人次，开设网店5家"},
    {"medical", "immediate", "村卫生室常用药品配备", "协调卫健部门补充药品", "常用药品配备齐全",
     "补齐常用药品48种"},
    {"medical", "long_term", "家庭医生签约服务进社区", "协调卫生服务站上门签约",
     "重点人群签约率达到80%", "签约重点人群412人"},
    {"housing", "deadline", "老旧小区加装电梯", "组织业主协商，协助办理审批", "两个单元完成加装",
     "两部电梯投入使用"},
    {"environment", "deadline", "背街小巷路面修复", "纳入街道背街小巷改造计划", "修复路面1.5公里",
     "修复路面1.6公里"},
    {"environment", "deadline", "村道太阳能路灯安装", "协调镇政府和供电部门", "安装路灯50盏",
     "安装太阳能路灯52盏"},
    {"environment", "immediate", "灌溉水渠清淤", "组织党员志愿者和村民清淤", "清理水渠1公里",
     "清理水渠1.2公里"},
    {"environment", "deadline", "村垃圾收集点建设", "协调镇政府选址建设", "建成收集点6处",
     "建成垃圾收集点6处"},
    {"convenience", "long_term", "统计政策咨询服务点", "设立咨询点，每月上门服务一次",
     "全年服务12次", "开展咨询服务12次，解答问题200余个"},
    {"convenience", "deadline", "公交站台遮雨棚加装", "向交通部门反映并跟踪落实", "加装遮雨棚3处",
     "加装遮雨棚3处"},
    {"convenience", "immediate", "防范电信诈骗宣传", "联合派出所进社区宣传", "开展宣传4场",
     "开展宣传5场，发放资料800份"},
    // Not done yet.
    {"housing", "long_term", "老旧小区改造协调", "配合住建部门做好居民意见征集", "完成意见征集",
     ""},
    {"environment", "deadline", "小区绿化带整治", "协调物业开展绿化整治", "完成绿化带整治", ""},
    {"convenience", "deadline", "社区无障碍通道建设", "纳入社区改造计划",
     "主要出入口建成无障碍通道", ""},
};

// ---- Writing --------------------------------------------------------------

std::string At(std::string_view day, const char* china_time = "10:00") {
  TimePoint t = *ParseTime(std::string(day) + "T" + china_time + ":00Z");
  return FormatTime(t - std::chrono::hours(8));
}
std::string DayOf(TimePoint t) { return FormatChinaTime(t).substr(0, 10); }
std::string DayAfter(std::string_view day, int days) { return DemoDayAfter(day, days); }

// The days over which a demo item's timeline steps are spread (the last,
// 回访, 20 days after registration).
constexpr int kStepDays = 22;

// A demo item: the item, when it was registered and by whom, the group
// owning it (plan tasks) and whether it was reopened after an unsatisfied 回访.
struct DemoItem {
  Item item;
  std::string created_at;
  std::optional<int64_t> group_id;
  bool reopened = false;
  // Who registered it (the timeline's 登记), as a real write records it
  // (a person's name or an account's display name); empty: its responsible
  // person, or 机关党委's office (Writer::office).
  std::string registrar;
};

// The 进展 of an item without measures (plan tasks).
constexpr const char* kProgressText = "按实施方案分工部署，工作组正在推进落实";

struct Writer {
  storage::Tx& tx;
  Context ctx;
  int64_t campaign_id = 0;
  // 机关党委's office as its account signs (dangwei: "机关党委（孙干事）"),
  // which registers the plan.
  std::string office = "机关党委";

  Result<std::string> NameOf(std::optional<int64_t> person) {
    if (!person) return std::string();
    DX_ASSIGN_OR_RETURN(storage::Row r, tx.QueryOne(kPersonName, {*person}));
    return r.Text(0);
  }

  // A timeline entry of the past, by the person named `who` (no account).
  Status Entry(int64_t item, EntryKind kind, const std::string& text,
               std::optional<ItemStatus> from, std::optional<ItemStatus> to, const std::string& who,
               const std::string& at) {
    auto status = [](std::optional<ItemStatus> s) {
      return s ? storage::Param(std::string(kStatuses.Name(*s))) : storage::Param(nullptr);
    };
    DX_RETURN_IF_ERROR(tx.Exec(kInsertEntry, {item, std::string(kEntryKinds.Name(kind)), text,
                                              status(from), status(to), who, at}));
    return Ok();
  }

  // Inserts `d` (checked as a create would check it) with the timeline of
  // its way to its status (and 回访, reopen, overdue and escalation when
  // set), audited as created.
  Result<int64_t> Add(const DemoItem& d) {
    using S = ItemStatus;
    const Item& r = d.item;
    DX_RETURN_IF_ERROR(Validate(r));
    Context at = ctx;
    at.now = *ParseTime(d.created_at);
    DX_ASSIGN_OR_RETURN(int64_t item, InsertRow(tx, at, r));
    if (d.group_id) DX_RETURN_IF_ERROR(tx.Exec(kSetGroup, {item, *d.group_id}));
    // Step `days` days after registration, the steps squeezed to fit when
    // the item was closed (or the demo installed) sooner.
    const TimePoint bound = r.closed_at ? *ParseTime(*r.closed_at) : ctx.now;
    auto later = [&](int days) {
      auto step = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::days(days));
      const auto span = std::chrono::duration_cast<std::chrono::seconds>(bound - at.now);
      if (span < std::chrono::days(kStepDays)) step = span * days / kStepDays;
      return FormatTime(at.now + step);
    };
    // Registered by `d.registrar`, who also takes it on when it has no
    // responsible person; verified by its supervising leader; the overdue
    // job's marks by nobody.
    DX_ASSIGN_OR_RETURN(std::string who, NameOf(r.responsible_person_id));
    const std::string registrar = !d.registrar.empty() ? d.registrar : !who.empty() ? who : office;
    if (who.empty()) who = registrar;
    DX_ASSIGN_OR_RETURN(const std::string leader, NameOf(r.leader_person_id));
    const std::string nobody;
    const auto none = std::nullopt;
    const bool open = r.status != S::kPending;
    const bool submitted = r.status == S::kToVerify || r.status == S::kClosed || d.reopened;
    // The timeline: each step written when it was taken, in this order.
    const struct Step {
      bool taken;
      EntryKind kind;
      std::string text;
      std::optional<ItemStatus> from, to;
      std::string by;
      std::string at;
    } steps[] = {
        {true, EntryKind::kCreated, "", none, S::kPending, registrar, d.created_at},
        {open, EntryKind::kAccepted, "已受理，开始办理", S::kPending, S::kInProgress, who,
         later(1)},
        {open, EntryKind::kProgress, r.measures.empty() ? kProgressText : r.measures, none, none,
         who, later(3)},
        {submitted, EntryKind::kSubmitted, r.result.empty() ? "已办结" : r.result, S::kInProgress,
         S::kToVerify, who, later(10)},
        {r.closed_at || d.reopened, EntryKind::kClosed,
         r.verification_note.empty() ? "验收通过" : r.verification_note, S::kToVerify, S::kClosed,
         leader, r.closed_at.value_or(later(15))},
        {r.satisfaction.has_value(), EntryKind::kFeedback,
         r.satisfaction ? kSatisfactions.Label(*r.satisfaction) + "：" + r.satisfaction_note : "",
         none, none, leader, r.satisfaction_at.value_or(later(20))},
        {d.reopened, EntryKind::kReopened, "回访不满意，重新办理", S::kClosed, S::kInProgress,
         leader,
         r.satisfaction_at ? FormatTime(*ParseTime(*r.satisfaction_at) + std::chrono::days(1))
                           : later(21)},
        {r.overdue_since.has_value(), EntryKind::kOverdue, "已超过办理时限", none, none, nobody,
         r.overdue_since.value_or("")},
        {r.escalated_at.has_value(), EntryKind::kEscalated, "逾期未办结，督办", none, none, nobody,
         r.escalated_at.value_or("")},
    };
    for (const Step& step : steps) {
      if (!step.taken) continue;
      DX_RETURN_IF_ERROR(Entry(item, step.kind, step.text, step.from, step.to, step.by, step.at));
    }
    DX_ASSIGN_OR_RETURN(Item written, LoadItem(tx, item));
    DX_RETURN_IF_ERROR(audit::Record(
        tx, ctx,
        {"create", kItemRecordType, item, written.org_path, std::nullopt, Snap(written), ""}));
    return item;
  }

  Status Link(int64_t item, const storage::Rows& events) {
    return LinkDemoEvidence(tx, item, events);
  }

  Result<storage::Row> Org(const char* name) { return DemoOrg(tx, name); }
};

// Closes `r` on `day` by `verifier` (its supervising leader) with `note`.
void Close(Item& r, const std::string& day, const char* note) {
  r.status = ItemStatus::kClosed;
  r.closed_at = At(day, "16:00");
  r.closed_by_person_id = r.leader_person_id;
  r.verification_note = note;
}

template <typename E>
std::optional<E> Coded(const CodedEnum<E>& codes, const char* code) {
  return *code ? codes.Parse(code) : std::nullopt;
}

// Sets the deadline of `r` and its original (as first set) to `day`.
void Due(Item& r, std::string day) {
  r.deadline = std::move(day);
  r.original_deadline = r.deadline;
}

// An item of `kind` in the campaign held by `org` (id, path), supervised by
// `leader`, registered at `created_at`.
DemoItem ItemOf(const Writer& w, Kind kind, std::string title, const storage::Row& org,
                std::optional<int64_t> leader, std::string created_at) {
  DemoItem d;
  Item& r = d.item;
  r.kind = kind;
  r.campaign_id = w.campaign_id;
  r.title = std::move(title);
  r.org_id = org.Int(0);
  r.org_path = org.Text(1);
  r.leader_person_id = leader;
  d.created_at = std::move(created_at);
  return d;
}

// A plan task of part `part` held by `committee`, supervised by `leader`.
DemoItem PlanTaskOf(const Writer& w, const storage::Row& committee, std::optional<int64_t> leader,
                    const char* part, const char* action, std::string title) {
  DemoItem d =
      ItemOf(w, Kind::kPlanTask, std::move(title), committee, leader, At("2021-03-29", "09:00"));
  Item& r = d.item;
  r.source_type = SourceType::kPlanPart;
  r.source_text = "局党史学习教育实施方案";
  r.plan_part = Coded(kPlanParts, part);
  r.plan_action = Coded(kPlanActions, action);
  d.registrar = w.office;
  return d;
}

// An extension request on the open plan task `r` (item `id`) awaiting its
// supervising leader's decision: filed by its responsible person (with their
// account when they have one) two days before the install, in office hours,
// for 30 days more, with its timeline entry and 局领导 lingdao notified when
// the account is the leader's.
Status RequestDemoExtension(Writer& w, int64_t id, const Item& r) {
  if (!r.leader_person_id || !r.responsible_person_id || !r.deadline) return Ok();
  DX_ASSIGN_OR_RETURN(std::string asker, w.NameOf(r.responsible_person_id));
  DX_ASSIGN_OR_RETURN(storage::Rows account,
                      w.tx.Query(kAccountOfPerson, {*r.responsible_person_id}));
  storage::Param by = nullptr;
  if (!account.empty()) by = account.front().Int(0);
  const std::string to = DemoDayAfter(*r.deadline, 30);
  const std::string reason = "活动场地和宣讲人员档期冲突，申请推迟一个月开展";
  const std::string text = "申请延期至 " + to + "：" + reason;
  const std::string at = At(DayAfter(DayOf(w.ctx.now), -2), "10:30");
  DX_RETURN_IF_ERROR(w.tx.Exec(kInsertRequest, {id, reason, *r.deadline, to, by, at}));
  DX_RETURN_IF_ERROR(
      w.Entry(id, EntryKind::kExtensionRequested, text, std::nullopt, std::nullopt, asker, at));
  DX_ASSIGN_OR_RETURN(storage::Rows leader, w.tx.Query(kAccountOf, {std::string("lingdao")}));
  if (leader.empty() || leader.front().OptInt(2) != r.leader_person_id) return Ok();
  return notifications::Notify(
      w.tx, *ParseTime(at),
      {leader.front().Int(0),
       "ledger_extension_requested",
       "台账事项申请延期待审批",
       "「" + r.title + "」：" + text,
       {kItemRecordType, id, "/ledger/items/" + std::to_string(id)}});
}

// The plan: the fixed tasks and one main-work task per activity of 5号文.
Status AddPlan(Writer& w, const storage::Row& committee, std::optional<int64_t> leader,
               const std::string& later) {
  for (const DemoTask& t : kTasks) {
    DemoItem d = PlanTaskOf(w, committee, leader, t.part, t.action, t.title);
    Item& r = d.item;
    if (*t.group) {
      DX_ASSIGN_OR_RETURN(storage::Rows g,
                          w.tx.Query(kGroupHead, {w.campaign_id, std::string(t.group)}));
      if (!g.empty()) {
        d.group_id = g.front().Int(0);
        r.responsible_person_id = g.front().OptInt(1);
      }
    }
    Due(r, *t.deadline ? std::string(t.deadline) : later);
    r.status = *kStatuses.Parse(t.status);
    r.result = t.result;
    if (r.status == ItemStatus::kClosed) Close(r, *r.deadline, "经领导小组验收，任务完成");
    if (r.status == ItemStatus::kPending) d.created_at = At("2021-12-28", "09:00");
    DX_ASSIGN_OR_RETURN(int64_t id, w.Add(d));
    if (*t.evidence) {
      DX_ASSIGN_OR_RETURN(storage::Rows held,
                          w.tx.Query(kEventsLike, {w.campaign_id, std::string(t.evidence)}));
      DX_RETURN_IF_ERROR(w.Link(id, held));
    }
  }
  // 5号文: closed where events carried the activity out; of the others one
  // awaits verification and one is still open (its date moved).
  DX_ASSIGN_OR_RETURN(storage::Rows activities, w.tx.Query(kActivities, {w.campaign_id}));
  int without = 0;
  for (const storage::Row& a : activities) {
    const std::string title = a.Text(1);
    bool own_choice = false;  // 自选动作: the unit's own choices
    for (const char* mark : {"歌咏", "亲子", "文艺汇演", "光影铸魂", "社会调查"}) {
      own_choice = own_choice || title.find(mark) != std::string::npos;
    }
    DemoItem d = PlanTaskOf(w, committee, leader, "main_work", own_choice ? "optional" : "required",
                            "落实5号文：" + title);
    Item& r = d.item;
    r.source_text = "《庆祝中国共产党成立100周年活动安排》（5号文）";
    d.group_id = a.OptInt(3);
    if (d.group_id) {
      DX_ASSIGN_OR_RETURN(storage::Rows head, w.tx.Query(kHeadOfGroup, {*d.group_id}));
      if (!head.empty()) r.responsible_person_id = head.front().Int(0);
    }
    if (a.OptInt(4)) {
      DX_ASSIGN_OR_RETURN(storage::Row o, w.tx.QueryOne(kOrgOf, {*a.OptInt(4)}));
      r.org_id = *a.OptInt(4);
      r.org_path = o.Text(0);
    }
    Due(r, a.Text(2));
    DX_ASSIGN_OR_RETURN(storage::Rows held, w.tx.Query(kActivityEvents, {a.Int(0)}));
    if (!held.empty()) {
      r.result = "已举办" + std::to_string(held.size()) + "场活动";
      Close(r, *r.deadline, "活动记录齐全，验收通过");
    } else if (without++ == 0) {
      r.status = ItemStatus::kToVerify;
      r.result = "活动已开展，待补充活动记录";
      Due(r, later);
    } else if (without == 2) {
      r.status = ItemStatus::kInProgress;
      Due(r, later);
    } else {
      r.result = "已按计划开展";
      Close(r, *r.original_deadline, "经联络组核实，已开展");
    }
    DX_ASSIGN_OR_RETURN(int64_t id, w.Add(d));
    DX_RETURN_IF_ERROR(w.Link(id, held));
    if (r.status == ItemStatus::kInProgress) DX_RETURN_IF_ERROR(RequestDemoExtension(w, id, r));
  }
  return Ok();
}

// The forums, by community: ids in order of kCommunities and date.
struct Forum {
  int64_t id;
  storage::Row org;  // id, path
  std::string day;
  std::string community;
};

Result<std::vector<Forum>> AddForums(Writer& w) {
  DX_ASSIGN_OR_RETURN(storage::Row type, w.tx.QueryOne(kForumType, {}));
  std::vector<Forum> out;
  int n = 0;
  for (const DemoCommunity& c : kCommunities) {
    DX_ASSIGN_OR_RETURN(storage::Row org, w.Org(c.organizer));
    DX_ASSIGN_OR_RETURN(storage::Row community, w.tx.QueryOne(kCommunity, {std::string(c.name)}));
    for (int k = 0; k < c.forums; ++k, ++n) {
      // Spread over 10 March .. 20 December 2021.
      std::string day = DayAfter("2021-03-10", 285 * k / c.forums + n % 3);
      events::Event e;
      e.title = std::string(c.name) + "“我为群众办实事”恳谈会（第" + std::to_string(k + 1) + "次）";
      e.type_id = type.Int(0);
      e.category = events::Category::kPractice;
      e.campaign_id = w.campaign_id;
      e.starts_at = At(day, "15:00");
      e.ends_at = At(day, "17:00");
      e.place = std::string(c.name) + "党群服务中心";
      e.community_id = community.Int(0);
      e.org_id = org.Int(0);
      e.org_path = org.Text(1);
      e.summary = "听取居民群众意见建议，收集急难愁盼问题，现场答复能解决的问题。";
      e.outside_count = kResidentsEach + (n < kForumsWithSix ? 1 : 0);
      DX_ASSIGN_OR_RETURN(int64_t id, PublishDemoEvent(w.tx, w.ctx, e));
      DX_ASSIGN_OR_RETURN(events::Event made, events::LoadEvent(w.tx, id));
      DX_RETURN_IF_ERROR(audit::Record(
          w.tx, w.ctx,
          {"create", "event", id, made.org_path, std::nullopt, events::Snap(made), ""}));
      out.push_back({id, org, day, c.name});
    }
  }
  return out;
}

// The responsible person of an org's items: its second party member by id
// (机关第一支部: 钱党员, the demo member), or its first; for 机关党委 itself
// (no members of its own: staff's children), the first member of 实践组.
Result<std::optional<int64_t>> ResponsibleOf(Writer& w, int64_t org_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows people, w.tx.Query(kBranchPeople, {org_id}));
  if (!people.empty()) return std::optional<int64_t>(people.back().Int(0));
  DX_ASSIGN_OR_RETURN(storage::Rows team, w.tx.Query(kWorkTeam, {w.campaign_id}));
  if (team.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(team.front().Int(0));
}

Status AddConcerns(Writer& w, const std::vector<Forum>& forums, std::optional<int64_t> leader,
                   const std::string& today) {
  const int count = static_cast<int>(std::size(kConcerns));
  for (int i = 0; i < count; ++i) {
    const DemoConcern& c = kConcerns[i];
    const Forum& f = forums[static_cast<size_t>(i) * forums.size() / count];
    DemoItem d = ItemOf(w, Kind::kConcern, c.title, f.org, leader, At(f.day, "17:30"));
    Item& r = d.item;
    r.description = std::string("群众在") + f.community + "恳谈会上反映：" + c.title;
    r.measures = c.measures;
    r.source_type = SourceType::kEvent;
    r.source_id = f.id;
    r.source_text = f.community + "恳谈会";
    DX_ASSIGN_OR_RETURN(r.responsible_person_id, ResponsibleOf(w, r.org_id));
    r.item_class = i % 3 == 0 ? ItemClass::kImmediate : ItemClass::kDeadline;
    Due(r, DayAfter(f.day, 30));
    if (i % 4 == 3) {
      r.anonymous = true;
    } else {
      r.requester_name = kResidents[i % std::size(kResidents)];
      r.requester_contact = "1397360" + std::to_string(1000 + i * 37);
    }
    if (i < kDemoConcernsClosed) {
      r.result = c.result;
      Close(r, DayAfter(f.day, 20), "经实地查看，问题已解决");
      bool basically = i == 5 || i == 11;
      r.satisfaction = basically ? Satisfaction::kBasically : Satisfaction::kSatisfied;
      r.satisfaction_note = basically ? "基本解决，希望持续关注" : "问题解决了，很满意";
      r.satisfaction_at = At(DayAfter(f.day, 25), "10:00");
    } else if (i == kDemoConcernsClosed) {
      // Closed once, 回访 unsatisfied, reopened.
      r.status = ItemStatus::kInProgress;
      r.result = "已协调选址";
      r.satisfaction = Satisfaction::kUnsatisfied;
      r.satisfaction_note = "收集点离家太远，希望重新选址";
      r.satisfaction_at = At(DayAfter(f.day, 25), "10:00");
      Due(r, DayAfter(today, 30));
      d.reopened = true;
    } else if (i == count - 2) {
      // Overdue and escalated (as the overdue job would mark it).
      r.status = ItemStatus::kInProgress;
      Due(r, DayAfter(today, -10));
      r.overdue_since = At(DayAfter(today, -9), "08:00");
      r.escalated_at = At(DayAfter(today, -6), "08:00");
    } else {
      const ItemStatus open[] = {ItemStatus::kPending, ItemStatus::kInProgress,
                                 ItemStatus::kToVerify};
      r.status = open[i % 3];
      if (r.status == ItemStatus::kToVerify) r.result = "已完成，待验收";
      Due(r, DayAfter(today, 15 + i));
    }
    DX_RETURN_IF_ERROR(w.Add(d));
  }
  return Ok();
}

Status AddProjects(Writer& w, const std::vector<storage::Row>& orgs, std::optional<int64_t> leader,
                   const std::string& today) {
  for (size_t i = 0; i < std::size(kProjects); ++i) {
    const DemoProject& p = kProjects[i];
    std::string start = DayAfter("2021-04-15", static_cast<int>(i) * 9);
    DemoItem d =
        ItemOf(w, Kind::kProject, p.title, orgs[i % orgs.size()], leader, At(start, "09:00"));
    Item& r = d.item;
    r.measures = p.measures;
    r.target = p.target;
    r.project_area = Coded(kProjectAreas, p.area);
    r.item_class = Coded(kClasses, p.item_class);
    r.source_text = "民生项目清单";
    DX_ASSIGN_OR_RETURN(r.responsible_person_id, ResponsibleOf(w, r.org_id));
    Due(r, DayAfter(start, 90));
    if (static_cast<int>(i) < kDemoProjectsDone) {
      r.result = p.result;
      Close(r, DayAfter(start, 80), "经实践组验收，项目完成");
    } else {
      r.status = ItemStatus::kInProgress;
      Due(r, DayAfter(today, 45 + static_cast<int>(i)));
    }
    DX_RETURN_IF_ERROR(w.Add(d));
  }
  return Ok();
}

}  // namespace

std::string DemoDayAfter(std::string_view day, int days) {
  return DayOf(*ParseTime(std::string(day) + "T12:00:00Z") + std::chrono::days(days));
}

Result<storage::Row> DemoOrg(storage::Tx& tx, std::string_view name) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kOrg, {std::string(name)}));
  if (rows.empty()) return MakeError(Code::kNotFound, "演示组织不存在：" + std::string(name));
  return rows.front();
}

Status LinkDemoEvidence(storage::Tx& tx, int64_t item, const storage::Rows& events) {
  for (const storage::Row& e : events) {
    DX_RETURN_IF_ERROR(tx.Exec(kInsertEvidence, {item, e.Int(0)}));
  }
  return Ok();
}

Result<int64_t> PublishDemoEvent(storage::Tx& tx, const Context& ctx, events::Event& e) {
  DX_RETURN_IF_ERROR(events::Validate(e));
  DX_ASSIGN_OR_RETURN(int64_t id, events::EventService::Insert(tx, ctx, e));
  DX_RETURN_IF_ERROR(tx.Exec(kPublish, {id}));
  return id;
}

Status AddDemoPlanAndServing(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows committee, tx->Query(kOrg, {std::string("市统计局机关党委")}));
  DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx->Query(kCampaign, {}));
  if (committee.empty() || campaign.empty()) return Ok();
  Writer w{*tx, Context{}, campaign.front().Int(0)};
  w.ctx.now = demo.now;
  DX_ASSIGN_OR_RETURN(storage::Row has, tx->QueryOne(kHasPlan, {w.campaign_id}));
  if (has.Int(0) > 0) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows office, tx->Query(kAccountOf, {std::string("dangwei")}));
  if (!office.empty()) w.office = office.front().Text(1);
  DX_ASSIGN_OR_RETURN(storage::Rows deputies, tx->Query(kDeputy, {w.campaign_id}));
  std::optional<int64_t> plan_leader;
  if (!deputies.empty()) plan_leader = deputies.front().Int(0);
  if (plan_leader) {
    DX_ASSIGN_OR_RETURN(std::string name, w.NameOf(plan_leader));
    DX_RETURN_IF_ERROR(tx->Exec(kLinkLeader, {*plan_leader, "局领导（" + name + "，副局长）",
                                              FormatTime(demo.now)}));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows practice,
                      tx->Query(kGroupHead, {w.campaign_id, std::string("实践组")}));
  std::optional<int64_t> serving_leader = plan_leader;
  if (!practice.empty() && practice.front().OptInt(1)) serving_leader = practice.front().OptInt(1);
  const std::string today = DayOf(demo.now);

  // Forums first: the plan's 办实事 task links them.
  DX_ASSIGN_OR_RETURN(std::vector<Forum> forums, AddForums(w));
  DX_RETURN_IF_ERROR(AddPlan(w, committee.front(), plan_leader, DayAfter(today, 60)));
  DX_RETURN_IF_ERROR(AddConcerns(w, forums, serving_leader, today));
  std::vector<storage::Row> orgs;
  for (const char* name : {"机关第一支部", "机关第二支部", "机关第三支部", "市统计局机关党委"}) {
    DX_ASSIGN_OR_RETURN(storage::Row o, w.Org(name));
    orgs.push_back(o);
  }
  DX_RETURN_IF_ERROR(AddProjects(w, orgs, serving_leader, today));
  return tx->Commit();
}

}  // namespace duxing::domain::ledger
