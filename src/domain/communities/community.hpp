// Communities and villages (社区/村) the bureau works with: 联点社区 (linked),
// 报到社区 (where in-service members check in), 乡村振兴联系村 (rural).
// Shared reference data: every staff role reads them; org admins edit them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::communities {

// What the communities module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// The audit record type of a community, and the change counter of their data.
inline constexpr char kRecordType[] = "community";

enum class Kind { kLinked, kCheckIn, kRural };
inline const CodedEnum<Kind> kKindCodes = {{Kind::kLinked, {"linked", "联点社区"}},
                                            {Kind::kCheckIn, {"check_in", "报到社区"}},
                                            {Kind::kRural, {"rural", "乡村振兴联系村"}}};
inline const char* KindName(Kind k) { return kKindCodes.Name(k); }
inline std::optional<Kind> ParseKind(std::string_view s) { return kKindCodes.Parse(s); }

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
  // name (1 to 100 characters) and street (街道/镇, at most 100, may be
  // empty) are one line of text each (see CheckLineText): otherwise
  // kInvalidArgument on that field. A community is its name within its
  // street: a second non-archived one with the same name and street is
  // kAlreadyExists on "name" (the same name in another street is another
  // community). Archived ones do not hold their name; nothing un-archives.
  Result<Community> Create(const Context& ctx, const Community& c);
  // As Create for the name and street it leaves; a stale version is kConflict.
  Result<Community> Update(const Context& ctx, int64_t id, const CommunityPatch& p);
  Result<Community> Archive(const Context& ctx, int64_t id, int64_t version);

  // Finds non-archived communities whose name is one of `names` (exact):
  // name → ids in id order, several when communities of different streets
  // share a name (the caller tells the ambiguity, it never picks one). One
  // query per batch of names (for imports).
  static Result<std::map<std::string, std::vector<int64_t>>> FindByNames(
      storage::Tx& tx, const std::vector<std::string>& names);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::communities
