// /api/v1/assessments/exams and /attempts: exams, taking them (start or
// resume, save answers, leave-page events, hand in), grading short answers
// and results (domain/assessments/exam.hpp, attempt.hpp). Also the module's
// services and its auto-submit job.
#include <spdlog/spdlog.h>

#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/assessments/question_transfer_routes.hpp"
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/assessments/attempt.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/assessments/question.hpp"
#include "domain/attachments/attachment.hpp"
#include "jobs/registry.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;
using namespace assessments_json;

constexpr size_t kMaxAnswer = 32 << 10;  // characters of one answer

boost::json::value OptTime(const std::optional<TimePoint>& t) {
  return t ? boost::json::value(FormatTime(*t)) : nullptr;
}

boost::json::object ExamJson(const as::Exam& e) {
  return {{"id", e.id},
          {"org_id", e.org_id},
          {"campaign_id", e.campaign_id ? boost::json::value(*e.campaign_id) : nullptr},
          {"title", e.title},
          {"paper_id", e.paper_id},
          {"paper_title", e.paper_title},
          {"total_points", Points(e.total_points)},
          {"mode", as::kExamModes.Name(e.mode)},
          {"opens_at", FormatTime(e.opens_at)},
          {"closes_at", FormatTime(e.closes_at)},
          {"time_limit_seconds", e.time_limit_seconds},
          {"attempts_allowed", e.attempts_allowed},
          {"shuffle", e.shuffle},
          {"leave_limit", e.leave_limit},
          {"grace_seconds", e.grace_seconds},
          {"partial_credit", as::kPartialCredits.Name(e.partial_credit)},
          {"pass_points", Points(e.pass_points)},
          {"published", e.published},
          {"results_published", e.results_published},
          {"eligible_org_ids", Ids(e.eligible_org_ids)},
          {"eligible_categories", Texts(e.eligible_categories)},
          {"eligible_person_ids", Ids(e.eligible_person_ids)},
          {"archived", e.archived},
          {"version", e.version}};
}

// The editable fields of an exam (create and edit: every field but org_id).
Result<as::Exam> ReadExam(JsonBody& body) {
  as::Exam e;
  DX_ASSIGN_OR_RETURN(e.title, body.RequiredString("title", as::kMaxExamTitle));
  DX_ASSIGN_OR_RETURN(e.paper_id, body.RequiredInt("paper_id"));
  DX_ASSIGN_OR_RETURN(
      e.mode,
      body.RequiredEnum(
          "mode", [](std::string_view s) { return as::kExamModes.Parse(s); }, "考试方式无效"));
  DX_ASSIGN_OR_RETURN(auto opens, OptionalTime(body, "opens_at"));
  DX_ASSIGN_OR_RETURN(auto closes, OptionalTime(body, "closes_at"));
  if (!opens) return Bad("开始时间不能为空", "opens_at");
  if (!closes) return Bad("结束时间不能为空", "closes_at");
  e.opens_at = *ParseTime(*opens);
  e.closes_at = *ParseTime(*closes);
  DX_ASSIGN_OR_RETURN(e.campaign_id, body.OptionalInt("campaign_id"));
  DX_ASSIGN_OR_RETURN(auto limit, body.OptionalInt("time_limit_seconds"));
  e.time_limit_seconds = limit.value_or(0);
  DX_ASSIGN_OR_RETURN(auto attempts, body.OptionalInt("attempts_allowed"));
  e.attempts_allowed = attempts.value_or(e.mode == as::ExamMode::kClosedBook ? 1 : 0);
  DX_ASSIGN_OR_RETURN(auto shuffle, body.OptionalBool("shuffle"));
  e.shuffle = shuffle.value_or(e.mode == as::ExamMode::kClosedBook);
  DX_ASSIGN_OR_RETURN(auto leave, body.OptionalInt("leave_limit"));
  e.leave_limit = leave.value_or(0);
  DX_ASSIGN_OR_RETURN(auto grace, body.OptionalInt("grace_seconds"));
  e.grace_seconds = grace.value_or(30);
  DX_ASSIGN_OR_RETURN(
      auto partial,
      body.OptionalEnum(
          "partial_credit", [](std::string_view s) { return as::kPartialCredits.Parse(s); },
          "多选计分方式无效"));
  e.partial_credit = partial.value_or(as::PartialCredit::kNone);
  DX_ASSIGN_OR_RETURN(auto pass, OptionalPoints(body, "pass_points"));
  e.pass_points = pass.value_or(0);
  DX_ASSIGN_OR_RETURN(auto published, body.OptionalBool("published"));
  e.published = published.value_or(false);
  DX_ASSIGN_OR_RETURN(auto orgs,
                      body.OptionalIntArray("eligible_org_ids", as::kMaxEligibleEntries));
  e.eligible_org_ids = orgs.value_or(std::vector<int64_t>{});
  DX_ASSIGN_OR_RETURN(auto cats,
                      body.OptionalStringArray("eligible_categories", as::kMaxEligibleEntries, 64,
                                               JsonBody::Spaces::kKeep));
  e.eligible_categories = cats.value_or(std::vector<std::string>{});
  DX_ASSIGN_OR_RETURN(auto people,
                      body.OptionalIntArray("eligible_person_ids", as::kMaxEligibleEntries));
  e.eligible_person_ids = people.value_or(std::vector<int64_t>{});
  return e;
}

