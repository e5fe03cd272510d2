#include "tabular/xml_scanner.hpp"

#include <cstdint>

#include "tabular/cells.hpp"

namespace duxing::tabular {
namespace {

bool IsXmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool IsNameEnd(char c) { return IsXmlSpace(c) || c == '>' || c == '/'; }

// "x:c" -> "c".
std::string_view LocalName(std::string_view qualified) {
  size_t colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified
                                         : qualified.substr(colon + 1);
}

// Parses the inside of a numeric character reference ("#65", "#x41").
std::optional<char32_t> ParseCharRef(std::string_view ref) {
  if (ref.size() < 2 || ref[0] != '#') return std::nullopt;
  int base = 10;
  size_t i = 1;
  if (ref[1] == 'x' || ref[1] == 'X') {
    base = 16;
    i = 2;
  }
  if (i >= ref.size()) return std::nullopt;
  uint32_t value = 0;
  for (; i < ref.size(); ++i) {
    char c = ref[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = value * base + digit;
    if (value > 0x10FFFF) return std::nullopt;
  }
  return static_cast<char32_t>(value);
}

}  // namespace

void AppendXmlDecoded(std::string_view raw, std::string& out) {
  size_t i = 0;
  while (i < raw.size()) {
    size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      return;
    }
    out.append(raw.substr(i, amp - i));
    // References are short: look for ';' only that far.
    std::string_view ahead = raw.substr(amp + 1, kMaxXmlReferenceLength + 1);
    size_t semi = ahead.find(';');
    if (semi == std::string_view::npos) {
      out.push_back('&');
      i = amp + 1;
      continue;
    }
    semi += amp + 1;
    std::string_view ref = raw.substr(amp + 1, semi - amp - 1);
    bool done = true;
    if (ref == "amp") {
      out.push_back('&');
    } else if (ref == "lt") {
      out.push_back('<');
    } else if (ref == "gt") {
      out.push_back('>');
    } else if (ref == "quot") {
      out.push_back('"');
    } else if (ref == "apos") {
      out.push_back('\'');
    } else if (auto cp = ParseCharRef(ref)) {
      done = AppendUtf8(*cp, out);
    } else {
      done = false;
    }
    if (done) {
      i = semi + 1;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
}

std::string XmlDecode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  AppendXmlDecoded(raw, out);
  return out;
}

XmlScanner::Token XmlScanner::Fail() {
  ok_ = false;
  pos_ = xml_.size();
  return Token::kEnd;
}

XmlScanner::Token XmlScanner::Next() {
  if (pending_end_) {
    pending_end_ = false;
    return Token::kEndElement;
  }
  while (pos_ < xml_.size()) {
    if (xml_[pos_] != '<') {
      size_t lt = xml_.find('<', pos_);
      if (lt == std::string_view::npos) lt = xml_.size();
      text_ = xml_.substr(pos_, lt - pos_);
      text_is_cdata_ = false;
      pos_ = lt;
      return Token::kText;
    }
    std::string_view rest = xml_.substr(pos_);
    if (rest.starts_with("<!--")) {
      size_t end = xml_.find("-->", pos_ + 4);
      if (end == std::string_view::npos) return Fail();
      pos_ = end + 3;
    } else if (rest.starts_with("<![CDATA[")) {
      size_t end = xml_.find("]]>", pos_ + 9);
      if (end == std::string_view::npos) return Fail();
      text_ = xml_.substr(pos_ + 9, end - pos_ - 9);
      text_is_cdata_ = true;
      pos_ = end + 3;
      return Token::kText;
    } else if (rest.starts_with("<?")) {
      size_t end = xml_.find("?>", pos_ + 2);
      if (end == std::string_view::npos) return Fail();
      pos_ = end + 2;
    } else if (rest.starts_with("<!")) {
      // DOCTYPE, possibly with an internal subset in brackets: skipped.
      size_t i = pos_ + 2;
      int brackets = 0;
      for (; i < xml_.size(); ++i) {
        char c = xml_[i];
        if (c == '[') ++brackets;
        if (c == ']') --brackets;
        if (c == '>' && brackets <= 0) break;
      }
      if (i >= xml_.size()) return Fail();
      pos_ = i + 1;
    } else if (rest.starts_with("</")) {
      size_t end = xml_.find('>', pos_ + 2);
      if (end == std::string_view::npos) return Fail();
      std::string_view inner = xml_.substr(pos_ + 2, end - pos_ - 2);
      while (!inner.empty() && IsXmlSpace(inner.back())) inner.remove_suffix(1);
      name_ = LocalName(inner);
      pos_ = end + 1;
      if (depth_ > 0) --depth_;
      return Token::kEndElement;
    } else {
      if (!ParseTag()) return Fail();
      if (!pending_end_ && ++depth_ > kMaxDepth) return Fail();
      return Token::kStartElement;
    }
  }
  return Token::kEnd;
}

// Parses "<name attr='v' ...>" or ".../>" at pos_.
bool XmlScanner::ParseTag() {
  attributes_.clear();
  size_t attribute_count = 0;
  size_t i = pos_ + 1;
  size_t start = i;
  while (i < xml_.size() && !IsNameEnd(xml_[i])) ++i;
  if (i == start || i >= xml_.size()) return false;
  name_ = LocalName(xml_.substr(start, i - start));
  while (true) {
    while (i < xml_.size() && IsXmlSpace(xml_[i])) ++i;
    if (i >= xml_.size()) return false;
    if (xml_[i] == '>') {
      pos_ = i + 1;
      return true;
    }
    if (xml_[i] == '/') {
      if (i + 1 >= xml_.size() || xml_[i + 1] != '>') return false;
      pos_ = i + 2;
      pending_end_ = true;
      return true;
    }
    size_t attr_start = i;
    while (i < xml_.size() && xml_[i] != '=' && !IsNameEnd(xml_[i])) ++i;
    std::string_view attr_name = xml_.substr(attr_start, i - attr_start);
    while (i < xml_.size() && IsXmlSpace(xml_[i])) ++i;
    if (i >= xml_.size() || xml_[i] != '=' || attr_name.empty()) return false;
    ++i;
    while (i < xml_.size() && IsXmlSpace(xml_[i])) ++i;
    if (i >= xml_.size() || (xml_[i] != '"' && xml_[i] != '\'')) return false;
    char quote = xml_[i];
    size_t value_end = xml_.find(quote, i + 1);
    if (value_end == std::string_view::npos) return false;
    std::string_view value = xml_.substr(i + 1, value_end - i - 1);
    i = value_end + 1;
    if (++attribute_count > kMaxAttributes) return false;
    if (attr_name == "xmlns" || attr_name.starts_with("xmlns:")) continue;
    attributes_.emplace_back(LocalName(attr_name), value);
  }
}

std::optional<std::string> XmlScanner::Attribute(
    std::string_view local_name) const {
  for (const auto& [name, value] : attributes_) {
    if (name == local_name) return XmlDecode(value);
  }
  return std::nullopt;
}

void XmlScanner::AppendText(std::string& out) const {
  if (text_is_cdata_) {
    out.append(text_);
  } else {
    AppendXmlDecoded(text_, out);
  }
}

}  // namespace duxing::tabular
