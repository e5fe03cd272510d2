#include "domain/ledger/item_rows.hpp"

#include <map>

#include "common/text.hpp"
#include "domain/ledger/ledger_service.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO ledger_items (kind, campaign_id, title, description, measures, source_type, "
    "source_id, source_text, org_id, org_path, responsible_person_id, leader_person_id, "
    "deadline, original_deadline, item_class, status, result, closed_at, closed_by_person_id, "
    "closed_by_account_id, verification_note, requester_name, requester_contact, anonymous, "
    "satisfaction, satisfaction_note, satisfaction_at, plan_part, plan_action, project_area, "
    "target, overdue_since, escalated_at, archived, created_by, created_at, updated_at) VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
    "$21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $36) "
    "RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE ledger_items SET kind = $1, campaign_id = $2, title = $3, description = $4, "
    "measures = $5, source_type = $6, source_id = $7, source_text = $8, org_id = $9, "
    "org_path = $10, responsible_person_id = $11, leader_person_id = $12, deadline = $13, "
    "original_deadline = $14, item_class = $15, status = $16, result = $17, closed_at = $18, "
    "closed_by_person_id = $19, closed_by_account_id = $20, verification_note = $21, "
    "requester_name = $22, requester_contact = $23, anonymous = $24, satisfaction = $25, "
    "satisfaction_note = $26, satisfaction_at = $27, plan_part = $28, plan_action = $29, "
    "project_area = $30, target = $31, overdue_since = $32, escalated_at = $33, archived = $34, "
    "version = version + 1, updated_at = $35 WHERE id = $36 AND version = $37";
constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";
constexpr std::string_view kEntries =
    "SELECT id, item_id, kind, text, from_status, to_status, account_id, person_name, created_at "
    "FROM ledger_entries WHERE item_id = $1 ORDER BY id";
constexpr std::string_view kEntryFiles =
    "SELECT ea.entry_id, a.id, a.file_name, a.media_type, a.size FROM ledger_entry_attachments ea "
    "JOIN ledger_entries e ON e.id = ea.entry_id JOIN attachments a ON a.id = ea.attachment_id "
    "WHERE e.item_id = $1 ORDER BY a.id";

template <typename E>
std::optional<E> ParseOpt(const CodedEnum<E>& codes, const std::optional<std::string>& s) {
  return s ? codes.Parse(*s) : std::nullopt;
}

template <typename E>
storage::Param CodeParam(const CodedEnum<E>& codes, const std::optional<E>& v) {
  return v ? storage::Param(std::string(codes.Name(*v))) : storage::Param(nullptr);
}

storage::Param IdParam(const std::optional<int64_t>& v) {
  return v ? storage::Param(*v) : storage::Param(nullptr);
}

std::optional<std::string> OptId(const std::optional<int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

template <typename E>
std::optional<std::string> OptCode(const CodedEnum<E>& codes, const std::optional<E>& v) {
  return v ? std::optional<std::string>(codes.Name(*v)) : std::nullopt;
}

// The values of every column but id, version and the times, in kUpdate's
// order ($1..$34).
storage::Params FieldParams(const Item& i) {
  return {std::string(kKinds.Name(i.kind)),
          IdParam(i.campaign_id),
          i.title,
          i.description,
          i.measures,
          CodeParam(kSourceTypes, i.source_type),
          IdParam(i.source_id),
          i.source_text,
          i.org_id,
          i.org_path,
          IdParam(i.responsible_person_id),
          IdParam(i.leader_person_id),
          storage::Opt(i.deadline),
          storage::Opt(i.original_deadline),
          CodeParam(kClasses, i.item_class),
          std::string(kStatuses.Name(i.status)),
          i.result,
          storage::Opt(i.closed_at),
          IdParam(i.closed_by_person_id),
          IdParam(i.closed_by_account_id),
          i.verification_note,
          i.requester_name,
          i.requester_contact,
          int64_t{i.anonymous},
          CodeParam(kSatisfactions, i.satisfaction),
          i.satisfaction_note,
          storage::Opt(i.satisfaction_at),
          CodeParam(kPlanParts, i.plan_part),
          CodeParam(kPlanActions, i.plan_action),
          CodeParam(kProjectAreas, i.project_area),
          i.target,
          storage::Opt(i.overdue_since),
          storage::Opt(i.escalated_at),
          int64_t{i.archived}};
}

// Adds "deadline within today..to" on open items.
void OpenDeadline(storage::Where& w, std::string_view op, const std::string& value) {
  w.And("i.status <> 'closed' AND i.archived = 0 AND i.deadline " + std::string(op) + " ?",
        {value});
}

}  // namespace

