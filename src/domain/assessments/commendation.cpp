#include "domain/assessments/commendation.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "domain/assessments/grading.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/orgs/org.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::assessments {
namespace {

using storage::Opt;

constexpr std::string_view kColumns =
    "SELECT c.id, c.campaign_id, ca.name, c.org_id, o.name, c.org_path, c.title, c.exam_ids, "
    "c.min_exam_points, c.min_study_minutes, c.min_xuexi_points, c.exam_weight, "
    "c.study_weight, c.xuexi_weight, c.top_n, c.status, c.published_at, c.version "
    "FROM commendations c JOIN campaigns ca ON ca.id = c.campaign_id "
    "JOIN orgs o ON o.id = c.org_id";
constexpr std::string_view kEntries =
    "SELECT e.person_id, p.name, o.name, e.exam_points, e.study_minutes, e.xuexi_points, "
    "e.total, e.rank, e.source, e.removed, e.reason FROM commendation_entries e "
    "JOIN people p ON p.id = e.person_id JOIN orgs o ON o.id = p.org_id "
    "WHERE e.commendation_id = $1 ORDER BY e.removed, e.rank, e.person_id";
constexpr std::string_view kInsert =
    "INSERT INTO commendations (campaign_id, org_id, org_path, title, exam_ids, "
    "min_exam_points, min_study_minutes, min_xuexi_points, exam_weight, study_weight, "
    "xuexi_weight, top_n, status, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $13) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE commendations SET title = $1, exam_ids = $2, min_exam_points = $3, "
    "min_study_minutes = $4, min_xuexi_points = $5, exam_weight = $6, study_weight = $7, "
    "xuexi_weight = $8, top_n = $9, status = $10, published_at = $11, "
    "version = version + 1, updated_at = $12 WHERE id = $13 AND version = $14";
constexpr std::string_view kDeleteRuleEntries =
    "DELETE FROM commendation_entries WHERE commendation_id = $1 AND source = 'rule' "
    "AND removed = 0";
constexpr std::string_view kUpsertEntry =
    "INSERT INTO commendation_entries (commendation_id, person_id, rank, exam_points, "
    "study_minutes, xuexi_points, total, source, removed, reason) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (commendation_id, person_id) "
    "DO UPDATE SET rank = excluded.rank, exam_points = excluded.exam_points, "
    "study_minutes = excluded.study_minutes, xuexi_points = excluded.xuexi_points, "
    "total = excluded.total, source = excluded.source, removed = excluded.removed, "
    "reason = excluded.reason";
constexpr std::string_view kRuleEntryKept =
    "UPDATE commendation_entries SET rank = $1, exam_points = $2, study_minutes = $3, "
    "xuexi_points = $4, total = $5 WHERE commendation_id = $6 AND person_id = $7";
// Everyone (not archived) of the org's subtree with their org's name.
constexpr std::string_view kPeopleInScope =
    "SELECT p.id, p.name, o.name FROM people p JOIN orgs o ON o.id = p.org_id "
    "WHERE p.archived = 0 AND p.org_path LIKE $1";
// Of everyone who took it; LoadFigures keeps those now in the org's subtree
// (an attempt's org_path is where the taker was when they took it).
constexpr std::string_view kBestScores =
    "SELECT person_id, MAX(score) FROM attempts WHERE exam_id = $1 AND status = 'submitted' "
    "AND score IS NOT NULL GROUP BY person_id";
constexpr std::string_view kStudyMinutes =
    "SELECT l.person_id, SUM(l.minutes) FROM study_logs l JOIN people p ON p.id = l.person_id "
    "WHERE l.archived = 0 AND l.study_date >= $1 AND l.study_date <= $2 "
    "AND p.org_path LIKE $3 GROUP BY l.person_id";
constexpr std::string_view kXuexiPoints =
    "SELECT x.person_id, SUM(x.points) FROM xuexi_points x JOIN people p ON p.id = x.person_id "
    "WHERE x.period >= $1 AND x.period <= $2 AND p.org_path LIKE $3 GROUP BY x.person_id";
constexpr std::string_view kExamOfCampaign =
    "SELECT org_path FROM exams WHERE id = $1 AND campaign_id = $2";
constexpr std::string_view kPersonPath =
    "SELECT org_path FROM people WHERE id = $1 AND archived = 0";
constexpr std::string_view kList = " WHERE c.campaign_id = $1 ORDER BY c.id DESC LIMIT 1000";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}
Error NotFound() { return MakeError(Code::kNotFound, "表彰名单不存在"); }

