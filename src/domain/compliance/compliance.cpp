#include "domain/compliance/compliance.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <type_traits>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/events/event.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::compliance {
namespace {

namespace chr = std::chrono;
namespace ev = events;

constexpr std::string_view kRuleColumns =
    "SELECT id, code, name, subject, type_ids, period, minimum, org_kinds, "
    "person_categories, own_community, archived, version FROM compliance_rules";
constexpr std::string_view kUpdateRule =
    "UPDATE compliance_rules SET name = $1, period = $2, minimum = $3, archived = $4, "
    "type_ids = $5, org_kinds = $6, person_categories = $7, "
    "version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10";
constexpr std::string_view kTypeById = "SELECT name, archived FROM event_types WHERE id = $1";
constexpr std::string_view kTypeNames = "SELECT id, name FROM event_types";
constexpr std::string_view kOrgById = "SELECT id, name, path, kind FROM orgs WHERE id = $1";
constexpr std::string_view kJudgedOrgs = "SELECT id, name, path, kind FROM orgs";
// Published events of the subtree starting in the board's range: path, type, start.
constexpr std::string_view kOrgEvents = "SELECT e.org_path, e.type_id, e.starts_at FROM events e";
constexpr std::string_view kPeople =
    "SELECT p.id, p.name, o.name, p.category, p.community_id, p.created_at "
    "FROM people p JOIN orgs o ON o.id = p.org_id";
// Participations (signed in or made up) of the subtree's people.
constexpr std::string_view kParticipations =
    "SELECT a.person_id, e.type_id, e.starts_at, e.community_id FROM event_attendance a "
    "JOIN events e ON e.id = a.event_id "
    "JOIN people p ON p.id = a.person_id JOIN orgs o ON o.id = p.org_id";
constexpr std::string_view kAttendanceRow =
    "SELECT status, service_minutes, org_path, version FROM event_attendance "
    "WHERE event_id = $1 AND person_id = $2";
constexpr std::string_view kSetMinutes =
    "UPDATE event_attendance SET service_minutes = $1, version = version + 1, "
    "updated_at = $2 "
    "WHERE event_id = $3 AND person_id = $4 AND version = $5";
constexpr std::string_view kCommunityExists = "SELECT 1 FROM communities WHERE id = $1";
constexpr std::string_view kCommunityEvents =
    "SELECT e.id, e.title, t.name, e.category, e.starts_at, o.name, "
    "(SELECT COUNT(*) FROM event_attendance a WHERE a.event_id = e.id "
    " AND a.status IN ('signed', 'makeup')), "
    "(SELECT COALESCE(SUM(a.service_minutes), 0) FROM event_attendance a "
    " WHERE a.event_id = e.id) "
    "FROM events e JOIN event_types t ON t.id = e.type_id JOIN orgs o ON o.id "
    "= e.org_id";

// How long `e` lasted, in whole minutes (its times are canonical).
int64_t EventMinutes(const ev::Event& e) {
  auto starts = ParseTime(e.starts_at), ends = ParseTime(e.ends_at);
  if (!starts || !ends || *ends < *starts) return 0;
  return chr::duration_cast<chr::minutes>(*ends - *starts).count();
}

chr::year_month_day DateOf(std::string_view date) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::from_chars(date.data(), date.data() + 4, y);
  std::from_chars(date.data() + 5, date.data() + 7, m);
  std::from_chars(date.data() + 8, date.data() + 10, d);
  return chr::year_month_day{chr::year{y}, chr::month{m}, chr::day{d}};
}