// The answer key and explanation of a question (shown when revealed), its
// correct options in the taker's keys.
void AddKey(boost::json::object& o, const as::QuestionContent& q,
            const std::vector<std::string>& correct_options) {
  boost::json::array blanks;
  for (const auto& b : q.blanks) blanks.push_back(Texts(b));
  o["correct_options"] = Texts(correct_options);
  if (q.type == as::QuestionType::kTrueFalse) o["true_false_answer"] = q.true_false_answer;
  o["accepted_blanks"] = std::move(blanks);
  o["reference_answer"] = q.reference_answer;
  o["explanation"] = q.explanation;
}

// An attempt as its taker or a grader sees it at the time of the request.
boost::json::object AttemptJson(const as::Attempt& a, const domain::Context& ctx) {
  boost::json::array questions;
  for (const auto& q : a.questions) {
    boost::json::array options;
    for (const auto& option : as::PaperOptions(q)) {
      options.push_back({{"key", option.key}, {"text", option.text}});
    }
    boost::json::object o{{"question_id", q.question_id},
                          {"type", as::TypeName(q.content.type)},
                          {"stem", q.content.stem},
                          {"options", std::move(options)},
                          {"blank_count", static_cast<int64_t>(q.content.blanks.size())},
                          {"points", Points(q.points)},
                          {"image_ids", Ids(q.content.image_ids)},
                          {"answer", q.seq ? boost::json::value(Texts(as::PaperAnswer(q))) : nullptr},
                          {"seq", q.seq}};
    if (a.reveal) {
      o["score"] = OptPoints(q.score);
      o["comment"] = q.comment;
      AddKey(o, q.content, as::PaperCorrectOptions(q));
    }
    questions.push_back(std::move(o));
  }
  return {{"id", a.id},
          {"exam_id", a.exam_id},
          {"person_id", a.blind ? boost::json::value(nullptr) : boost::json::value(a.person_id)},
          {"number", a.number},
          {"mode", as::kExamModes.Name(a.mode)},
          {"status", as::kAttemptStatuses.Name(a.status)},
          {"started_at", FormatTime(a.started_at)},
          {"deadline_at", FormatTime(a.deadline_at)},
          {"accept_until", FormatTime(a.accept_until)},
          {"server_time", FormatTime(ctx.now)},
          {"submitted_at", OptTime(a.submitted_at)},
          {"submitted_by",
           a.submitted_by ? boost::json::value(as::kSubmittedBy.Name(*a.submitted_by)) : nullptr},
          {"leave_count", a.leave_count},
          {"leave_limit", a.leave_limit},
          {"reveal", a.reveal},
          {"score", a.reveal ? OptPoints(a.score) : nullptr},
          {"max_score", Points(a.max_score)},
          {"pending", a.reveal ? boost::json::value(a.pending) : nullptr},
          {"questions", std::move(questions)}};
}

