#include "domain/compliance/coverage.hpp"

#include <algorithm>

#include "domain/audit/audit_log.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::compliance {
namespace {

constexpr std::string_view kCampaign = "SELECT id FROM campaigns WHERE id = $1";
constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";
constexpr std::string_view kRule =
    "SELECT min_events, min_study_hours, version FROM coverage_rules WHERE campaign_id = $1";
// The first write of a campaign's rule: nothing when another write inserted
// it first (a stale version 0).
constexpr std::string_view kInsertRule =
    "INSERT INTO coverage_rules (campaign_id, min_events, min_study_hours, updated_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id) DO NOTHING";
constexpr std::string_view kUpdateRule =
    "UPDATE coverage_rules SET min_events = $1, min_study_hours = $2, updated_at = $3, "
    "version = version + 1 WHERE campaign_id = $4 AND version = $5";
// The population with the campaign events each attended; the placeholder
// {campaign} is bound by the caller.
constexpr std::string_view kPeopleHead =
    "SELECT p.id, p.name, o.name, o.path, p.category, "
    "(SELECT COUNT(*) FROM event_attendance a JOIN events e ON e.id = a.event_id "
    " WHERE a.person_id = p.id AND a.status IN ('signed', 'makeup') AND e.archived = 0 "
    " AND e.status = 'published' AND e.campaign_id = ";
constexpr std::string_view kPeopleTail = ") FROM people p JOIN orgs o ON o.id = p.org_id";
constexpr std::string_view kBranches = "SELECT id, name, path FROM orgs";
// How many published events of campaign {?} person p attended (signed in or
// made up); a WHERE term of the people list.
constexpr std::string_view kAttendedCount =
    "(SELECT COUNT(*) FROM event_attendance a JOIN events e ON e.id = a.event_id "
    "WHERE a.person_id = p.id AND a.status IN ('signed', 'makeup') AND e.archived = 0 "
    "AND e.status = 'published' AND e.campaign_id = ?)";
// The events each of a page's people attended: person id, count.
constexpr std::string_view kAttendedOfPage =
    "SELECT a.person_id, COUNT(*) FROM event_attendance a JOIN events e ON e.id = a.event_id "
    "WHERE a.status IN ('signed', 'makeup') AND e.archived = 0 AND e.status = 'published' "
    "AND e.campaign_id = $1 AND a.person_id IN (";
constexpr std::string_view kCommunities =
    "SELECT cm.id, cm.name, COUNT(*) FROM events e JOIN communities cm ON cm.id = e.community_id";

struct Member {
  CoveredPerson person;
  std::string org_path;
};

struct Computed {
  CoverageRule rule;
  std::vector<std::string> paths;
  std::vector<Member> people;
};

Result<CoverageRule> LoadRule(storage::Tx& tx, int64_t campaign_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kRule, {campaign_id}));
  CoverageRule rule;
  if (!rows.empty()) {
    rule.min_events = rows.front().Int(0);
    rule.min_study_hours = rows.front().OptInt(1);
    rule.version = rows.front().Int(2);
  }
  return rule;
}

// A campaign's rule, read by campaign id (kNotFound for no campaign).
const VersionedRecord<CoverageRule>& RuleRecord() {
  static const VersionedRecord<CoverageRule> kRecord{
      kCoverageRecordType,
      [](storage::Tx& tx, int64_t campaign_id) -> Result<CoverageRule> {
        DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx.Query(kCampaign, {campaign_id}));
        if (campaign.empty()) return MakeError(Code::kNotFound, "学习教育不存在");
        return LoadRule(tx, campaign_id);
      },
      [](const CoverageRule& r) { return r.version; },
      [](const CoverageRule& r) {
        return audit::Snapshot{
            {"min_events", std::to_string(r.min_events)},
            {"min_study_hours",
             r.min_study_hours ? std::optional(std::to_string(*r.min_study_hours))
                               : std::nullopt}};
      }};
  return kRecord;
}

// The caller's scope (narrowed to org_id) and the campaign's rule; refuses
// as CoverageService::Of does.
Result<Computed> Scope(storage::Tx& tx, const Context& ctx, int64_t campaign_id,
                       std::optional<int64_t> org_id) {
  if (!ctx.principal->IsStaff()) return MakeError(Code::kPermissionDenied, "无权查看覆盖情况");
  DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx.Query(kCampaign, {campaign_id}));
  if (campaign.empty()) return MakeError(Code::kNotFound, "学习教育不存在");
  Computed out;
  if (org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx.Query(kOrgPath, {*org_id}));
    if (org.empty() || !ctx.principal->CanRead(org.front().Text(0))) {
      return MakeError(Code::kNotFound, "组织不存在", "org_id");
    }
    out.paths = {org.front().Text(0)};
  } else {
    out.paths = ctx.principal->ReadablePaths();
  }
  DX_ASSIGN_OR_RETURN(out.rule, LoadRule(tx, campaign_id));
  return out;
}

