#include "domain/demo/demo_org.hpp"
#include "domain/orgs/org.hpp"

namespace duxing::domain::orgs {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "orgs",
      .vocabularies = {{"org_kind", &kKindCodes.terms()}},
      .record_types = {{kRecordType,
                        "组织",
                        {{"name", "名称"},
                         {"kind", "类型"},
                         {"parent_id", "上级组织"},
                         {"path", "路径"},
                         {"sort_order", "排序"},
                         {"archived", "已归档"}},
                        {{"kind", &kKindCodes.terms()}, {"archived", &kYesNo}},
                        {"orgs", "name", "id"}}},
      .audit_actions = {{"move", "移动"}},
      // The organization itself: the demo bureau with its people,
      // communities and accounts (domain/demo), which every later module's
      // demo data hangs on.
      .demo = [](DemoContext& ctx) -> Status {
        DX_ASSIGN_OR_RETURN(auto accounts, demo::BuildDemo(ctx.db, ctx.now, ctx.password));
        ctx.accounts.insert(ctx.accounts.end(), accounts.begin(), accounts.end());
        return Ok();
      }};
  return info;
}

}  // namespace duxing::domain::orgs
