// An .xlsx download of several sheets (router.hpp's XlsxDownload writes one).
#pragma once

#include <string_view>
#include <vector>

#include "api/router.hpp"
#include "tabular/xlsx_workbook.hpp"

namespace duxing::api {

// A workbook of `sheets` saved as `file_name`, as XlsxDownload. Not cached.
Response XlsxWorkbookDownload(const std::vector<tabular::Sheet>& sheets, std::string_view file_name,
                              std::string_view fallback_name);

}  // namespace duxing::api
