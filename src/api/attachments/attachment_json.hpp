#pragma once

#include <boost/json/object.hpp>

#include "domain/attachments/attachment.hpp"

namespace duxing::api {

// An attachment as the API answers it (no blob hash beyond the ETag).
boost::json::object AttachmentJson(const domain::attachments::Attachment& a);

}  // namespace duxing::api