std::string DateText(chr::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

int64_t DaysBetween(std::string_view from, std::string_view to) {
  return (chr::sys_days{DateOf(to)} - chr::sys_days{DateOf(from)}).count();
}

// The China date (YYYY-MM-DD) of a stored UTC time.
std::string ChinaDate(std::string_view utc) {
  auto t = ParseTime(utc);
  return t ? FormatChinaTime(*t).substr(0, 10) : std::string(utc.substr(0, 10));
}

// The UTC instant (stored form) at which China date `date` begins.
std::string ChinaMidnightUtc(std::string_view date) {
  return FormatTime(TimePoint(chr::sys_days{DateOf(date)} - chr::hours(8)));
}

Period MakePeriod(PeriodKind kind, int year, unsigned first_month) {
  Period p;
  p.kind = kind;
  unsigned months = kind == PeriodKind::kMonth ? 1 : kind == PeriodKind::kQuarter ? 3 : 12;
  chr::year_month first{chr::year{year}, chr::month{first_month}};
  chr::year_month end = first + chr::months{months};
  p.first = DateText(first / chr::day{1});
  p.end = DateText(end / chr::day{1});
  char buf[16];
  if (kind == PeriodKind::kYear) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (kind == PeriodKind::kQuarter) {
    std::snprintf(buf, sizeof buf, "%04d-Q%u", year, (first_month - 1) / 3 + 1);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u", year, first_month);
  }
  p.label = buf;
  return p;
}

// The periods of `kind` that tile `board` (a rule coarser than the board
// gets the one period holding the board's start).
std::vector<Period> PeriodsIn(PeriodKind kind, const Period& board) {
  std::vector<Period> out;
  Period p = PeriodOf(kind, board.first);
  out.push_back(p);
  for (int i = 0; i < 12 && p.end < board.end; ++i) {
    p = PeriodOf(kind, p.end);
    out.push_back(p);
  }
  return out;
}

std::vector<std::string> SplitCodes(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// A set as its column keeps it: comma-separated.
template <typename T>
std::string JoinSet(const std::vector<T>& items) {
  std::string out;
  for (const auto& x : items) {
    if (!out.empty()) out += ",";
    if constexpr (std::is_same_v<T, std::string>) {
      out += x;
    } else {
      out += std::to_string(x);
    }
  }
  return out;
}

Rule RuleFromRow(const storage::Row& r) {
  Rule x;
  x.id = r.Int(0);
  x.code = r.Text(1);
  x.name = r.Text(2);
  x.subject = kSubjectCodes.Parse(r.Text(3)).value_or(Subject::kOrg);
  for (const auto& id : SplitCodes(r.Text(4))) x.type_ids.push_back(std::stoll(id));
  x.period = kPeriodCodes.Parse(r.Text(5)).value_or(PeriodKind::kQuarter);
  x.minimum = r.Int(6);
  x.org_kinds = SplitCodes(r.Text(7));
  x.person_categories = SplitCodes(r.Text(8));
  x.own_community = r.Bool(9);
  x.archived = r.Bool(10);
  x.version = r.Int(11);
  return x;
}

// The rules `sql` selects (kRuleColumns and a tail), with their types' names.
Result<std::vector<Rule>> LoadRules(storage::Tx& tx, const std::string& sql,
                                    const storage::Params& params) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(sql, params));
  DX_ASSIGN_OR_RETURN(storage::Rows types, tx.Query(kTypeNames, {}));
  std::map<int64_t, std::string> names;
  for (const auto& t : types) names[t.Int(0)] = t.Text(1);
  std::vector<Rule> out;
  for (const auto& r : rows) {
    Rule rule = RuleFromRow(r);
    for (int64_t id : rule.type_ids) {
      auto it = names.find(id);
      rule.type_names.push_back(it == names.end() ? std::to_string(id) : it->second);
    }
    out.push_back(std::move(rule));
  }
  return out;
}

Result<Rule> LoadRule(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(std::vector<Rule> rules,
                      LoadRules(tx, std::string(kRuleColumns) + " WHERE id = $1", {id}));
  if (rules.empty()) return MakeError(Code::kNotFound, "考核规则不存在");
  return rules.front();
}

// The labels of `codes` in `v`, joined as a reader lists them (党支部、党总支).
std::string Labels(const Vocabulary& v, const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : "、") + LabelOrCode(v, c);
  return out;
}

