// XmlScanner: a small forward-only XML tokenizer, enough for the parts of an
// Office Open XML package (workbook, relationships, shared strings, styles,
// worksheets). Internal to duxing::tabular.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duxing::tabular {

// The longest reference AppendXmlDecoded decodes, '&' and ';' excluded
// ("#x10FFFF" and "#1114111" are 8).
inline constexpr size_t kMaxXmlReferenceLength = 10;

// Decodes the five predefined XML entities and numeric character references
// (&#NNN; &#xHH;) in `raw`, appending the result to `out`. Anything else that
// starts with '&' (unknown entity, bad or out-of-range reference, NUL, or a
// reference longer than kMaxXmlReferenceLength such as "&#00000000065;") is
// copied unchanged. Never fails. Linear: each '&' looks ahead at most
// kMaxXmlReferenceLength + 1 bytes.
void AppendXmlDecoded(std::string_view raw, std::string& out);

// Convenience form of AppendXmlDecoded.
std::string XmlDecode(std::string_view raw);

// Tokenizes an XML document held in memory. `xml` is not copied and must
// outlive the scanner.
//
// No DTD processing: DOCTYPE declarations, comments and processing
// instructions are skipped, and custom entities are never expanded (so there
// is no entity-expansion attack). Linear in the size of `xml` over all calls:
// every byte is looked at a bounded number of times, and nothing is copied
// but decoded text and attribute values. Elements nested deeper than
// kMaxDepth, or a start element with more than kMaxAttributes attributes
// (xmlns declarations included), are malformed input. Namespaces are not
// resolved: element and attribute names are reported by local name, prefix
// removed ("x:c" -> "c", "r:id" -> "id"); xmlns declarations are not
// attributes. Not thread-safe; independent scanners may run concurrently.
class XmlScanner {
 public:
  enum class Token {
    kStartElement,  // <name ...> or <name .../>
    kEndElement,    // </name>, or right after a self-closing start element
    kText,          // character data or a CDATA section
    kEnd,           // end of input, or malformed input (then ok() is false)
  };

  static constexpr int kMaxDepth = 256;
  static constexpr size_t kMaxAttributes = 256;

  explicit XmlScanner(std::string_view xml) : xml_(xml) {}

  // Advances to the next token and returns it. After kEnd, keeps returning
  // kEnd.
  Token Next();

  // False once malformed input was met (unterminated tag, comment, CDATA or
  // attribute value; too deep or too many attributes). Unbalanced elements
  // are not detected.
  bool ok() const { return ok_; }

  // For kStartElement and kEndElement: the local name of the element.
  std::string_view name() const { return name_; }

  // For kStartElement: the decoded value of the attribute with this local
  // name, or nullopt if absent.
  std::optional<std::string> Attribute(std::string_view local_name) const;

  // For kText: appends the decoded text (entities resolved; CDATA verbatim).
  void AppendText(std::string& out) const;

 private:
  bool ParseTag();
  Token Fail();

  std::string_view xml_;
  size_t pos_ = 0;
  bool ok_ = true;
  bool pending_end_ = false;  // a self-closing element's end is due
  int depth_ = 0;             // open elements
  bool text_is_cdata_ = false;
  std::string_view name_;
  std::string_view text_;
  // (local name, raw value) of the current start element's attributes.
  std::vector<std::pair<std::string_view, std::string_view>> attributes_;
};

}  // namespace duxing::tabular
