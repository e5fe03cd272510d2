// The configuration file of `duxing serve --config FILE`: settings that are
// not command-line flags, as `key = value` lines.
//
//   # comment (also ';')
//   [ledger]                    # a section: the keys below are "ledger.<key>"
//   escalate_after_days = 3     # a value: up to the line's end or a comment,
//   name = "text # kept"        # or a double-quoted text
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing {

// Longest config file read.
inline constexpr size_t kMaxConfigBytes = 64 << 10;

// The settings of `text`, by full key ("ledger.escalate_after_days").
// kInvalidArgument naming the line ("第 3 行") for a line that is neither
// blank, a comment, a section nor `key = value`, a key or section that is not
// of letters, digits, '_' and '.', an unclosed quote, or a key given twice.
// Linear in the text.
Result<std::map<std::string, std::string>> ParseConfig(std::string_view text);

// ParseConfig of the file at `path`; kNotFound when it cannot be read,
// kTooLarge past kMaxConfigBytes.
Result<std::map<std::string, std::string>> ReadConfigFile(const std::string& path);

// The integer setting `key` of `settings` within [min, max], `fallback` when
// absent; kInvalidArgument naming the key otherwise.
Result<int> ConfigInt(const std::map<std::string, std::string>& settings, const std::string& key,
                      int fallback, int min, int max);

}  // namespace duxing
