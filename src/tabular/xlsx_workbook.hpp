// Writing several sheets as one Excel workbook (.xlsx), for exports that
// hold more than one table (an exam's ranking and its branches). Kept apart
// from xlsx_writer.hpp, which every route file includes through the router.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::tabular {

// The bytes of a workbook holding `sheets` in order, each written as
// WriteXlsx writes one (text cells, bold frozen header, its notes tab when
// it has notes). Tab names must differ once made storable (kInternal
// otherwise: a bug of the caller); no sheets: one empty sheet. kTooLarge as
// WriteXlsx. Thread-safe.
Result<std::string> WriteXlsxWorkbook(const std::vector<Sheet>& sheets);

}  // namespace duxing::tabular
