// A module's API side (src/api/<module>/): the services it provides, its
// routes and its part of the OpenAPI document, beside what its domain folder
// declares (domain/module.hpp). src/api/modules.inc lists the modules, one
// line each; see docs/ARCHITECTURE.md, "Adding a module".
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "api/service_registry.hpp"
#include "common/clock.hpp"
#include "domain/attachments/content_type.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::api {

class Router;

// Settings from the command line that modules' services take.
struct ServiceOptions {
  domain::auth::AuthOptions auth;
  bool secure_cookies = false;  // add Secure to cookies (behind HTTPS)
  domain::attachments::UploadLimits attachments;  // serve --attachment-max...
  // The jobs module's scheduler (serve --job-workers, --job-lease).
  int job_workers = 2;
  std::chrono::seconds job_lease{std::chrono::minutes(10)};
  // Data rows one people import file may hold (serve --import-max-rows; the
  // people module's kDefaultImportMaxRows).
  int people_import_max_rows = 100000;
  // Days an overdue ledger item waits before it is escalated (督办): the
  // config file's ledger.escalate_after_days (domain/ledger/overdue.hpp).
  int ledger_escalate_after_days = 3;
};

// What a module's provide step gets.
struct ModuleSetup {
  storage::Database& db;
  const Clock& clock;
  const ServiceOptions& options;
  ServiceRegistry& services;  // Make<T>(...) its services; Get<T>() earlier modules'
};

struct Module {
  // Its domain declaration: name, vocabularies, record types, demo step.
  const domain::ModuleInfo& (*info)();
  // Its part of the OpenAPI document, a file beside its routes
  // (src/api/<module>/openapi.json, embedded): "paths" and
  // "components.schemas" merged into the base document src/api/openapi.json.
  // nullptr when it serves nothing.
  const char* openapi_part = nullptr;
  // Makes its services (nullptr: none). Runs in list order, before any route.
  void (*provide)(ModuleSetup& setup) = nullptr;
  // Registers its endpoints (nullptr: none).
  void (*routes)(Router& router) = nullptr;
};

// Every module, in the order of src/api/modules.inc.
const std::vector<const Module*>& AllModules();
// The domain declarations of AllModules(), in order.
std::vector<const domain::ModuleInfo*> AllModuleInfos();

// The OpenAPI document: the base with every module's part merged in, as
// served at GET /api/v1/openapi.json and printed by `duxing openapi`. Throws
// std::logic_error (a bug, at start-up) for a part that is missing, is not
// JSON, or declares a path or schema another part declares too.
const std::string& OpenApiDocument();

}  // namespace duxing::api
