#include "domain/attachments/document_scrub.hpp"

#include <minizip/zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "tabular/zip_archive.hpp"

namespace duxing::domain::attachments {
namespace {

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

constexpr std::string_view kEmptyCore =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<cp:coreProperties "
    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>";
constexpr std::string_view kEmptyApp =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Properties "
    "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"/>";
constexpr std::string_view kEmptyCustom =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Properties "
    "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"/>";
constexpr std::string_view kEmptyXmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";

Error Unreadable(std::string what, std::string internal) {
  Error e = MakeError(Code::kFailedPrecondition, std::move(what), "file");
  e.internal = std::move(internal);
  return e;
}

Error DocxUnreadable(std::string internal) {
  return Unreadable("报告文件不是可读取的 .docx 文档", std::move(internal));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

bool StartsWith(std::string_view s, std::string_view start) {
  return s.substr(0, start.size()) == start;
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return InternalError("open " + path + ": " + std::strerror(errno));
  std::ostringstream out;
  out << f.rdbuf();
  return out.str();
}

// --- .docx ---

struct Attribute {
  std::string name;  // as written, with its prefix
  std::string value;  // raw (entities kept)
  char quote = '"';
};

std::string_view LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The changes to one start tag's attributes: personal attributes
// neutral, external relationships pointed nowhere.
void ScrubTag(std::string_view tag, std::vector<Attribute>& attrs) {
  for (Attribute& a : attrs) {
    std::string_view local = LocalName(a.name);
    if (local == "author" || local == "initials" || local == "userId") {
      a.value = std::string(kNeutralAuthor);
    }
  }
  if (LocalName(tag) != "Relationship") return;
  auto find = [&](std::string_view name) -> Attribute* {
    for (Attribute& a : attrs) {
      if (a.name == name) return &a;
    }
    return nullptr;
  };
  Attribute* mode = find("TargetMode");
  Attribute* target = find("Target");
  if (!mode || mode->value != "External" || !target) return;
  Attribute* type = find("Type");
  std::string t = Lower(target->value);
  bool link = type && EndsWith(type->value, "/hyperlink") &&
              (StartsWith(t, "http://") || StartsWith(t, "https://") ||
               StartsWith(t, "mailto:"));
  if (!link) target->value = "about:blank";
}

// Rewrites every start tag of `xml` through ScrubTag; everything else
// (text, comments, CDATA, processing instructions) is copied. One pass.
Result<std::string> ScrubXml(std::string_view xml) {
  if (StartsWith(xml, "\xFF\xFE") || StartsWith(xml, "\xFE\xFF")) {
    return DocxUnreadable("UTF-16 XML part");
  }
  std::string out;
  out.reserve(xml.size());
  size_t i = 0;
  auto copy_through = [&](std::string_view end) -> Status {
    size_t at = xml.find(end, i);
    if (at == std::string_view::npos) return DocxUnreadable("unterminated markup");
    out.append(xml.substr(i, at + end.size() - i));
    i = at + end.size();
    return Ok();
  };
  while (i < xml.size()) {
    size_t lt = xml.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(xml.substr(i));
      break;
    }
    out.append(xml.substr(i, lt - i));
    i = lt;
    std::string_view rest = xml.substr(i);
    if (StartsWith(rest, "<!--")) {
      DX_RETURN_IF_ERROR(copy_through("-->"));
    } else if (StartsWith(rest, "<![CDATA[")) {
      DX_RETURN_IF_ERROR(copy_through("]]>"));
    } else if (StartsWith(rest, "<?") ) {
      DX_RETURN_IF_ERROR(copy_through("?>"));
    } else if (StartsWith(rest, "<!") || StartsWith(rest, "</")) {
      DX_RETURN_IF_ERROR(copy_through(">"));
    } else {
      // A start tag: name, attributes, then > or />.
      size_t p = i + 1;
      size_t name_end = p;
      while (name_end < xml.size() && !IsSpace(xml[name_end]) && xml[name_end] != '>' &&
             xml[name_end] != '/') {
        ++name_end;
      }
      std::string_view tag = xml.substr(p, name_end - p);
      std::vector<Attribute> attrs;
      p = name_end;
      std::string_view close;
      for (;;) {
        while (p < xml.size() && IsSpace(xml[p])) ++p;
        if (p >= xml.size()) return DocxUnreadable("unterminated tag");
        if (xml[p] == '>') {
          close = ">";
          ++p;
          break;
        }
        if (xml.substr(p, 2) == "/>") {
          close = "/>";
          p += 2;
          break;
        }
        size_t n = p;
        while (n < xml.size() && xml[n] != '=' && !IsSpace(xml[n]) && xml[n] != '>') ++n;
        Attribute a;
        a.name = std::string(xml.substr(p, n - p));
        while (n < xml.size() && IsSpace(xml[n])) ++n;
        if (n >= xml.size() || xml[n] != '=') return DocxUnreadable("attribute without value");
        ++n;
        while (n < xml.size() && IsSpace(xml[n])) ++n;
        if (n >= xml.size() || (xml[n] != '"' && xml[n] != '\'')) {
          return DocxUnreadable("unquoted attribute");
        }
        a.quote = xml[n];
        size_t end = xml.find(a.quote, n + 1);
        if (end == std::string_view::npos) return DocxUnreadable("unterminated attribute");
        a.value = std::string(xml.substr(n + 1, end - n - 1));
        attrs.push_back(std::move(a));
        p = end + 1;
      }
      ScrubTag(tag, attrs);
      out += '<';
      out.append(tag);
      for (const Attribute& a : attrs) {
        out += ' ';
        out += a.name;
        out += '=';
        out += a.quote;
        out += a.value;
        out += a.quote;
      }
      out.append(close);
      i = p;
    }
  }
  return out;
}

// The scrubbed content of entry `name` (`bytes` as stored).
Result<std::string> ScrubEntry(const std::string& name, std::string bytes) {
  std::string lower = Lower(name);
  if (lower == "docprops/core.xml") return std::string(kEmptyCore);
  if (lower == "docprops/app.xml") return std::string(kEmptyApp);
  if (lower == "docprops/custom.xml") return std::string(kEmptyCustom);
  if (EndsWith(lower, ".xml") || EndsWith(lower, ".rels")) return ScrubXml(bytes);
  return bytes;
}

struct ZipWriter {
  zipFile zf = nullptr;
  ~ZipWriter() {
    if (zf) zipClose(zf, nullptr);
  }
};

}  // namespace

Status ScrubDocx(const std::string& in, const std::string& out) {
  DX_ASSIGN_OR_RETURN(std::string bytes, ReadAll(in));
  auto opened = tabular::ZipArchive::Open(bytes, kMaxScrubUncompressed, kMaxScrubEntries);
  if (!opened.ok()) {
    if (opened.error().code == Code::kTooLarge) {
      return MakeError(Code::kTooLarge, "报告文件中的部件过多", "file");
    }
    return DocxUnreadable(opened.error().internal);
  }
  tabular::ZipArchive& zip = **opened;
  DX_ASSIGN_OR_RETURN(std::vector<std::string> names, zip.Names());
  ZipWriter w;
  w.zf = zipOpen64(out.c_str(), APPEND_STATUS_CREATE);
  if (!w.zf) return InternalError("zipOpen64 " + out);
  for (const std::string& name : names) {
    if (EndsWith(name, "/")) continue;  // a folder entry
    auto entry = zip.Read(name);
    if (!entry.ok()) {
      if (entry.error().code == Code::kTooLarge) {
        return MakeError(Code::kTooLarge, "报告文件解压后过大", "file");
      }
      return DocxUnreadable(entry.error().internal);
    }
    DX_ASSIGN_OR_RETURN(std::string clean, ScrubEntry(name, std::move(*entry)));
    zip_fileinfo info{};
    info.tmz_date.tm_year = 1980;
    info.tmz_date.tm_mday = 1;
    int zip64 = clean.size() >= 0xFFFFFFFFull ? 1 : 0;
    if (zipOpenNewFileInZip64(w.zf, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                              Z_DEFLATED, Z_DEFAULT_COMPRESSION, zip64) != ZIP_OK ||
        zipWriteInFileInZip(w.zf, clean.data(), static_cast<unsigned>(clean.size())) != ZIP_OK ||
        zipCloseFileInZip(w.zf) != ZIP_OK) {
      return InternalError("zip write " + out + ": " + name);
    }
  }
  int closed = zipClose(w.zf, nullptr);
  w.zf = nullptr;
  if (closed != ZIP_OK) return InternalError("zipClose " + out);
  return Ok();
}

// --- PDF ---

namespace {

bool IsPdfSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}
bool IsPdfDelimiter(char c) {
  return IsPdfSpace(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
         c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

// Metadata values and dictionaries are short: every scan of one stops
// after this many bytes, so that no byte is scanned more than a bounded
// number of times whatever the file holds.
constexpr size_t kMaxScan = 64 * 1024;

// The end (one past) of the literal string opening at `at` ('('), or npos
// (also when longer than kMaxScan).
size_t LiteralEnd(std::string_view s, size_t at) {
  int depth = 0;
  size_t stop = std::min(s.size(), at + kMaxScan);
  for (size_t i = at; i < stop; ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '(') {
      ++depth;
    } else if (s[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Blanks the string value starting at `at` (after a key), if it is one:
// a literal's bytes become spaces, a hex string's digits zeros.
void BlankString(std::string& s, size_t at) {
  while (at < s.size() && IsPdfSpace(s[at])) ++at;
  if (at >= s.size()) return;
  if (s[at] == '(') {
    size_t end = LiteralEnd(s, at);
    if (end == std::string_view::npos) return;
    for (size_t i = at + 1; i + 1 < end; ++i) s[i] = ' ';
  } else if (s[at] == '<' && at + 1 < s.size() && s[at + 1] != '<') {
    for (size_t i = at + 1; i < s.size() && i < at + kMaxScan && s[i] != '>'; ++i) {
      if (!IsPdfSpace(s[i])) s[i] = '0';
    }
  }
}

constexpr std::array<std::string_view, 6> kInfoKeys = {"/Title",    "/Author",  "/Subject",
                                                       "/Keywords", "/Creator", "/Producer"};

// The key of kInfoKeys at `at` (a whole name), or empty.
std::string_view InfoKeyAt(std::string_view s, size_t at) {
  for (std::string_view k : kInfoKeys) {
    if (s.substr(at, k.size()) == k &&
        (at + k.size() >= s.size() || IsPdfDelimiter(s[at + k.size()]))) {
      return k;
    }
  }
  return {};
}

// Blanks the values of kInfoKeys in the dictionary opening at `at` ("<<"),
// its own keys only (not those of nested dictionaries).
void BlankInfoDictionary(std::string& s, size_t at) {
  int depth = 0;
  size_t stop = std::min(s.size(), at + kMaxScan);
  for (size_t i = at; i < stop;) {
    char c = s[i];
    if (c == '(') {
      size_t end = LiteralEnd(s, i);
      if (end == std::string_view::npos) return;
      i = end;
    } else if (c == '<' && i + 1 < s.size() && s[i + 1] == '<') {
      ++depth;
      i += 2;
    } else if (c == '>' && i + 1 < s.size() && s[i + 1] == '>') {
      if (--depth == 0) return;
      i += 2;
    } else if (c == '/' && depth == 1) {
      std::string_view key = InfoKeyAt(s, i);
      if (!key.empty()) {
        BlankString(s, i + key.size());
        i += key.size();
      } else {
        ++i;
      }
    } else {
      ++i;
    }
  }
}

// The objects the trailers name as /Info ("N G"), at most 100.
std::vector<std::string> InfoRefs(std::string_view s) {
  std::vector<std::string> refs;
  for (size_t at = s.find("/Info"); at != std::string_view::npos && refs.size() < 100;
       at = s.find("/Info", at + 5)) {
    size_t i = at + 5;
    if (i < s.size() && !IsPdfDelimiter(s[i])) continue;  // /InfoX
    size_t start = i;
    while (i < s.size() && i - start < 40 && s[i] != 'R' && s[i] != '/' && s[i] != '>') ++i;
    if (i >= s.size() || s[i] != 'R') continue;
    std::string ref;
    for (char c : s.substr(start, i - start)) {
      if (IsPdfSpace(c)) {
        if (!ref.empty() && ref.back() != ' ') ref += ' ';
      } else {
        ref += c;
      }
    }
    while (!ref.empty() && ref.back() == ' ') ref.pop_back();
    if (!ref.empty()) refs.push_back(ref);
  }
  return refs;
}

// Every "N G obj" of `ref` in plain bytes: its dictionary blanked.
void BlankInfoObjects(std::string& s, const std::string& ref) {
  const std::string head = ref + " obj";
  for (size_t at = s.find(head); at != std::string::npos; at = s.find(head, at + 1)) {
    if (at > 0 && !IsPdfSpace(s[at - 1])) continue;  // "12 0 obj" inside "112 0 obj"
    size_t dict = s.find("<<", at + head.size());
    if (dict == std::string::npos || dict - at > head.size() + 64) continue;
    BlankInfoDictionary(s, dict);
  }
}

// Every plain XMP packet emptied, padded to its length.
void EmptyXmpPackets(std::string& s) {
  constexpr std::string_view kBegin = "<?xpacket begin=";
  constexpr std::string_view kEnd = "<?xpacket end=";
  for (size_t at = s.find(kBegin); at != std::string::npos; at = s.find(kBegin, at + 1)) {
    size_t body = s.find("?>", at);
    if (body == std::string::npos) return;
    body += 2;
    size_t end = s.find(kEnd, body);
    if (end == std::string::npos) return;
    size_t n = end - body;
    std::string fill = n >= kEmptyXmp.size() ? std::string(kEmptyXmp) : std::string();
    fill.resize(n, ' ');
    s.replace(body, n, fill);
    at = end;
  }
}

// Whether `text` names an author: a non-empty /Author value or a
// dc:creator element.
bool NamesAuthor(std::string_view text) {
  if (text.find("dc:creator") != std::string_view::npos) return true;
  for (size_t at = text.find("/Author"); at != std::string_view::npos;
       at = text.find("/Author", at + 7)) {
    size_t i = at + 7;
    while (i < text.size() && IsPdfSpace(text[i])) ++i;
    if (i >= text.size()) break;
    if (text[i] == '(') {
      size_t end = LiteralEnd(text, i);
      if (end == std::string_view::npos || end > i + 2) return true;
    } else if (text[i] == '<') {
      size_t end = text.substr(0, std::min(text.size(), i + kMaxScan)).find('>', i);
      std::string_view hex = text.substr(i + 1, end == std::string_view::npos ? 0 : end - i - 1);
      bool blank = true;
      for (char c : hex) blank = blank && (IsPdfSpace(c) || c == '0');
      if (!blank && hex != "FEFF" && hex != "feff") return true;
    }
  }
  return false;
}

// Inflates a zlib stream, at most `budget` bytes out (kTooLarge past it);
// nullopt when the bytes are not a readable zlib stream.
Result<std::optional<std::string>> Inflate(std::string_view in, uint64_t& budget) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return InternalError("inflateInit");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), 0xFFFFFFFFu));
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    int rc = inflate(&z, Z_NO_FLUSH);
    size_t n = sizeof buf - z.avail_out;
    if (n > budget) return MakeError(Code::kTooLarge, "报告文件解压后过大", "file");
    budget -= n;
    out.append(buf, n);
    if (rc == Z_STREAM_END) return std::optional<std::string>(std::move(out));
    if (rc != Z_OK || (n == 0 && z.avail_in == 0)) return std::optional<std::string>();
  }
}

// Refuses a PDF whose flate-compressed object or XMP streams name an author.
Status CheckCompressedParts(std::string_view s) {
  uint64_t budget = kMaxScrubUncompressed;
  size_t from = 0;
  size_t last_obj = std::string_view::npos, next_obj = s.find(" obj");
  size_t examined = std::string_view::npos;
  for (;;) {
    size_t kw = s.find("stream", from);
    if (kw == std::string_view::npos) return Ok();
    from = kw + 6;
    if (kw >= 3 && s.substr(kw - 3, 3) == "end") continue;  // endstream
    size_t data = kw + 6;
    if (data < s.size() && s[data] == '\r') ++data;
    if (data < s.size() && s[data] == '\n') ++data;
    else continue;
    // The stream's dictionary: from its object's head (the last " obj"
    // before the keyword, found by a pointer that only moves forward).
    while (next_obj != std::string_view::npos && next_obj < kw) {
      last_obj = next_obj;
      next_obj = s.find(" obj", next_obj + 4);
    }
    // One stream per object: a head is read once, and the heads of
    // different objects do not overlap (linear in all).
    if (last_obj == std::string_view::npos || last_obj == examined) continue;
    examined = last_obj;
    std::string_view head = s.substr(last_obj, kw - last_obj);
    bool wanted = head.find("/ObjStm") != std::string_view::npos ||
                  head.find("/Metadata") != std::string_view::npos;
    if (!wanted || head.find("/FlateDecode") == std::string_view::npos) continue;
    size_t end = s.find("endstream", data);
    if (end == std::string_view::npos) end = s.size();
    DX_ASSIGN_OR_RETURN(std::optional<std::string> text, Inflate(s.substr(data, end - data), budget));
    if (text && NamesAuthor(*text)) {
      return Unreadable(
          "报告 PDF 的文档属性中含有作者信息，无法自动清除：请在导出 PDF 时取消“文档属性”"
          "（或在文件属性中删除作者）后重新上传",
          "compressed part names an author");
    }
    from = end;
  }
}

}  // namespace