as::AttemptService& Attempts(Call& c) { return c.s.Get<as::AttemptService>(); }

Response ListExams(Call& c) {
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, c.s.Get<as::ExamService>().List(c.ctx, page));
  return PageOf(got, ExamJson);
}

Response SaveAnswer(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t question_id, c.PathId("question_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(auto value,
         body.OptionalStringArray("value", as::kMaxBlanks, kMaxAnswer, JsonBody::Spaces::kKeep));
  DX_TRY(int64_t seq, body.RequiredInt("seq"));
  DX_TRY_STATUS(body.Finish());
  if (!value) return ErrorResponse(Bad("value 不能为空（未作答请传空数组）", "value"));
  DX_TRY(auto saved, Attempts(c).Save(c.ctx, id, question_id, *value, seq));
  boost::json::object o{{"applied", saved.applied},
                        {"seq", saved.seq},
                        {"value", Texts(saved.answer)},
                        {"feedback", nullptr}};
  if (saved.feedback) {
    boost::json::object f{{"correct", saved.feedback->correct},
                          {"score", OptPoints(saved.feedback->score)}};
    AddKey(f, saved.feedback->key, saved.feedback->correct_options);
    o["feedback"] = std::move(f);
  }
  return JsonResponse(200, o);
}

Response Leave(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string event_id, body.RequiredString("event_id", as::kMaxLeaveEventId));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto a, Attempts(c).Leave(c.ctx, id, event_id));
  return JsonResponse(200, AttemptJson(a, c.ctx));
}

