#include "domain/orgs/org_names.hpp"

#include "common/text.hpp"

namespace duxing::domain::orgs {
namespace {

// The ids on an org's materialized path ("/1/5/9/" → 1, 5, 9), itself last.
std::vector<int64_t> PathIds(std::string_view path) {
  std::vector<int64_t> out;
  int64_t id = 0;
  bool digits = false;
  for (char c : path) {
    if (c >= '0' && c <= '9') {
      id = id * 10 + (c - '0');
      digits = true;
    } else if (digits) {
      out.push_back(id);
      id = 0;
      digits = false;
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> OrgPathNames(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t slash = cell.find('/', start);
    if (slash == std::string_view::npos) slash = cell.size();
    std::string name = Trim(cell.substr(start, slash - start));
    if (!name.empty()) out.push_back(std::move(name));
    start = slash + 1;
  }
  return out;
}

Status OrgNames::Load(storage::Tx& tx, const std::vector<std::string>& cells) {
  std::set<std::string> wanted;
  auto want = [&](std::string name) {
    if (read_.insert(name).second) wanted.insert(std::move(name));
  };
  for (const std::string& cell : cells) {
    if (cell.empty()) continue;
    want(cell);  // a name may itself hold "/"
    for (std::string& name : OrgPathNames(cell)) want(std::move(name));
  }
  if (wanted.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(std::vector<Org> found,
                      OrgService::FindByNames(tx, {wanted.begin(), wanted.end()}));
  std::set<int64_t> seen;
  std::set<std::string> added;
  for (Org& o : found) {
    name_of_[o.id] = o.name;
    if (seen.insert(o.id).second) {
      added.insert(o.name);
      by_name_[o.name].push_back(std::move(o));
    }
  }
  // The parents of orgs sharing a name, to name each of them by its path.
  std::set<int64_t> parents;
  for (const std::string& name : added) {
    const auto& same = by_name_[name];
    if (same.size() < 2) continue;
    for (const Org& o : same) {
      if (o.parent_id && !name_of_.contains(*o.parent_id)) parents.insert(*o.parent_id);
    }
  }
  for (int64_t id : parents) {
    DX_ASSIGN_OR_RETURN(Org parent, OrgService::Load(tx, id));
    name_of_[id] = parent.name;
  }
  return Ok();
}

bool OrgNames::PathMatches(const Org& org, const std::vector<std::string>& above) const {
  std::vector<int64_t> ids = PathIds(org.path);  // org itself last
  if (ids.size() < above.size() + 1) return false;
  for (size_t i = 0; i < above.size(); ++i) {
    auto it = name_of_.find(ids[ids.size() - 1 - above.size() + i]);
    if (it == name_of_.end() || it->second != above[i]) return false;
  }
  return true;
}

OrgMatch OrgNames::Find(const std::string& cell,
                        const std::function<bool(const Org&)>& accept) const {
  OrgMatch match;
  std::vector<std::string> names{cell};
  std::vector<std::string> above;
  if (!by_name_.contains(cell)) {
    names = OrgPathNames(cell);
    if (names.empty()) names = {cell};
    above.assign(names.begin(), names.end() - 1);
  }
  match.by_path = !above.empty();
  auto it = by_name_.find(names.back());
  if (it == by_name_.end()) return match;
  for (const Org& o : it->second) {
    if (accept(o) && PathMatches(o, above)) match.orgs.push_back(&o);
  }
  return match;
}

const std::vector<Org>& OrgNames::Named(const std::string& name) const {
  static const std::vector<Org> kNone;
  auto it = by_name_.find(name);
  return it == by_name_.end() ? kNone : it->second;
}

std::string OrgNames::ShortPath(const Org& org) const {
  if (org.parent_id) {
    if (auto it = name_of_.find(*org.parent_id); it != name_of_.end()) {
      return it->second + "/" + org.name;
    }
  }
  return org.name;
}

}  // namespace duxing::domain::orgs
