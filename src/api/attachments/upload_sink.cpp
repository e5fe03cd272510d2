#include "api/attachments/upload_sink.hpp"

#include "api/attachments/attachment_json.hpp"
#include "api/multipart.hpp"
#include "api/router.hpp"

namespace duxing::api {
namespace {

namespace at = domain::attachments;

class UploadSink : public BodySink, public PartHandler {
 public:
  UploadSink(at::AttachmentService& service, const domain::Context& ctx, std::string boundary,
             std::string record_type, std::optional<int64_t> record_id)
      : service_(service),
        ctx_(ctx),
        // Every file part plus a few plain fields el-upload may add.
        reader_(boundary, *this, service.limits().max_files + 8),
        record_type_(std::move(record_type)),
        record_id_(record_id) {}

  std::optional<Response> Write(std::string_view bytes) override {
    Status fed = reader_.Feed(bytes);
    if (!fed.ok()) return ErrorResponse(fed.error());
    return std::nullopt;
  }

  Response Finish() override {
    DX_TRY_STATUS(reader_.Finish());
    DX_TRY(auto saved, service_.Save(ctx_, record_type_, record_id_, files_));
    boost::json::array items;
    for (const auto& a : saved) items.push_back(AttachmentJson(a));
    return JsonResponse(201, boost::json::object{{"items", std::move(items)},
                                                 {"total", static_cast<int64_t>(saved.size())}});
  }

  Status BeginPart(const PartHeaders& h) override {
    current_.reset();
    if (!h.has_file_name || h.name != "file") return Ok();  // other fields: ignored
    if (files_.size() >= service_.limits().max_files) {
      return MakeError(Code::kInvalidArgument,
                       "一次最多上传 " + std::to_string(service_.limits().max_files) + " 个文件",
                       "file");
    }
    DX_ASSIGN_OR_RETURN(std::string name, at::CleanFileName(h.file_name));
    DX_ASSIGN_OR_RETURN(current_, at::SpooledFile::Create(std::move(name), service_.limits()));
    return Ok();
  }
  Status PartData(std::string_view bytes) override {
    return current_ ? current_->Append(bytes) : Ok();
  }
  Status EndPart() override {
    if (!current_) return Ok();
    DX_RETURN_IF_ERROR(current_->Finish());
    files_.push_back(std::move(current_));
    return Ok();
  }

 private:
  at::AttachmentService& service_;
  const domain::Context& ctx_;
  MultipartReader reader_;
  std::string record_type_;
  std::optional<int64_t> record_id_;
  std::unique_ptr<at::SpooledFile> current_;
  std::vector<std::unique_ptr<at::SpooledFile>> files_;
};

}  // namespace

std::unique_ptr<BodySink> OpenUploadSink(at::AttachmentService& service,
                                         const domain::Context& ctx,
                                         std::string_view content_type, std::string record_type,
                                         std::optional<int64_t> record_id) {
  auto boundary = BoundaryOf(content_type);
  if (!boundary.ok()) return RefuseBody(ErrorResponse(boundary.error()));
  return std::make_unique<UploadSink>(service, ctx, std::move(*boundary), std::move(record_type),
                                      record_id);
}

}  // namespace duxing::api
