#include "domain/auth/principal.hpp"

#include <algorithm>

namespace duxing::domain::auth {
namespace {

bool InScope(const Grant& g, std::string_view path) {
  return path.substr(0, g.org_path.size()) == g.org_path;
}

template <typename Pred>
bool AnyGrant(const Principal& p, std::string_view path, Pred pred) {
  return std::any_of(p.grants.begin(), p.grants.end(), [&](const Grant& g) {
    return g.role == Role::kSystemAdmin || (pred(g.role) && InScope(g, path));
  });
}

}  // namespace

bool Principal::IsSystemAdmin() const {
  return std::any_of(grants.begin(), grants.end(),
                     [](const Grant& g) { return g.role == Role::kSystemAdmin; });
}

bool Principal::CanRead(std::string_view path) const {
  return AnyGrant(*this, path, [](Role r) { return r != Role::kMember; });
}

bool Principal::CanWrite(std::string_view path) const {
  return AnyGrant(*this, path, [](Role r) {
    return r == Role::kOrgAdmin || r == Role::kBranchSecretary;
  });
}

bool Principal::CanAdministerOrgs(std::string_view path) const {
  return AnyGrant(*this, path, [](Role r) { return r == Role::kOrgAdmin; });
}

bool Principal::CanAudit(std::string_view path) const {
  return CanAdministerOrgs(path);
}

bool Principal::IsStaff() const {
  return std::any_of(grants.begin(), grants.end(),
                     [](const Grant& g) { return g.role != Role::kMember; });
}

bool Principal::CanWriteSomewhere() const {
  return std::any_of(grants.begin(), grants.end(), [](const Grant& g) {
    return g.role == Role::kSystemAdmin || g.role == Role::kOrgAdmin ||
           g.role == Role::kBranchSecretary;
  });
}

bool Principal::CanEditReference() const {
  return std::any_of(grants.begin(), grants.end(), [](const Grant& g) {
    return g.role == Role::kSystemAdmin || g.role == Role::kOrgAdmin;
  });
}

namespace {

// The org paths of the grants with a role for which `take` is true, without
// those inside another.
template <typename Pred>
std::vector<std::string> Roots(const Principal& p, Pred take) {
  if (p.IsSystemAdmin()) return {"/"};
  std::vector<std::string> paths;
  for (const Grant& g : p.grants) {
    if (take(g.role)) paths.push_back(g.org_path);
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> out;
  for (auto& path : paths) {
    if (out.empty() || path.substr(0, out.back().size()) != out.back()) {
      out.push_back(std::move(path));
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> Principal::ReadablePaths() const {
  return Roots(*this, [](Role r) { return r != Role::kMember; });
}

std::vector<std::string> Principal::AdministeredPaths() const {
  return Roots(*this, [](Role r) { return r == Role::kOrgAdmin; });
}

}  // namespace duxing::domain::auth
