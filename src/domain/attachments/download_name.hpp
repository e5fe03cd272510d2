// The name a stored file is downloaded under.
#pragma once

#include <string>
#include <string_view>

namespace duxing::domain::attachments {

// `file_name` with an extension its `media_type` (one decided by
// ContentSniffer) allows: unchanged when its extension fits the type
// (.jpg or .jpeg for JPEG, .txt or .csv for text...), else with its
// extension replaced by the type's own (报告.html holding a PDF → 报告.pdf),
// so that a downloaded file is never opened as another type than the one
// served. Names of unknown types are unchanged.
std::string DownloadName(std::string_view file_name, std::string_view media_type);

}  // namespace duxing::domain::attachments
