// libFuzzer target: ReadCsv on any bytes, with the default and with small
// limits; every table it returns must be clean (table_checks.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "table_checks.hpp"
#include "tabular/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const auto& limits :
       {duxing::tabular::ReadLimits(), duxing::fuzz::SmallLimits()}) {
    auto table = duxing::tabular::ReadCsv(bytes, limits);
    if (table.ok()) duxing::fuzz::CheckTable(*table, limits);
  }
  return 0;
}
