#pragma once

#include "api/router.hpp"
#include "domain/attachments/attachment.hpp"

namespace duxing::api {

// The body limit of an upload request: max_files files at the largest
// per-kind limit, plus multipart framing. Past a file's own limit the
// upload is refused as that file's bytes arrive.
size_t UploadBodyLimit(const domain::attachments::UploadLimits& limits);

// Registers /api/v1/attachments over `service` (which outlives the router).
void RegisterAttachmentRoutes(Router& router, domain::attachments::AttachmentService& service);

}  // namespace duxing::api
