#include "api/multipart.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>


namespace duxing::api {
namespace {

constexpr const char* kNotMultipart = "上传内容不是有效的 multipart/form-data 格式";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value "UTF-8''%E4%B8%AD.pdf" decoded; nullopt otherwise.
std::optional<std::string> DecodeExtValue(std::string_view v) {
  constexpr std::string_view kPrefix = "utf-8''";
  if (v.size() < kPrefix.size() || Lower(v.substr(0, kPrefix.size())) != kPrefix) {
    return std::nullopt;
  }
  v.remove_prefix(kPrefix.size());
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '%') {
      out += v[i];
      continue;
    }
    if (i + 2 >= v.size()) return std::nullopt;
    int hi = HexValue(v[i + 1]), lo = HexValue(v[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Splits `value` ("form-data; name=\"file\"; filename=\"a.pdf\"") into its
// parameters (names lower-case, quotes and backslash escapes removed). One
// pass over the value.
std::vector<std::pair<std::string, std::string>> Parameters(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;  // past ';'
    size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string name = Lower(Trim(value.substr(i, eq - i)));
    size_t j = eq + 1;
    while (j < value.size() && value[j] == ' ') ++j;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      ++j;
      while (j < value.size() && value[j] != '"') {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        v += value[j++];
      }
      i = value.find(';', j);
    } else {
      size_t end = value.find(';', j);
      v = std::string(Trim(value.substr(j, end == std::string_view::npos ? value.npos : end - j)));
      i = end;
    }
    out.emplace_back(std::move(name), std::move(v));
  }
  return out;
}

}  // namespace

MultipartReader::MultipartReader(std::string_view boundary, PartHandler& handler,
                                 size_t max_parts)
    : delimiter_("\r\n--" + std::string(boundary)), handler_(handler), max_parts_(max_parts) {
  fail_.assign(delimiter_.size(), 0);
  for (size_t i = 1, k = 0; i < delimiter_.size(); ++i) {
    while (k > 0 && delimiter_[i] != delimiter_[k]) k = fail_[k - 1];
    if (delimiter_[i] == delimiter_[k]) ++k;
    fail_[i] = k;
  }
}

Status MultipartReader::Fail(Error e) {
  state_ = State::kFailed;
  error_ = e;
  return e;
}

Status MultipartReader::EmitData(size_t held, std::string_view chunk, size_t from, size_t n) {
  size_t from_held = std::min(n, held);
  if (from_held > 0) DX_RETURN_IF_ERROR(handler_.PartData({delimiter_.data(), from_held}));
  if (n > from_held) DX_RETURN_IF_ERROR(handler_.PartData(chunk.substr(from, n - from_held)));
  return Ok();
}

Result<size_t> MultipartReader::ScanData(std::string_view chunk, size_t pos, bool in_part,
                                         bool& found) {
  const size_t held = matched_;
  const size_t d = delimiter_.size();
  size_t i = pos;
  while (i < chunk.size()) {
    if (matched_ == 0) {
      // Only a CR can begin the delimiter: skip to the next one.
      const void* cr = std::memchr(chunk.data() + i, '\r', chunk.size() - i);
      if (!cr) {
        i = chunk.size();
        break;
      }
      i = static_cast<const char*>(cr) - chunk.data();
    }
    char c = chunk[i++];
    while (matched_ > 0 && delimiter_[matched_] != c) matched_ = fail_[matched_ - 1];
    if (delimiter_[matched_] == c) ++matched_;
    if (matched_ == d) {
      if (in_part) DX_RETURN_IF_ERROR(EmitData(held, chunk, pos, held + (i - pos) - d));
      matched_ = 0;
      found = true;
      return i;
    }
  }
  if (in_part) DX_RETURN_IF_ERROR(EmitData(held, chunk, pos, held + (i - pos) - matched_));
  return i;
}

Status MultipartReader::HeadersDone() {
  PartHeaders h;
  std::string_view block(headers_);
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find("\r\n", start);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(start, end - start);
    start = end + 2;
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Fail(MakeError(Code::kInvalidArgument, kNotMultipart));
    std::string name = Lower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (name == "content-type") {
      h.content_type = std::string(value);
    } else if (name == "content-disposition") {
      std::optional<std::string> ext_name;
      for (auto& [k, v] : Parameters(value)) {
        if (k == "name") h.name = v;
        if (k == "filename") {
          h.file_name = v;
          h.has_file_name = true;
        }
        if (k == "filename*") ext_name = DecodeExtValue(v);
      }
      if (ext_name) {
        h.file_name = *ext_name;
        h.has_file_name = true;
      }
    }
  }
  headers_.clear();
  state_ = State::kData;
  matched_ = 0;
  Status begun = handler_.BeginPart(h);
  if (!begun.ok()) return Fail(begun.error());
  return Ok();
}

