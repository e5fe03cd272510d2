// /api/v1/attachments: files of records, uploaded as multipart/form-data
// (streamed: see upload_sink.hpp), listed per record, downloaded with the
// original name and Range support, images with thumbnails.
#include "api/attachments/attachment_json.hpp"
#include "api/attachments/byte_range.hpp"
#include "api/attachments/upload_sink.hpp"
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/attachments/download_name.hpp"
#include "domain/attachments/image.hpp"
#include "jobs/registry.hpp"

#include <spdlog/spdlog.h>

namespace duxing::api {
namespace {

namespace at = domain::attachments;

constexpr int kThumbnailPixels = 240;

struct RecordRef {
  std::string type;
  std::optional<int64_t> id;
};

// record_type (required) and record_id (a positive id; required when
// `id_required`) of the query.
Result<RecordRef> QueryRecord(const Request& req, bool id_required) {
  RecordRef r;
  auto type = QueryString(req, "record_type");
  if (!type || type->size() > 64) {
    return MakeError(Code::kInvalidArgument, "缺少记录类型 record_type", "record_type");
  }
  r.type = *type;
  DX_ASSIGN_OR_RETURN(r.id, QueryInt(req, "record_id"));
  if ((r.id && *r.id <= 0) || (!r.id && id_required)) {
    return MakeError(Code::kInvalidArgument, "记录编号 record_id 无效", "record_id");
  }
  return r;
}

// The name for clients that do not read filename*: ASCII letters, digits
// and ".-_", everything else "_" (the extension survives).
std::string AsciiFallback(std::string_view name) {
  std::string out;
  for (unsigned char ch : name) {
    out += (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') && ch < 0x80
               ? static_cast<char>(ch)
               : '_';
  }
  return out;
}


// A download's body, read from the blob store one piece at a time.
class ContentSource : public BodySource {
 public:
  explicit ContentSource(at::ContentReader reader) : reader_(std::move(reader)) {}
  bool Next(std::string& piece) override {
    auto next = reader_.Next();
    if (!next.ok()) {
      spdlog::error("attachments: download stopped: {}", next.error().internal.empty()
                                                             ? next.error().message
                                                             : next.error().internal);
      return false;
    }
    piece = std::move(next).value();
    return true;
  }

 private:
  at::ContentReader reader_;
};

std::unique_ptr<BodySink> OpenUpload(Call& c, at::AttachmentService& s) {
  auto record = QueryRecord(c.req, false);
  if (!record.ok()) return RefuseBody(ErrorResponse(record.error()));
  return OpenUploadSink(s, c.ctx, c.req.Header("content-type"), record->type, record->id);
}

Status AuthorizeUpload(const Call& c, at::AttachmentService& s) {
  DX_ASSIGN_OR_RETURN(RecordRef record, QueryRecord(c.req, false));
  return s.CheckUpload(c.ctx, record.type, record.id);
}

Response List(Call& c, at::AttachmentService& s) {
  DX_TRY(RecordRef record, QueryRecord(c.req, true));
  DX_TRY(auto list, s.List(c.ctx, record.type, *record.id));
  boost::json::array items;
  for (const auto& a : list) items.push_back(AttachmentJson(a));
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

Response Get(Call& c, at::AttachmentService& s) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto a, s.Get(c.ctx, id));
  return JsonResponse(200, AttachmentJson(a));
}

Response Content(Call& c, at::AttachmentService& s) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto a, s.Get(c.ctx, id));
  return AttachmentDownload(c.req, s, a, a.file_name);
}

Response Thumbnail(Call& c, at::AttachmentService& s) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto a, s.Get(c.ctx, id));
  if (a.media_type.rfind("image/", 0) != 0) {
    return ErrorResponse(MakeError(Code::kNotFound, "该附件不是图片，没有缩略图"));
  }
  DX_TRY(std::string bytes, s.ReadBytes(a, 0, a.size));
  DX_TRY(std::string thumb, at::MakeThumbnail(bytes, kThumbnailPixels));
  Response r;
  r.content_type = "image/jpeg";
  r.body = std::move(thumb);
  r.headers.emplace_back("ETag", "\"" + a.blob_hash + "-t" + std::to_string(kThumbnailPixels) + "\"");
  r.headers.emplace_back("Cache-Control", "private, max-age=86400");
  r.headers.emplace_back("Content-Disposition", "inline");
  return r;
}

Response Limits(Call& c, at::AttachmentService& s) {
  const at::UploadLimits& l = s.limits();
  boost::json::object max_bytes;
  for (const auto& [kind, bytes] : l.max_bytes) max_bytes[at::FileKindName(kind)] = bytes;
  return JsonResponse(200, boost::json::object{{"max_bytes", std::move(max_bytes)},
                                               {"max_files", l.max_files}});
}

Response Attach(Call& c, at::AttachmentService& s) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t record_id, body.RequiredInt("record_id"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto a, s.Attach(c.ctx, id, record_id));
  return JsonResponse(200, AttachmentJson(a));
}

Response Remove(Call& c, at::AttachmentService& s) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY_STATUS(s.Remove(c.ctx, id));
  return NoContent();
}

}  // namespace

