#include "domain/assessments/paper.hpp"

#include <set>

#include "domain/assessments/grading.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/orgs/org.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kPaperColumns =
    "p.id, p.org_id, p.title, p.kind, p.total_points, p.archived, p.version, p.org_path";
constexpr std::string_view kInsertPaper =
    "INSERT INTO papers (org_id, org_path, title, kind, total_points, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
constexpr std::string_view kItems =
    "SELECT i.question_id, i.question_version_id, i.points, v.type, v.stem "
    "FROM paper_items i JOIN question_versions v ON v.id = i.question_version_id "
    "WHERE i.paper_id = $1 ORDER BY i.position";
constexpr std::string_view kRules =
    "SELECT category_id, type, difficulty, count, points FROM paper_rules "
    "WHERE paper_id = $1 ORDER BY position";
constexpr std::string_view kInsertItem =
    "INSERT INTO paper_items (paper_id, position, question_id, question_version_id, points) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kInsertRule =
    "INSERT INTO paper_rules (paper_id, position, category_id, type, difficulty, count, points) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kBankQuestion =
    "SELECT current_version_id, archived FROM questions WHERE id = $1 AND org_id = $2";
constexpr std::string_view kCategoryOf =
    "SELECT path, name FROM question_categories WHERE id = $1 AND org_id = $2";
// The questions a rule may draw, in id order.
constexpr std::string_view kCandidates =
    "SELECT q.id, q.current_version_id FROM questions q "
    "JOIN question_categories c ON c.id = q.category_id "
    "WHERE q.org_id = $1 AND q.archived = 0 AND q.type = $2 AND c.path LIKE $3 "
    "AND ($4 = 0 OR q.difficulty = $4) ORDER BY q.id";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

std::string At(std::string_view field, size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

struct LoadedPaper {
  Paper paper;
  std::string org_path;
};

LoadedPaper PaperFromRow(const storage::Row& r) {
  Paper p;
  p.id = r.Int(0);
  p.org_id = r.Int(1);
  p.title = r.Text(2);
  p.kind = kPaperKinds.Parse(r.Text(3)).value_or(PaperKind::kFixed);
  p.total_points = r.Int(4);
  p.archived = r.Bool(5);
  p.version = r.Int(6);
  return {std::move(p), r.Text(7)};
}

Status LoadChildren(storage::Tx& tx, Paper& p) {
  DX_ASSIGN_OR_RETURN(storage::Rows items, tx.Query(kItems, {p.id}));
  for (const auto& r : items) {
    p.items.push_back({r.Int(0), r.Int(1), r.Int(2),
                       ParseType(r.Text(3)).value_or(QuestionType::kSingle), r.Text(4)});
  }
  DX_ASSIGN_OR_RETURN(storage::Rows rules, tx.Query(kRules, {p.id}));
  for (const auto& r : rules) {
    std::optional<int> difficulty;
    if (!r.IsNull(2)) difficulty = static_cast<int>(r.Int(2));
    p.rules.push_back({r.Int(0), ParseType(r.Text(1)).value_or(QuestionType::kSingle), difficulty,
                       r.Int(3), r.Int(4)});
  }
  return Ok();
}

Result<LoadedPaper> LoadPaper(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query("SELECT " + std::string(kPaperColumns) + " FROM papers p WHERE p.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "试卷不存在");
  LoadedPaper l = PaperFromRow(rows.front());
  DX_RETURN_IF_ERROR(LoadChildren(tx, l.paper));
  return l;
}

audit::Snapshot PaperSnap(const Paper& p) {
  return {
      {"title", p.title},
      {"kind", kPaperKinds.Name(p.kind)},
      {"org_id", std::to_string(p.org_id)},
      {"questions", std::to_string(p.kind == PaperKind::kFixed ? p.items.size() : p.rules.size())},
      {"total_points", std::to_string(p.total_points)},
      {"archived", p.archived ? "true" : "false"}};
}

Status CheckPoints(int64_t points, const std::string& field) {
  if (points < 1 || points > kMaxItemPoints) return Invalid("分值须在 0.01 至 100 之间", field);
  return Ok();
}

// Checks a fixed paper's items against the bank and sets their versions.
Status ResolveItems(storage::Tx& tx, int64_t org_id, std::vector<PaperItem>& items) {
  if (items.empty() || items.size() > kMaxPaperItems) {
    return Invalid("固定试卷须有 1 至 " + std::to_string(kMaxPaperItems) + " 道题", "items");
  }
  std::set<int64_t> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string field = At("items", i);
    DX_RETURN_IF_ERROR(CheckPoints(items[i].points, field + ".points"));
    if (!seen.insert(items[i].question_id).second) {
      return Invalid("同一道题不能重复加入试卷", field + ".question_id");
    }
    DX_ASSIGN_OR_RETURN(storage::Rows rows,
                        tx.Query(kBankQuestion, {items[i].question_id, org_id}));
    if (rows.empty()) return Invalid("试题不存在或不属于该题库", field + ".question_id");
    if (rows.front().Bool(1)) return Invalid("试题已归档", field + ".question_id");
    items[i].question_version_id = rows.front().Int(0);
  }
  return Ok();
}

// The candidates of `rule` in `org_id`'s bank, in id order; kInvalidArgument
// for a category outside the bank.
Result<std::vector<DrawnQuestion>> Candidates(storage::Tx& tx, int64_t org_id,
                                              const PaperRule& rule, const std::string& field,
                                              std::string* label) {
  DX_ASSIGN_OR_RETURN(storage::Rows cat, tx.Query(kCategoryOf, {rule.category_id, org_id}));
  if (cat.empty()) return Invalid("试题分类不存在或不属于该题库", field + ".category_id");
  if (label) {
    *label = cat.front().Text(1) + " / " + kQuestionTypes.Label(rule.type) +
             (rule.difficulty ? " / 难度 " + std::to_string(*rule.difficulty) : "");
  }
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(kCandidates, {org_id, std::string(TypeName(rule.type)), cat.front().Text(0) + "%",
                             int64_t{rule.difficulty.value_or(0)}}));
  std::vector<DrawnQuestion> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), rule.points});
  return out;
}

