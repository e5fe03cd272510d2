// /api/v1/assessments/report-calls and /report-submissions: research-report
// competitions (domain/assessments/reports/report.hpp): calls and their
// stages, submissions and their file (streamed, checked from the head),
// reviewers, blind review tasks and scores, ranking and awards.
#include "api/assessments/assessment_json.hpp"
#include "api/attachments/attachment_json.hpp"
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/multipart.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/assessments/reports/report.hpp"

namespace duxing::api {
namespace {

namespace rp = domain::assessments::reports;
using namespace assessments_json;

rp::ReportService &Reports(const Call &c) {
  return c.s.Get<rp::ReportService>();
}

boost::json::value OptAward(const std::optional<rp::Award> &a) {
  return a ? boost::json::value(rp::kAwards.Name(*a)) : nullptr;
}

boost::json::object CallJson(const rp::Call &c) {
  boost::json::array rubric;
  for (const auto &k : c.rubric) {
    rubric.push_back({{"name", k.name},
                      {"max_score", Points(k.max_score)},
                      {"weight", Points(k.weight)}});
  }
  return {{"id", c.id},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"campaign_id",
           c.campaign_id ? boost::json::value(*c.campaign_id) : nullptr},
          {"title", c.title},
          {"description", c.description},
          {"deadline_at", FormatTime(c.deadline_at)},
          {"stage", rp::kStages.Name(c.stage)},
          {"scope_org_ids", Ids(c.scope_org_ids)},
          {"rubric", std::move(rubric)},
          {"awards",
           {{"first", c.awards.first},
            {"second", c.awards.second},
            {"third", c.awards.third},
            {"excellence", c.awards.excellence}}},
          {"submission_count", c.submission_count},
          {"version", c.version}};
}

boost::json::object SubmissionJson(const rp::Submission &s) {
  boost::json::array authors;
  for (const auto &a : s.authors) {
    authors.push_back(
        {{"person_id",
          a.person_id ? boost::json::value(*a.person_id) : nullptr},
         {"name", a.name}});
  }
  auto opt_text = [](const std::optional<std::string> &t) {
    return t ? boost::json::value(*t) : nullptr;
  };
  return {
      {"id", s.id},
      {"call_id", s.call_id},
      {"submitter_account_id", s.submitter_account_id},
      {"submitter_name", s.submitter_name},
      {"org_id", s.org_id},
      {"org_name", s.org_name},
      {"title", s.title},
      {"abstract", s.abstract},
      {"authors", std::move(authors)},
      {"file_name", opt_text(s.file_name)},
      {"file_size", s.file_size ? boost::json::value(*s.file_size) : nullptr},
      {"media_type", opt_text(s.media_type)},
      {"award", OptAward(s.award)},
      {"created_at", s.created_at},
      {"updated_at", s.updated_at},
      {"version", s.version}};
}

boost::json::array ScoresJson(const std::vector<int64_t> &scores) {
  boost::json::array out;
  for (int64_t s : scores)
    out.push_back(Points(s));
  return out;
}

boost::json::object ReviewJson(const rp::Review &r) {
  return {{"submission_id", r.submission_id},
          {"scores", ScoresJson(r.scores)},
          {"comment", r.comment},
          {"total", Points(r.total)},
          {"updated_at", r.updated_at}};
}

boost::json::value MeanJson(const rp::Mean &m) {
  if (m.den == 0)
    return nullptr;
  return std::round(m.Value()) / 100.0;
}

// One item of a call's "rubric": {"name", "max_score", "weight"?}.
Result<rp::Criterion> ReadCriterion(JsonBody &item) {
  rp::Criterion k;
  DX_ASSIGN_OR_RETURN(k.name, item.RequiredString("name", rp::kMaxCriterionName,
                                                  "评分项名称"));
  DX_ASSIGN_OR_RETURN(k.max_score, RequiredPoints(item, "max_score", "满分"));
  DX_ASSIGN_OR_RETURN(auto weight, OptionalPoints(item, "weight"));
  if (weight)
    k.weight = *weight;
  return k;
}

// One of a submission's "authors": {"person_id"} or {"name"}.
Result<rp::Author> ReadAuthor(JsonBody &item) {
  rp::Author a;
  DX_ASSIGN_OR_RETURN(auto person, item.NullableInt("person_id"));
  if (person)
    a.person_id = *person;
  DX_ASSIGN_OR_RETURN(auto name, item.OptionalString("name", rp::kMaxAuthorName));
  a.name = name.value_or("");
  return a;
}

// The call's fields of a create or edit (every field but org_id).
Result<rp::Call> ReadCall(JsonBody &body) {
  rp::Call c;
  DX_ASSIGN_OR_RETURN(c.title, body.RequiredString("title", rp::kMaxTitle));
  DX_ASSIGN_OR_RETURN(auto description,
                      body.OptionalString("description", rp::kMaxDescription));
  c.description = description.value_or("");
  DX_ASSIGN_OR_RETURN(auto deadline, OptionalTime(body, "deadline_at"));
  if (!deadline)
    return Bad("截止时间不能为空", "deadline_at");
  c.deadline_at = *ParseTime(*deadline);
  DX_ASSIGN_OR_RETURN(c.campaign_id, body.OptionalInt("campaign_id"));
  DX_ASSIGN_OR_RETURN(auto scope,
                      body.OptionalIntArray("scope_org_ids", rp::kMaxScopeOrgs));
  c.scope_org_ids = scope.value_or(std::vector<int64_t>{});
  DX_ASSIGN_OR_RETURN(auto rubric,
                      body.OptionalObjectArray<rp::Criterion>(
                          "rubric", rp::kMaxCriteria, "评分项数组", ReadCriterion));
  if (!rubric)
    return Bad("评分标准应为数组", "rubric");
  c.rubric = std::move(*rubric);
  if (const boost::json::value *awards = body.Raw("awards")) {
    const auto *o = awards->if_object();
    if (!o)
      return Bad("奖项名额应为对象", "awards");
    for (const auto &[k, v] : *o) {
      int64_t *slot = k == "first"        ? &c.awards.first
                      : k == "second"     ? &c.awards.second
                      : k == "third"      ? &c.awards.third
                      : k == "excellence" ? &c.awards.excellence
                                          : nullptr;
      if (!slot)
        return Bad("未知字段", "awards." + std::string(k));
      if (!v.is_int64())
        return Bad("获奖名额应为整数", "awards." + std::string(k));
      *slot = v.as_int64();
    }
  }
  return c;
}

Result<rp::Submission> ReadSubmission(JsonBody &body) {
  rp::Submission s;
  DX_ASSIGN_OR_RETURN(s.title, body.RequiredString("title", rp::kMaxTitle));
  DX_ASSIGN_OR_RETURN(auto abstract,
                      body.OptionalString("abstract", rp::kMaxAbstract));
  s.abstract = abstract.value_or("");
  DX_ASSIGN_OR_RETURN(auto authors,
                      body.OptionalObjectArray<rp::Author>(
                          "authors", rp::kMaxAuthors, "作者数组", ReadAuthor));
  if (!authors)
    return Bad("作者应为数组", "authors");
  s.authors = std::move(*authors);
  return s;
}

// The reads of the routes below, each giving what its service call takes
// after the caller (and the path id and version, record_routes.hpp).
Result<rp::Call> ReadNewCall(JsonBody &body) {
  DX_ASSIGN_OR_RETURN(int64_t org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(rp::Call c, ReadCall(body));
  c.org_id = org_id;
  return c;
}
Result<std::tuple<rp::Call>> ReadCallEdit(JsonBody &body) {
  DX_ASSIGN_OR_RETURN(rp::Call c, ReadCall(body));
  return std::make_tuple(std::move(c));
}
Result<std::tuple<rp::Stage>> ReadStage(JsonBody &body) {
  DX_ASSIGN_OR_RETURN(
      auto stage,
      body.RequiredEnum(
          "stage", [](std::string_view s) { return rp::kStages.Parse(s); },
          "阶段无效"));
  return std::make_tuple(stage);
}
Result<rp::Submission> ReadNewSubmission(JsonBody &body) {
  DX_ASSIGN_OR_RETURN(rp::Submission s, ReadSubmission(body));
  DX_ASSIGN_OR_RETURN(auto org_id, body.OptionalInt("org_id"));
  s.org_id = org_id.value_or(0);
  return s;
}
Result<std::tuple<rp::Submission>> ReadSubmissionEdit(JsonBody &body) {
  DX_ASSIGN_OR_RETURN(rp::Submission s, ReadSubmission(body));
  return std::make_tuple(std::move(s));
}
Result<std::tuple<std::optional<rp::Award>>> ReadAward(JsonBody &body) {
  const boost::json::value *raw = body.Raw("award");
  if (!raw)
    return Bad("奖项不能为空（无奖项请传 null）", "award");
  std::optional<rp::Award> award;
  if (!raw->is_null()) {
    if (raw->is_string())
      award = rp::kAwards.Parse(raw->as_string());
    if (!award)
      return Bad("奖项无效", "award");
  }
  return std::make_tuple(award);
}

boost::json::object CallWithRightsJson(
    const std::pair<rp::Call, rp::CallRights> &got) {
  boost::json::object o = CallJson(got.first);
  o["rights"] = {{"organizer", got.second.organizer},
                 {"may_submit", got.second.may_submit},
                 {"reviewer", got.second.reviewer}};
  return o;
}

Response ListCalls(Call &c) {
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, Reports(c).ListCalls(c.ctx, page));
  return PageOf(got, CallJson);
}

Response ListSubmissions(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, Reports(c).ListSubmissions(c.ctx, id, page));
  return PageOf(got, SubmissionJson);
}