bool Within(std::string_view path, std::string_view root) { return path.rfind(root, 0) == 0; }

// Staff who may read the org, and members of an org inside it once published.
bool MayRead(const auth::Principal& p, const Commendation& c) {
  if (p.CanRead(c.org_path)) return c.status == CommendationStatus::kPublished || p.CanWrite(c.org_path);
  if (c.status != CommendationStatus::kPublished) return false;
  return std::any_of(p.grants.begin(), p.grants.end(),
                     [&](const auth::Grant& g) { return Within(g.org_path, c.org_path); });
}

Commendation FromRow(const storage::Row& r) {
  Commendation c;
  c.id = r.Int(0);
  c.campaign_id = r.Int(1);
  c.campaign_name = r.Text(2);
  c.org_id = r.Int(3);
  c.org_name = r.Text(4);
  c.org_path = r.Text(5);
  c.title = r.Text(6);
  c.rule.exam_ids = SplitInts(r.Text(7));
  c.rule.min_exam_points = r.OptInt(8);
  c.rule.min_study_minutes = r.OptInt(9);
  c.rule.min_xuexi_points = r.OptInt(10);
  c.rule.exam_weight = r.Int(11);
  c.rule.study_weight = r.Int(12);
  c.rule.xuexi_weight = r.Int(13);
  c.rule.top_n = r.Int(14);
  c.status = kCommendationStatuses.Parse(r.Text(15)).value_or(CommendationStatus::kDraft);
  c.published_at = r.OptText(16);
  c.version = r.Int(17);
  return c;
}

Result<Commendation> Load(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE c.id = $1", {id}));
  if (rows.empty()) return NotFound();
  Commendation c = FromRow(rows.front());
  if (!MayRead(*ctx.principal, c)) return NotFound();
  c.can_edit = c.status == CommendationStatus::kDraft && ctx.principal->CanWrite(c.org_path);
  // Those taken off, with the reasons, are for the list's writers only.
  bool writer = ctx.principal->CanWrite(c.org_path);
  DX_ASSIGN_OR_RETURN(storage::Rows entries, tx.Query(kEntries, {id}));
  for (const auto& r : entries) {
    if (r.Bool(9) && !writer) continue;
    CommendationEntry e;
    e.figures = {r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5)};
    e.total = r.Int(6);
    e.rank = r.Int(7);
    e.source = kEntrySources.Parse(r.Text(8)).value_or(EntrySource::kRule);
    e.removed = r.Bool(9);
    e.reason = r.Text(10);
    c.entries.push_back(std::move(e));
  }
  return c;
}

audit::Snapshot Snap(const Commendation& c) {
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? std::optional(std::to_string(*v)) : std::nullopt;
  };
  std::string names;
  for (const auto& e : c.entries) {
    if (e.removed) continue;
    if (!names.empty()) names += "、";
    names += e.figures.person_name;
  }
  return {{"title", c.title},
          {"status", std::string(kCommendationStatuses.Name(c.status))},
          {"exam_ids", JoinInts(c.rule.exam_ids)},
          {"min_exam_points", opt(c.rule.min_exam_points)},
          {"min_study_minutes", opt(c.rule.min_study_minutes)},
          {"min_xuexi_points", opt(c.rule.min_xuexi_points)},
          {"exam_weight", std::to_string(c.rule.exam_weight)},
          {"study_weight", std::to_string(c.rule.study_weight)},
          {"xuexi_weight", std::to_string(c.rule.xuexi_weight)},
          {"top_n", std::to_string(c.rule.top_n)},
          {"people", names}};
}

