// A list of coded values with their Chinese labels: the one source for
// validation, imports and exports, and the web UI, which loads them from GET
// /api/v1/vocabularies. Each module defines its lists beside its types (an
// enum's with CodedEnum, domain/coded.hpp) and names them in its ModuleInfo
// (domain/module.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duxing::domain {

struct Term {
  const char* code;
  const char* label;
  // Older or colloquial names read as this code (in import files); never shown.
  std::vector<std::string_view> aliases = {};
};
using Vocabulary = std::vector<Term>;

struct NamedVocabulary {
  const char* name;  // as the API names it: "person_category", ...
  const Vocabulary* terms;
};

// Yes/no fields of audit snapshots ("true"/"false"), for RecordType::coded_fields.
extern const Vocabulary kYesNo;

// The label of `code`; "" when the code is not in `v`.
std::string LabelOf(const Vocabulary& v, std::string_view code);
// The label of `code`, or the code itself when it is not in `v` (for values
// written by older versions, as in the audit log).
std::string LabelOrCode(const Vocabulary& v, std::string_view code);
// The code whose code, label or one of whose aliases is `s`.
std::optional<std::string> CodeOf(const Vocabulary& v, std::string_view s);

}  // namespace duxing::domain