// The body of PUT /report-submissions/{id}/file: multipart with exactly one
// part named "file", spooled (type from the bytes, the report limit) and
// stored at the end.
class ReportFileSink : public BodySink, public PartHandler {
public:
  ReportFileSink(Call &call, std::string boundary)
      : call_(call), limits_(domain::attachments::UploadLimits::AllKinds(
                         Reports(call).max_file_bytes())),
        reader_(boundary, *this, 8) {
    limits_.max_files = 1;
  }
  std::optional<Response> Write(std::string_view bytes) override {
    Status fed = reader_.Feed(bytes);
    if (!fed.ok())
      return ErrorResponse(fed.error());
    return std::nullopt;
  }
  Response Finish() override {
    DX_TRY_STATUS(reader_.Finish());
    if (!file_)
      return ErrorResponse(Bad("请选择要上传的文件", "file"));
    DX_TRY(auto s, Reports(call_).SetFile(call_.ctx, id_, std::move(file_)));
    return JsonResponse(200, SubmissionJson(s));
  }
  Status BeginPart(const PartHeaders &h) override {
    if (!h.has_file_name || h.name != "file")
      return Ok();
    if (file_ || current_)
      return Bad("一次只能上传一个文件", "file");
    DX_ASSIGN_OR_RETURN(std::string name,
                        domain::attachments::CleanFileName(h.file_name));
    DX_ASSIGN_OR_RETURN(
        current_, domain::attachments::SpooledFile::Create(name, limits_));
    return Ok();
  }
  Status PartData(std::string_view bytes) override {
    return current_ ? current_->Append(bytes) : Ok();
  }
  Status EndPart() override {
    if (!current_)
      return Ok();
    DX_RETURN_IF_ERROR(current_->Finish());
    file_ = std::move(current_);
    return Ok();
  }
  void set_id(int64_t id) { id_ = id; }

private:
  Call &call_;
  domain::attachments::UploadLimits limits_;
  MultipartReader reader_;
  int64_t id_ = 0;
  std::unique_ptr<domain::attachments::SpooledFile> current_, file_;
};