// The record as `ctx`'s reader loads and the audit log keeps it.
VersionedRecord<Commendation> RecordAs(const Context& ctx) {
  return {"commendation", [&ctx](storage::Tx& tx, int64_t id) { return Load(tx, ctx, id); },
          [](const Commendation& c) { return c.version; }, Snap,
          [](const Commendation& c) -> std::optional<std::string> { return c.org_path; }};
}

// The rule's exams must be of the campaign and inside the list's org.
Status CheckExams(storage::Tx& tx, const Commendation& c) {
  for (int64_t exam_id : c.rule.exam_ids) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kExamOfCampaign, {exam_id, c.campaign_id}));
    if (rows.empty() || !Within(rows.front().Text(0), c.org_path)) {
      return Invalid("考试 " + std::to_string(exam_id) + " 不属于本次学习教育活动或不在本组织范围内",
                     "exam_ids");
    }
  }
  return Ok();
}

// Everyone's figures in the org's subtree over the campaign.
Result<std::vector<CommendationFigures>> LoadFigures(storage::Tx& tx, const Commendation& c,
                                                     const campaigns::CampaignScope& campaign) {
  std::string like = c.org_path + "%";
  std::map<int64_t, CommendationFigures> by_person;
  DX_ASSIGN_OR_RETURN(storage::Rows people, tx.Query(kPeopleInScope, {like}));
  for (const auto& r : people) by_person[r.Int(0)] = {r.Int(0), r.Text(1), r.Text(2), 0, 0, 0};
  auto add = [&](const storage::Rows& rows, int64_t CommendationFigures::*field) {
    for (const auto& r : rows) {
      auto it = by_person.find(r.Int(0));
      if (it != by_person.end()) it->second.*field += r.Int(1);
    }
  };
  for (int64_t exam_id : c.rule.exam_ids) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kBestScores, {exam_id}));
    add(rows, &CommendationFigures::exam_points);
  }
  DX_ASSIGN_OR_RETURN(storage::Rows study,
                      tx.Query(kStudyMinutes, {campaign.start_date, campaign.end_date, like}));
  add(study, &CommendationFigures::study_minutes);
  DX_ASSIGN_OR_RETURN(storage::Rows xuexi,
                      tx.Query(kXuexiPoints, {campaign.start_date.substr(0, 7),
                                              campaign.end_date.substr(0, 7), like}));
  add(xuexi, &CommendationFigures::xuexi_points);
  std::vector<CommendationFigures> out;
  out.reserve(by_person.size());
  for (auto& [id, f] : by_person) out.push_back(std::move(f));
  return out;
}

Status WriteEntry(storage::Tx& tx, int64_t id, const CommendationEntry& e) {
  const CommendationFigures& f = e.figures;
  DX_RETURN_IF_ERROR(tx.Exec(kUpsertEntry, {id, f.person_id, e.rank, f.exam_points,
                                            f.study_minutes, f.xuexi_points, e.total,
                                            std::string(kEntrySources.Name(e.source)),
                                            int64_t{e.removed}, e.reason}));
  return Ok();
}