// The audit snapshot of a rule: its sets as the names a reader knows.
audit::Snapshot Snap(const Rule& r) {
  std::string types;
  for (const auto& name : r.type_names) types += (types.empty() ? "" : "、") + name;
  return {{"name", r.name},
          {"period", kPeriodCodes.Name(r.period)},
          {"minimum", std::to_string(r.minimum)},
          {"archived", r.archived ? "true" : "false"},
          {"type_ids", types},
          {"org_kinds", Labels(orgs::kKindCodes.terms(), r.org_kinds)},
          {"person_categories", Labels(people::kCategories, r.person_categories)}};
}

const VersionedRecord<Rule>& RuleRecord() {
  static const VersionedRecord<Rule> kRecord{kRuleRecordType, LoadRule,
                                             [](const Rule& r) { return r.version; }, Snap};
  return kRecord;
}

// Drops repeats, keeping the first of each.
template <typename T>
std::vector<T> Distinct(const std::vector<T>& in) {
  std::vector<T> out;
  for (const T& x : in) {
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  }
  return out;
}

// The types a rule counts: at least one, each known, none newly archived;
// sets their names.
Status CheckRuleTypes(storage::Tx& tx, const Rule& before, Rule& after) {
  if (after.type_ids.empty()) {
    return MakeError(Code::kInvalidArgument, "请至少选择一种活动类型", "type_ids");
  }
  if (after.type_ids.size() > kMaxRuleTypes) {
    return MakeError(Code::kInvalidArgument,
                     "活动类型最多 " + std::to_string(kMaxRuleTypes) + " 种", "type_ids");
  }
  after.type_names.clear();
  for (int64_t id : after.type_ids) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kTypeById, {id}));
    if (rows.empty()) {
      return MakeError(Code::kInvalidArgument, "活动类型不存在（编号 " + std::to_string(id) + "）",
                       "type_ids");
    }
    bool counted = std::find(before.type_ids.begin(), before.type_ids.end(), id) !=
                   before.type_ids.end();
    if (rows.front().Bool(1) && !counted) {
      return MakeError(Code::kInvalidArgument, "活动类型“" + rows.front().Text(0) + "”已停用",
                       "type_ids");
    }
    after.type_names.push_back(rows.front().Text(0));
  }
  return Ok();
}

// Whom a rule applies to: the set of its subject non-empty and known, the
// other one empty.
Status CheckAppliesTo(const Rule& r) {
  const bool org = r.subject == Subject::kOrg;
  if (org && !r.person_categories.empty()) {
    return MakeError(Code::kInvalidArgument, "组织考核规则不按人员类别考核，人员类别应为空",
                     "person_categories");
  }
  if (!org && !r.org_kinds.empty()) {
    return MakeError(Code::kInvalidArgument, "个人考核规则不按组织类型考核，组织类型应为空",
                     "org_kinds");
  }
  if (org && r.org_kinds.empty()) {
    return MakeError(Code::kInvalidArgument, "请至少选择一种适用的组织类型", "org_kinds");
  }
  if (!org && r.person_categories.empty()) {
    return MakeError(Code::kInvalidArgument, "请至少选择一种适用的人员类别", "person_categories");
  }
  for (const auto& kind : r.org_kinds) {
    if (!orgs::kKindCodes.Parse(kind)) {
      return MakeError(Code::kInvalidArgument, "组织类型无效：" + kind, "org_kinds");
    }
  }
  for (const auto& category : r.person_categories) {
    if (LabelOf(people::kCategories, category).empty()) {
      return MakeError(Code::kInvalidArgument, "人员类别无效：" + category, "person_categories");
    }
  }
  return Ok();
}

