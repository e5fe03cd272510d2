// The coded values of the API with their Chinese labels, one list per kind:
// the one source for validation, imports and exports, and the web UI, which
// loads them from GET /api/v1/vocabularies. A module that adds coded values
// adds its list here and to AllVocabularies().
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

extern const Vocabulary kOrgKinds;           // org.kind
extern const Vocabulary kPersonCategories;   // person.category
extern const Vocabulary kPersonStatuses;     // person.status
extern const Vocabulary kGenders;            // person.gender
extern const Vocabulary kCommunityKinds;     // community.kind
extern const Vocabulary kRoles;              // role grants
extern const Vocabulary kAuditActions;       // audit entry action
extern const Vocabulary kRecordTypes;        // audit entry record_type
extern const Vocabulary kAuditFields;        // field names in audit snapshots

struct NamedVocabulary {
  const char* name;  // as the API names it: "person_category", ...
  const Vocabulary* terms;
};
// Every vocabulary, in a stable order.
const std::vector<NamedVocabulary>& AllVocabularies();

// The label of `code`; "" when the code is not in `v`.
std::string LabelOf(const Vocabulary& v, std::string_view code);
// The label of `code`, or the code itself when it is not in `v` (for values
// written by older versions, as in the audit log).
std::string LabelOrCode(const Vocabulary& v, std::string_view code);
// The code whose code, label or one of whose aliases is `s`.
std::optional<std::string> CodeOf(const Vocabulary& v, std::string_view s);

}  // namespace duxing::domain
