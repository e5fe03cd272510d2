#include "api/assessments/question_transfer_routes.hpp"

#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/assessments/question_transfer.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;

// The org_id query parameter of the bank imported into or exported.
Result<int64_t> BankOrg(const Request& req) {
  DX_ASSIGN_OR_RETURN(std::optional<int64_t> org_id, QueryInt(req, "org_id"));
  if (!org_id) return MakeError(Code::kInvalidArgument, "请指定题库所属组织", "org_id");
  return *org_id;
}

Status MayImport(const Call& c) {
  DX_ASSIGN_OR_RETURN(int64_t org_id, BankOrg(c.req));
  return c.s.Get<as::QuestionTransfer>().MayImport(c.ctx, org_id);
}

Response Import(Call& c) {
  DX_TRY(int64_t org_id, BankOrg(c.req));
  as::SheetFormat format = c.req.Header("content-type").starts_with(kXlsxType)
                               ? as::SheetFormat::kXlsx
                               : as::SheetFormat::kCsv;
  auto imported = c.s.Get<as::QuestionTransfer>().Import(c.ctx, org_id, format, c.req.body);
  if (!imported.ok()) {
    Response r = ErrorResponse(imported.error());
    if (!imported.error().details.empty()) r.status = 422;
    return r;
  }
  return JsonResponse(200, boost::json::object{{"imported", *imported}});
}

Response Export(Call& c) {
  DX_TRY(int64_t org_id, BankOrg(c.req));
  std::optional<as::QuestionType> type;
  if (auto text = QueryString(c.req, "type")) {
    type = as::ParseType(*text);
    if (!type) return ErrorResponse(MakeError(Code::kInvalidArgument, "题型不存在", "type"));
  }
  DX_TRY(auto sheet, c.s.Get<as::QuestionTransfer>().Export(c.ctx, org_id, type));
  return XlsxDownload(sheet, "题库.xlsx", "questions.xlsx");
}

Response Template(Call& c) {
  if (!c.principal().CanWriteSomewhere()) {
    return ErrorResponse(MakeError(Code::kPermissionDenied, "无权导入试题"));
  }
  return XlsxDownload(as::QuestionTemplateSheet(), "试题导入模板.xlsx", "questions-template.xlsx");
}

}  // namespace

void ProvideQuestionTransfer(ModuleSetup& s) {
  s.services.Make<as::QuestionTransfer>(s.db, s.services.Get<as::QuestionBank>());
}

void RegisterQuestionTransferRoutes(Router& router) {
  router.Add({"GET", "/api/v1/assessments/questions/import-template", Access::kSignedIn, Template});
  router.Add({.method = "GET",
              .pattern = "/api/v1/assessments/questions/export",
              .handler = Export,
              .heavy = true});
  router.Add({"POST",
              "/api/v1/assessments/questions/import",
              Access::kSignedIn,
              Import,
              as::kMaxImportBytes,
              MayImport,
              {kXlsxType, "text/csv"},
              /*heavy=*/true});
}

}  // namespace duxing::api