Error ShortOf(size_t i, const std::string& label, size_t have, int64_t need) {
  return MakeError(Code::kFailedPrecondition,
                   "第 " + std::to_string(i + 1) + " 条抽题规则（" + label + "）题库中只有 " +
                       std::to_string(have) + " 道可用试题，需要 " + std::to_string(need) + " 道",
                   At("rules", i));
}

Status CheckRuleFields(const std::vector<PaperRule>& rules) {
  if (rules.empty() || rules.size() > kMaxPaperRules) {
    return Invalid("随机组卷须有 1 至 " + std::to_string(kMaxPaperRules) + " 条规则", "rules");
  }
  int64_t total = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    std::string field = At("rules", i);
    DX_RETURN_IF_ERROR(CheckPoints(rules[i].points, field + ".points"));
    if (rules[i].count < 1 || rules[i].count > static_cast<int64_t>(kMaxPaperItems)) {
      return Invalid("每条规则的题数须在 1 至 " + std::to_string(kMaxPaperItems) + " 之间",
                     field + ".count");
    }
    if (rules[i].difficulty && (*rules[i].difficulty < 1 || *rules[i].difficulty > 5)) {
      return Invalid("难度须在 1 至 5 之间", field + ".difficulty");
    }
    total += rules[i].count;
  }
  if (total > static_cast<int64_t>(kMaxPaperItems)) {
    return Invalid("一份试卷最多 " + std::to_string(kMaxPaperItems) + " 道题", "rules");
  }
  return Ok();
}

const ListSpec& PaperList() {
  static const ListSpec spec{std::string(kPaperColumns),
                             "FROM papers p",
                             "FROM papers p",
                             {{"id", "p.id", "p.id", "p.id", true}},
                             "p.id"};
  return spec;
}

}  // namespace

Status PaperService::CheckRules(storage::Tx& tx, int64_t org_id,
                                const std::vector<PaperRule>& rules) {
  std::set<int64_t> taken;
  for (size_t i = 0; i < rules.size(); ++i) {
    std::string label;
    DX_ASSIGN_OR_RETURN(auto candidates, Candidates(tx, org_id, rules[i], At("rules", i), &label));
    size_t free = 0;
    for (const auto& c : candidates) {
      if (taken.contains(c.question_id)) continue;
      if (static_cast<int64_t>(free) < rules[i].count) taken.insert(c.question_id);
      ++free;
    }
    if (static_cast<int64_t>(free) < rules[i].count) {
      return ShortOf(i, label, free, rules[i].count);
    }
  }
  return Ok();
}

