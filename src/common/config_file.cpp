#include "common/config_file.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace duxing {
namespace {

bool IsKey(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The line without its comment ('#' or ';' outside quotes).
std::string_view WithoutComment(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (!quoted && (line[i] == '#' || line[i] == ';')) return line.substr(0, i);
  }
  return line;
}

Error LineError(int number, const std::string& what) {
  return MakeError(Code::kInvalidArgument,
                   "配置文件第 " + std::to_string(number) + " 行" + what, "config");
}

}  // namespace

Result<std::map<std::string, std::string>> ParseConfig(std::string_view text) {
  std::map<std::string, std::string> out;
  std::string section;
  int number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    std::string_view line = Trim(WithoutComment(raw));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']' || !IsKey(Trim(line.substr(1, line.size() - 2)))) {
        return LineError(number, "的节名无效");
      }
      section = std::string(Trim(line.substr(1, line.size() - 2))) + ".";
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return LineError(number, "应为“名称 = 值”");
    std::string_view key = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    if (!IsKey(key)) return LineError(number, "的名称无效");
    if (!value.empty() && value.front() == '"') {
      if (value.size() < 2 || value.back() != '"') return LineError(number, "的引号不成对");
      value = value.substr(1, value.size() - 2);
    }
    if (!out.emplace(section + std::string(key), std::string(value)).second) {
      return LineError(number, "重复设置了“" + section + std::string(key) + "”");
    }
  }
  return out;
}

Result<std::map<std::string, std::string>> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Code::kNotFound, "无法读取配置文件 " + path, "config");
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes) {
    return MakeError(Code::kTooLarge, "配置文件不能超过 64 KB", "config");
  }
  return ParseConfig(text);
}

Result<int> ConfigInt(const std::map<std::string, std::string>& settings, const std::string& key,
                      int fallback, int min, int max) {
  auto it = settings.find(key);
  if (it == settings.end()) return fallback;
  int value = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    return MakeError(Code::kInvalidArgument,
                     "配置项 " + key + " 应为 " + std::to_string(min) + " 到 " +
                         std::to_string(max) + " 之间的整数",
                     key);
  }
  return value;
}

}  // namespace duxing