boost::json::object AttachmentJson(const at::Attachment& a) {
  boost::json::object o{{"id", a.id},
                        {"file_name", a.file_name},
                        {"media_type", a.media_type},
                        {"size", a.size},
                        {"record_type", a.record_type},
                        {"uploaded_by", a.uploaded_by},
                        {"created_at", a.created_at}};
  o["record_id"] = a.record_id ? boost::json::value(*a.record_id) : boost::json::value(nullptr);
  o["attached_at"] =
      a.attached_at ? boost::json::value(*a.attached_at) : boost::json::value(nullptr);
  o["is_image"] = a.media_type.rfind("image/", 0) == 0;
  return o;
}

Response AttachmentDownload(const Request& req, at::AttachmentService& s, const at::Attachment& a,
                            const std::string& download_name) {
  Response r;
  std::string etag = "\"" + a.blob_hash + "\"";
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", "private, no-cache");
  r.headers.emplace_back("Accept-Ranges", "bytes");
  if (req.Header("if-none-match") == etag) {
    r.status = 304;
    r.content_type = a.media_type;
    return r;
  }
  bool inline_shown = a.media_type.rfind("image/", 0) == 0;
  const std::string name = at::DownloadName(download_name, a.media_type);
  r.headers.emplace_back("Content-Disposition",
                         ContentDisposition(inline_shown ? "inline" : "attachment", name,
                                            AsciiFallback(name)));
  RangeDecision range = DecideRange(req.Header("range"), a.size);
  if (range.outcome == RangeOutcome::kUnsatisfiable) {
    Response refused = ErrorResponse(MakeError(Code::kInvalidArgument, "请求的范围超出文件大小"));
    refused.status = 416;
    refused.headers.emplace_back("Content-Range", "bytes */" + std::to_string(a.size));
    return refused;
  }
  ByteRange part = range.outcome == RangeOutcome::kPartial ? range.range : ByteRange{0, a.size};
  r.source = std::make_shared<ContentSource>(s.OpenContent(a, part.offset, part.length));
  r.source_length = part.length;
  r.content_type = a.media_type;
  if (range.outcome == RangeOutcome::kPartial) {
    r.status = 206;
    r.headers.emplace_back("Content-Range",
                           "bytes " + std::to_string(part.offset) + "-" +
                               std::to_string(part.offset + part.length - 1) + "/" +
                               std::to_string(a.size));
  }
  return r;
}

namespace {

// Every file at the largest kind limit, plus their part headers and delimiters.
size_t UploadBodyLimit(const at::UploadLimits& limits) {
  return static_cast<size_t>(limits.MaxBytes(std::nullopt)) * limits.max_files + (1 << 20);
}

at::AttachmentService& Service(const Call& c) { return c.s.Get<at::AttachmentService>(); }

void RegisterAttachmentRoutes(Router& router) {
  auto with = [](Response (*fn)(Call&, at::AttachmentService&)) {
    return [fn](Call& c) { return fn(c, Service(c)); };
  };
  const at::UploadLimits& limits = router.services().Get<at::AttachmentService>().limits();
  Route upload{"POST", "/api/v1/attachments", Access::kSignedIn, nullptr, UploadBodyLimit(limits)};
  upload.authorize = [](const Call& c) { return AuthorizeUpload(c, Service(c)); };
  upload.body_types = {"multipart/form-data"};
  upload.open_sink = [](Call& c) { return OpenUpload(c, Service(c)); };
  router.Add(std::move(upload));
  router.Add({"GET", "/api/v1/attachments", Access::kSignedIn, with(List)});
  router.Add({"GET", "/api/v1/attachments/limits", Access::kSignedIn, with(Limits)});
  router.Add({"GET", "/api/v1/attachments/{id}", Access::kSignedIn, with(Get)});
  router.Add({"GET", "/api/v1/attachments/{id}/content", Access::kSignedIn, with(Content)});
  router.Add({"GET", "/api/v1/attachments/{id}/thumbnail", Access::kSignedIn, with(Thumbnail)});
  router.Add(
      {"POST", "/api/v1/attachments/{id}/attach", Access::kSignedIn, with(Attach), kSmallBody});
  router.Add({"DELETE", "/api/v1/attachments/{id}", Access::kSignedIn, with(Remove)});
}

// Provides the blob store (in the database), the record rights registry
// (each later module declares its record types in its provide step) and the
// service; registers the routes.
constexpr const char* kSweepKind = "attachments.sweep";

void ProvideAttachments(ModuleSetup& s) {
  auto& store = s.services.Make<at::DatabaseBlobStore>();
  auto& rights = s.services.Make<at::RecordRights>();
  auto& service =
      s.services.Make<at::AttachmentService>(s.db, store, rights, s.options.attachments);
  // Uploads never attached go after a day (AttachmentService::SweepUnattached),
  // swept every night; the sweep is idempotent, so a repeated run is harmless.
  auto& jobs = s.services.Get<jobs::Registry>();
  jobs.AddHandler(kSweepKind, [&service](storage::Database&, const jobs::JobRun& run) -> Status {
    DX_ASSIGN_OR_RETURN(int64_t removed, service.SweepUnattached(run.now));
    if (removed > 0) spdlog::info("attachments: swept {} unattached uploads", removed);
    return Ok();
  });
  jobs.AddRecurring(jobs::Recurring::Daily(kSweepKind, kSweepKind, 3, 30));
}

}  // namespace

const Module& AttachmentsModule() {
  static const Module m{&at::Info, "attachments/openapi.json", ProvideAttachments,
                        RegisterAttachmentRoutes};
  return m;
}

}  // namespace duxing::api