std::unique_ptr<BodySink> OpenFileSink(Call &c) {
  auto id = c.PathId();
  if (!id.ok())
    return RefuseBody(ErrorResponse(id.error()));
  auto boundary = BoundaryOf(c.req.Header("content-type"));
  if (!boundary.ok())
    return RefuseBody(ErrorResponse(boundary.error()));
  auto sink = std::make_unique<ReportFileSink>(c, std::move(*boundary));
  sink->set_id(*id);
  return sink;
}

Status AuthorizeFile(const Call &c) {
  DX_ASSIGN_OR_RETURN(int64_t id, c.PathId());
  return Reports(c).CheckFileUpload(c.ctx, id);
}

Response DownloadFile(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto f, Reports(c).File(c.ctx, id));
  return AttachmentDownload(c.req, Reports(c).files(), f.attachment,
                            f.download_name);
}

Response Assign(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(auto accounts,
         body.OptionalIntArray("account_ids", rp::kMaxAssignEntries));
  DX_TRY(auto submissions,
         body.OptionalIntArray("submission_ids", rp::kMaxAssignEntries));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(int64_t made,
         Reports(c).Assign(c.ctx, id, accounts.value_or(std::vector<int64_t>{}),
                           submissions.value_or(std::vector<int64_t>{})));
  return JsonResponse(200, boost::json::object{{"assigned", made}});
}

