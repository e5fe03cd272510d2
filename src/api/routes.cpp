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
    : ServiceSet(db, clock, ServiceOptions{auth_options, secure_cookies}) {}

ServiceSet::ServiceSet(storage::Database& db, const Clock& clock, ServiceOptions service_options)
    : options(std::move(service_options)),
      catalog(AllModuleInfos()),
      services{db,       clock,    ProvideAll(registry, db, clock, options),
               catalog,  registry, options.secure_cookies} {
  services.shutdown = &shutdown;
}

void RegisterRoutes(Router& router) {
  for (const Module* m : AllModules()) {
    if (m->routes) m->routes(router);
  }
}

}  // namespace duxing::api
