#include "domain/study/material.hpp"
#include "domain/study/study_log.hpp"
#include "domain/study/xuexi.hpp"

namespace duxing::domain::study {

namespace {

constexpr std::string_view kDemoMembers =
    "SELECT p.id FROM people p JOIN orgs o ON o.id = p.org_id "
    "WHERE p.archived = 0 AND p.category IN ('member', 'probationary') "
    "AND o.name IN ('机关第一支部', '机关第二支部', '机关第三支部') ORDER BY "
    "p.id";
constexpr std::string_view kDemoMaterials =
    "SELECT m.id, c.id FROM study_materials m JOIN study_chapters c ON "
    "c.material_id = m.id "
    "WHERE m.designated = 1 ORDER BY m.id, c.position";
constexpr std::string_view kDemoUploader =
    "SELECT a.id, o.id, o.path FROM accounts a JOIN orgs o ON o.name = "
    "'市统计局机关党委' "
    "WHERE a.username = 'dangwei'";
constexpr std::string_view kMarkImported = "UPDATE xuexi_uploads SET imported = 1 WHERE id = $1";

// Self-study logs of the demo members (April to June 2021, the first months
// of the campaign) and their 学习强国 points of June 2021, as 机关党委's
// officer imported them. Skipped on a database without the demo bureau.
Status AddDemo(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows uploader, tx->Query(kDemoUploader, {}));
  if (uploader.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows members, tx->Query(kDemoMembers, {}));
  DX_ASSIGN_OR_RETURN(storage::Rows chapters, tx->Query(kDemoMaterials, {}));
  if (chapters.empty()) return Ok();
  auth::Principal officer;
  officer.account_id = uploader.front().Int(0);
  Context ctx;
  ctx.now = demo.now;
  ctx.principal = &officer;
  static const char* kNotes[] = {"重温党的创建历史，深刻体会“红船精神”的时代内涵。",
                                 "学习了土地革命时期的历史，更加理解党的初心使命。",
                                 "结合统计工作实际，学史力行，做好数据质量把关。",
                                 "读后感：坚定理想信念，传承红色基因。", ""};
  size_t next = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    int64_t person = members[i].Int(0);
    // Two to four entries each, on different days.
    for (size_t k = 0; k < 2 + i % 3; ++k) {
      const storage::Row& ch = chapters[next++ % chapters.size()];
      StudyLogFields f;
      int month = 4 + static_cast<int>(k % 3);
      int day = 1 + static_cast<int>((i * 7 + k * 5) % 28);
      f.study_date =
          "2021-0" + std::to_string(month) + (day < 10 ? "-0" : "-") + std::to_string(day);
      f.material_id = ch.Int(0);
      f.chapter_id = ch.Int(1);
      f.minutes = 30 + static_cast<int64_t>((i * 13 + k * 17) % 6) * 15;
      f.notes = kNotes[(i + k) % 5];
      auto inserted = StudyLogService::Insert(*tx, ctx, person, f);
      if (!inserted.ok()) return std::move(inserted).error();
    }
  }
  DX_ASSIGN_OR_RETURN(int64_t upload,
                      XuexiService::InsertUpload(*tx, ctx, uploader.front().Int(1),
                                                 "2021年6月学习强国积分（演示）.xlsx", ""));
  DX_RETURN_IF_ERROR(tx->Exec(kMarkImported, {upload}));
  for (size_t i = 0; i < members.size(); ++i) {
    int64_t points = 900 + static_cast<int64_t>((i * 37) % 23) * 41;
    DX_RETURN_IF_ERROR(
        XuexiService::PutPoints(*tx, ctx, upload, members[i].Int(0), "2021-06", points));
  }
  return tx->Commit();
}

}  // namespace

const ModuleInfo& Info() {
  static const ModuleInfo info{.name = "study",
                               .vocabularies = {{"xuexi_row_state", &kRowStates.terms()}},
                               .record_types = {{"study_material",
                                                 "学习材料",
                                                 {{"title", "材料名称"},
                                                  {"author", "作者"},
                                                  {"publisher", "出版社"},
                                                  {"designated", "指定学习材料"},
                                                  {"org_id", "所属组织"},
                                                  {"chapters", "章节"},
                                                  {"archived", "已归档"}},
                                                 {{"designated", &kYesNo}, {"archived", &kYesNo}},
                                                 {"study_materials", "title"}},
                                                {"study_log",
                                                 "自学记录",
                                                 {{"person_id", "人员"},
                                                  {"study_date", "学习日期"},
                                                  {"material_id", "学习材料"},
                                                  {"chapter_id", "章节"},
                                                  {"minutes", "学习时长（分钟）"},
                                                  {"notes", "学习心得"},
                                                  {"archived", "已删除"}},
                                                 {{"archived", &kYesNo}},
                                                 {"study_logs", "study_date"}},
                                                {"xuexi_import",
                                                 "学习强国积分导入",
                                                 {{"file_name", "文件名"},
                                                  {"org_id", "组织"},
                                                  {"periods", "积分月份"},
                                                  {"imported", "导入行数"},
                                                  {"skipped", "跳过行数"}},
                                                 {},
                                                 {"xuexi_uploads", "file_name"}}},
                               .demo = AddDemo};
  return info;
}

}  // namespace duxing::domain::study