// The minutes of `person_id` at an event (the record's id), audited on the
// event as the attendance module audits its rows.
VersionedRecord<ServiceMinutes> MinutesRecord(int64_t person_id) {
  return {"attendance",
          [person_id](storage::Tx& tx, int64_t event_id) -> Result<ServiceMinutes> {
            DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kAttendanceRow, {event_id, person_id}));
            if (rows.empty()) return MakeError(Code::kNotFound, "该人员不在参加名单中", "person_id");
            const auto& r = rows.front();
            return ServiceMinutes{event_id, person_id, r.Text(0), r.OptInt(1), r.Text(2), r.Int(3)};
          },
          [](const ServiceMinutes& m) { return m.version; },
          [](const ServiceMinutes& m) {
            return audit::Snapshot{
                {"person_id", std::to_string(m.person_id)},
                {"service_minutes",
                 m.minutes ? std::optional(std::to_string(*m.minutes)) : std::nullopt}};
          },
          [](const ServiceMinutes& m) { return std::optional(m.org_path); }};
}

template <typename T>
bool Has(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool InPath(std::string_view path, std::string_view root) {
  return path.substr(0, root.size()) == root;
}

// One event counted for a subject: its type, China date, community.
struct Counted {
  int64_t type_id = 0;
  std::string date;
  std::optional<int64_t> community_id;
};

// The cells of `rule` for events `seen` on `board` as of `today`; `since`:
// the date a person belongs from (a period they are not judged in is
// not_applicable), unset for a branch.
std::vector<Cell> CellsOf(const Rule& rule, const Period& board, const std::vector<Counted>& seen,
                          std::optional<int64_t> own_community, std::string_view today,
                          const std::optional<std::string>& since) {
  std::vector<Cell> out;
  for (const Period& p : PeriodsIn(rule.period, board)) {
    Cell c{rule.id, p, 0, rule.minimum, Verdict::kNotApplicable};
    for (const Counted& e : seen) {
      if (!Has(rule.type_ids, e.type_id) || e.date < p.first || e.date >= p.end) continue;
      if (rule.own_community && (!own_community || e.community_id != own_community)) continue;
      ++c.count;
    }
    if (!since || Judged(p, *since)) c.verdict = Judge(p, c.count, rule.minimum, today);
    out.push_back(std::move(c));
  }
  return out;
}

constexpr std::string_view kAllOrgs =
    "SELECT id, name, kind FROM orgs WHERE archived = 0 ORDER BY path, id";
constexpr std::string_view kNoticeSent =
    "INSERT INTO compliance_notices (org_id, period, sent_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, period) DO NOTHING";
// The branches already notified for a period: the job does not judge them
// again (a board is the job's cost; a year ends once, its notices stand).
constexpr std::string_view kNotifiedOrgs = "SELECT org_id FROM compliance_notices WHERE period = $1";
constexpr std::string_view kSecretaries =
    "SELECT a.id FROM role_grants g JOIN accounts a ON a.id = g.account_id "
    "WHERE g.role = 'branch_secretary' AND g.org_id = $1 AND a.disabled = 0 ORDER BY a.id";

// The lines of a notice: the branch's missed rules of `kind` in period
// `label`, and how many people missed each person rule.
std::vector<std::string> MissedLines(const Board& board, PeriodKind kind,
                                     const std::string& label) {
  std::map<int64_t, std::string> names;
  for (const Rule& r : board.rules) names[r.id] = r.name;
  auto counts = [&](const Cell& c) {
    return c.period.label == label && c.verdict == Verdict::kMissed &&
           std::any_of(board.rules.begin(), board.rules.end(),
                       [&](const Rule& r) { return r.id == c.rule_id && r.period == kind; });
  };
  std::vector<std::string> lines;
  for (const auto& b : board.branches) {
    for (const Cell& c : b.cells) {
      if (counts(c)) {
        lines.push_back(names[c.rule_id] + "（" + std::to_string(c.count) + "/" +
                        std::to_string(c.minimum) + "）");
      }
    }
  }
  std::map<int64_t, int64_t> people_missed;
  for (const auto& p : board.people) {
    for (const Cell& c : p.cells) {
      if (counts(c)) ++people_missed[c.rule_id];
    }
  }
  for (const auto& [rule_id, n] : people_missed) {
    lines.push_back(names[rule_id] + "：" + std::to_string(n) + " 人未达标");
  }
  return lines;
}

// The org kinds some org rule of `rules` in use judges, each once.
std::vector<std::string> JudgedKinds(const std::vector<Rule>& rules) {
  std::vector<std::string> kinds;
  for (const Rule& r : rules) {
    if (r.subject == Subject::kOrg && !r.archived) kinds.insert(kinds.end(), r.org_kinds.begin(), r.org_kinds.end());
  }
  return Distinct(kinds);
}

Error NoOrg() { return MakeError(Code::kNotFound, "组织不存在", "org_id"); }

}  // namespace