// Proposes again: the rule's entries replace its earlier ones; entries an
// admin added or removed keep their state, with fresh figures.
Status Propose(storage::Tx& tx, const Context& ctx, const Commendation& c) {
  DX_ASSIGN_OR_RETURN(campaigns::CampaignScope campaign,
                      campaigns::CampaignService::LoadScope(tx, ctx, c.campaign_id));
  DX_ASSIGN_OR_RETURN(std::vector<CommendationFigures> figures, LoadFigures(tx, c, campaign));
  std::map<int64_t, const CommendationEntry*> kept;
  for (const auto& e : c.entries) {
    if (e.source == EntrySource::kAdded || e.removed) kept[e.figures.person_id] = &e;
  }
  DX_RETURN_IF_ERROR(tx.Exec(kDeleteRuleEntries, {c.id}));
  std::map<int64_t, CommendationFigures> figures_of;
  for (const auto& f : figures) figures_of[f.person_id] = f;
  for (const CommendationEntry& e : SelectCandidates(c.rule, figures)) {
    if (kept.count(e.figures.person_id)) continue;
    DX_RETURN_IF_ERROR(WriteEntry(tx, c.id, e));
  }
  for (const auto& [person_id, e] : kept) {
    auto f = figures_of.find(person_id);
    if (f == figures_of.end()) continue;
    DX_RETURN_IF_ERROR(tx.Exec(kRuleEntryKept,
                               {e->rank, f->second.exam_points, f->second.study_minutes,
                                f->second.xuexi_points, CommendationTotal(c.rule, f->second),
                                c.id, person_id}));
  }
  return Ok();
}

Status CheckReason(const std::string& reason) {
  DX_RETURN_IF_ERROR(CheckLineText(reason, "reason", "理由", kMaxCommendationReason));
  if (reason.empty()) return Invalid("请填写理由", "reason");
  return Ok();
}

// The versioned write of one draft list: rights, version, draft only,
// `change` (which may write entries), the row, audit, commit.
Result<Commendation> Write(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                           const std::string& action,
                           const std::function<Status(storage::Tx&, Commendation&)>& change) {
  VersionedRecord<Commendation> record = RecordAs(ctx);
  VersionedWrite<Commendation> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const Commendation& before) -> Status {
    if (!ctx.principal->CanWrite(before.org_path)) {
      return MakeError(Code::kPermissionDenied, "无权修改该表彰名单");
    }
    return Ok();
  };
  w.change = [&](storage::Tx& tx, const Commendation& before, Commendation& after) -> Status {
    if (before.status == CommendationStatus::kPublished) {
      return MakeError(Code::kFailedPrecondition, "表彰名单已发布，不能再修改");
    }
    return change(tx, after);
  };
  w.write = [&](storage::Tx& tx, const Commendation&, const Commendation& a) -> Result<int64_t> {
    const CommendationRule& r = a.rule;
    return tx.Exec(kUpdate, {a.title, JoinInts(r.exam_ids), Opt(r.min_exam_points),
                             Opt(r.min_study_minutes), Opt(r.min_xuexi_points), r.exam_weight,
                             r.study_weight, r.xuexi_weight, r.top_n,
                             std::string(kCommendationStatuses.Name(a.status)),
                             Opt(a.published_at), FormatTime(ctx.now), id, version});
  };
  return WriteVersioned(db, ctx, record, w);
}

}  // namespace

Status ValidateRule(const CommendationRule& r) {
  if (r.exam_ids.size() > kMaxCommendationExams) {
    return Invalid("最多选择 " + std::to_string(kMaxCommendationExams) + " 场考试", "exam_ids");
  }
  for (auto [value, field] : {std::pair{r.exam_weight, "exam_weight"},
                              std::pair{r.study_weight, "study_weight"},
                              std::pair{r.xuexi_weight, "xuexi_weight"}}) {
    if (value < 0 || value > kMaxCommendationWeight) {
      return Invalid("权重须在 0 至 " + std::to_string(kMaxCommendationWeight) + " 之间", field);
    }
  }
  for (auto [value, field] : {std::pair{r.min_exam_points, "min_exam_points"},
                              std::pair{r.min_study_minutes, "min_study_minutes"},
                              std::pair{r.min_xuexi_points, "min_xuexi_points"}}) {
    if (value && (*value < 0 || *value > kMaxCommendationThreshold)) {
      return Invalid("门槛须为不超过 10 亿的非负整数", field);
    }
  }
  if (r.top_n < 0 || r.top_n > kMaxCommendationTopN) {
    return Invalid("名额须在 0 至 " + std::to_string(kMaxCommendationTopN) + " 之间", "top_n");
  }
  if (r.exam_weight == 0 && r.study_weight == 0 && r.xuexi_weight == 0 && !r.min_exam_points &&
      !r.min_study_minutes && !r.min_xuexi_points) {
    return Invalid("请至少设置一项权重或门槛", "exam_weight");
  }
  if ((r.exam_weight > 0 || r.min_exam_points) && r.exam_ids.empty()) {
    return Invalid("按考试成绩评选时请选择考试", "exam_ids");
  }
  return Ok();
}

