#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "api/http_types.hpp"
#include "domain/attachments/attachment.hpp"

namespace duxing::api {

// An attachment as the API answers it (no blob hash beyond the ETag).
boost::json::object AttachmentJson(const domain::attachments::Attachment& a);

// The answer to a download of attachment `a` (already allowed to the caller),
// sent as `download_name`: ETag / If-None-Match, one Range, images inline and
// everything else as an attachment, the bytes streamed from the store.
Response AttachmentDownload(const Request& req, domain::attachments::AttachmentService& s,
                            const domain::attachments::Attachment& a,
                            const std::string& download_name);

}  // namespace duxing::api