Result<Period> ParsePeriod(std::string_view text) {
  Error bad = MakeError(Code::kInvalidArgument, "期间格式应为 2021、2021-Q1 或 2021-03", "period");
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (text.size() < 4 || !digits(text.substr(0, 4))) return bad;
  int year = std::stoi(std::string(text.substr(0, 4)));
  if (year < 2000 || year > 2100) return bad;
  if (text.size() == 4) return MakePeriod(PeriodKind::kYear, year, 1);
  if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4') {
    return MakePeriod(PeriodKind::kQuarter, year, (text[6] - '1') * 3 + 1);
  }
  if (text.size() == 7 && text[4] == '-' && digits(text.substr(5))) {
    int month = std::stoi(std::string(text.substr(5)));
    if (month >= 1 && month <= 12) {
      return MakePeriod(PeriodKind::kMonth, year, static_cast<unsigned>(month));
    }
  }
  return bad;
}

Period PeriodOf(PeriodKind kind, std::string_view date) {
  chr::year_month_day d = DateOf(date);
  unsigned month = static_cast<unsigned>(d.month());
  unsigned first = kind == PeriodKind::kMonth     ? month
                   : kind == PeriodKind::kQuarter ? (month - 1) / 3 * 3 + 1
                                                  : 1;
  return MakePeriod(kind, static_cast<int>(d.year()), first);
}

bool Judged(const Period& p, std::string_view since) {
  if (since <= p.first) return true;
  if (since >= p.end) return false;
  return 2 * DaysBetween(since, p.end) >= DaysBetween(p.first, p.end);
}

Verdict Judge(const Period& p, int64_t count, int64_t minimum, std::string_view today) {
  if (count >= minimum) return Verdict::kMet;
  return today < p.end ? Verdict::kPending : Verdict::kMissed;
}

ComplianceService::ComplianceService(storage::Database& db) : db_(db) {}

Result<std::vector<Rule>> ComplianceService::Rules(const Context& ctx) {
  if (!ctx.principal->IsStaff()) return MakeError(Code::kPermissionDenied, "无权查看考核规则");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LoadRules(*tx, std::string(kRuleColumns) + " ORDER BY id", {});
}

Result<Rule> ComplianceService::UpdateRule(const Context& ctx, int64_t id, const RulePatch& p) {
  if (!ctx.principal->CanEditReference()) {
    return MakeError(Code::kPermissionDenied, "无权修改考核规则");
  }
  VersionedWrite<Rule> w;
  w.action = "update";
  w.id = id;
  w.version = p.version;
  w.change = [&](storage::Tx& tx, const Rule& before, Rule& after) -> Status {
    if (p.name) after.name = Trim(*p.name);
    if (p.period) after.period = *p.period;
    if (p.minimum) after.minimum = *p.minimum;
    if (p.archived) after.archived = *p.archived;
    if (p.type_ids) after.type_ids = Distinct(*p.type_ids);
    if (p.org_kinds) after.org_kinds = Distinct(*p.org_kinds);
    if (p.person_categories) after.person_categories = Distinct(*p.person_categories);
    if (after.name.empty()) return MakeError(Code::kInvalidArgument, "规则名称不能为空", "name");
    DX_RETURN_IF_ERROR(CheckLineText(after.name, "name", "规则名称", 100));
    if (after.minimum < 1 || after.minimum > kMaxMinimum) {
      return MakeError(Code::kInvalidArgument, "最低次数应在 1 到 100 之间", "minimum");
    }
    if (p.type_ids) DX_RETURN_IF_ERROR(CheckRuleTypes(tx, before, after));
    return CheckAppliesTo(after);
  };
  w.write = [&](storage::Tx& tx, const Rule&, const Rule& after) {
    return tx.Exec(kUpdateRule, {after.name, kPeriodCodes.Name(after.period), after.minimum,
                                 int64_t{after.archived}, JoinSet(after.type_ids),
                                 JoinSet(after.org_kinds), JoinSet(after.person_categories),
                                 FormatTime(ctx.now), id, p.version});
  };
  return WriteVersioned(db_, ctx, RuleRecord(), w);
}

