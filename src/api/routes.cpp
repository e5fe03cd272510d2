#include "api/router.hpp"

namespace duxing::api {

void RegisterSystemRoutes(Router& router);
void RegisterAuthRoutes(Router& router);
void RegisterOrgRoutes(Router& router);
void RegisterPeopleRoutes(Router& router);
void RegisterCommunityRoutes(Router& router);
void RegisterAuditRoutes(Router& router);
void RegisterAccountRoutes(Router& router);
void RegisterNotificationRoutes(Router& router);
void RegisterCampaignRoutes(Router& router);

void RegisterRoutes(Router& router) {
  RegisterSystemRoutes(router);
  RegisterAuthRoutes(router);
  RegisterOrgRoutes(router);
  RegisterPeopleRoutes(router);
  RegisterCommunityRoutes(router);
  RegisterAuditRoutes(router);
  RegisterAccountRoutes(router);
  RegisterNotificationRoutes(router);
  RegisterCampaignRoutes(router);
}

}  // namespace duxing::api
