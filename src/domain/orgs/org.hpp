// The organization tree: 党组, 党委/机关党委, 党总支, 党支部, 党小组 and 科室.
//
// Each org keeps its materialized path ("/1/4/9/": ids from the root down to
// itself), so "everything under X" is one prefix match and scopes are paths.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::orgs {

// What the orgs module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// The audit record type of an org, and the change counter of their data.
inline constexpr char kRecordType[] = "org";

enum class Kind { kPartyGroup, kPartyCommittee, kGeneralBranch, kBranch, kGroup, kDepartment };

inline const CodedEnum<Kind> kKindCodes = {
    {Kind::kPartyGroup, {"party_group", "党组"}},
    {Kind::kPartyCommittee, {"party_committee", "党委"}},
    {Kind::kGeneralBranch, {"general_branch", "党总支"}},
    {Kind::kBranch, {"branch", "党支部"}},
    {Kind::kGroup, {"group", "党小组"}},
    {Kind::kDepartment, {"department", "科室"}}};
inline const char* KindName(Kind k) { return kKindCodes.Name(k); }     // "branch"
inline std::string KindLabel(Kind k) { return kKindCodes.Label(k); }  // "党支部"
inline std::optional<Kind> ParseKind(std::string_view s) { return kKindCodes.Parse(s); }

struct Org {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string name;
  Kind kind = Kind::kBranch;
  std::string path;
  int64_t sort_order = 0;
  bool archived = false;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
  // Filled by List only: people (not archived) the caller can see whose
  // branch (party orgs) or department (科室) this org is; not counting sub-orgs.
  std::optional<int64_t> people_count;
};

struct NewOrg {
  std::optional<int64_t> parent_id;  // none: a new root (system admins only)
  std::string name;
  Kind kind = Kind::kBranch;
  int64_t sort_order = 0;
};

struct OrgPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<Kind> kind;
  std::optional<int64_t> parent_id;  // move under another org
  std::optional<int64_t> sort_order;
};

class OrgService {
 public:
  explicit OrgService(storage::Database& db) : db_(db) {}

  // Every org the caller may read, ordered by path and sort order; with `kind`
  // only those of that kind. Departments (科室) are reference data: every staff
  // role lists all of them with kind = kDepartment, to assign people to them.
  Result<std::vector<Org>> List(const Context& ctx, bool include_archived,
                                std::optional<Kind> kind = std::nullopt);
  // Not found (404) when it does not exist or lies outside the caller's scope.
  Result<Org> Get(const Context& ctx, int64_t id);
  // Names are one line of text (see CheckLineText), 1 to 100 characters,
  // and unique among the non-archived children of one parent (the roots
  // count as siblings): a taken name is kAlreadyExists on "name". Archived
  // orgs do not hold their name (an archived 机关第一支部 leaves the name free
  // for a new one); nothing un-archives an org.
  Result<Org> Create(const Context& ctx, const NewOrg& org);
  // Renames, re-kinds and/or moves. Moving under itself or a descendant is
  // kFailedPrecondition; a stale version is kConflict; a new name, or a new
  // parent, that a non-archived sibling already has is kAlreadyExists (as
  // Create).
  Result<Org> Update(const Context& ctx, int64_t id, const OrgPatch& patch);
  // Archives an org that has no active child orgs and no active people.
  Result<Org> Archive(const Context& ctx, int64_t id, int64_t version);

  // Reads one org inside `tx` without scope checks (for other services).
  static Result<Org> Load(storage::Tx& tx, int64_t id);
  // Finds non-archived orgs whose name is one of `names` (exact), in id
  // order, one query per batch of names (for imports). Names are unique only
  // among siblings: one name may come back several times (the caller tells
  // the ambiguity, it never picks one).
  static Result<std::vector<Org>> FindByNames(storage::Tx& tx,
                                              const std::vector<std::string>& names);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::orgs
