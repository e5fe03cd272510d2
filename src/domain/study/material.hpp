// Study materials (学习材料): books and other texts with chapters, which the
// self-study log and events name. The four designated books of 2021 are
// seeded by migration 0019 (org_id none: system admins edit them); org
// admins add others for their org.
//
// Scope: materials are shared reference data, read by every signed-in
// account. Writes: org admins of the material's org (system admins for the
// seeded ones); others kPermissionDenied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::study {

// What the study module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

inline constexpr size_t kMaxTitle = 100;
inline constexpr size_t kMaxAuthor = 100;
inline constexpr size_t kMaxChapters = 200;
inline constexpr size_t kMaxChapterTitle = 100;

struct Chapter {
  int64_t id = 0;  // 0 for a chapter a write adds
  std::string title;
};

struct Material {
  int64_t id = 0;
  std::string title;
  std::string author;             // 作者/编者
  std::string publisher;          // 出版社
  bool designated = false;        // 指定学习材料
  std::optional<int64_t> org_id;  // none: seeded, system-wide
  std::string org_name;           // filled on read
  std::vector<Chapter> chapters;  // in order
  bool archived = false;
  int64_t version = 1;
};

struct MaterialPatch {
  int64_t version = 0;
  std::optional<std::string> title;
  std::optional<std::string> author;
  std::optional<std::string> publisher;
  std::optional<bool> designated;
  // The whole new chapter list: a chapter with an id keeps it (renamed,
  // moved), one without is added, one left out is removed unless a log
  // names it (kFailedPrecondition on "chapters").
  std::optional<std::vector<Chapter>> chapters;
};

// Checks a material's content: title 1..kMaxTitle one-line characters,
// author and publisher one line within kMaxAuthor, at most kMaxChapters
// chapters each with a one-line title of 1..kMaxChapterTitle characters and
// no title twice. The first broken rule as kInvalidArgument on its field.
Status Validate(const Material& m);

class MaterialService {
 public:
  explicit MaterialService(storage::Database& db) : db_(db) {}

  // Every material, designated first, then by title; archived ones only
  // with `include_archived`.
  Result<std::vector<Material>> List(const Context& ctx, bool include_archived);
  // kNotFound for an unknown id.
  Result<Material> Get(const Context& ctx, int64_t id);
  // A new material of org m.org_id (required), which the caller must
  // administer (kPermissionDenied; an org they cannot read: kNotFound on
  // "org_id"). Validate's errors. Audited.
  Result<Material> Create(const Context& ctx, const Material& m);
  // Versioned edit (domain/versioned_write.hpp); archived: kFailedPrecondition.
  Result<Material> Update(const Context& ctx, int64_t id, const MaterialPatch& p);
  Result<Material> Archive(const Context& ctx, int64_t id, int64_t version);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::study
