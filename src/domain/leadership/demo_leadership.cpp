#include "domain/leadership/demo_leadership.hpp"

namespace duxing::domain::leadership {
namespace {

constexpr std::string_view kCampaign =
    "SELECT id FROM campaigns WHERE name = '党史学习教育' AND year = 2021 AND archived = 0 "
    "ORDER BY id";
constexpr std::string_view kExisting = "SELECT 1 FROM leadership_groups WHERE campaign_id = $1";
constexpr std::string_view kPeople =
    "SELECT id FROM people WHERE category = 'member' AND archived = 0 ORDER BY id LIMIT 24";

constexpr std::string_view kHandOver = "2021-09-24";

struct DemoMember {
  size_t person;  // index into the people list
  Role role;
  const char* title;
  std::optional<Responsibility> responsibility;
  const char* duties;
};

struct DemoGroup {
  GroupKind kind;
  const char* name;
  const char* duties;
  std::vector<DemoMember> members;
};

std::vector<DemoGroup> DemoGroups() {
  using R = Role;
  using Rs = Responsibility;
  return {
      {GroupKind::kLeadingGroup,
       "党史学习教育领导小组",
       "局党组履行主体责任，统筹全局党史学习教育，研究部署重要事项，督促检查落实。",
       {{3, R::kDeputy, "党组成员、副局长", Rs::kDual, "分管综合统计、国民经济核算领域的学习教育"},
        {4, R::kDeputy, "党组成员、副局长", Rs::kDual,
         "分管工业交通、人口和社会科技统计领域的学习教育"},
        {5, R::kMember, "机关党委书记", Rs::kPrimary,
         "机关党委牵头负责，组织各支部落实“三会一课”和主题党日"},
        {6, R::kMember, "办公室主任", Rs::kDual, "办公室牵头负责，统筹保障"}}},
      {GroupKind::kOffice,
       "领导小组办公室",
       "设在机关党委，负责日常工作：制定实施方案、印发文件、汇总进展、编发简报。",
       {{5, R::kHead, "机关党委书记", std::nullopt, "主持办公室日常工作"},
        {6, R::kMember, "办公室主任", std::nullopt, "协调保障"}}},
      {GroupKind::kWorkingGroup,
       "综合组",
       "起草方案和总结，收集整理学习教育资料，建立工作台账。",
       {{7, R::kHead, "机关党委副书记", std::nullopt, "负责综合组工作"},
        {8, R::kMember, "机关党委委员", std::nullopt, "材料起草"}}},
      {GroupKind::kWorkingGroup,
       "联络组",
       "联系上级指导组和各支部，传达部署，督促进度。",
       {{6, R::kHead, "办公室主任", std::nullopt, "负责联络组工作"},
        {9, R::kMember, "办公室科员", std::nullopt, "联络各支部"}}},
      {GroupKind::kWorkingGroup,
       "实践组",
       "组织“我为群众办实事”实践活动，联系联点社区和乡村振兴联系村。",
       {{10, R::kHead, "综合统计科科长", std::nullopt, "负责实践组工作"},
        {11, R::kMember, "综合统计科科员", std::nullopt, "创文、扶贫联络"},
        {12, R::kMember, "乡村振兴工作队队员", std::nullopt, "四季红村乡村振兴"}}},
      {GroupKind::kWorkingGroup,
       "宣传组",
       "宣传报道、信息报送、宣讲活动组织。",
       {{13, R::kHead, "机关党委宣传委员", std::nullopt, "负责宣传组工作"},
        {14, R::kMember, "机关党务专干", std::nullopt, "信息报送"},
        {15, R::kMember, "支部宣传委员", std::nullopt, "各支部宣传"}}},
  };
}

}  // namespace

Status AddDemoLeadership(storage::Tx& tx, const Context& ctx) {
  DX_ASSIGN_OR_RETURN(storage::Rows campaigns, tx.Query(kCampaign, {}));
  if (campaigns.empty()) return Ok();
  int64_t campaign = campaigns.front().Int(0);
  DX_ASSIGN_OR_RETURN(storage::Rows existing, tx.Query(kExisting, {campaign}));
  if (!existing.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows people, tx.Query(kPeople, {}));
  if (people.size() < 16) return Ok();
  auto person = [&](size_t i) { return people[i].Int(0); };
  int64_t position = 0;
  for (const DemoGroup& dg : DemoGroups()) {
    Group g;
    g.campaign_id = campaign;
    g.kind = dg.kind;
    g.name = dg.name;
    g.duties = dg.duties;
    g.position = position++;
    DX_RETURN_IF_ERROR(ValidateGroup(g));
    DX_ASSIGN_OR_RETURN(g.id, LeadershipService::InsertGroup(tx, ctx, g));
    DX_RETURN_IF_ERROR(LeadershipService::AuditInserted(tx, ctx, g));
    auto add = [&](Member m) -> Result<int64_t> {
      m.group_id = g.id;
      DX_RETURN_IF_ERROR(ValidateMember(m, g.kind));
      DX_ASSIGN_OR_RETURN(m.id, LeadershipService::InsertMember(tx, ctx, m));
      DX_RETURN_IF_ERROR(LeadershipService::AuditInserted(tx, ctx, campaign, m));
      return m.id;
    };
    if (dg.kind == GroupKind::kLeadingGroup) {
      // The leader until the hand-over of late September, then the successor.
      Member first{0,
                   0,
                   person(1),
                   "",
                   Role::kLeader,
                   "党组书记、局长",
                   Responsibility::kFirst,
                   "主要负责同志，履行第一责任人职责，带头讲党课",
                   "2021-02-20",
                   DayBefore(kHandOver),
                   std::nullopt,
                   1};
      DX_ASSIGN_OR_RETURN(int64_t first_id, add(first));
      Member second = first;
      second.person_id = person(2);
      second.start_date = std::string(kHandOver);
      second.end_date.reset();
      second.predecessor_id = first_id;
      DX_RETURN_IF_ERROR(add(second));
    }
    for (const DemoMember& dm : dg.members) {
      Member m{0,
               0,
               person(dm.person),
               "",
               dm.role,
               dm.title,
               dm.responsibility,
               dm.duties,
               "2021-02-20",
               std::nullopt,
               std::nullopt,
               1};
      DX_RETURN_IF_ERROR(add(m));
    }
  }
  return Ok();
}

Status AddDemo(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  Context ctx;
  ctx.now = demo.now;
  DX_RETURN_IF_ERROR(AddDemoLeadership(*tx, ctx));
  return tx->Commit();
}

}  // namespace duxing::domain::leadership
