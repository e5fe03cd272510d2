// The body sink of an upload (POST /api/v1/attachments): reads the
// multipart body as it arrives (MultipartReader), spools each "file" part
// (SpooledFile: temp file, SHA-256, type from the bytes, limit of its kind)
// and, at the end, stores them all in one transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/body_sink.hpp"
#include "domain/attachments/attachment.hpp"

namespace duxing::api {

// A sink for the upload of `call`'s files to `record_type`/`record_id`
// (record_id empty: pending until attached), or one that refuses when the
// Content-Type is not multipart/form-data with a boundary. The Context must
// outlive the sink (the router's Call holds it).
std::unique_ptr<BodySink> OpenUploadSink(domain::attachments::AttachmentService& service,
                                         const domain::Context& ctx,
                                         std::string_view content_type, std::string record_type,
                                         std::optional<int64_t> record_id);

}  // namespace duxing::api