Result<Board> ComplianceService::BoardOf(const Context& ctx, int64_t org_id, const Period& period) {
  if (!ctx.principal->IsStaff()) return MakeError(Code::kPermissionDenied, "无权查看考核情况");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows org_rows, tx->Query(kOrgById, {org_id}));
  if (org_rows.empty() || !ctx.principal->CanRead(org_rows.front().Text(2))) return NoOrg();
  const std::string root = org_rows.front().Text(2);
  const std::string today = FormatChinaTime(ctx.now).substr(0, 10);
  Board board;
  board.period = period;
  DX_ASSIGN_OR_RETURN(board.rules,
                      LoadRules(*tx, std::string(kRuleColumns) + " WHERE archived = 0 ORDER BY id", {}));
  // The widest range any rule's periods reach.
  std::string first = period.first, end = period.end;
  for (const Rule& rule : board.rules) {
    auto ps = PeriodsIn(rule.period, period);
    first = std::min(first, ps.front().first);
    end = std::max(end, ps.back().end);
  }
  const std::string from_utc = ChinaMidnightUtc(first), to_utc = ChinaMidnightUtc(end);

  // The organizations of the subtree of a kind some org rule judges.
  storage::Where orgs_judged;
  orgs_judged.And(storage::InSubtrees("path", {root}));
  orgs_judged.And("archived = 0");
  DX_ASSIGN_OR_RETURN(storage::Rows org_rows_all,
                      tx->Query(std::string(kJudgedOrgs) + orgs_judged.Sql() + " ORDER BY path, id",
                                orgs_judged.params()));
  const std::vector<std::string> kinds = JudgedKinds(board.rules);
  std::vector<storage::Row> branch_rows;
  for (const auto& o : org_rows_all) {
    if (Has(kinds, o.Text(3))) branch_rows.push_back(o);
  }
  storage::Where held;
  held.And(storage::InSubtrees("e.org_path", {root}));
  held.And(
      "e.archived = 0 AND e.status = 'published' AND e.starts_at >= ? AND "
      "e.starts_at < ?",
      {from_utc, to_utc});
  DX_ASSIGN_OR_RETURN(storage::Rows event_rows,
                      tx->Query(std::string(kOrgEvents) + held.Sql(), held.params()));
  for (const auto& b : branch_rows) {
    std::vector<Counted> seen;
    for (const auto& e : event_rows) {
      if (InPath(e.Text(0), b.Text(2))) seen.push_back({e.Int(1), ChinaDate(e.Text(2)), {}});
    }
    BranchRow row{b.Int(0), b.Text(1), b.Text(3), {},
                  LabelOrCode(orgs::kKindCodes.terms(), b.Text(3))};
    for (const Rule& rule : board.rules) {
      if (rule.subject != Subject::kOrg || !Has(rule.org_kinds, row.kind)) continue;
      for (Cell& c : CellsOf(rule, period, seen, std::nullopt, today, std::nullopt)) {
        row.cells.push_back(std::move(c));
      }
    }
    board.branches.push_back(std::move(row));
  }

  storage::Where people;
  people.And(storage::InSubtrees("o.path", {root}));
  people.And("p.archived = 0 AND p.status = 'active'");
  DX_ASSIGN_OR_RETURN(storage::Rows person_rows, tx->Query(std::string(kPeople) + people.Sql() +
                                                               " ORDER BY o.path, p.name, p.id",
                                                           people.params()));
  storage::Where took;
  took.And(storage::InSubtrees("o.path", {root}));
  took.And(
      "a.status IN ('signed', 'makeup') AND e.archived = 0 AND e.status = "
      "'published' "
      "AND e.starts_at >= ? AND e.starts_at < ?",
      {from_utc, to_utc});
  DX_ASSIGN_OR_RETURN(storage::Rows part_rows,
                      tx->Query(std::string(kParticipations) + took.Sql(), took.params()));
  std::map<int64_t, std::vector<Counted>> by_person;
  for (const auto& r : part_rows) {
    by_person[r.Int(0)].push_back({r.Int(1), ChinaDate(r.Text(2)), r.OptInt(3)});
  }
  for (const auto& p : person_rows) {
    PersonRow row{p.Int(0), p.Text(1), p.Text(2), {}};
    const std::optional<std::string> since = ChinaDate(p.Text(5));
    bool any = false;
    for (const Rule& rule : board.rules) {
      if (rule.subject != Subject::kPerson) continue;
      if (!Has(rule.person_categories, p.Text(3))) continue;
      any = true;
      for (Cell& c : CellsOf(rule, period, by_person[row.person_id], p.OptInt(4), today, since)) {
        row.cells.push_back(std::move(c));
      }
    }
    if (any) board.people.push_back(std::move(row));
  }
  return board;
}

