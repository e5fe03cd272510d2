// /api/v1/ledger: the overdue counts, the .xlsx export, import and import
// template of items, and the daily overdue job (ledjob's part of the ledger
// module, registered by ledger_routes.cpp).
#include <spdlog/spdlog.h>

#include "api/ledger/ledger_io_routes.hpp"
#include "api/ledger/ledger_json.hpp"
#include "api/multipart.hpp"
#include "domain/ledger/ledger_xlsx.hpp"
#include "domain/ledger/overdue.hpp"
#include "jobs/registry.hpp"

namespace duxing::api {
namespace {

namespace lg = domain::ledger;

Error Bad(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

Result<lg::OverdueFilter> ReadOverdueFilter(const Call& c) {
  lg::OverdueFilter f;
  DX_ASSIGN_OR_RETURN(f.campaign_id, QueryInt(c.req, "campaign_id"));
  f.kind = QueryString(c.req, "kind");
  if (f.kind && !lg::kKinds.Parse(*f.kind)) return Bad("事项类别无效", "kind");
  return f;
}

// The items list's query for these counts' items (GET /ledger/items?...).
std::string ListQuery(const lg::OverdueFilter& f, const std::string& by) {
  std::string q = "overdue=true&" + by;
  if (f.campaign_id) q += "&campaign_id=" + std::to_string(*f.campaign_id);
  if (f.kind) q += "&kind=" + *f.kind;
  return q;
}

Response ByOrg(Call& c) {
  DX_TRY(auto f, ReadOverdueFilter(c));
  DX_TRY(auto rows, c.s.Get<lg::OverdueService>().ByOrg(c.ctx, f));
  boost::json::array items;
  for (const auto& r : rows) {
    items.push_back({{"org_id", r.org_id},
                     {"org_name", r.org_name},
                     {"overdue", r.overdue},
                     {"escalated", r.escalated},
                     {"oldest_deadline", r.oldest_deadline},
                     {"list_query", ListQuery(f, "org_id=" + std::to_string(r.org_id))}});
  }
  return ListResponse(std::move(items), static_cast<int64_t>(rows.size()));
}

Response ByLeader(Call& c) {
  DX_TRY(auto f, ReadOverdueFilter(c));
  DX_TRY(auto rows, c.s.Get<lg::OverdueService>().ByLeader(c.ctx, f));
  boost::json::array items;
  for (const auto& r : rows) {
    const std::string by = r.leader_person_id
                               ? "leader_person_id=" + std::to_string(*r.leader_person_id)
                               : std::string("no_leader=true");
    items.push_back({{"leader_person_id", r.leader_person_id ? boost::json::value(*r.leader_person_id)
                                                             : boost::json::value(nullptr)},
                     {"leader_name", r.leader_name},
                     {"overdue", r.overdue},
                     {"escalated", r.escalated},
                     {"oldest_deadline", r.oldest_deadline},
                     {"list_query", ListQuery(f, by)}});
  }
  return ListResponse(std::move(items), static_cast<int64_t>(rows.size()));
}

Response Export(Call& c) {
  DX_TRY(lg::ItemFilter f, ReadItemFilter(c));
  DX_TRY(auto sheet, c.s.Get<lg::LedgerXlsx>().Export(c.ctx, f));
  return XlsxDownload(sheet, lg::ExportFileName(f, c.ctx.now), "ledger.xlsx");
}

// The import template: refused as the import is, from the request head.
Response Template(Call&) {
  return XlsxDownload(lg::ImportTemplateSheet(), "台账导入模板.xlsx", "ledger-template.xlsx");
}

// The one file part ("file") of a multipart body, collected (the body is
// bounded by the route).
class FilePart : public PartHandler {
 public:
  Status BeginPart(const PartHeaders& h) override {
    in_file_ = h.has_file_name && h.name == "file";
    if (in_file_ && ++files_ > 1) return Bad("一次只能导入一个文件", "file");
    return Ok();
  }
  Status PartData(std::string_view bytes) override {
    if (in_file_) bytes_.append(bytes);
    return Ok();
  }
  Status EndPart() override { return Ok(); }
  int files() const { return files_; }
  std::string& bytes() { return bytes_; }

 private:
  bool in_file_ = false;
  int files_ = 0;
  std::string bytes_;
};

Result<lg::ImportTarget> ReadImportTarget(const Call& c) {
  lg::ImportTarget t;
  auto kind = QueryString(c.req, "kind");
  if (!kind) return Bad("请选择事项类别", "kind");
  auto parsed = lg::kKinds.Parse(*kind);
  if (!parsed) return Bad("事项类别无效", "kind");
  t.kind = *parsed;
  DX_ASSIGN_OR_RETURN(t.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_ASSIGN_OR_RETURN(t.skip_existing, QueryBool(c.req, "skip_existing"));
  return t;
}

Response Import(Call& c) {
  DX_TRY(auto target, ReadImportTarget(c));
  DX_TRY(std::string boundary, BoundaryOf(c.req.Header("content-type")));
  FilePart file;
  MultipartReader reader(boundary, file, 8);
  DX_TRY_STATUS(reader.Feed(c.req.body));
  DX_TRY_STATUS(reader.Finish());
  if (file.files() == 0) return ErrorResponse(Bad("请选择要导入的文件", "file"));
  auto imported = c.s.Get<lg::LedgerXlsx>().Import(c.ctx, target, file.bytes());
  if (!imported.ok()) {
    Response r = ErrorResponse(imported.error());
    if (!imported.error().details.empty()) r.status = 422;
    return r;
  }
  return JsonResponse(
      200, boost::json::object{{"imported", imported->imported}, {"skipped", imported->skipped}});
}

}  // namespace

void RegisterLedgerIoRoutes(Router& router) {
  const auto in = Access::kSignedIn;
  router.Add({"GET", "/api/v1/ledger/overdue/by-org", in, ByOrg});
  router.Add({"GET", "/api/v1/ledger/overdue/by-leader", in, ByLeader});
  router.Add({.method = "GET",
              .pattern = "/api/v1/ledger/items.xlsx",
              .handler = Export,
              .heavy = true});
  const RouteAuthorize importers = [](const Call& c) { return lg::LedgerXlsx::MayImport(c.ctx); };
  router.Add({.method = "GET",
              .pattern = "/api/v1/ledger/items/import-template",
              .handler = Template,
              .authorize = importers});
  router.Add({"POST", "/api/v1/ledger/items/import", in, Import, lg::kMaxImportBytes + (64 << 10),
              importers, {"multipart/form-data"}, /*heavy=*/true});
}

void ProvideLedgerIo(ModuleSetup& s) {
  s.services.Make<lg::OverdueService>(s.db);
  s.services.Make<lg::LedgerXlsx>(s.db);
  const lg::OverdueOptions options{s.options.ledger_escalate_after_days};
  auto& jobs = s.services.Get<jobs::Registry>();
  jobs.AddHandler(lg::kOverdueJobKind,
                  [options](storage::Database& db, const jobs::JobRun& run) -> Status {
                    const auto began = std::chrono::steady_clock::now();
                    DX_ASSIGN_OR_RETURN(auto pass, lg::RunOverduePass(db, run.now, options));
                    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - began);
                    spdlog::info("ledger: {} items overdue, {} escalated, {} notices in {} ms ({})",
                                 pass.marked, pass.escalated, pass.notified, ms.count(), run.key);
                    return Ok();
                  });
  jobs.AddRecurring(jobs::Recurring::Daily(lg::kOverdueJobKind, lg::kOverdueJobKind, 8, 0));
}

}  // namespace duxing::api
