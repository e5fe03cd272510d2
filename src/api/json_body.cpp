#include "api/json_body.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <unordered_set>
#include <vector>

#include "common/text.hpp"

namespace duxing::api {
namespace {

// How a message names the field: its Chinese label when the caller gave one
// ("用户名"), else the API name ("字段 username ").
std::string Subject(std::string_view name, std::string_view label) {
  if (!label.empty()) return std::string(label);
  return "字段 " + std::string(name) + " ";
}

Error TypeError(std::string_view name, const char* expected, std::string_view label = {}) {
  return MakeError(Code::kInvalidArgument, Subject(name, label) + "应为" + expected,
                   std::string(name));
}

Error Missing(std::string_view name, std::string_view label = {}) {
  return MakeError(Code::kInvalidArgument,
                   label.empty() ? "缺少必填字段 " + std::string(name)
                                 : "请输入" + std::string(label),
                   std::string(name));
}

Result<std::string> CheckString(std::string_view name, const boost::json::value& v,
                                size_t max_chars, bool trim = true,
                                std::string_view label = {}) {
  if (!v.is_string()) return TypeError(name, "字符串", label);
  std::string s = trim ? Trim(v.get_string()) : std::string(v.get_string());
  if (Utf8Length(s) > max_chars) {
    return MakeError(Code::kInvalidArgument,
                     Subject(name, label) + "不能超过 " + std::to_string(max_chars) + " 个字",
                     std::string(name));
  }
  if (s.find('\0') != std::string::npos) return TypeError(name, "不含空字符的字符串", label);
  return s;
}

// A key of the body as an error may echo it (in message and field): at
// most kEchoedKeyChars characters, "…" added when cut (on a character
// boundary), each control character (HasControlCharacters' definition)
// shown as U+FFFD. Keys are valid UTF-8 (Parse refuses other bodies).
// Linear in the key; looks at no more of it than it keeps.
constexpr size_t kEchoedKeyChars = 64;
std::string EchoedKey(std::string_view key) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < key.size();) {
    if (chars == kEchoedKeyChars) return out + "…";
    unsigned char lead = key[i];
    size_t width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::string_view ch = key.substr(i, width);
    out += HasControlCharacters(ch) ? std::string_view("\xEF\xBF\xBD") : ch;
    i += width;
    ++chars;
  }
  return out;
}

Result<int64_t> CheckInt(std::string_view name, const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= INT64_MAX) {
    return static_cast<int64_t>(v.get_uint64());
  }
  return TypeError(name, "整数");
}

// A basic_parser handler that builds nothing and stops at the first key
// an object repeats ({"a":1,"a":2}), of which boost::json::parse keeps the
// last: another reader of the same body could take the first. It names the
// key by its path from the body ("speakers[0].title"), as the readers name
// an element's fields. Linear in the body (a hash set of the keys of each
// open object; the path is written once, at the repeat).
class DuplicateKeyFinder {
 public:
  static constexpr std::size_t max_array_size = -1;
  static constexpr std::size_t max_object_size = -1;
  static constexpr std::size_t max_string_size = -1;
  static constexpr std::size_t max_key_size = -1;
  using Ec = boost::system::error_code;
  using Text = boost::json::string_view;

  // The path of the first key repeated in one object, if any; "" when a key
  // on it is too long or not valid text to be named.
  const std::optional<std::string>& duplicate() const { return duplicate_; }

