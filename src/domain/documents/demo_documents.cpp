#include "domain/documents/demo_documents.hpp"

namespace duxing::domain::documents {
namespace {

constexpr std::string_view kCampaign =
    "SELECT id FROM campaigns WHERE name = '党史学习教育' AND year = 2021 AND archived = 0 "
    "ORDER BY id";
constexpr std::string_view kExisting =
    "SELECT 1 FROM documents WHERE campaign_id = $1 AND number = $2";
constexpr std::string_view kGroup =
    "SELECT id FROM leadership_groups WHERE campaign_id = $1 AND name = $2 AND archived = 0";
constexpr std::string_view kOrg = "SELECT id FROM orgs WHERE name = $1 AND archived = 0";
constexpr std::string_view kActivityIds =
    "SELECT id FROM document_activities WHERE document_id = $1 ORDER BY position";
constexpr std::string_view kLinkEvents =
    "UPDATE events SET document_id = $1, document_activity_id = $2 WHERE campaign_id = $3 AND "
    "document_id IS NULL AND title LIKE $4";

struct DemoActivity {
  const char* title;
  const char* held;  // LIKE pattern of the demo events that held it, or ""
  const char* start;
  const char* end;
  const char* group;  // a working group's name, or ""
  const char* org;    // an org's name, or ""
};

// The 16 activities of 5号文, as the speech tells what was held.
constexpr DemoActivity kActivities[] = {
    {"召开党史学习教育动员大会", "%动员%", "2021-03-25", "2021-03-31", "综合组",
     "市统计局机关党委"},
    {"举办“学史明理、学史增信、学史崇德、学史力行”四场专题学习会", "%专题学习会%", "2021-03-01",
     "2021-06-30", "综合组", "市统计局机关党委"},
    {"局党组书记讲党史学习教育专题党课", "专题学习辅导党课%", "2021-04-01", "2021-07-31", "综合组",
     ""},
    {"邀请市委党校专家作党史学习教育宣讲", "党史学习教育宣讲", "2021-04-01", "2021-05-31", "联络组",
     ""},
    {"组织收看全国统计系统党史专题讲座", "%专题讲座%", "2021-04-01", "2021-07-31", "联络组", ""},
    {"在烈士纪念广场开展“清明祭英烈”主题党日活动", "%清明祭英烈%", "2021-04-01", "2021-04-05",
     "宣传组", ""},
    {"举办庆祝中国共产党成立100周年歌咏比赛", "%歌咏%", "2021-06-01", "2021-06-30", "宣传组", ""},
    {"为老同志颁发“光荣在党50年”纪念章", "%光荣在党50年%", "2021-06-20", "2021-07-01", "综合组",
     "离退休干部支部"},
    {"开展“我为群众办实事 献礼建党百周年”主题志愿服务活动", "%我为群众办实事%", "2021-05-01",
     "2021-07-01", "实践组", ""},
    {"组织联点社区党员和全局党员观看红色电影《1921》", "%《1921》%", "2021-07-01", "2021-07-31",
     "实践组", ""},
    {"开展“学红色党史 过快乐暑假”亲子活动", "%亲子%", "2021-07-10", "2021-08-31", "宣传组", ""},
    {"参加全省统计、调查系统“永远跟党走 奋进新征程”文艺汇演", "%文艺汇演%", "2021-06-01",
     "2021-06-30", "宣传组", ""},
    {"组织退休老同志瞻仰杨开慧故居与任弼时故居", "%瞻仰%", "2021-05-01", "2021-06-30", "",
     "离退休干部支部"},
    {"党代会代表宣讲市第七次党代会精神（5场）", "%党代会精神宣讲%", "2021-10-01", "2021-11-30",
     "宣传组", ""},
    {"参加“光影铸魂”电影党课和红色电影展映月活动", "%光影铸魂%", "2021-06-01", "2021-07-31",
     "宣传组", ""},
    {"参加湖南红色文化旅游节活动，重走“毛泽东同志社会调查之路”", "%社会调查之路%", "2021-09-01",
     "2021-10-31", "实践组", ""},
};

}  // namespace

Status AddDemoDocuments(storage::Tx& tx, const Context& ctx) {
  DX_ASSIGN_OR_RETURN(storage::Rows campaigns, tx.Query(kCampaign, {}));
  if (campaigns.empty()) return Ok();
  Document d;
  d.campaign_id = campaigns.front().Int(0);
  d.title = "庆祝中国共产党成立100周年活动安排";
  d.number = "5号文";
  d.issuer = "中共市统计局党组";
  d.issued_on = "2021-03-29";
  d.summary = "围绕开展党史学习教育，部署安排庆祝中国共产党成立100周年的16项主要活动。";
  DX_ASSIGN_OR_RETURN(storage::Rows existing, tx.Query(kExisting, {d.campaign_id, d.number}));
  if (!existing.empty()) return Ok();
  for (const DemoActivity& da : kActivities) {
    Activity a;
    a.title = da.title;
    a.planned_start = da.start;
    a.planned_end = da.end;
    if (*da.group) {
      DX_ASSIGN_OR_RETURN(storage::Rows g,
                          tx.Query(kGroup, {d.campaign_id, std::string(da.group)}));
      if (!g.empty()) a.group_id = g.front().Int(0);
    }
    if (*da.org) {
      DX_ASSIGN_OR_RETURN(storage::Rows o, tx.Query(kOrg, {std::string(da.org)}));
      if (!o.empty()) a.org_id = o.front().Int(0);
    }
    d.activities.push_back(std::move(a));
  }
  DX_RETURN_IF_ERROR(Validate(d));
  DX_ASSIGN_OR_RETURN(int64_t id, DocumentService::Insert(tx, ctx, d));
  DX_RETURN_IF_ERROR(DocumentService::AuditInserted(tx, ctx, id));
  // The demo events (events module, whose step runs first) that held them.
  DX_ASSIGN_OR_RETURN(storage::Rows activities, tx.Query(kActivityIds, {id}));
  for (size_t i = 0; i < activities.size() && i < std::size(kActivities); ++i) {
    if (!*kActivities[i].held) continue;
    DX_RETURN_IF_ERROR(tx.Exec(
        kLinkEvents, {id, activities[i].Int(0), d.campaign_id, std::string(kActivities[i].held)}));
  }
  return Ok();
}

Status AddDemo(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  Context ctx;
  ctx.now = demo.now;
  DX_RETURN_IF_ERROR(AddDemoDocuments(*tx, ctx));
  return tx->Commit();
}

}  // namespace duxing::domain::documents