Response RemoveReviewer(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t account_id, c.PathId("account_id"));
  DX_TRY(int64_t removed, Reports(c).RemoveReviewer(c.ctx, id, account_id));
  return JsonResponse(200, boost::json::object{{"removed", removed}});
}

Response ReviewTasks(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto tasks, Reports(c).ReviewTasks(c.ctx, id));
  boost::json::array items;
  for (const auto &t : tasks) {
    const rp::BlindSubmission &b = t.submission;
    items.push_back(
        {{"submission_id", b.id},
         {"call_id", b.call_id},
         {"title", b.title},
         {"abstract", b.abstract},
         {"has_file", b.has_file},
         {"file_size",
          b.file_size ? boost::json::value(*b.file_size) : nullptr},
         {"media_type",
          b.media_type ? boost::json::value(*b.media_type) : nullptr},
         {"review",
          t.review ? boost::json::value(ReviewJson(*t.review)) : nullptr}});
  }
  return ListResponse(std::move(items), static_cast<int64_t>(tasks.size()));
}

Response SaveReview(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(auto scores,
         body.OptionalArray<int64_t>(
             "scores", rp::kMaxCriteria, "分数数组",
             [](const boost::json::value &v, const std::string &at) {
               return ReadPoints(v, at);
             }));
  if (!scores)
    return ErrorResponse(Bad("得分应为数组", "scores"));
  DX_TRY(auto comment, body.OptionalString("comment", rp::kMaxComment));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto r,
         Reports(c).SaveReview(c.ctx, id, *scores, comment.value_or("")));
  return JsonResponse(200, ReviewJson(r));
}

Response Ranking(Call &c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto view, Reports(c).Ranking(c.ctx, id));
  boost::json::array items;
  for (const auto &r : view.rows) {
    items.push_back({{"rank", r.rank},
                     {"mean", MeanJson(r.mean)},
                     {"reviews", r.reviews},
                     {"assigned", r.assigned},
                     {"suggested_award", OptAward(r.suggested)},
                     {"submission", SubmissionJson(r.submission)}});
  }
  boost::json::array reviewers;
  for (const auto &p : view.reviewers) {
    reviewers.push_back({{"account_id", p.account_id},
                         {"display_name", p.display_name},
                         {"assigned", p.assigned},
                         {"reviewed", p.reviewed}});
  }
  return JsonResponse(200,
                      boost::json::object{{"items", std::move(items)},
                                          {"reviewers", std::move(reviewers)}});
}