Result<ServiceMinutes> ComplianceService::ConfirmMinutes(const Context& ctx, int64_t event_id,
                                                        int64_t person_id, int64_t version,
                                                        int64_t minutes) {
  std::optional<ev::Event> event;  // loaded by authorize, read by change
  VersionedWrite<ServiceMinutes> w;
  w.action = "confirm_hours";
  w.id = event_id;
  w.version = version;
  w.authorize = [&](storage::Tx& tx, const ServiceMinutes&) -> Status {
    DX_ASSIGN_OR_RETURN(event, ev::LoadEvent(tx, event_id));
    DX_ASSIGN_OR_RETURN(bool may_read, ev::MayReadEvent(tx, *ctx.principal, *event));
    if (!may_read) return MakeError(Code::kNotFound, "活动不存在");
    DX_ASSIGN_OR_RETURN(bool writes, ev::WritesAHost(tx, *ctx.principal, *event));
    if (!writes) return MakeError(Code::kPermissionDenied, "只有活动主办方可以确认服务时长");
    return Ok();
  };
  w.change = [&](storage::Tx&, const ServiceMinutes& before, ServiceMinutes& after) -> Status {
    const ev::Event& e = *event;
    if (e.category != ev::Category::kVolunteer) {
      return MakeError(Code::kFailedPrecondition, "只有志愿服务活动可以确认服务时长");
    }
    if (FormatTime(ctx.now) < e.starts_at) {
      return MakeError(Code::kFailedPrecondition, "活动尚未开始，不能确认服务时长");
    }
    const int64_t length = EventMinutes(e);
    if (minutes < 0 || minutes > length) {
      return MakeError(Code::kInvalidArgument,
                       "服务时长应在 0 到活动时长（" + std::to_string(length) + " 分钟）之间",
                       "minutes");
    }
    if (before.status != "signed" && before.status != "makeup") {
      return MakeError(Code::kFailedPrecondition, "该人员未签到或补学，不能确认服务时长",
                       "person_id");
    }
    after.minutes = minutes;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const ServiceMinutes&,
                const ServiceMinutes& after) -> Result<int64_t> {
    return tx.Exec(kSetMinutes,
                   {*after.minutes, FormatTime(ctx.now), event_id, person_id, version});
  };
  return WriteVersioned(db_, ctx, MinutesRecord(person_id), w);
}