Result<std::vector<DrawnQuestion>> PaperService::Draw(storage::Tx& tx, int64_t paper_id,
                                                      uint64_t seed) {
  DX_ASSIGN_OR_RETURN(LoadedPaper l, LoadPaper(tx, paper_id));
  std::vector<DrawnQuestion> out;
  if (l.paper.kind == PaperKind::kFixed) {
    for (const auto& item : l.paper.items) {
      out.push_back({item.question_id, item.question_version_id, item.points});
    }
    return out;
  }
  std::set<int64_t> taken;
  for (size_t i = 0; i < l.paper.rules.size(); ++i) {
    const PaperRule& rule = l.paper.rules[i];
    std::string label;
    DX_ASSIGN_OR_RETURN(auto all, Candidates(tx, l.paper.org_id, rule, At("rules", i), &label));
    std::vector<DrawnQuestion> free;
    for (const auto& c : all) {
      if (!taken.contains(c.question_id)) free.push_back(c);
    }
    if (static_cast<int64_t>(free.size()) < rule.count) {
      return ShortOf(i, label, free.size(), rule.count);
    }
    std::vector<int> order = Shuffled(free.size(), MixSeed(seed, i));
    for (int64_t k = 0; k < rule.count; ++k) {
      out.push_back(free[static_cast<size_t>(order[static_cast<size_t>(k)])]);
      taken.insert(out.back().question_id);
    }
  }
  return out;
}

Result<Paper> PaperService::Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(LoadedPaper l, LoadPaper(tx, id));
  return l.paper;
}

Result<Page<Paper>> PaperService::List(const Context& ctx, std::optional<int64_t> org_id,
                                       const PageRequest& page) {
  storage::Where w;
  w.And(storage::InSubtrees("p.org_path", ctx.principal->ReadablePaths()));
  if (org_id) w.And("p.org_id = ?", {*org_id});
  w.And("p.archived = 0");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(ListRows rows, totals_.Page(*tx, PaperList(), w, "-id", page));
  Page<Paper> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) {
    out.items.push_back(PaperFromRow(r).paper);
    DX_RETURN_IF_ERROR(LoadChildren(*tx, out.items.back()));
  }
  return out;
}

Result<Paper> PaperService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  auto l = LoadPaper(*tx, id);
  if (!l.ok() || !ctx.principal->CanRead(l->org_path)) {
    return MakeError(Code::kNotFound, "试卷不存在");
  }
  return l->paper;
}

Result<Paper> PaperService::Create(const Context& ctx, const Paper& in) {
  if (in.title.empty()) return Invalid("试卷名称不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(in.title, "title", "试卷名称", kMaxPaperTitle));
  if (in.kind == PaperKind::kFixed && !in.rules.empty()) {
    return Invalid("固定试卷没有抽题规则", "rules");
  }
  if (in.kind == PaperKind::kRules && !in.items.empty()) {
    return Invalid("随机组卷没有固定试题", "items");
  }
  if (in.kind == PaperKind::kRules) DX_RETURN_IF_ERROR(CheckRuleFields(in.rules));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, in.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织组卷", "org_id");
  }
  Paper p = in;
  p.total_points = 0;
  if (p.kind == PaperKind::kFixed) {
    DX_RETURN_IF_ERROR(ResolveItems(*tx, p.org_id, p.items));
    for (const auto& item : p.items) p.total_points += item.points;
  } else {
    DX_RETURN_IF_ERROR(CheckRules(*tx, p.org_id, p.rules));
    for (const auto& rule : p.rules) p.total_points += rule.count * rule.points;
  }
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx->QueryOne(kInsertPaper, {p.org_id, org->path, p.title,
                                                  std::string(kPaperKinds.Name(p.kind)),
                                                  p.total_points, FormatTime(ctx.now)}));
  int64_t id = row.Int(0);
  for (size_t i = 0; i < p.items.size(); ++i) {
    const PaperItem& item = p.items[i];
    DX_RETURN_IF_ERROR(tx->Exec(kInsertItem, {id, static_cast<int64_t>(i), item.question_id,
                                              item.question_version_id, item.points}));
  }
  for (size_t i = 0; i < p.rules.size(); ++i) {
    const PaperRule& r = p.rules[i];
    std::optional<int64_t> difficulty;
    if (r.difficulty) difficulty = *r.difficulty;
    DX_RETURN_IF_ERROR(tx->Exec(
        kInsertRule, {id, static_cast<int64_t>(i), r.category_id, std::string(TypeName(r.type)),
                      storage::Opt(difficulty), r.count, r.points}));
  }
  VersionedRecord<LoadedPaper> record{
      "paper", [](storage::Tx& tx, int64_t id) { return LoadPaper(tx, id); },
      [](const LoadedPaper& l) { return l.paper.version; },
      [](const LoadedPaper& l) { return PaperSnap(l.paper); },
      [](const LoadedPaper& l) -> std::optional<std::string> { return l.org_path; }};
  DX_ASSIGN_OR_RETURN(LoadedPaper created, FinishCreate(*tx, ctx, record, id));
  return created.paper;
}

}  // namespace duxing::domain::assessments