void ProvideReports(ModuleSetup &s) {
  auto &files = s.services.Get<domain::attachments::AttachmentService>();
  int64_t max_bytes =
      std::min(files.limits().MaxBytes(domain::attachments::FileKind::kPdf),
               files.limits().MaxBytes(domain::attachments::FileKind::kOffice));
  s.services.Make<rp::ReportService>(s.db, files, max_bytes);
  rp::DeclareSubmissionFiles(
      s.services.Get<domain::attachments::RecordRights>());
}

void RegisterReportRoutes(Router &router) {
  const std::string calls = "/api/v1/assessments/report-calls";
  const std::string subs = "/api/v1/assessments/report-submissions";
  using S = rp::ReportService;
  const Access in = Access::kSignedIn;
  // A call is organized by those who write records of its org: others are
  // refused before their body is read (submitters and reviewers use the
  // routes without this step).
  const RouteAuthorize organizers = WritersOnly("只有征集的组织者可以进行此操作");
  router.Add({"GET", calls, in, ListCalls});
  router.Add({"POST", calls, in, CreateRecord<&S::CreateCall>(ReadNewCall, CallJson),
              kDefaultMaxBody, organizers});
  router.Add({"GET", calls + "/{id}", in, GetRecord<&S::GetCall>(CallWithRightsJson)});
  router.Add({"PUT", calls + "/{id}", in, EditRecord<&S::UpdateCall>(ReadCallEdit, CallJson),
              kDefaultMaxBody, organizers});
  router.Add({"POST", calls + "/{id}/stage", in, EditRecord<&S::MoveStage>(ReadStage, CallJson),
              kSmallBody, organizers});
  router.Add({"GET", calls + "/{id}/submissions", in, ListSubmissions});
  router.Add({"POST", calls + "/{id}/submissions", in,
              CreateChildRecord<&S::CreateSubmission>(ReadNewSubmission, SubmissionJson)});
  router.Add({"POST", calls + "/{id}/assignments", in, Assign, kDefaultMaxBody, organizers});
  router.Add({"DELETE", calls + "/{id}/reviewers/{account_id}", in, RemoveReviewer,
              kDefaultMaxBody, organizers});
  router.Add({"GET", calls + "/{id}/review-tasks", in, ReviewTasks});
  router.Add({"GET", calls + "/{id}/ranking", in, Ranking});
  router.Add({"POST", calls + "/{id}/awards", in,
              ArchiveRecord<&S::AssignAwardsFromRanking>(CallJson),  // {"version"} only
              kSmallBody, organizers});
  router.Add({"GET", subs + "/{id}", in, GetRecord<&S::GetSubmission>(SubmissionJson)});
  router.Add({"PUT", subs + "/{id}", in,
              EditRecord<&S::UpdateSubmission>(ReadSubmissionEdit, SubmissionJson)});
  router.Add({"PUT", subs + "/{id}/review", in, SaveReview, kSmallBody});
  router.Add({"PUT", subs + "/{id}/award", in, EditRecord<&S::SetAward>(ReadAward, SubmissionJson),
              kSmallBody, organizers});
  router.Add({"GET", subs + "/{id}/file", Access::kSignedIn, DownloadFile});
  const int64_t max_bytes =
      router.services().Get<rp::ReportService>().max_file_bytes();
  Route upload{"PUT", subs + "/{id}/file", Access::kSignedIn, nullptr,
               static_cast<size_t>(max_bytes) + (64 << 10)};
  upload.authorize = AuthorizeFile;
  upload.body_types = {"multipart/form-data"};
  upload.open_sink = OpenFileSink;
  router.Add(std::move(upload));
}

} // namespace

const Module &ReportCompetitionsModule() {
  static const Module m{&rp::Info, "assessments/reports/openapi.json",
                        ProvideReports, RegisterReportRoutes};
  return m;
}

} // namespace duxing::api
