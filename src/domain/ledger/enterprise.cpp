#include "domain/ledger/enterprise.hpp"

#include <array>

#include "common/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/ledger/life_source.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::ledger {
namespace {

// GB 32100-2015's alphabet: digits and capitals without I, O, Z, S, V.
constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCodeWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8,  24, 10, 30, 28};

int CodeValue(char c) {
  size_t at = kCodeAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

constexpr std::string_view kVisitColumns =
    "v.event_id, e.title, e.campaign_id, e.org_id, o.name, e.org_path, v.enterprise_name, "
    "v.credit_code, v.visitor_person_id, p.name, v.visit_date, v.note, v.version";
constexpr std::string_view kVisitFrom =
    "FROM enterprise_visits v JOIN events e ON e.id = v.event_id "
    "JOIN orgs o ON o.id = e.org_id JOIN people p ON p.id = v.visitor_person_id";
constexpr std::string_view kInsertVisit =
    "INSERT INTO enterprise_visits (event_id, enterprise_name, credit_code, visitor_person_id, "
    "visit_date, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
constexpr std::string_view kUpdateVisit =
    "UPDATE enterprise_visits SET enterprise_name = $1, credit_code = $2, "
    "visitor_person_id = $3, visit_date = $4, note = $5, version = version + 1, "
    "updated_at = $6 WHERE event_id = $7 AND version = $8";
constexpr std::string_view kVisitExists = "SELECT 1 FROM enterprise_visits WHERE event_id = $1";
constexpr std::string_view kPersonPath =
    "SELECT org_path FROM people WHERE id = $1 AND archived = 0";
constexpr std::string_view kOrgPath = "SELECT path, archived FROM orgs WHERE id = $1";
constexpr std::string_view kIssueKind = "enterprise_issue";

const ListSpec& VisitListSpec() {
  static const ListSpec spec{
      std::string(kVisitColumns),
      std::string(kVisitFrom),
      "FROM enterprise_visits v JOIN events e ON e.id = v.event_id",
      {ListSort{"visit_date", "v.visit_date", "v.visit_date", "v.event_id"}},
      "v.event_id",
      ""};
  return spec;
}

EnterpriseVisit VisitFromRow(const storage::Row& r) {
  EnterpriseVisit v;
  v.event_id = r.Int(0);
  v.title = r.Text(1);
  if (!r.IsNull(2)) v.campaign_id = r.Int(2);
  v.org_id = r.Int(3);
  v.org_name = r.Text(4);
  v.org_path = r.Text(5);
  v.enterprise_name = r.Text(6);
  v.credit_code = r.Text(7);
  v.visitor_person_id = r.Int(8);
  v.visitor_name = r.Text(9);
  v.visit_date = r.Text(10);
  v.note = r.Text(11);
  v.version = r.Int(12);
  return v;
}

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

// Checks the visit's fields; the visitor, when `visitor_named` (a create, or
// an edit that names another), must be a person `who` reads: anyone else is
// unknown, so that no name is read back by id.
Status CheckVisit(storage::Tx& tx, const auth::Principal& who, const EnterpriseVisit& v,
                  bool visitor_named) {
  if (v.enterprise_name.empty()) return Invalid("企业名称不能为空", "enterprise_name");
  DX_RETURN_IF_ERROR(
      CheckLineText(v.enterprise_name, "enterprise_name", "企业名称", kMaxEnterpriseName));
  DX_RETURN_IF_ERROR(CheckCreditCode(v.credit_code, "credit_code"));
  if (!IsValidDate(v.visit_date)) return Invalid("走访日期无效（格式 YYYY-MM-DD）", "visit_date");
  DX_RETURN_IF_ERROR(CheckMultilineText(v.note, "note", "走访情况", kMaxVisitNote));
  if (!visitor_named) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows person, tx.Query(kPersonPath, {v.visitor_person_id}));
  if (person.empty() || !who.CanRead(person.front().Text(0))) {
    return Invalid("走访人不存在", "visitor_person_id");
  }
  return Ok();
}

audit::Snapshot VisitSnap(const EnterpriseVisit& v) {
  return {{"enterprise_name", v.enterprise_name},
          {"credit_code", v.credit_code},
          {"visitor_person_id", std::to_string(v.visitor_person_id)},
          {"visit_date", v.visit_date},
          {"note", v.note}};
}