// The population of `c.paths` with the campaign events each attended, by
// org and name.
Status LoadPopulation(storage::Tx& tx, int64_t campaign_id, Computed& out) {
  storage::Where w;
  std::string campaign_param = w.Bind(campaign_id);
  w.And(storage::InSubtrees("o.path", out.paths));
  w.And("p.archived = 0 AND p.status = 'active' AND p.category IN (?, ?, ?, ?)",
        {kCoverageCategories[0], kCoverageCategories[1], kCoverageCategories[2],
         kCoverageCategories[3]});
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(std::string(kPeopleHead) + campaign_param +
                                                       std::string(kPeopleTail) + w.Sql() +
                                                       " ORDER BY o.path, p.name, p.id",
                                                   w.params()));
  for (const auto& r : rows) {
    out.people.push_back({{r.Int(0), r.Text(1), r.Text(2), r.Text(4), r.Int(5)}, r.Text(3)});
  }
  return Ok();
}

bool InFigure(const CoveredPerson& p, Figure figure, const CoverageRule& rule) {
  switch (figure) {
    case Figure::kReached:
      return p.events >= 1;
    case Figure::kEffective:
      return p.events >= rule.min_events;
    case Figure::kNever:
      return p.events == 0;
  }
  return false;
}

void Add(CoverageCount& c, const CoveredPerson& p, const CoverageRule& rule) {
  ++c.people;
  if (InFigure(p, Figure::kReached, rule)) ++c.reached;
  if (InFigure(p, Figure::kEffective, rule)) ++c.effective;
}

bool Under(std::string_view path, std::string_view root) {
  return path.substr(0, root.size()) == root;
}

// The people behind a figure: the population (as Compute reads it), by
// name; the figure and filters are WHERE terms.
const ListSpec& PeopleSpec() {
  static const ListSpec spec{"p.id, p.name, o.name, p.category",
                             "FROM people p JOIN orgs o ON o.id = p.org_id",
                             "FROM people p JOIN orgs o ON o.id = p.org_id",
                             {ListSort{"name", "p.name_key", "p.name_key", "p.id"}},
                             "p.id",
                             ""};
  return spec;
}

// The population of `paths` in one figure (and category, branch subtree).
storage::Where FigureWhere(const std::vector<std::string>& paths, int64_t campaign_id,
                           const CoverageRule& rule, const CoverageFilter& f,
                           const std::optional<std::string>& branch_path) {
  storage::Where w;
  w.And(storage::InSubtrees("o.path", paths));
  w.And("p.archived = 0 AND p.status = 'active' AND p.category IN (?, ?, ?, ?)",
        {kCoverageCategories[0], kCoverageCategories[1], kCoverageCategories[2],
         kCoverageCategories[3]});
  const std::string attended(kAttendedCount);
  switch (f.figure) {
    case Figure::kReached:
      w.And(attended + " >= 1", {campaign_id});
      break;
    case Figure::kEffective:
      w.And(attended + " >= ?", {campaign_id, rule.min_events});
      break;
    case Figure::kNever:
      w.And(attended + " = 0", {campaign_id});
      break;
  }
  if (f.category) w.And("p.category = ?", {*f.category});
  if (branch_path) w.And(storage::InSubtrees("o.path", {*branch_path}));
  return w;
}

}  // namespace

CoverageService::CoverageService(storage::Database& db)
    : db_(db), people_list_(std::vector<std::string>{"person", "event", "attendance", "org"}) {}