Item ItemFromRow(const storage::Row& r) {
  Item i;
  i.id = r.Int(0);
  i.kind = kKinds.Parse(r.Text(1)).value_or(Kind::kPlanTask);
  i.campaign_id = r.OptInt(2);
  i.title = r.Text(3);
  i.description = r.Text(4);
  i.measures = r.Text(5);
  i.source_type = ParseOpt(kSourceTypes, r.OptText(6));
  i.source_id = r.OptInt(7);
  i.source_text = r.Text(8);
  i.org_id = r.Int(9);
  i.org_name = r.Text(10);
  i.org_path = r.Text(11);
  i.responsible_person_id = r.OptInt(12);
  i.responsible_name = r.IsNull(13) ? "" : r.Text(13);
  i.leader_person_id = r.OptInt(14);
  i.leader_name = r.IsNull(15) ? "" : r.Text(15);
  i.deadline = r.OptText(16);
  i.original_deadline = r.OptText(17);
  i.item_class = ParseOpt(kClasses, r.OptText(18));
  i.status = kStatuses.Parse(r.Text(19)).value_or(ItemStatus::kPending);
  i.result = r.Text(20);
  i.closed_at = r.OptText(21);
  i.closed_by_person_id = r.OptInt(22);
  i.closed_by_account_id = r.OptInt(23);
  i.closed_by_name = r.Text(24);
  i.verification_note = r.Text(25);
  i.requester_name = r.Text(26);
  i.requester_contact = r.Text(27);
  i.anonymous = r.Bool(28);
  i.satisfaction = ParseOpt(kSatisfactions, r.OptText(29));
  i.satisfaction_note = r.Text(30);
  i.satisfaction_at = r.OptText(31);
  i.plan_part = ParseOpt(kPlanParts, r.OptText(32));
  i.plan_action = ParseOpt(kPlanActions, r.OptText(33));
  i.project_area = ParseOpt(kProjectAreas, r.OptText(34));
  i.target = r.Text(35);
  i.overdue_since = r.OptText(36);
  i.escalated_at = r.OptText(37);
  i.archived = r.Bool(38);
  i.version = r.Int(39);
  i.created_by = r.OptInt(40);
  i.created_at = r.Text(41);
  i.updated_at = r.Text(42);
  return i;
}

audit::Snapshot Snap(const Item& i) {
  return {{"kind", kKinds.Name(i.kind)},
          {"campaign_id", OptId(i.campaign_id)},
          {"title", i.title},
          {"description", i.description},
          {"measures", i.measures},
          {"source_type", OptCode(kSourceTypes, i.source_type)},
          {"source_id", OptId(i.source_id)},
          {"source_text", i.source_text},
          {"org_id", std::to_string(i.org_id)},
          {"responsible_person_id", OptId(i.responsible_person_id)},
          {"leader_person_id", OptId(i.leader_person_id)},
          {"deadline", i.deadline},
          {"original_deadline", i.original_deadline},
          {"item_class", OptCode(kClasses, i.item_class)},
          {"status", kStatuses.Name(i.status)},
          {"result", i.result},
          {"closed_at", i.closed_at},
          {"closed_by_person_id", OptId(i.closed_by_person_id)},
          {"verification_note", i.verification_note},
          {"requester_name", i.requester_name},
          {"requester_contact", i.requester_contact},
          {"anonymous", i.anonymous ? "true" : "false"},
          {"satisfaction", OptCode(kSatisfactions, i.satisfaction)},
          {"satisfaction_note", i.satisfaction_note},
          {"plan_part", OptCode(kPlanParts, i.plan_part)},
          {"plan_action", OptCode(kPlanActions, i.plan_action)},
          {"project_area", OptCode(kProjectAreas, i.project_area)},
          {"target", i.target},
          {"overdue_since", i.overdue_since},
          {"escalated_at", i.escalated_at},
          {"archived", i.archived ? "true" : "false"}};
}

Result<int64_t> InsertRow(storage::Tx& tx, const Context& ctx, const Item& item) {
  storage::Params params = FieldParams(item);
  std::optional<int64_t> creator = item.created_by;
  if (!creator && ctx.principal && ctx.principal->account_id) creator = ctx.principal->account_id;
  params.push_back(IdParam(creator));
  params.push_back(FormatTime(ctx.now));
  DX_ASSIGN_OR_RETURN(storage::Row row, tx.QueryOne(kInsert, params));
  return row.Int(0);
}

Result<int64_t> UpdateRow(storage::Tx& tx, const Item& item, TimePoint now, int64_t version) {
  storage::Params params = FieldParams(item);
  params.push_back(FormatTime(now));
  params.push_back(item.id);
  params.push_back(version);
  return tx.Exec(kUpdate, params);
}

