// GET /api/v1/audit and /api/v1/audit/export: the audit log, for
// organization and system admins.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
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

// One entry's snapshots, parsed (null when absent or unreadable).
struct Parsed {
  boost::json::value before, after;
};

Parsed Parse(const audit::Entry& e) {
  return {JsonOrNull(e.before_json), JsonOrNull(e.after_json)};
}

std::optional<std::string> Text(const boost::json::value* v) {
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  return boost::json::serialize(*v);
}

// One changed field as people read it.
struct ShownChange {
  std::string field, label, before, after;
};

// The fields that differ between the snapshots (all of `after` for a new
// record, all of `before` for a removed one), with Chinese field labels and
// values shown as people read them (audit::ShownValue).
std::vector<ShownChange> Changes(const domain::Catalog& catalog, const audit::Entry& e,
                                 const Parsed& p, const audit::ReferenceNames& names) {
  const boost::json::object* b = p.before.if_object();
  const boost::json::object* a = p.after.if_object();
  std::set<std::string> keys;
  for (const auto* o : {b, a}) {
    if (o) for (const auto& kv : *o) keys.insert(std::string(kv.key()));
  }
  std::vector<ShownChange> out;
  for (const auto& k : keys) {
    const boost::json::value* bv = b ? b->if_contains(k) : nullptr;
    const boost::json::value* av = a ? a->if_contains(k) : nullptr;
    if (b && a && bv && av && *bv == *av) continue;
    out.push_back({k, catalog.FieldLabel(e.record_type, k),
                   b ? audit::ShownValue(catalog, e.record_type, k, Text(bv), names) : "",
                   a ? audit::ShownValue(catalog, e.record_type, k, Text(av), names) : ""});
  }
  return out;
}

// The names of the records the page's snapshots refer to by id.
Result<audit::ReferenceNames> NamesFor(Call& c,
                                       const std::vector<Parsed>& parsed) {
  std::set<int64_t> ids[3];  // org, community, person
  for (const Parsed& p : parsed) {
    for (const auto* v : {&p.before, &p.after}) {
      const boost::json::object* o = v->if_object();
      if (!o) continue;
      for (const auto& kv : *o) {
        std::string_view kind = audit::ReferenceKind(kv.key());
        auto text = Text(&kv.value());
        if (kind.empty() || !text) continue;
        int64_t id = std::atoll(text->c_str());
        if (id > 0) ids[kind == "org" ? 0 : kind == "community" ? 1 : 2].insert(id);
      }
    }
  }
  return audit::LoadReferenceNames(c.s.db, c.ctx, ids[0], ids[1], ids[2]);
}

Response List(Call& c) {
  DX_TRY(audit::Filter f, ReadFilter(c.req));
  DX_TRY(auto page, audit::List(c.s.db, c.s.catalog, c.ctx, f));
  std::vector<Parsed> parsed;
  for (const auto& e : page.items) parsed.push_back(Parse(e));
  DX_TRY(audit::ReferenceNames names, NamesFor(c, parsed));
  boost::json::array items;
  for (size_t i = 0; i < page.items.size(); ++i) {
    const audit::Entry& e = page.items[i];
    boost::json::object o{{"id", e.id},
                          {"at", e.at},
                          {"actor_name", e.actor_name},
                          {"action", e.action},
                          {"record_type", e.record_type},
                          {"record_name", e.record_name},
                          {"request_id", e.request_id},
                          {"client_ip", e.client_ip}};
    o["actor_id"] = e.actor_id ? boost::json::value(*e.actor_id) : nullptr;
    o["record_id"] = e.record_id ? boost::json::value(*e.record_id) : nullptr;
    o["before"] = parsed[i].before;
    o["after"] = parsed[i].after;
    boost::json::array changes;
    for (const auto& ch : Changes(c.s.catalog, e, parsed[i], names)) {
      changes.push_back({{"field", ch.field}, {"label", ch.label}, {"before", ch.before},
                         {"after", ch.after}});
    }
    o["changes"] = std::move(changes);
    items.push_back(std::move(o));
  }
  return ListResponse(std::move(items), page.total, page.next_cursor);
}

// "姓名: 张三 → 张三丰; 职务: （空） → 科长" — Changes() as one line.
std::string ChangesText(const domain::Catalog& catalog, const audit::Entry& e, const Parsed& p,
                        const audit::ReferenceNames& names) {
  std::string out;
  for (const auto& ch : Changes(catalog, e, p, names)) {
    if (!out.empty()) out += "; ";
    out += ch.label + ": ";
    out += p.before.is_object() ? ch.before + " → " + ch.after : ch.after;
  }
  return out;
}

// The newest matching entries (at most kExportLimit) as a spreadsheet.
Response Export(Call& c) {
  constexpr int kExportLimit = 50000;
  DX_TRY(audit::Filter f, ReadFilter(c.req));
  f.page = PageRequest{kExportLimit, 0};
  DX_TRY(auto page, audit::List(c.s.db, c.s.catalog, c.ctx, f));
  if (page.total > kExportLimit) {
    return ErrorResponse(MakeError(Code::kInvalidArgument,
                                   "符合条件的记录有 " + std::to_string(page.total) +
                                       " 条，一次最多导出 " + std::to_string(kExportLimit) +
                                       " 条，请缩小时间范围"));
  }
  std::vector<Parsed> parsed;
  for (const auto& e : page.items) parsed.push_back(Parse(e));
  DX_TRY(audit::ReferenceNames names, NamesFor(c, parsed));
  tabular::Sheet sheet;
  sheet.name = "审计日志";
  sheet.header = {"时间", "操作人", "操作", "记录类型", "记录 ID", "记录", "变更内容", "IP",
                  "请求 ID"};
  sheet.column_widths = {20, 16, 10, 10, 9, 16, 60, 16, 20};
  for (size_t i = 0; i < page.items.size(); ++i) {
    const audit::Entry& e = page.items[i];
    auto at = ParseTime(e.at);
    sheet.rows.push_back({at ? FormatChinaTime(*at) : e.at, e.actor_name,
                          domain::LabelOrCode(c.s.catalog.actions(), e.action),
                          domain::LabelOrCode(c.s.catalog.record_types(), e.record_type),
                          e.record_id ? std::to_string(*e.record_id) : "", e.record_name,
                          ChangesText(c.s.catalog, e, parsed[i], names), e.client_ip, e.request_id});
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