// The visit of `event_id` as the caller may read it, with its issues.
Result<EnterpriseVisit> LoadVisit(storage::Tx& tx, const auth::Principal& who,
                                  int64_t event_id) {
  DX_ASSIGN_OR_RETURN(LifeSource source,
                      LoadLifeSource(tx, who, event_id, kEnterpriseVisitType));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT " + std::string(kVisitColumns) + " " +
                                   std::string(kVisitFrom) + " WHERE v.event_id = $1",
                               {event_id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "企业走访记录不存在");
  EnterpriseVisit v = VisitFromRow(rows.front());
  v.may_write = source.may_write;
  DX_ASSIGN_OR_RETURN(auto issues,
                      LoadSourceItems(tx, who, std::string(kIssueKind), "event", {event_id}));
  v.issues = std::move(issues[event_id]);
  return v;
}

// How a visit is read and audited by its writes.
VersionedRecord<EnterpriseVisit> VisitRecord(const Context& ctx) {
  return {"enterprise_visit",
          [&ctx](storage::Tx& tx, int64_t id) { return LoadVisit(tx, *ctx.principal, id); },
          [](const EnterpriseVisit& v) { return v.version; }, VisitSnap,
          [](const EnterpriseVisit& v) -> std::optional<std::string> { return v.org_path; }};
}

Status WritersOnly(bool may_write) {
  if (may_write) return Ok();
  return MakeError(Code::kPermissionDenied, "无权修改该企业走访记录");
}

}  // namespace

bool IsValidCreditCode(std::string_view code) {
  return CheckCreditCode(code, "credit_code").ok();
}

Status CheckCreditCode(std::string_view code, std::string_view field) {
  std::string f(field);
  if (code.size() != kCreditCodeLength) {
    return Invalid("统一社会信用代码应为 18 位", f);
  }
  int sum = 0;
  for (size_t i = 0; i < kCreditCodeLength; ++i) {
    int value = CodeValue(code[i]);
    if (value < 0) {
      return Invalid("统一社会信用代码第 " + std::to_string(i + 1) +
                         " 位字符无效（只能是数字和除 I、O、Z、S、V 以外的大写字母）",
                     f);
    }
    if (i >= 2 && i < 8 && value > 9) {
      return Invalid("统一社会信用代码第 3 至 8 位应为行政区划代码（数字）", f);
    }
    if (i < kCodeWeights.size()) sum += value * kCodeWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  if (CodeValue(code[17]) != check) return Invalid("统一社会信用代码校验位不正确", f);
  return Ok();
}

EnterpriseVisitService::EnterpriseVisitService(storage::Database& db)
    : db_(db), list_(std::vector<std::string>{"enterprise_visit", "event", "org"}) {}

Result<Page<EnterpriseVisit>> EnterpriseVisitService::List(const Context& ctx,
                                                          const VisitFilter& f) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  storage::Where w;
  storage::Condition hosts = storage::InSubtrees("eo.org_path", ctx.principal->ReadablePaths());
  w.And("EXISTS (SELECT 1 FROM event_orgs eo WHERE eo.event_id = e.id AND (" + hosts.sql + "))",
        hosts.values);
  w.And("e.archived = 0");
  // The campaign's visits and those of none, as the items' lists
  // (item_rows.cpp ListWhere): the pages follow the header's campaign.
  if (f.campaign_id) w.And("(e.campaign_id = ? OR e.campaign_id IS NULL)", {*f.campaign_id});
  if (f.credit_code) w.And("v.credit_code = ?", {*f.credit_code});
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx->Query(kOrgPath, {*f.org_id}));
    if (org.empty()) return Invalid("组织不存在", "org_id");
    w.And(storage::InSubtrees("e.org_path", {org.front().Text(0)}));
  }
  DX_ASSIGN_OR_RETURN(ListRows rows, list_.Page(*tx, VisitListSpec(), w, f.sort, f.page));
  Page<EnterpriseVisit> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  std::vector<int64_t> ids;
  for (const auto& r : rows.rows) {
    page.items.push_back(VisitFromRow(r));
    // As LoadLifeSource (events::MayWriteEvent): the organizer's writers.
    page.items.back().may_write = ctx.principal->CanWrite(page.items.back().org_path);
    ids.push_back(page.items.back().event_id);
  }
  DX_ASSIGN_OR_RETURN(auto issues, LoadSourceItems(*tx, *ctx.principal, std::string(kIssueKind), "event", ids));
  for (auto& v : page.items) v.issues = std::move(issues[v.event_id]);
  return page;
}