Result<std::vector<CommunityEvent>> ComplianceService::CommunityEvents(const Context& ctx,
                                                                       int64_t id) {
  if (!ctx.principal->IsStaff()) return MakeError(Code::kPermissionDenied, "无权查看社区活动");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows exists, tx->Query(kCommunityExists, {id}));
  if (exists.empty()) return MakeError(Code::kNotFound, "社区/村不存在");
  storage::Where w;
  w.And("e.community_id = ? AND e.archived = 0 AND e.status <> 'draft'", {id});
  storage::Condition scope = storage::InSubtrees("h.org_path", ctx.principal->ReadablePaths());
  w.And("EXISTS (SELECT 1 FROM event_orgs h WHERE h.event_id = e.id AND " + scope.sql + ")",
        scope.values);
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(std::string(kCommunityEvents) + w.Sql() +
                                    " ORDER BY e.starts_at DESC, e.id LIMIT 500",
                                w.params()));
  std::vector<CommunityEvent> out;
  for (const auto& r : rows) {
    out.push_back(
        {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6), r.Int(7)});
  }
  return out;
}

Result<int64_t> NotifyMissed(storage::Database& db, TimePoint now) {
  auth::Principal system;
  system.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
  Context ctx;
  ctx.principal = &system;
  ctx.now = now;
  ComplianceService service(db);
  const std::string today = FormatChinaTime(now).substr(0, 10);
  // Every branch (its people's rules) and every org an org rule judges.
  DX_ASSIGN_OR_RETURN(std::vector<Rule> rules, service.Rules(ctx));
  std::vector<std::string> kinds = JudgedKinds(rules);
  kinds.push_back(orgs::KindName(orgs::Kind::kBranch));
  std::vector<storage::Row> branches;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(storage::Rows all, tx->Query(kAllOrgs, {}));
    for (const auto& o : all) {
      if (Has(kinds, o.Text(2))) branches.push_back(o);
    }
  }
  int64_t sent = 0;
  for (PeriodKind kind : {PeriodKind::kMonth, PeriodKind::kQuarter, PeriodKind::kYear}) {
    // The latest period of `kind` that ended on or before today.
    const std::string current_first = PeriodOf(kind, today).first;
    const Period ended =
        PeriodOf(kind, DateText(chr::sys_days{DateOf(current_first)} - chr::days{1}));
    std::set<int64_t> notified;
    {
      DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
      DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kNotifiedOrgs, {ended.label}));
      for (const auto& r : rows) notified.insert(r.Int(0));
    }
    for (const auto& b : branches) {
      if (notified.count(b.Int(0))) continue;
      DX_ASSIGN_OR_RETURN(Board board, service.BoardOf(ctx, b.Int(0), ended));
      std::vector<std::string> lines = MissedLines(board, kind, ended.label);
      if (lines.empty()) continue;
      DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
      DX_ASSIGN_OR_RETURN(int64_t fresh,
                          tx->Exec(kNoticeSent, {b.Int(0), ended.label, FormatTime(now)}));
      if (fresh == 0) continue;  // sent before, by this or another process
      // At most ~1,800 bytes of lines (well under kMaxText characters).
      std::string text = b.Text(1) + " " + ended.label + " 未达标：";
      for (size_t i = 0; i < lines.size() && text.size() < 1800; ++i) {
        text += (i ? "；" : "") + lines[i];
      }
      DX_ASSIGN_OR_RETURN(storage::Rows secretaries, tx->Query(kSecretaries, {b.Int(0)}));
      for (const auto& s : secretaries) {
        notifications::Link link{
            "", std::nullopt,
            "/compliance?org_id=" + std::to_string(b.Int(0)) + "&period=" + ended.label};
        DX_RETURN_IF_ERROR(notifications::Notify(
            *tx, now, {s.Int(0), "compliance_missed", "三会一课/志愿服务未达标提醒", text, link}));
        ++sent;
      }
      DX_RETURN_IF_ERROR(tx->Commit());
    }
  }
  return sent;
}

}  // namespace duxing::domain::compliance
