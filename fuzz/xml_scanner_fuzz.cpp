// libFuzzer target: XmlScanner and XmlDecode on any bytes. Decoding never
// grows text (a reference is never shorter than what it stands for), and the
// scanner ends within a number of tokens bounded by the input size.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tabular/xml_scanner.hpp"

using duxing::tabular::XmlScanner;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  if (duxing::tabular::XmlDecode(xml).size() > xml.size()) std::abort();

  XmlScanner scanner(xml);
  std::string text;
  size_t tokens = 0;
  for (auto t = scanner.Next(); t != XmlScanner::Token::kEnd;
       t = scanner.Next()) {
    // Every token but a self-closing element's end consumes input.
    if (++tokens > 2 * size + 2) std::abort();
    if (t == XmlScanner::Token::kStartElement) {
      for (std::string_view name : {"r", "t", "s", "id", "Target"}) {
        auto value = scanner.Attribute(name);
        if (value && value->size() > size) std::abort();
      }
    } else if (t == XmlScanner::Token::kText) {
      text.clear();
      scanner.AppendText(text);
      if (text.size() > size) std::abort();
    }
  }
  return 0;
}
