// GET /api/v1/audit and /api/v1/audit/export: the audit log, for
// organization and system admins.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "api/router.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/vocabulary.hpp"

namespace duxing::api {
namespace {

namespace audit = domain::audit;

boost::json::value JsonOrNull(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(*s, ec);
  return ec ? boost::json::value(nullptr) : v;
}

Result<std::optional<std::string>> QueryTime(const Request& req, const char* name) {
  auto s = QueryString(req, name);
  if (!s) return std::optional<std::string>();
  auto t = ParseTime(*s);
  if (!t) {
    return MakeError(Code::kInvalidArgument,
                     std::string("参数 ") + name + " 应为日期 YYYY-MM-DD 或 ISO 时间", name);
  }
  return std::optional<std::string>(FormatTime(*t));
}

Result<audit::Filter> ReadFilter(const Request& req) {
  audit::Filter f;
  DX_ASSIGN_OR_RETURN(f.page, QueryPage(req));
  DX_ASSIGN_OR_RETURN(f.actor_id, QueryInt(req, "actor_id"));
  DX_ASSIGN_OR_RETURN(f.record_id, QueryInt(req, "record_id"));
  f.record_type = QueryString(req, "record_type");
  f.action = QueryString(req, "action");
  DX_ASSIGN_OR_RETURN(f.from, QueryTime(req, "from"));
  DX_ASSIGN_OR_RETURN(f.to, QueryTime(req, "to"));
  return f;
}

Response List(Call& c) {
  DX_TRY(audit::Filter f, ReadFilter(c.req));
  DX_TRY(auto page, audit::List(c.s.db, c.ctx, f));
  boost::json::array items;
  for (const auto& e : page.items) {
    boost::json::object o{{"id", e.id},
                          {"at", e.at},
                          {"actor_name", e.actor_name},
                          {"action", e.action},
                          {"record_type", e.record_type},
                          {"request_id", e.request_id},
                          {"client_ip", e.client_ip}};
    o["actor_id"] = e.actor_id ? boost::json::value(*e.actor_id) : nullptr;
    o["record_id"] = e.record_id ? boost::json::value(*e.record_id) : nullptr;
    o["before"] = JsonOrNull(e.before_json);
    o["after"] = JsonOrNull(e.after_json);
    items.push_back(std::move(o));
  }
  return ListResponse(std::move(items), page.total);
}

// A snapshot value of `field` as people read it (coded values by label).
std::string Shown(const domain::Catalog& catalog, const audit::Entry& e, const std::string& field,
                  const boost::json::value* v) {
  if (!v || v->is_null()) return "（空）";
  if (v->is_string()) {
    if (v->get_string().empty()) return "（空）";
    return catalog.ValueLabel(e.record_type, field, v->get_string());
  }
  return boost::json::serialize(*v);
}

// "姓名: 张三 → 张三丰; 职务: （空） → 科长" — the fields that differ between
// the snapshots (all of `after` for a new record).
std::string Changes(const domain::Catalog& catalog, const audit::Entry& e) {
  boost::system::error_code ec;
  boost::json::value before, after;
  if (e.before_json) before = boost::json::parse(*e.before_json, ec);
  if (!ec && e.after_json) after = boost::json::parse(*e.after_json, ec);
  if (ec) return "";
  const boost::json::object* b = before.if_object();
  const boost::json::object* a = after.if_object();
  std::set<std::string> keys;
  for (const auto* o : {b, a}) {
    if (o) for (const auto& kv : *o) keys.insert(std::string(kv.key()));
  }
  std::string out;
  for (const auto& k : keys) {
    const boost::json::value* bv = b ? b->if_contains(k) : nullptr;
    const boost::json::value* av = a ? a->if_contains(k) : nullptr;
    if (b && a && bv && av && *bv == *av) continue;
    if (!out.empty()) out += "; ";
    out += catalog.FieldLabel(e.record_type, k) + ": ";
    out += b ? Shown(catalog, e, k, bv) + " → " + Shown(catalog, e, k, av)
             : Shown(catalog, e, k, av);
  }
  return out;
}

// The newest matching entries (at most kExportLimit) as a spreadsheet.
Response Export(Call& c) {
  constexpr int kExportLimit = 50000;
  DX_TRY(audit::Filter f, ReadFilter(c.req));
  f.page = PageRequest{kExportLimit, 0};
  DX_TRY(auto page, audit::List(c.s.db, c.ctx, f));
  if (page.total > kExportLimit) {
    return ErrorResponse(MakeError(Code::kInvalidArgument,
                                   "符合条件的记录有 " + std::to_string(page.total) +
                                       " 条，一次最多导出 " + std::to_string(kExportLimit) +
                                       " 条，请缩小时间范围"));
  }
  tabular::Sheet sheet;
  sheet.name = "审计日志";
  sheet.header = {"时间", "操作人", "操作", "记录类型", "记录 ID", "变更内容", "IP", "请求 ID"};
  sheet.column_widths = {20, 16, 10, 10, 9, 60, 16, 20};
  for (const auto& e : page.items) {
    auto at = ParseTime(e.at);
    sheet.rows.push_back({at ? FormatChinaTime(*at) : e.at, e.actor_name,
                          domain::LabelOrCode(c.s.catalog.actions(), e.action),
                          domain::LabelOrCode(c.s.catalog.record_types(), e.record_type),
                          e.record_id ? std::to_string(*e.record_id) : "", Changes(c.s.catalog, e),
                          e.client_ip, e.request_id});
  }
  return XlsxDownload(sheet, "审计日志.xlsx", "audit.xlsx");
}

}  // namespace

void RegisterAuditRoutes(Router& router) {
  router.Add({"GET", "/api/v1/audit", Access::kSignedIn, List});
  router.Add({.method = "GET", .pattern = "/api/v1/audit/export", .handler = Export,
              .heavy = true});
}

const Module& AuditModule() {
  static const Module m{&audit::Info, "audit/openapi.json", nullptr, RegisterAuditRoutes};
  return m;
}

}  // namespace duxing::api