Status MultipartReader::Feed(std::string_view chunk) {
  size_t pos = 0;
  while (pos < chunk.size()) {
    switch (state_) {
      case State::kFailed:
        return error_;
      case State::kEpilogue:
        return Ok();  // ignored, as RFC 2046 says
      case State::kPreamble:
      case State::kData: {
        bool in_part = state_ == State::kData;
        bool found = false;
        auto next = ScanData(chunk, pos, in_part, found);
        if (!next.ok()) return Fail(next.error());
        pos = *next;
        if (found) {
          if (in_part) {
            Status ended = handler_.EndPart();
            if (!ended.ok()) return Fail(ended.error());
          }
          state_ = State::kAfterDelimiter;
          after_.clear();
        }
        break;
      }
      case State::kAfterDelimiter: {
        after_ += chunk[pos++];
        if (after_.size() < 2) break;
        if (after_ == "--") {
          state_ = State::kEpilogue;
        } else if (after_ == "\r\n") {
          if (++parts_ > max_parts_) {
            return Fail(MakeError(Code::kInvalidArgument,
                                  "一次上传的文件过多（最多 " + std::to_string(max_parts_) + " 个）"));
          }
          state_ = State::kHeaders;
          headers_.clear();
        } else {
          return Fail(MakeError(Code::kInvalidArgument, kNotMultipart));
        }
        break;
      }
      case State::kHeaders: {
        headers_ += chunk[pos++];
        if (headers_.size() > kMaxPartHeaderBytes) {
          return Fail(MakeError(Code::kTooLarge, "上传内容的分段头过长"));
        }
        if (headers_ == "\r\n" || headers_.ends_with("\r\n\r\n")) DX_RETURN_IF_ERROR(HeadersDone());
        break;
      }
    }
  }
  return state_ == State::kFailed ? Status(error_) : Ok();
}

Status MultipartReader::Finish() {
  if (state_ == State::kFailed) return error_;
  if (state_ != State::kEpilogue) {
    return Fail(MakeError(Code::kInvalidArgument, "上传内容不完整：缺少结束分隔符"));
  }
  return Ok();
}

Result<std::string> BoundaryOf(std::string_view content_type) {
  std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (Lower(type) != "multipart/form-data") {
    return MakeError(Code::kInvalidArgument, "上传请求的 Content-Type 应为 multipart/form-data");
  }
  for (auto& [k, v] : Parameters(content_type)) {
    if (k != "boundary") continue;
    bool ok = !v.empty() && v.size() <= 70 && v.back() != ' ';
    for (char c : v) {
      ok = ok && (std::isalnum(static_cast<unsigned char>(c)) ||
                  std::strchr("'()+_,-./:=? ", c) != nullptr);
    }
    if (ok) return v;
    break;
  }
  return MakeError(Code::kInvalidArgument, "上传请求缺少有效的 multipart 分隔符（boundary）");
}

}  // namespace duxing::api