  bool on_document_begin(Ec&) { return true; }
  bool on_document_end(Ec&) { return true; }
  bool on_array_begin(Ec&) {
    open_.push_back({/*array=*/true});
    return true;
  }
  bool on_array_end(std::size_t, Ec&) { return Close(); }
  bool on_object_begin(Ec&) {
    open_.push_back({/*array=*/false});
    return true;
  }
  bool on_object_end(std::size_t, Ec&) { return Close(); }
  bool on_string_part(Text, std::size_t, Ec&) { return true; }
  bool on_string(Text, std::size_t, Ec&) { return Value(); }
  bool on_key_part(Text s, std::size_t, Ec&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(Text s, std::size_t, Ec& ec) {
    key_.append(s.data(), s.size());
    Open& object = open_.back();
    if (!object.keys.insert(key_).second) {
      duplicate_ = PathTo(key_);
      ec = boost::json::error::syntax;
      return false;
    }
    object.key = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_number_part(Text, Ec&) { return true; }
  bool on_int64(int64_t, Text, Ec&) { return Value(); }
  bool on_uint64(uint64_t, Text, Ec&) { return Value(); }
  bool on_double(double, Text, Ec&) { return Value(); }
  bool on_bool(bool, Ec&) { return Value(); }
  bool on_null(Ec&) { return Value(); }
  bool on_comment_part(Text, Ec&) { return true; }
  bool on_comment(Text, Ec&) { return true; }

 private:
  struct Open {
    bool array = false;
    size_t index = 0;  // an array's: the element being read
    std::string key;   // an object's: the key being read
    std::unordered_set<std::string> keys;
  };
  // A value ended: an array holding it moves to its next element.
  bool Value() {
    if (!open_.empty() && open_.back().array) ++open_.back().index;
    return true;
  }
  bool Close() {
    open_.pop_back();
    return Value();
  }
  // "<key>[<i>].<key>…" down the open containers to `key` in the innermost.
  std::string PathTo(const std::string& key) const {
    std::string path;
    auto add_key = [&path](const std::string& k) {
      if (k.size() > 64 || !IsValidUtf8(k)) return false;
      if (!path.empty()) path += '.';
      path += EchoedKey(k);
      return true;
    };
    for (size_t i = 0; i + 1 < open_.size(); ++i) {
      if (open_[i].array) {
        path += "[" + std::to_string(open_[i].index) + "]";
      } else if (!add_key(open_[i].key)) {
        return "";
      }
    }
    return add_key(key) ? path : "";
  }

  std::vector<Open> open_;
  std::string key_;
  std::optional<std::string> duplicate_;
};

}  // namespace

Result<JsonBody> JsonBody::Parse(std::string_view body) {
  boost::system::error_code ec;
  boost::json::parse_options opt;
  opt.max_depth = 32;
  boost::json::value v = boost::json::parse(body, ec, {}, opt);
  if (ec) {
    return MakeError(Code::kInvalidArgument, "请求体不是有效的 JSON");
  }
  boost::json::basic_parser<DuplicateKeyFinder> keys(opt);
  keys.write_some(false, body.data(), body.size(), ec);
  if (const auto& repeated = keys.handler().duplicate()) {
    // Keys are named as sent when short and valid text (they are parsed JSON).
    const std::string& name = *repeated;
    return MakeError(Code::kInvalidArgument,
                     name.empty() ? "请求体中有重复的字段" : "请求体中的字段 " + name + " 重复出现",
                     name);
  }
  if (!v.is_object()) {
    return MakeError(Code::kInvalidArgument, "请求体应为 JSON 对象");
  }
  return JsonBody(std::move(v.get_object()));
}

const boost::json::value* JsonBody::Find(std::string_view name) {
  seen_.emplace(name);
  return obj_.if_contains(name);
}

std::string JsonBody::Path(std::string_view name) const {
  return at_.empty() ? std::string(name) : at_ + "." + std::string(name);
}

Result<std::string> JsonBody::RequiredString(std::string_view name, size_t max_chars,
                                             std::string_view label) {
  const auto* v = Find(name);
  if (!v || v->is_null()) return Missing(Path(name), label);
  return CheckString(Path(name), *v, max_chars, /*trim=*/true, label);
}

Result<std::string> JsonBody::RequiredPassword(std::string_view name, size_t max_chars,
                                               std::string_view label) {
  const auto* v = Find(name);
  if (!v || v->is_null()) return Missing(Path(name), label);
  return CheckString(Path(name), *v, max_chars, /*trim=*/false, label);
}

Result<std::optional<std::string>> JsonBody::OptionalString(std::string_view name,
                                                            size_t max_chars) {
  const auto* v = Find(name);
  if (!v) return std::optional<std::string>();
  DX_ASSIGN_OR_RETURN(std::string s, CheckString(Path(name), *v, max_chars));
  return std::optional<std::string>(std::move(s));
}

Result<std::optional<std::optional<std::string>>> JsonBody::NullableString(
    std::string_view name, size_t max_chars) {
  using R = std::optional<std::optional<std::string>>;
  const auto* v = Find(name);
  if (!v) return R();
  if (v->is_null()) return R(std::optional<std::string>());
  DX_ASSIGN_OR_RETURN(std::string s, CheckString(Path(name), *v, max_chars));
  if (s.empty()) return R(std::optional<std::string>());  // "" clears too
  return R(std::optional<std::string>(std::move(s)));
}

Result<int64_t> JsonBody::RequiredInt(std::string_view name) {
  const auto* v = Find(name);
  if (!v || v->is_null()) return Missing(Path(name));
  return CheckInt(Path(name), *v);
}

Result<std::optional<int64_t>> JsonBody::OptionalInt(std::string_view name) {
  const auto* v = Find(name);
  if (!v) return std::optional<int64_t>();
  DX_ASSIGN_OR_RETURN(int64_t i, CheckInt(Path(name), *v));
  return std::optional<int64_t>(i);
}

Result<std::optional<std::optional<int64_t>>> JsonBody::NullableInt(std::string_view name) {
  using R = std::optional<std::optional<int64_t>>;
  const auto* v = Find(name);
  if (!v) return R();
  if (v->is_null()) return R(std::optional<int64_t>());
  DX_ASSIGN_OR_RETURN(int64_t i, CheckInt(Path(name), *v));
  return R(std::optional<int64_t>(i));
}

Result<std::optional<bool>> JsonBody::OptionalBool(std::string_view name) {
  const auto* v = Find(name);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return TypeError(Path(name), "布尔值");
  return std::optional<bool>(v->get_bool());
}

Result<const boost::json::array*> JsonBody::ArrayField(std::string_view name, size_t max_items,
                                                       const char* expected) {
  const auto* v = Find(name);
  if (!v) return static_cast<const boost::json::array*>(nullptr);
  if (!v->is_array()) return TypeError(Path(name), expected);
  if (v->get_array().size() > max_items) {
    return MakeError(Code::kInvalidArgument,
                     Subject(Path(name), {}) + "最多 " + std::to_string(max_items) + " 项",
                     Path(name));
  }
  return &v->get_array();
}

Result<JsonBody> JsonBody::Item(const boost::json::value& v, const std::string& at,
                                const char* expected) {
  if (!v.is_object()) {
    return MakeError(Code::kInvalidArgument, "字段 " + at + " 应为" + expected + "中的对象", at);
  }
  return JsonBody(v.get_object(), at);
}

Error JsonBody::Within(const std::string& at, Error e) {
  const std::string& f = e.field;
  bool named = f.size() >= at.size() && f.compare(0, at.size(), at) == 0 &&
               (f.size() == at.size() || f[at.size()] == '.' || f[at.size()] == '[');
  if (!named) e.field = f.empty() ? at : at + "." + f;
  return e;
}

Result<std::optional<std::vector<int64_t>>> JsonBody::OptionalIntArray(std::string_view name,
                                                                       size_t max_items) {
  return OptionalArray<int64_t>(
      name, max_items, "整数数组",
      [](const boost::json::value& x, const std::string& at) -> Result<int64_t> {
        if (!x.is_int64()) return TypeError(at, "整数");
        return x.get_int64();
      });
}

Result<std::optional<std::vector<int64_t>>> JsonBody::OptionalIdArray(std::string_view name,
                                                                      size_t max_items) {
  return OptionalArray<int64_t>(
      name, max_items, "编号数组",
      [](const boost::json::value& x, const std::string& at) -> Result<int64_t> {
        if (!x.is_int64() || x.get_int64() < 1) return TypeError(at, "编号（正整数）");
        return x.get_int64();
      });
}

Result<std::optional<std::vector<std::string>>> JsonBody::OptionalStringArray(std::string_view name,
                                                                              size_t max_items,
                                                                              size_t max_chars,
                                                                              Spaces spaces) {
  return OptionalArray<std::string>(name, max_items, "字符串数组",
                                    [&](const boost::json::value& x, const std::string& at) {
                                      return CheckString(at, x, max_chars, spaces == Spaces::kTrim);
                                    });
}

Status JsonBody::Finish() const {
  for (const auto& kv : obj_) {
    if (!seen_.count(kv.key())) {
      std::string key = Path(EchoedKey(kv.key()));
      return MakeError(Code::kInvalidArgument, "未知字段 " + key, key);
    }
  }
  return Ok();
}

Result<int64_t> VersionOnlyBody(std::string_view text) {
  DX_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(text));
  DX_ASSIGN_OR_RETURN(int64_t version, body.RequiredInt("version"));
  DX_RETURN_IF_ERROR(body.Finish());
  return version;
}

}  // namespace duxing::api
