// GET /api/v1/audit: the audit log, for organization and system admins.
#include <boost/json/parse.hpp>

#include "api/router.hpp"
#include "domain/audit/audit_log.hpp"

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

Response List(Call& c) {
  audit::Filter f;
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(f.actor_id, QueryInt(c.req, "actor_id"));
  DX_TRY(f.record_id, QueryInt(c.req, "record_id"));
  f.record_type = QueryString(c.req, "record_type");
  f.action = QueryString(c.req, "action");
  DX_TRY(f.from, QueryTime(c.req, "from"));
  DX_TRY(f.to, QueryTime(c.req, "to"));
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

}  // namespace

void RegisterAuditRoutes(Router& router) {
  router.Add({"GET", "/api/v1/audit", Access::kSignedIn, List});
}

}  // namespace duxing::api