int64_t CommendationTotal(const CommendationRule& r, const CommendationFigures& f) {
  return r.exam_weight * f.exam_points + r.study_weight * (f.study_minutes * 100 / 60) +
         r.xuexi_weight * f.xuexi_points * 100;
}

std::vector<CommendationEntry> SelectCandidates(const CommendationRule& rule,
                                                std::vector<CommendationFigures> figures) {
  std::vector<CommendationEntry> out;
  for (auto& f : figures) {
    if (rule.min_exam_points && f.exam_points < *rule.min_exam_points) continue;
    if (rule.min_study_minutes && f.study_minutes < *rule.min_study_minutes) continue;
    if (rule.min_xuexi_points && f.xuexi_points < *rule.min_xuexi_points) continue;
    CommendationEntry e;
    e.total = CommendationTotal(rule, f);
    e.figures = std::move(f);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const CommendationEntry& a, const CommendationEntry& b) {
    if (a.total != b.total) return a.total > b.total;
    return a.figures.person_id < b.figures.person_id;
  });
  for (size_t i = 0; i < out.size(); ++i) {
    bool tied = i > 0 && out[i].total == out[i - 1].total;
    out[i].rank = tied ? out[i - 1].rank : static_cast<int64_t>(i) + 1;
  }
  if (rule.top_n > 0) {
    std::erase_if(out, [&](const CommendationEntry& e) { return e.rank > rule.top_n; });
  }
  return out;
}

Result<Commendation> CommendationService::Create(const Context& ctx, const CommendationDraft& d) {
  DX_RETURN_IF_ERROR(CheckLineText(d.title, "title", "名单名称", kMaxCommendationTitle));
  if (d.title.empty()) return Invalid("请填写名单名称", "title");
  DX_RETURN_IF_ERROR(ValidateRule(d.rule));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, d.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织评选表彰", "org_id");
  }
  auto campaign = campaigns::CampaignService::LoadScope(*tx, ctx, d.campaign_id);
  if (!campaign.ok()) return MakeError(Code::kNotFound, "学习教育活动不存在", "campaign_id");
  Commendation c;
  c.campaign_id = d.campaign_id;
  c.org_path = org->path;
  c.rule = d.rule;
  DX_RETURN_IF_ERROR(CheckExams(*tx, c));
  const CommendationRule& r = d.rule;
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx->QueryOne(kInsert, {d.campaign_id, d.org_id, org->path, d.title, JoinInts(r.exam_ids),
                             Opt(r.min_exam_points), Opt(r.min_study_minutes),
                             Opt(r.min_xuexi_points), r.exam_weight, r.study_weight,
                             r.xuexi_weight, r.top_n, FormatTime(ctx.now)}));
  c.id = row.Int(0);
  DX_RETURN_IF_ERROR(Propose(*tx, ctx, c));
  return FinishCreate(*tx, ctx, RecordAs(ctx), c.id);
}

Result<std::vector<Commendation>> CommendationService::List(const Context& ctx,
                                                            int64_t campaign_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(std::string(kColumns) + std::string(kList), {campaign_id}));
  std::vector<Commendation> out;
  for (const auto& r : rows) {
    Commendation c = FromRow(r);
    if (!MayRead(*ctx.principal, c)) continue;
    c.can_edit = c.status == CommendationStatus::kDraft && ctx.principal->CanWrite(c.org_path);
    out.push_back(std::move(c));
    if (out.size() == 200) break;
  }
  return out;
}