Result<EnterpriseVisit> EnterpriseVisitService::Get(const Context& ctx, int64_t event_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LoadVisit(*tx, *ctx.principal, event_id);
}

Result<EnterpriseVisit> EnterpriseVisitService::Create(const Context& ctx, int64_t event_id,
                                                       const VisitFields& in) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(LifeSource source,
                      LoadLifeSource(*tx, *ctx.principal, event_id, kEnterpriseVisitType));
  DX_RETURN_IF_ERROR(WritersOnly(source.may_write));
  DX_ASSIGN_OR_RETURN(storage::Rows exists, tx->Query(kVisitExists, {event_id}));
  if (!exists.empty()) {
    return MakeError(Code::kAlreadyExists, "该活动已有企业走访记录", "event_id");
  }
  EnterpriseVisit v;
  v.enterprise_name = in.enterprise_name;
  v.credit_code = in.credit_code;
  v.visitor_person_id = in.visitor_person_id;
  v.visit_date = in.visit_date;
  v.note = in.note;
  DX_RETURN_IF_ERROR(CheckVisit(*tx, *ctx.principal, v, true));
  DX_RETURN_IF_ERROR(tx->Exec(kInsertVisit, {event_id, v.enterprise_name, v.credit_code,
                                             v.visitor_person_id, v.visit_date, v.note,
                                             FormatTime(ctx.now)}));
  return FinishCreate(*tx, ctx, VisitRecord(ctx), event_id);
}

Result<EnterpriseVisit> EnterpriseVisitService::Update(const Context& ctx, int64_t event_id,
                                                       const VisitPatch& p) {
  VersionedWrite<EnterpriseVisit> w;
  w.action = "update";
  w.id = event_id;
  w.version = p.version;
  w.authorize = [](storage::Tx&, const EnterpriseVisit& v) { return WritersOnly(v.may_write); };
  w.change = [&](storage::Tx& tx, const EnterpriseVisit& before, EnterpriseVisit& v) -> Status {
    if (p.enterprise_name) v.enterprise_name = *p.enterprise_name;
    if (p.credit_code) v.credit_code = *p.credit_code;
    if (p.visitor_person_id) v.visitor_person_id = *p.visitor_person_id;
    if (p.visit_date) v.visit_date = *p.visit_date;
    if (p.note) v.note = *p.note;
    return CheckVisit(tx, *ctx.principal, v, v.visitor_person_id != before.visitor_person_id);
  };
  w.write = [&](storage::Tx& tx, const EnterpriseVisit&, const EnterpriseVisit& v) {
    return tx.Exec(kUpdateVisit, {v.enterprise_name, v.credit_code, v.visitor_person_id,
                                  v.visit_date, v.note, FormatTime(ctx.now), event_id, p.version});
  };
  return WriteVersioned(db_, ctx, VisitRecord(ctx), w);
}

Result<EnterpriseVisit> EnterpriseVisitService::AddIssue(const Context& ctx, int64_t event_id,
                                                         const NewEnterpriseIssue& i) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(EnterpriseVisit v, LoadVisit(*tx, *ctx.principal, event_id));
  DX_RETURN_IF_ERROR(WritersOnly(v.may_write));
  ItemRequest item;
  item.kind = std::string(kIssueKind);
  item.campaign_id = v.campaign_id;
  item.title = i.title;
  item.description = i.description;
  item.source_type = "event";
  item.source_id = event_id;
  item.source_text = v.enterprise_name + "（" + v.visit_date + " 走访）";
  item.org_id = i.org_id;
  item.assign = i.assign;
  DX_RETURN_IF_ERROR(CreateItemIn(*tx, ctx, item));
  DX_ASSIGN_OR_RETURN(EnterpriseVisit updated, LoadVisit(*tx, *ctx.principal, event_id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return updated;
}

}  // namespace duxing::domain::ledger
