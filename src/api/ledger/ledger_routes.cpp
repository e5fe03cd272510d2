// /api/v1/ledger: 台账事项 (domain/ledger), their workflow, timeline,
// extension requests, 回访 and the board. The kinds' own routes (plan,
// public page, organization life, the .xlsx export and import) live in
// their own files of this folder and are registered from here.
#include "api/json_body.hpp"
#include "api/ledger/ledger_io_routes.hpp"
#include "api/ledger/ledger_json.hpp"
#include "api/ledger/life_routes.hpp"
#include "api/ledger/plan_routes.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "api/shared_page.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/ledger/ledger_service.hpp"

namespace duxing::api {
namespace {

namespace lg = domain::ledger;

boost::json::value OptText(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value OptInt(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
template <typename E>
boost::json::value OptCode(const domain::CodedEnum<E>& codes, const std::optional<E>& v) {
  return v ? boost::json::value(codes.Name(*v)) : boost::json::value(nullptr);
}

boost::json::object MayJson(const lg::May& m) {
  return {{"edit", m.edit},
          {"accept", m.accept},
          {"submit", m.submit},
          {"return", m.return_},
          {"close", m.close},
          {"reopen", m.reopen},
          {"feedback", m.feedback},
          {"request_extension", m.request_extension},
          {"decide_extension", m.decide_extension},
          {"archive", m.archive},
          {"progress", m.progress}};
}

}  // namespace

boost::json::object LedgerExtensionJson(const lg::Extension& x) {
  return {{"id", x.id},
          {"item_id", x.item_id},
          {"reason", x.reason},
          {"old_deadline", OptText(x.old_deadline)},
          {"new_deadline", x.new_deadline},
          {"state", lg::kExtensionStates.Name(x.state)},
          {"decision_note", x.decision_note},
          {"requested_at", x.requested_at},
          {"decided_at", OptText(x.decided_at)}};
}

boost::json::object LedgerItemJson(const lg::ItemView& v) {
  const lg::Item& i = v.item;
  return {{"id", i.id},
          {"kind", lg::kKinds.Name(i.kind)},
          {"kind_label", lg::kKinds.Label(i.kind)},
          {"campaign_id", OptInt(i.campaign_id)},
          {"title", i.title},
          {"description", i.description},
          {"measures", i.measures},
          {"source_type", OptCode(lg::kSourceTypes, i.source_type)},
          {"source_id", OptInt(i.source_id)},
          {"source_text", i.source_text},
          {"org_id", i.org_id},
          {"org_name", i.org_name},
          {"responsible_person_id", OptInt(i.responsible_person_id)},
          {"responsible_name", i.responsible_name},
          {"leader_person_id", OptInt(i.leader_person_id)},
          {"leader_name", i.leader_name},
          {"deadline", OptText(i.deadline)},
          {"original_deadline", OptText(i.original_deadline)},
          {"item_class", OptCode(lg::kClasses, i.item_class)},
          {"status", lg::kStatuses.Name(i.status)},
          {"status_label", lg::kStatuses.Label(i.status)},
          {"result", i.result},
          {"closed_at", OptText(i.closed_at)},
          {"closed_by_name", i.closed_by_name},
          {"verification_note", i.verification_note},
          {"requester_name", i.requester_name},
          {"requester_contact", i.requester_contact},
          {"anonymous", i.anonymous},
          {"satisfaction", OptCode(lg::kSatisfactions, i.satisfaction)},
          {"satisfaction_note", i.satisfaction_note},
          {"satisfaction_at", OptText(i.satisfaction_at)},
          {"plan_part", OptCode(lg::kPlanParts, i.plan_part)},
          {"plan_action", OptCode(lg::kPlanActions, i.plan_action)},
          {"project_area", OptCode(lg::kProjectAreas, i.project_area)},
          {"target", i.target},
          {"overdue", v.overdue},
          {"overdue_since", OptText(i.overdue_since)},
          {"escalated_at", OptText(i.escalated_at)},
          {"archived", i.archived},
          {"version", i.version},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at},
          {"may", MayJson(v.may)},
          {"pending_extension", v.pending_extension
                                    ? boost::json::value(LedgerExtensionJson(*v.pending_extension))
                                    : boost::json::value(nullptr)}};
}

boost::json::object LedgerEntryJson(const lg::Entry& e) {
  boost::json::array files;
  for (const auto& a : e.attachments) {
    files.push_back(
        {{"id", a.id}, {"file_name", a.file_name}, {"media_type", a.media_type}, {"size", a.size}});
  }
  return {{"id", e.id},
          {"item_id", e.item_id},
          {"kind", lg::kEntryKinds.Name(e.kind)},
          {"kind_label", lg::kEntryKinds.Label(e.kind)},
          {"text", e.text},
          {"from_status", OptCode(lg::kStatuses, e.from_status)},
          {"to_status", OptCode(lg::kStatuses, e.to_status)},
          {"account_id", OptInt(e.account_id)},
          {"person_name", e.person_name},
          {"created_at", e.created_at},
          {"attachments", std::move(files)}};
}

namespace {

template <typename T, typename ToJson>
boost::json::value AllOf(const std::vector<T>& list, ToJson to_json) {
  boost::json::array items;
  for (const auto& x : list) items.push_back(to_json(x));
  return {{"items", std::move(items)}, {"total", static_cast<int64_t>(list.size())}};
}

Error Bad(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

// `codes`' Parse as a callable (JsonBody::RequiredEnum).
template <typename E>
auto Parser(const domain::CodedEnum<E>& codes) {
  return [&codes](std::string_view s) { return codes.Parse(s); };
}

// A nullable coded field: absent → nullopt, null → clear, a code → its value.
template <typename E>
Result<std::optional<std::optional<E>>> NullableCode(JsonBody& body, std::string_view name,
                                                     const domain::CodedEnum<E>& codes,
                                                     const char* invalid) {
  using Out = std::optional<std::optional<E>>;
  DX_ASSIGN_OR_RETURN(auto text, body.NullableString(name, 64));
  if (!text) return Out();
  if (!*text) return Out(std::optional<E>());
  auto v = codes.Parse(**text);
  if (!v) return Bad(invalid, std::string(name));
  return Out(v);
}

// Every field a create and an edit share; absent ones stay nullopt.
Result<lg::ItemPatch> ReadFields(JsonBody& body) {
  lg::ItemPatch p;
  DX_ASSIGN_OR_RETURN(p.title, body.OptionalString("title", lg::kMaxTitle));
  DX_ASSIGN_OR_RETURN(p.description, body.OptionalString("description", lg::kMaxDescription));
  DX_ASSIGN_OR_RETURN(p.measures, body.OptionalString("measures", lg::kMaxMeasures));
  DX_ASSIGN_OR_RETURN(p.campaign_id, body.NullableInt("campaign_id"));
  DX_ASSIGN_OR_RETURN(p.source_type,
                      NullableCode(body, "source_type", lg::kSourceTypes, "来源类型无效"));
  DX_ASSIGN_OR_RETURN(p.source_id, body.NullableInt("source_id"));
  DX_ASSIGN_OR_RETURN(p.source_text, body.OptionalString("source_text", lg::kMaxSourceText));
  DX_ASSIGN_OR_RETURN(p.org_id, body.OptionalInt("org_id"));
  DX_ASSIGN_OR_RETURN(p.responsible_person_id, body.NullableInt("responsible_person_id"));
  DX_ASSIGN_OR_RETURN(p.leader_person_id, body.NullableInt("leader_person_id"));
  DX_ASSIGN_OR_RETURN(p.deadline, body.NullableString("deadline", 10));
  DX_ASSIGN_OR_RETURN(p.item_class, NullableCode(body, "item_class", lg::kClasses, "整改类型无效"));
  DX_ASSIGN_OR_RETURN(p.requester_name,
                      body.OptionalString("requester_name", lg::kMaxRequesterName));
  DX_ASSIGN_OR_RETURN(p.requester_contact,
                      body.OptionalString("requester_contact", lg::kMaxRequesterContact));
  DX_ASSIGN_OR_RETURN(p.anonymous, body.OptionalBool("anonymous"));
  DX_ASSIGN_OR_RETURN(p.plan_part, NullableCode(body, "plan_part", lg::kPlanParts, "方案部分无效"));
  DX_ASSIGN_OR_RETURN(p.plan_action,
                      NullableCode(body, "plan_action", lg::kPlanActions, "动作类型无效"));
  DX_ASSIGN_OR_RETURN(p.project_area,
                      NullableCode(body, "project_area", lg::kProjectAreas, "项目领域无效"));
  DX_ASSIGN_OR_RETURN(p.target, body.OptionalString("target", lg::kMaxTarget));
  return p;
}

// A new item: kind, org_id and title required, the rest defaulted.
Result<lg::Item> ReadNewItem(JsonBody& body) {
  lg::Item i;
  DX_ASSIGN_OR_RETURN(i.kind, body.RequiredEnum("kind", Parser(lg::kKinds), "事项类别无效"));
  DX_ASSIGN_OR_RETURN(i.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(i.title, body.RequiredString("title", lg::kMaxTitle));
  DX_ASSIGN_OR_RETURN(lg::ItemPatch p, ReadFields(body));
  i.description = p.description.value_or("");
  i.measures = p.measures.value_or("");
  i.campaign_id = p.campaign_id.value_or(std::nullopt);
  i.source_type = p.source_type.value_or(std::nullopt);
  i.source_id = p.source_id.value_or(std::nullopt);
  i.source_text = p.source_text.value_or("");
  i.responsible_person_id = p.responsible_person_id.value_or(std::nullopt);
  i.leader_person_id = p.leader_person_id.value_or(std::nullopt);
  i.deadline = p.deadline.value_or(std::nullopt);
  i.item_class = p.item_class.value_or(std::nullopt);
  i.requester_name = p.requester_name.value_or("");
  i.requester_contact = p.requester_contact.value_or("");
  i.anonymous = p.anonymous.value_or(false);
  i.plan_part = p.plan_part.value_or(std::nullopt);
  i.plan_action = p.plan_action.value_or(std::nullopt);
  i.project_area = p.project_area.value_or(std::nullopt);
  i.target = p.target.value_or("");
  return i;
}

// A workflow step's {"text"} after the version.
Result<std::tuple<std::string>> ReadText(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(auto text, body.OptionalString("text", lg::kMaxText));
  return std::tuple<std::string>(text.value_or(""));
}

Result<std::tuple<std::string, std::vector<int64_t>>> ReadProgress(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(std::string text, body.RequiredString("text", lg::kMaxProgressText));
  DX_ASSIGN_OR_RETURN(auto ids,
                      body.OptionalIntArray("attachment_ids", lg::kMaxProgressAttachments));
  return std::tuple(std::move(text), ids.value_or(std::vector<int64_t>{}));
}

Result<std::tuple<std::string, std::string>> ReadExtension(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(std::string reason, body.RequiredString("reason", lg::kMaxReason));
  DX_ASSIGN_OR_RETURN(std::string date, body.RequiredString("new_deadline", 10));
  return std::tuple(std::move(reason), std::move(date));
}

Result<std::tuple<bool, std::string>> ReadDecision(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(auto approve, body.OptionalBool("approve"));
  if (!approve) return Bad("请选择是否同意（approve）", "approve");
  DX_ASSIGN_OR_RETURN(auto note, body.OptionalString("note", lg::kMaxReason));
  return std::tuple(*approve, note.value_or(""));
}

Result<std::tuple<lg::Satisfaction, std::string, bool>> ReadFeedback(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(lg::Satisfaction s,
                      body.RequiredEnum("satisfaction", Parser(lg::kSatisfactions), "满意度无效"));
  DX_ASSIGN_OR_RETURN(auto note, body.OptionalString("note", lg::kMaxSatisfactionNote));
  DX_ASSIGN_OR_RETURN(auto reopen, body.OptionalBool("reopen"));
  return std::tuple(s, note.value_or(""), reopen.value_or(false));
}

// A query parameter holding a code of `codes`.
template <typename E>
Result<std::optional<E>> QueryCode(const Request& req, const char* name,
                                   const domain::CodedEnum<E>& codes, const char* invalid) {
  auto s = QueryString(req, name);
  if (!s) return std::optional<E>();
  auto v = codes.Parse(*s);
  if (!v) return Bad(invalid, name);
  return v;
}

Result<lg::ItemFilter> ReadFilter(const Call& c) {
  lg::ItemFilter f;
  DX_ASSIGN_OR_RETURN(f.kind, QueryCode(c.req, "kind", lg::kKinds, "事项类别无效"));
  DX_ASSIGN_OR_RETURN(f.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(c.req, "org_id"));
  DX_ASSIGN_OR_RETURN(f.status, QueryCode(c.req, "status", lg::kStatuses, "事项状态无效"));
  DX_ASSIGN_OR_RETURN(f.item_class, QueryCode(c.req, "item_class", lg::kClasses, "整改类型无效"));
  f.satisfaction = QueryString(c.req, "satisfaction");  // checked by the service
  DX_ASSIGN_OR_RETURN(f.leader_person_id, QueryInt(c.req, "leader_person_id"));
  DX_ASSIGN_OR_RETURN(f.no_leader, QueryBool(c.req, "no_leader"));
  DX_ASSIGN_OR_RETURN(f.responsible_person_id, QueryInt(c.req, "responsible_person_id"));
  DX_ASSIGN_OR_RETURN(f.source_type,
                      QueryCode(c.req, "source_type", lg::kSourceTypes, "来源类型无效"));
  DX_ASSIGN_OR_RETURN(f.source_id, QueryInt(c.req, "source_id"));
  DX_ASSIGN_OR_RETURN(f.overdue, QueryBool(c.req, "overdue"));
  DX_ASSIGN_OR_RETURN(f.due_within_days, QueryInt(c.req, "due_within_days"));
  DX_ASSIGN_OR_RETURN(f.mine, QueryBool(c.req, "mine"));
  f.q = QueryString(c.req, "q").value_or("");
  DX_ASSIGN_OR_RETURN(f.include_archived, QueryBool(c.req, "include_archived"));
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_ASSIGN_OR_RETURN(f.page, QueryPage(c.req));
  return f;
}

lg::LedgerService& Ledger(Call& c) { return c.s.Get<lg::LedgerService>(); }

Response List(Call& c) {
  DX_TRY(lg::ItemFilter f, ReadFilter(c));
  DX_TRY(auto shared, Ledger(c).ListShared(c.ctx, f));
  return SharedPageOf(shared, LedgerItemJson);
}

Response BoardCounts(Call& c) {
  lg::BoardFilter f;
  DX_TRY(f.kind, QueryCode(c.req, "kind", lg::kKinds, "事项类别无效"));
  DX_TRY(f.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  DX_TRY(lg::Board b, Ledger(c).CountByStatus(c.ctx, f));
  return JsonResponse(200, boost::json::object{{"pending", b.pending},
                                               {"in_progress", b.in_progress},
                                               {"to_verify", b.to_verify},
                                               {"closed", b.closed},
                                               {"overdue", b.overdue},
                                               {"total", b.total}});
}

Response Decide(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(auto fields, ReadDecision(body));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto decided,
         Ledger(c).DecideExtension(c.ctx, id, std::get<0>(fields), std::get<1>(fields)));
  return JsonResponse(200, LedgerExtensionJson(decided));
}

boost::json::value TimelineJson(const std::vector<lg::Entry>& list) {
  return AllOf(list, LedgerEntryJson);
}
boost::json::value ExtensionsJson(const std::vector<lg::Extension>& list) {
  return AllOf(list, LedgerExtensionJson);
}

}  // namespace

Result<lg::ItemFilter> ReadItemFilter(const Call& c) { return ReadFilter(c); }

void RegisterLedgerRoutes(Router& router) {
  const auto in = Access::kSignedIn;
  using S = lg::LedgerService;
  // Items are registered and kept by staff who write records (the org is
  // the service's check); members and leaders act on them through the
  // workflow routes below, which the service checks per item.
  const RouteAuthorize writers = WritersOnly("无权登记或修改台账事项");
  const std::string items = "/api/v1/ledger/items";
  // Bodies carrying a long text (完成情况, 进展: kMaxText characters, up to
  // 3 bytes each in UTF-8) take the default limit; the other steps' texts fit
  // kSmallBody.
  router.Add({"GET", items, in, List});
  router.Add({"POST", items, in, CreateRecord<&S::Create>(ReadNewItem, LedgerItemJson),
              kDefaultMaxBody, writers});
  router.Add({"GET", items + "/{id}", in, GetRecord<&S::Get>(LedgerItemJson)});
  router.Add({"PATCH", items + "/{id}", in, EditRecord<&S::Update>(ReadFields, LedgerItemJson),
              kDefaultMaxBody, writers});
  router.Add({"POST", items + "/{id}/archive", in, ArchiveRecord<&S::Archive>(LedgerItemJson),
              kSmallBody, writers});
  router.Add({"POST", items + "/{id}/accept", in, EditRecord<&S::Accept>(ReadText, LedgerItemJson),
              kSmallBody, writers});
  router.Add({"POST", items + "/{id}/submit", in, EditRecord<&S::Submit>(ReadText, LedgerItemJson),
              kDefaultMaxBody});
  router.Add({"POST", items + "/{id}/return", in, EditRecord<&S::Return>(ReadText, LedgerItemJson),
              kSmallBody});
  router.Add({"POST", items + "/{id}/close", in, EditRecord<&S::Close>(ReadText, LedgerItemJson),
              kSmallBody});
  router.Add({"POST", items + "/{id}/reopen", in, EditRecord<&S::Reopen>(ReadText, LedgerItemJson),
              kSmallBody, writers});
  router.Add({"POST", items + "/{id}/progress", in,
              CreateChildRecord<&S::AddProgress>(ReadProgress, LedgerEntryJson), kDefaultMaxBody});
  router.Add({"GET", items + "/{id}/timeline", in, GetRecord<&S::Timeline>(TimelineJson)});
  router.Add({"POST", items + "/{id}/extensions", in,
              CreateChildRecord<&S::RequestExtension>(ReadExtension, LedgerExtensionJson),
              kSmallBody});
  router.Add({"GET", items + "/{id}/extensions", in, GetRecord<&S::Extensions>(ExtensionsJson)});
  router.Add({"POST", "/api/v1/ledger/extensions/{id}/decide", in, Decide, kSmallBody});
  router.Add({"POST", items + "/{id}/feedback", in,
              EditRecord<&S::Feedback>(ReadFeedback, LedgerItemJson), kSmallBody, writers});
  router.Add({"GET", "/api/v1/ledger/board", in, BoardCounts});
  // The other ledger branches register their routes here, one line each.
  RegisterLedgerPlanRoutes(router);
  RegisterLedgerPublicRoutes(router);
  RegisterLedgerIoRoutes(router);
  RegisterLedgerLifeRoutes(router);  // ledlife: life meetings, enterprise visits, self-checks
}

const Module& LedgerModule() {
  static const Module m{
      &lg::Info, "ledger/openapi.json",
      [](ModuleSetup& s) {
        s.services.Make<lg::LedgerService>(
            s.db, s.services.Get<domain::attachments::AttachmentService>());
        lg::DeclareItemAttachments(s.services.Get<domain::attachments::RecordRights>());
        ProvideLedgerPlan(s);
        ProvideLedgerIo(s);
        ProvideLedgerLife(s);  // ledlife
      },
      RegisterLedgerRoutes};
  return m;
}

}  // namespace duxing::api
