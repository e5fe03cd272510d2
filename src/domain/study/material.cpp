#include "domain/study/material.hpp"

#include <functional>
#include <set>

#include "domain/audit/audit_log.hpp"
#include "domain/orgs/org.hpp"
#include "domain/study/study_scope.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::study {
namespace {

constexpr std::string_view kColumns =
    "SELECT m.id, m.title, m.author, m.publisher, m.designated, m.org_id, "
    "COALESCE(o.name, ''), m.archived, m.version, COALESCE(o.path, '') "
    "FROM study_materials m LEFT JOIN orgs o ON o.id = m.org_id";
constexpr std::string_view kOrder = " ORDER BY m.designated DESC, m.title, m.id";
constexpr std::string_view kChapters =
    "SELECT id, title FROM study_chapters WHERE material_id = $1 ORDER BY "
    "position, id";
constexpr std::string_view kInsert =
    "INSERT INTO study_materials (title, author, publisher, designated, "
    "org_id, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE study_materials SET title = $1, author = $2, publisher = $3, "
    "designated = $4, "
    "archived = $5, version = version + 1, updated_at = $6 WHERE id = $7 AND "
    "version = $8";
constexpr std::string_view kInsertChapter =
    "INSERT INTO study_chapters (material_id, position, title) VALUES ($1, $2, "
    "$3)";
constexpr std::string_view kMoveChapter =
    "UPDATE study_chapters SET position = $1, title = $2 WHERE id = $3 AND "
    "material_id = $4";
constexpr std::string_view kDeleteChapter =
    "DELETE FROM study_chapters WHERE id = $1 AND material_id = $2";
constexpr std::string_view kChapterUsed = "SELECT 1 FROM study_logs WHERE chapter_id = $1 LIMIT 1";

struct Loaded {
  Material material;
  std::string org_path;  // "" for a seeded material
};

Loaded FromRow(const storage::Row& r) {
  Material m;
  m.id = r.Int(0);
  m.title = r.Text(1);
  m.author = r.Text(2);
  m.publisher = r.Text(3);
  m.designated = r.Bool(4);
  m.org_id = r.OptInt(5);
  m.org_name = r.Text(6);
  m.archived = r.Bool(7);
  m.version = r.Int(8);
  return {std::move(m), r.Text(9)};
}

Status LoadChapters(storage::Tx& tx, Material& m) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kChapters, {m.id}));
  for (const auto& r : rows) m.chapters.push_back({r.Int(0), r.Text(1)});
  return Ok();
}

Result<Loaded> Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE m.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "学习材料不存在");
  Loaded l = FromRow(rows.front());
  DX_RETURN_IF_ERROR(LoadChapters(tx, l.material));
  return l;
}

audit::Snapshot Snap(const Material& m) {
  std::string chapters;
  for (const auto& c : m.chapters) chapters += (chapters.empty() ? "" : "；") + c.title;
  return {{"title", m.title},
          {"author", m.author},
          {"publisher", m.publisher},
          {"designated", m.designated ? "true" : "false"},
          {"org_id", m.org_id ? std::to_string(*m.org_id) : ""},
          {"chapters", chapters},
          {"archived", m.archived ? "true" : "false"}};
}

bool MayWrite(const auth::Principal& p, const std::string& org_path) {
  return org_path.empty() ? p.IsSystemAdmin() : p.CanAdministerOrgs(org_path);
}

// Rewrites the chapters of material `id` as `chapters` (see MaterialPatch).
Status WriteChapters(storage::Tx& tx, int64_t id, const std::vector<Chapter>& old_list,
                     const std::vector<Chapter>& chapters) {
  std::set<int64_t> kept;
  for (const auto& c : chapters) {
    if (c.id != 0) kept.insert(c.id);
  }
  for (const auto& c : old_list) {
    if (kept.count(c.id)) continue;
    DX_ASSIGN_OR_RETURN(storage::Rows used, tx.Query(kChapterUsed, {c.id}));
    if (!used.empty()) {
      return MakeError(Code::kFailedPrecondition, "章节“" + c.title + "”已有自学记录，不能删除",
                       "chapters");
    }
    DX_RETURN_IF_ERROR(tx.Exec(kDeleteChapter, {c.id, id}));
  }
  for (size_t i = 0; i < chapters.size(); ++i) {
    const Chapter& c = chapters[i];
    if (c.id == 0) {
      DX_RETURN_IF_ERROR(tx.Exec(kInsertChapter, {id, static_cast<int64_t>(i), c.title}));
      continue;
    }
    DX_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec(kMoveChapter, {static_cast<int64_t>(i), c.title, c.id, id}));
    if (n == 0) return Invalid("章节不属于该学习材料", "chapters");
  }
  return Ok();
}

}  // namespace