Response Grade(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t question_id, c.PathId("question_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  const boost::json::value* raw = body.Raw("score");
  if (!raw) return ErrorResponse(Bad("得分不能为空", "score"));
  DX_TRY(int64_t score, ReadPoints(*raw, "score"));
  DX_TRY(auto comment, body.OptionalString("comment", as::kMaxGradeComment));
  DX_TRY(auto version, body.OptionalInt("version"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto a, Attempts(c).Grade(c.ctx, id, question_id, score, comment.value_or(""), version));
  return JsonResponse(200, AttemptJson(a, c.ctx));
}

constexpr const char* kAutoSubmitKind = "assessments.auto_submit";

// Question images: bank readers read them, writers attach; a taker reads
// those of the questions their attempts drew.
void DeclareQuestionImages(domain::attachments::RecordRights& rights) {
  static constexpr const char* kOrgPath = "SELECT org_path FROM questions WHERE id = $1";
  rights.Declare(
      "question",
      [](storage::Tx& tx, const domain::auth::Principal& who, int64_t id,
         domain::attachments::RecordAccess access) -> Status {
        auto row = tx.QueryOne(kOrgPath, {id});
        Error not_found = MakeError(Code::kNotFound, "试题不存在");
        if (!row.ok()) return row.error().code == Code::kNotFound ? not_found : row.error();
        const std::string& path = row->Text(0);
        if (access == domain::attachments::RecordAccess::kAttach) {
          if (!who.CanRead(path)) return not_found;
          if (!who.CanWrite(path)) {
            return MakeError(Code::kPermissionDenied, "无权为该试题添加或删除图片");
          }
          return Ok();
        }
        if (who.CanRead(path)) return Ok();
        if (who.person_id) {
          DX_ASSIGN_OR_RETURN(
              storage::Rows drawn,
              tx.Query("SELECT 1 FROM attempt_questions aq JOIN attempts a ON a.id = "
                       "aq.attempt_id WHERE aq.question_id = $1 AND a.person_id = $2 LIMIT 1",
                       {id, *who.person_id}));
          if (!drawn.empty()) return Ok();
        }
        return not_found;
      },
      [](storage::Tx& tx, int64_t id) -> Result<std::optional<std::string>> {
        auto row = tx.QueryOne(kOrgPath, {id});
        if (!row.ok()) {
          if (row.error().code == Code::kNotFound) return std::optional<std::string>();
          return row.error();
        }
        return std::optional<std::string>(row->Text(0));
      });
}

void ProvideAssessments(ModuleSetup& s) {
  s.services.Make<as::QuestionBank>(s.db,
                                    &s.services.Get<domain::attachments::AttachmentService>());
  s.services.Make<as::PaperService>(s.db);
  s.services.Make<as::ExamService>(s.db);
  auto& attempts = s.services.Make<as::AttemptService>(s.db);
  ProvideQuestionTransfer(s);
  ProvideCommendations(s);
  ProvideResults(s);
  ProvideRegrades(s);
  DeclareQuestionImages(s.services.Get<domain::attachments::RecordRights>());
  // Attempts open past deadline + grace are submitted every minute; a submit
  // is conditional on the attempt being open, so overlapping runs (several
  // processes, a repeated run) submit each attempt once.
  auto& jobs = s.services.Get<jobs::Registry>();
  jobs.AddHandler(kAutoSubmitKind,
                  [&attempts](storage::Database&, const jobs::JobRun& run) -> Status {
                    DX_ASSIGN_OR_RETURN(int64_t n, attempts.SubmitOverdue(run.now));
                    if (n > 0) spdlog::info("assessments: auto-submitted {} attempts", n);
                    return Ok();
                  });
  jobs::Recurring every_minute;
  every_minute.name = kAutoSubmitKind;
  every_minute.kind = kAutoSubmitKind;
  every_minute.period = std::chrono::minutes(1);
  every_minute.max_attempts = 3;
  jobs.AddRecurring(every_minute);
}

}  // namespace

void RegisterExamRoutes(Router& router) {
  using Exams = as::ExamService;
  using Attempts = as::AttemptService;
  const Access in = Access::kSignedIn;
  const std::string exams = "/api/v1/assessments/exams";
  const std::string attempt = "/api/v1/assessments/attempts/{id}";
  // Exams are arranged by those who write records: others are refused
  // before their body is read.
  const RouteAuthorize organizers = WritersOnly("无权安排考试");
  router.Add({"GET", exams, in, ListExams});
  router.Add({"POST", exams, in,
              CreateRecord<&Exams::Create>(ReadInOrg<as::Exam, ReadExam>, ExamJson),
              kDefaultMaxBody, organizers});
  router.Add({"GET", exams + "/{id}", in, GetRecord<&Exams::Get>(ExamJson)});
  router.Add({"PUT", exams + "/{id}", in,
              EditRecord<&Exams::Update>(ReadWhole<as::Exam, ReadExam>, ExamJson),
              kDefaultMaxBody, organizers});
  router.Add({"POST", exams + "/{id}/publish-results", in,
              ArchiveRecord<&Exams::PublishResults>(ExamJson), kSmallBody, organizers});
  // A taker's start, answers and hand-in share the answers' group commit.
  auto grouped = [](Route r) {
    r.waits_for_commit = true;
    return r;
  };
  router.Add(grouped({"POST", exams + "/{id}/attempts", in,
                      ActOnRecord<&Attempts::Start>(AttemptJson), kSmallBody}));
  router.Add({"GET", exams + "/{id}/my-attempt", in, GetRecord<&Attempts::Latest>(AttemptJson)});
  router.Add({"GET", attempt, in, GetRecord<&Attempts::Get>(AttemptJson)});
  router.Add(grouped({"PUT", attempt + "/answers/{question_id}", in, SaveAnswer}));
  router.Add({"POST", attempt + "/leave", in, Leave, kSmallBody});
  router.Add(grouped(
      {"POST", attempt + "/submit", in, ActOnRecord<&Attempts::Submit>(AttemptJson), kSmallBody}));
  router.Add({"PUT", attempt + "/answers/{question_id}/grade", in, Grade, kSmallBody});
}

const Module& AssessmentsModule() {
  static const Module m{&as::Info, "assessments/openapi.json", ProvideAssessments,
                        [](Router& router) {
                          RegisterBankRoutes(router);
                          RegisterExamRoutes(router);
                          RegisterResultRoutes(router);
                          RegisterRegradeRoutes(router);
                          RegisterQuestionTransferRoutes(router);
                          RegisterCommendationRoutes(router);
                        }};
  return m;
}

}  // namespace duxing::api
