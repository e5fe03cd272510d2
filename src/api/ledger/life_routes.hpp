// The routes and services of the ledger's kinds 3-5 (专题组织生活会,
// enterprise visits, self-checks): the ledger module's register and provide
// steps call these, one line each.
#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/ledger/life_items.hpp"

namespace duxing::api {

// Makes OrgLifeService, EnterpriseVisitService and SelfCheckService and
// declares the `life_meeting` attachments (after the attachments module).
void ProvideLedgerLife(ModuleSetup& s);
// /api/v1/ledger/life-meetings, /ledger/life-problems,
// /ledger/enterprise-visits, /ledger/self-checks, /ledger/self-check-points.
void RegisterLedgerLifeRoutes(Router& router);

namespace ledger_life {

void RegisterEnterpriseRoutes(Router& router);
void RegisterSelfCheckRoutes(Router& router);

inline boost::json::value OptJson(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
inline boost::json::value OptJson(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// An item as the kinds' pages list it.
inline boost::json::object ItemBriefJson(const domain::ledger::ItemBrief& b) {
  return {{"id", b.id},
          {"kind", b.kind},
          {"title", b.title},
          {"status", b.status},
          {"status_label", b.status_label},
          {"deadline", OptJson(b.deadline)},
          {"responsible_person_id", OptJson(b.responsible_person_id)},
          {"responsible_name", b.responsible_name},
          {"org_id", b.org_id},
          {"org_name", b.org_name}};
}

inline boost::json::array ItemBriefsJson(const std::vector<domain::ledger::ItemBrief>& items) {
  boost::json::array out;
  for (const auto& b : items) out.push_back(ItemBriefJson(b));
  return out;
}

// The optional responsible person, leader, deadline and class of an item
// a kind makes, read from a body.
Result<domain::ledger::ItemAssignment> ReadItemAssignment(JsonBody& body);

}  // namespace ledger_life
}  // namespace duxing::api