Status Validate(const Material& m) {
  if (m.title.empty()) return Invalid("材料名称不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(m.title, "title", "材料名称", kMaxTitle));
  DX_RETURN_IF_ERROR(CheckLineText(m.author, "author", "作者", kMaxAuthor));
  DX_RETURN_IF_ERROR(CheckLineText(m.publisher, "publisher", "出版社", kMaxAuthor));
  if (m.chapters.size() > kMaxChapters) {
    return Invalid("章节不能超过 " + std::to_string(kMaxChapters) + " 个", "chapters");
  }
  std::set<std::string> titles;
  for (const auto& c : m.chapters) {
    if (c.title.empty()) return Invalid("章节名称不能为空", "chapters");
    DX_RETURN_IF_ERROR(CheckLineText(c.title, "chapters", "章节名称", kMaxChapterTitle));
    if (!titles.insert(c.title).second) {
      return Invalid("章节“" + c.title + "”重复", "chapters");
    }
  }
  return Ok();
}

Result<std::vector<Material>> MaterialService::List(const Context&, bool include_archived) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::string where = include_archived ? "" : " WHERE m.archived = 0";
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(std::string(kColumns) + where + std::string(kOrder), {}));
  std::vector<Material> out;
  for (const auto& r : rows) {
    out.push_back(FromRow(r).material);
    DX_RETURN_IF_ERROR(LoadChapters(*tx, out.back()));
  }
  return out;
}

Result<Material> MaterialService::Get(const Context&, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Loaded l, Load(*tx, id));
  return l.material;
}

namespace {

const VersionedRecord<Loaded>& MaterialRecord() {
  static const VersionedRecord<Loaded> kRecord{"study_material", Load,
                                               [](const Loaded& l) { return l.material.version; },
                                               [](const Loaded& l) { return Snap(l.material); },
                                               [](const Loaded& l) -> std::optional<std::string> {
                                                 if (l.org_path.empty()) return std::nullopt;
                                                 return l.org_path;
                                               }};
  return kRecord;
}

Result<Material> Write(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                       const std::string& action, const std::function<Status(Material&)>& change) {
  VersionedWrite<Loaded> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const Loaded& before) -> Status {
    if (!MayWrite(*ctx.principal, before.org_path)) {
      return MakeError(Code::kPermissionDenied, "无权修改该学习材料");
    }
    return Ok();
  };
  w.change = [&](storage::Tx&, const Loaded& before, Loaded& after) -> Status {
    if (before.material.archived) {
      return MakeError(Code::kFailedPrecondition, "学习材料已归档");
    }
    DX_RETURN_IF_ERROR(change(after.material));
    return Validate(after.material);
  };
  w.write = [&](storage::Tx& tx, const Loaded& before, const Loaded& after) -> Result<int64_t> {
    const Material& a = after.material;
    DX_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec(kUpdate, {a.title, a.author, a.publisher, int64_t{a.designated},
                                          int64_t{a.archived}, FormatTime(ctx.now), id, version}));
    if (n > 0) DX_RETURN_IF_ERROR(WriteChapters(tx, id, before.material.chapters, a.chapters));
    return n;
  };
  DX_ASSIGN_OR_RETURN(Loaded updated, WriteVersioned(db, ctx, MaterialRecord(), w));
  return updated.material;
}

}  // namespace

Result<Material> MaterialService::Create(const Context& ctx, const Material& m) {
  DX_RETURN_IF_ERROR(Validate(m));
  if (!m.org_id) return Invalid("请选择所属组织", "org_id");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, *m.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanAdministerOrgs(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织添加学习材料", "org_id");
  }
  if (org->archived) return MakeError(Code::kFailedPrecondition, "组织已归档", "org_id");
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx->QueryOne(kInsert, {m.title, m.author, m.publisher, int64_t{m.designated},
                                             *m.org_id, FormatTime(ctx.now)}));
  int64_t id = row.Int(0);
  std::vector<Chapter> fresh;
  for (const auto& c : m.chapters) fresh.push_back({0, c.title});
  DX_RETURN_IF_ERROR(WriteChapters(*tx, id, {}, fresh));
  DX_ASSIGN_OR_RETURN(Loaded created, FinishCreate(*tx, ctx, MaterialRecord(), id));
  return created.material;
}

Result<Material> MaterialService::Update(const Context& ctx, int64_t id, const MaterialPatch& p) {
  return Write(db_, ctx, id, p.version, "update", [&](Material& m) -> Status {
    if (p.title) m.title = *p.title;
    if (p.author) m.author = *p.author;
    if (p.publisher) m.publisher = *p.publisher;
    if (p.designated) m.designated = *p.designated;
    if (p.chapters) m.chapters = *p.chapters;
    return Ok();
  });
}

Result<Material> MaterialService::Archive(const Context& ctx, int64_t id, int64_t version) {
  return Write(db_, ctx, id, version, "archive", [](Material& m) -> Status {
    m.archived = true;
    return Ok();
  });
}

}  // namespace duxing::domain::study