Result<Coverage> CoverageService::Of(const Context& ctx, int64_t campaign_id,
                                     std::optional<int64_t> org_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Computed c, Scope(*tx, ctx, campaign_id, org_id));
  DX_RETURN_IF_ERROR(LoadPopulation(*tx, campaign_id, c));
  Coverage out;
  out.rule = c.rule;
  out.total = {"", "合计"};
  for (const std::string& code : kCoverageCategories) out.categories.push_back({code, code});
  storage::Where bw;
  bw.And(storage::InSubtrees("path", c.paths));
  bw.And("archived = 0 AND kind = 'branch'");
  DX_ASSIGN_OR_RETURN(
      storage::Rows branch_rows,
      tx->Query(std::string(kBranches) + bw.Sql() + " ORDER BY path, id", bw.params()));
  std::vector<std::string> branch_paths;
  for (const auto& b : branch_rows) {
    out.branches.push_back({std::to_string(b.Int(0)), b.Text(1)});
    branch_paths.push_back(b.Text(2));
  }
  for (const Member& m : c.people) {
    Add(out.total, m.person, c.rule);
    for (auto& cat : out.categories) {
      if (cat.key == m.person.category) Add(cat, m.person, c.rule);
    }
    for (size_t i = 0; i < branch_paths.size(); ++i) {
      if (Under(m.org_path, branch_paths[i])) Add(out.branches[i], m.person, c.rule);
    }
  }
  storage::Where cw;
  cw.And("e.campaign_id = ? AND e.archived = 0 AND e.status = 'published'", {campaign_id});
  storage::Condition scope = storage::InSubtrees("h.org_path", c.paths);
  cw.And("EXISTS (SELECT 1 FROM event_orgs h WHERE h.event_id = e.id AND " + scope.sql + ")",
         scope.values);
  DX_ASSIGN_OR_RETURN(
      storage::Rows community_rows,
      tx->Query(std::string(kCommunities) + cw.Sql() + " GROUP BY cm.id, cm.name ORDER BY cm.id",
                cw.params()));
  for (const auto& r : community_rows) {
    out.communities.push_back({r.Int(0), r.Text(1), r.Int(2)});
  }
  return out;
}

Result<Page<CoveredPerson>> CoverageService::People(const Context& ctx, int64_t campaign_id,
                                                    const CoverageFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Computed c, Scope(*tx, ctx, campaign_id, filter.org_id));
  std::optional<std::string> branch_path;
  if (filter.branch_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx->Query(kOrgPath, {*filter.branch_id}));
    if (org.empty() || !ctx.principal->CanRead(org.front().Text(0))) {
      return MakeError(Code::kNotFound, "组织不存在", "branch_id");
    }
    branch_path = org.front().Text(0);
  }
  storage::Where w = FigureWhere(c.paths, campaign_id, c.rule, filter, branch_path);
  DX_ASSIGN_OR_RETURN(ListRows rows, people_list_.Page(*tx, PeopleSpec(), w, "", filter.page));
  Page<CoveredPerson> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  for (const auto& r : rows.rows) {
    page.items.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), 0});
  }
  if (!page.items.empty()) {  // at most the page's limit (500) people
    std::string in;
    storage::Params values{campaign_id};
    for (size_t i = 0; i < page.items.size(); ++i) {
      in += (i ? ", $" : "$") + std::to_string(i + 2);
      values.push_back(page.items[i].person_id);
    }
    DX_ASSIGN_OR_RETURN(storage::Rows counts,
                        tx->Query(std::string(kAttendedOfPage) + in + ") GROUP BY a.person_id",
                                  values));
    for (const auto& r : counts) {
      for (auto& person : page.items) {
        if (person.person_id == r.Int(0)) person.events = r.Int(1);
      }
    }
  }
  return page;
}

Result<CoverageRule> CoverageService::SetRule(const Context& ctx, int64_t campaign_id,
                                              const CoverageRule& rule) {
  if (!ctx.principal->CanEditReference()) {
    return MakeError(Code::kPermissionDenied, "无权设置有效覆盖规则");
  }
  if (rule.min_events < 1 || rule.min_events > kMaxMinEvents) {
    return MakeError(Code::kInvalidArgument, "参加次数应在 1 到 1000 之间", "min_events");
  }
  if (rule.min_study_hours && (*rule.min_study_hours < 1 || *rule.min_study_hours > 10000)) {
    return MakeError(Code::kInvalidArgument, "学习时长应在 1 到 10000 小时之间", "min_study_hours");
  }
  VersionedWrite<CoverageRule> w;
  w.action = "update";
  w.id = campaign_id;
  w.version = rule.version;
  w.change = [&](storage::Tx&, const CoverageRule&, CoverageRule& after) -> Status {
    after.min_events = rule.min_events;
    after.min_study_hours = rule.min_study_hours;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const CoverageRule& before,
                const CoverageRule& after) -> Result<int64_t> {
    storage::Param hours =
        after.min_study_hours ? storage::Param(*after.min_study_hours) : storage::Param(nullptr);
    if (before.version == 0) {
      return tx.Exec(kInsertRule, {campaign_id, after.min_events, hours, FormatTime(ctx.now)});
    }
    return tx.Exec(kUpdateRule,
                   {after.min_events, hours, FormatTime(ctx.now), campaign_id, before.version});
  };
  return WriteVersioned(db_, ctx, RuleRecord(), w);
}

}  // namespace duxing::domain::compliance
