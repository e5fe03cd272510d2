// Communities and villages (社区/村) the bureau works with: 联点社区 (linked),
// 报到社区 (where in-service members check in), 乡村振兴联系村 (rural).
// Shared reference data: every staff role reads them; org admins edit them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "storage/database.hpp"

namespace duxing::domain::communities {

enum class Kind { kLinked, kCheckIn, kRural };
const char* KindName(Kind k);
std::optional<Kind> ParseKind(std::string_view s);

struct Community {
  int64_t id = 0;
  std::string name;
  Kind kind = Kind::kLinked;
  std::string street;  // 街道 / 镇
  bool archived = false;
  int64_t version = 1;
};

struct CommunityPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<Kind> kind;
  std::optional<std::string> street;
};

class CommunityService {
 public:
  explicit CommunityService(storage::Database& db) : db_(db) {}
  Result<std::vector<Community>> List(const Context& ctx, bool include_archived);
  Result<Community> Create(const Context& ctx, const Community& c);
  Result<Community> Update(const Context& ctx, int64_t id, const CommunityPatch& p);
  Result<Community> Archive(const Context& ctx, int64_t id, int64_t version);

  // Finds non-archived communities whose name is one of `names` (exact):
  // name → id, the oldest when several share a name. One query per batch of
  // names (for imports).
  static Result<std::map<std::string, int64_t>> FindByNames(storage::Tx& tx,
                                                            const std::vector<std::string>& names);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::communities
