// libFuzzer target: ReadXlsx, with the default and with small limits; every
// table it returns must be clean (table_checks.hpp).
//
// An input starting with "PK" is read as the .xlsx file itself (the zip
// archive and its deflate streams are fuzzed). Any other input is split at
// "\n====\n" into the XML of the parts below, packed into a stored archive,
// so that the workbook, relationship, shared-string, style and sheet parsers
// are fuzzed with valid CRCs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stored_zip.hpp"
#include "table_checks.hpp"
#include "tabular/xlsx_reader.hpp"

namespace {

constexpr const char* kParts[] = {
    "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",       "xl/styles.xml",
    "xl/workbook.xml",          "xl/_rels/workbook.xml.rels", "_rels/.rels",
};

std::string PackParts(std::string_view input) {
  std::vector<std::pair<std::string, std::string_view>> entries;
  constexpr std::string_view kSeparator = "\n====\n";
  for (const char* part : kParts) {
    size_t end = input.find(kSeparator);
    entries.emplace_back(part, input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + kSeparator.size());
  }
  return duxing::fuzz::StoredZip(entries);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string packed;
  std::string_view bytes = input;
  if (!input.starts_with("PK")) {
    packed = PackParts(input);
    bytes = packed;
  }
  for (const auto& limits :
       {duxing::tabular::ReadLimits(), duxing::fuzz::SmallLimits()}) {
    auto table = duxing::tabular::ReadXlsx(bytes, limits);
    if (table.ok()) duxing::fuzz::CheckTable(*table, limits);
  }
  return 0;
}