Status ScrubPdf(std::string& s) {
  const size_t size = s.size();
  for (const std::string& ref : InfoRefs(s)) BlankInfoObjects(s, ref);
  EmptyXmpPackets(s);
  DX_RETURN_IF_ERROR(CheckCompressedParts(s));
  if (s.size() != size) return InternalError("pdf scrub changed the length");
  return Ok();
}

Result<std::unique_ptr<SpooledFile>> ScrubbedCopy(const SpooledFile& file) {
  const std::string& type = file.media_type().type;
  std::string bytes;
  if (type == kDocx) {
    std::string clean = file.path() + ".scrub";
    Status scrubbed = ScrubDocx(file.path(), clean);
    if (scrubbed.ok()) {
      auto read = ReadAll(clean);
      if (read.ok()) bytes = std::move(*read);
      else scrubbed = read.error();
    }
    std::remove(clean.c_str());
    DX_RETURN_IF_ERROR(scrubbed);
  } else {
    DX_ASSIGN_OR_RETURN(bytes, ReadAll(file.path()));
    if (type == "application/pdf") DX_RETURN_IF_ERROR(ScrubPdf(bytes));
  }
  size_t slash = file.path().rfind('/');
  std::string dir = slash == std::string::npos ? "" : file.path().substr(0, slash);
  DX_ASSIGN_OR_RETURN(auto copy,
                      SpooledFile::Create(file.file_name(),
                                          UploadLimits::AllKinds(static_cast<int64_t>(bytes.size()) + 1),
                                          dir));
  DX_RETURN_IF_ERROR(copy->Append(bytes));
  DX_RETURN_IF_ERROR(copy->Finish());
  if (copy->media_type().type != type) return DocxUnreadable("scrubbed copy of another type");
  return copy;
}

}  // namespace duxing::domain::attachments