Result<Commendation> CommendationService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return Load(*tx, ctx, id);
}

Result<Commendation> CommendationService::UpdateRule(const Context& ctx, int64_t id,
                                                     int64_t version, const std::string& title,
                                                     const CommendationRule& rule) {
  DX_RETURN_IF_ERROR(CheckLineText(title, "title", "名单名称", kMaxCommendationTitle));
  if (title.empty()) return Invalid("请填写名单名称", "title");
  DX_RETURN_IF_ERROR(ValidateRule(rule));
  return Write(db_, ctx, id, version, "update", [&](storage::Tx& tx, Commendation& c) -> Status {
    c.title = title;
    c.rule = rule;
    DX_RETURN_IF_ERROR(CheckExams(tx, c));
    return Propose(tx, ctx, c);
  });
}

Result<Commendation> CommendationService::AddEntry(const Context& ctx, int64_t id,
                                                   int64_t version, int64_t person_id,
                                                   const std::string& reason) {
  DX_RETURN_IF_ERROR(CheckReason(reason));
  return Write(db_, ctx, id, version, "commendation_add", [&](storage::Tx& tx, Commendation& c) -> Status {
    for (const auto& e : c.entries) {
      if (e.figures.person_id == person_id && !e.removed) {
        return Invalid("此人已在名单中", "person_id");
      }
    }
    DX_ASSIGN_OR_RETURN(storage::Rows person, tx.Query(kPersonPath, {person_id}));
    if (person.empty() || !Within(person.front().Text(0), c.org_path)) {
      return Invalid("人员不存在或不在本组织范围内", "person_id");
    }
    DX_ASSIGN_OR_RETURN(campaigns::CampaignScope campaign,
                        campaigns::CampaignService::LoadScope(tx, ctx, c.campaign_id));
    DX_ASSIGN_OR_RETURN(std::vector<CommendationFigures> figures, LoadFigures(tx, c, campaign));
    auto f = std::find_if(figures.begin(), figures.end(),
                          [&](const CommendationFigures& x) { return x.person_id == person_id; });
    if (f == figures.end()) return Invalid("人员不存在或不在本组织范围内", "person_id");
    CommendationEntry e;
    e.figures = *f;
    e.total = CommendationTotal(c.rule, *f);
    e.rank = 1;
    for (const auto& x : c.entries) {
      if (!x.removed && x.total > e.total) ++e.rank;
    }
    e.source = EntrySource::kAdded;
    e.reason = reason;
    return WriteEntry(tx, c.id, e);
  });
}

Result<Commendation> CommendationService::RemoveEntry(const Context& ctx, int64_t id,
                                                      int64_t version, int64_t person_id,
                                                      const std::string& reason) {
  DX_RETURN_IF_ERROR(CheckReason(reason));
  return Write(db_, ctx, id, version, "commendation_remove",
               [&](storage::Tx& tx, Commendation& c) -> Status {
                 auto e = std::find_if(c.entries.begin(), c.entries.end(), [&](const auto& x) {
                   return x.figures.person_id == person_id && !x.removed;
                 });
                 if (e == c.entries.end()) {
                   return MakeError(Code::kNotFound, "此人不在名单中", "person_id");
                 }
                 e->removed = true;
                 e->reason = reason;
                 return WriteEntry(tx, c.id, *e);
               });
}

Result<Commendation> CommendationService::Publish(const Context& ctx, int64_t id,
                                                  int64_t version) {
  return Write(db_, ctx, id, version, "commendation_publish", [&](storage::Tx&, Commendation& c) -> Status {
    bool anyone = std::any_of(c.entries.begin(), c.entries.end(),
                              [](const CommendationEntry& e) { return !e.removed; });
    if (!anyone) return MakeError(Code::kFailedPrecondition, "名单为空，不能发布");
    c.status = CommendationStatus::kPublished;
    c.published_at = FormatTime(ctx.now);
    return Ok();
  });
}

}  // namespace duxing::domain::assessments
