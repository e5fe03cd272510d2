// /api/v1/notifications: the signed-in account's own notifications.
#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/notifications/notification.hpp"

namespace duxing::api {
namespace {

namespace nt = domain::notifications;

boost::json::object NotificationJson(const nt::Notification& n) {
  boost::json::object link{{"record_type", n.link.record_type}, {"path", n.link.path}};
  link["record_id"] = n.link.record_id ? boost::json::value(*n.link.record_id) : nullptr;
  boost::json::object o{{"id", n.id},       {"kind", n.kind},
                        {"title", n.title}, {"text", n.text},
                        {"link", std::move(link)}, {"created_at", n.created_at}};
  o["read_at"] = n.read_at ? boost::json::value(*n.read_at) : nullptr;
  return o;
}

nt::NotificationService& Notifications(Call& c) { return c.s.Get<nt::NotificationService>(); }

Response List(Call& c) {
  nt::Filter f;
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(f.unread_only, QueryBool(c.req, "unread"));
  auto order = QueryString(c.req, "order");
  if (order && *order != "unread_first" && *order != "newest") {
    return ErrorResponse(
        MakeError(Code::kInvalidArgument, "排序方式应为 unread_first 或 newest", "order"));
  }
  f.order = order && *order == "newest" ? nt::Order::kNewestFirst : nt::Order::kUnreadFirst;
  DX_TRY(auto page, Notifications(c).List(c.ctx, f));
  boost::json::array items;
  for (const auto& n : page.items) items.push_back(NotificationJson(n));
  return ListResponse(std::move(items), page.total);
}

// Every open page polls it: the body, of one fixed shape, is written
// without the JSON library; the service is looked up once, at start-up.
RouteHandler UnreadCount(nt::NotificationService& notifications) {
  return [&notifications](Call& c) {
    DX_TRY(int64_t n, notifications.UnreadCount(c.ctx));
    Response r;
    r.body = R"({"unread":)" + std::to_string(n) + "}";
    return r;
  };
}

Response MarkRead(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto n, Notifications(c).MarkRead(c.ctx, id));
  return JsonResponse(200, NotificationJson(n));
}

Response MarkAllRead(Call& c) {
  DX_TRY(int64_t marked, Notifications(c).MarkAllRead(c.ctx));
  return JsonResponse(200, {{"marked", marked}});
}

}  // namespace

void RegisterNotificationRoutes(Router& router) {
  router.Add({"GET", "/api/v1/notifications", Access::kSignedIn, List});
  // Every open page polls it: answered on the I/O thread when it can be.
  Route unread{"GET", "/api/v1/notifications/unread-count", Access::kSignedIn,
               UnreadCount(router.services().Get<nt::NotificationService>())};
  unread.in_place = true;
  router.Add(std::move(unread));
  router.Add({"POST", "/api/v1/notifications/{id}/read", Access::kSignedIn, MarkRead, kSmallBody});
  router.Add({"POST", "/api/v1/notifications/read-all", Access::kSignedIn, MarkAllRead, kSmallBody});
}

const Module& NotificationsModule() {
  static const Module m{&nt::Info, "notifications/openapi.json",
                        [](ModuleSetup& s) { s.services.Make<nt::NotificationService>(s.db); },
                        RegisterNotificationRoutes};
  return m;
}

}  // namespace duxing::api