const ListSpec& ItemListSpec() {
  static const ListSpec spec{std::string(kItemColumns),
                             std::string(kItemFrom),
                             "FROM ledger_items i",
                             {ListSort{"deadline", "COALESCE(i.deadline, '9999-99-99')",
                                       "COALESCE(i.deadline, '')", "i.id"},
                              ListSort{"created_at", "i.created_at", "i.created_at", "i.id"},
                              ListSort{"id", "i.id", "i.id", "i.id", true}},
                             "i.id"};
  return spec;
}

Result<storage::Where> ListWhere(storage::Tx& tx, const Context& ctx, const ItemFilter& f) {
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  storage::Condition scope = storage::InSubtrees("i.org_path", p.ReadablePaths());
  if (p.person_id) {
    scope.sql = "(" + scope.sql + " OR i.responsible_person_id = ? OR i.leader_person_id = ?)";
    scope.values.push_back(*p.person_id);
    scope.values.push_back(*p.person_id);
  }
  w.And(std::move(scope));
  if (!f.include_archived) w.And("i.archived = 0");
  if (f.mine) {
    int64_t person = p.person_id.value_or(-1);
    w.And("(i.responsible_person_id = ? OR i.leader_person_id = ?)", {person, person});
  }
  if (f.kind) w.And("i.kind = ?", {std::string(kKinds.Name(*f.kind))});
  if (f.campaign_id) w.And("i.campaign_id = ?", {*f.campaign_id});
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx.Query(kOrgPath, {*f.org_id}));
    if (org.empty()) return MakeError(Code::kInvalidArgument, "组织不存在", "org_id");
    w.And(storage::InSubtrees("i.org_path", {org.front().Text(0)}));
  }
  if (f.status) w.And("i.status = ?", {std::string(kStatuses.Name(*f.status))});
  if (f.item_class) w.And("i.item_class = ?", {std::string(kClasses.Name(*f.item_class))});
  if (f.leader_person_id) w.And("i.leader_person_id = ?", {*f.leader_person_id});
  if (f.responsible_person_id) w.And("i.responsible_person_id = ?", {*f.responsible_person_id});
  if (f.source_type) w.And("i.source_type = ?", {std::string(kSourceTypes.Name(*f.source_type))});
  if (f.source_id) w.And("i.source_id = ?", {*f.source_id});
  const std::string today = ChinaDate(ctx.now);
  if (f.overdue) OpenDeadline(w, "<", today);
  if (f.due_within_days) {
    if (*f.due_within_days < 0 || *f.due_within_days > kMaxDueWithinDays) {
      return MakeError(Code::kInvalidArgument,
                       "due_within_days 须在 0 至 " + std::to_string(kMaxDueWithinDays) + " 之间",
                       "due_within_days");
    }
    auto until = *ParseTime(today) + std::chrono::days(*f.due_within_days);
    OpenDeadline(w, ">=", today);
    w.And("i.deadline <= ?", {FormatTime(until).substr(0, 10)});
  }
  if (!f.q.empty()) {
    if (Utf8Length(f.q) > kMaxSearch) {
      return MakeError(Code::kInvalidArgument,
                       "搜索内容不能超过 " + std::to_string(kMaxSearch) + " 个字", "q");
    }
    // A plain LIKE on the title: two-character Chinese terms (整改, 食堂)
    // must match, which a trigram index would not serve.
    w.And("i.title LIKE ? ESCAPE '\\'", {storage::ContainsPattern(f.q)});
  }
  return w;
}

Result<std::vector<Entry>> ReadTimeline(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kEntries, {id}));
  std::vector<Entry> out;
  std::map<int64_t, size_t> index;
  for (const auto& r : rows) {
    Entry e;
    e.id = r.Int(0);
    e.item_id = r.Int(1);
    e.kind = kEntryKinds.Parse(r.Text(2)).value_or(EntryKind::kProgress);
    e.text = r.Text(3);
    e.from_status = ParseOpt(kStatuses, r.OptText(4));
    e.to_status = ParseOpt(kStatuses, r.OptText(5));
    e.account_id = r.OptInt(6);
    e.person_name = r.Text(7);
    e.created_at = r.Text(8);
    index[e.id] = out.size();
    out.push_back(std::move(e));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows files, tx.Query(kEntryFiles, {id}));
  for (const auto& r : files) {
    auto it = index.find(r.Int(0));
    if (it == index.end()) continue;
    out[it->second].attachments.push_back({r.Int(1), r.Text(2), r.Text(3), r.Int(4)});
  }
  return out;
}

}  // namespace duxing::domain::ledger
