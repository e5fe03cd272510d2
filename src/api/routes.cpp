// The modules put together: their services (ServiceSet) and their routes.
#include "api/router.hpp"

namespace duxing::api {
namespace {

// The auth module provides it first of all (src/api/modules.inc).
domain::auth::AuthService& ProvideAll(ServiceRegistry& registry, storage::Database& db,
                                      const Clock& clock, const ServiceOptions& options) {
  for (const Module* m : AllModules()) {
    if (!m->provide) continue;
    ModuleSetup setup{db, clock, options, registry};
    m->provide(setup);
  }
  return registry.Get<domain::auth::AuthService>();
}

}  // namespace

ServiceSet::ServiceSet(storage::Database& db, const Clock& clock,
                       domain::auth::AuthOptions auth_options, bool secure_cookies)
    : options{auth_options, secure_cookies},
      catalog(AllModuleInfos()),
      services{db,       clock,    ProvideAll(registry, db, clock, options),
               catalog,  registry, secure_cookies} {
  services.shutdown = &shutdown;
}

void RegisterRoutes(Router& router) {
  for (const Module* m : AllModules()) {
    if (m->routes) m->routes(router);
  }
}

}  // namespace duxing::api
