// The orgs the cells of an import name (people, ledger items): a cell holds
// an org's name, or a path of names ending in it ("机关第二支部/第一党小组",
// spaces around "/" ignored) that names the org by its nearest ancestors
// where the name alone is not unique (names are unique only among
// siblings). One matcher for every import, so that a unit is named the same
// way in every file the system reads.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/orgs/org.hpp"
#include "storage/database.hpp"

namespace duxing::domain::orgs {

// The names in an org cell: one name, or a path of names from an ancestor
// down, each trimmed, empty ones dropped ("机关党委 / 第二支部" → 机关党委,
// 第二支部).
std::vector<std::string> OrgPathNames(std::string_view cell);

// What a cell names (OrgNames::Find).
struct OrgMatch {
  std::vector<const Org*> orgs;  // in id order; several: the cell is ambiguous
  bool by_path = false;          // the cell was read as a path of names
};

// The orgs (not archived) of the names an import's cells bring, read as the
// cells come (OrgService::FindByNames: one query per batch of names not
// read before), with the names of the parents of orgs that share a name (to
// tell them apart in messages). Linear in the cells' size per Load; Find is
// a map lookup plus one walk up each candidate's path. Not thread-safe.
class OrgNames {
 public:
  // Reads the orgs that `cells` name (each cell's own text and each name on
  // its path) and that no Load read before.
  Status Load(storage::Tx& tx, const std::vector<std::string>& cells);

  // The orgs `cell` names that `accept` takes: those bearing the cell as
  // their name when an org of that name was read; otherwise (a path) those
  // bearing its last name whose nearest ancestors bear the names before it,
  // outermost first. Nothing for a cell whose names were not loaded.
  OrgMatch Find(const std::string& cell, const std::function<bool(const Org&)>& accept) const;

  // The orgs read whose name is exactly `name` (none: empty).
  const std::vector<Org>& Named(const std::string& name) const;

  // "机关第二支部/第一党小组": the org's parent's name (when read) and its
  // own: how messages tell orgs of one name apart.
  std::string ShortPath(const Org& org) const;

 private:
  // Whether the orgs just above `org` bear `above`, nearest last.
  bool PathMatches(const Org& org, const std::vector<std::string>& above) const;

  std::map<std::string, std::vector<Org>> by_name_;
  std::map<int64_t, std::string> name_of_;  // every org read and those parents
  std::set<std::string> read_;              // names looked up, found or not
};

}  // namespace duxing::domain::orgs
