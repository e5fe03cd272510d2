#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "api/module.hpp"
#include "common/embedded_file.hpp"

namespace duxing::api {

#define DX_MODULE(name) const Module& name##Module();
#include "api/modules.inc"
#undef DX_MODULE

const std::vector<const Module*>& AllModules() {
  static const std::vector<const Module*> all = {
#define DX_MODULE(name) &name##Module(),
#include "api/modules.inc"
#undef DX_MODULE
  };
  return all;
}

std::vector<const domain::ModuleInfo*> AllModuleInfos() {
  std::vector<const domain::ModuleInfo*> out;
  for (const Module* m : AllModules()) out.push_back(&m->info());
  return out;
}

namespace {

namespace json = boost::json;

json::object ParseObject(std::string_view name) {
  for (const auto& f : EmbeddedOpenApi()) {
    if (f.name != name) continue;
    boost::system::error_code ec;
    json::value v = json::parse(f.data, ec);
    if (ec || !v.is_object()) {
      throw std::logic_error("OpenAPI part is not a JSON object: " + std::string(name));
    }
    return std::move(v.as_object());
  }
  throw std::logic_error("OpenAPI part missing: " + std::string(name));
}

// Copies every member of `from` into `into`, refusing a key `into` has.
void MergeMembers(json::object& into, const json::object& from, std::string_view what,
                  std::string_view part) {
  for (const auto& [key, value] : from) {
    if (into.contains(key)) {
      throw std::logic_error(std::string(what) + " " + std::string(key) +
                             " declared twice (again in " + std::string(part) + ")");
    }
    into[key] = value;
  }
}

std::string Merge() {
  json::object doc = ParseObject("openapi.json");
  json::object& paths = doc["paths"].emplace_object();
  json::object& schemas = doc["components"].as_object()["schemas"].as_object();
  json::array& tags = doc["tags"].emplace_array();
  for (const Module* m : AllModules()) {
    if (!m->openapi_part) continue;
    json::object part = ParseObject(m->openapi_part);
    for (const auto& [key, value] : part) {
      if (key == "paths") {
        MergeMembers(paths, value.as_object(), "path", m->openapi_part);
      } else if (key == "tags") {
        for (const auto& tag : value.as_array()) tags.push_back(tag);
      } else if (key == "components") {
        for (const auto& [kind, members] : value.as_object()) {
          if (kind != "schemas") {
            throw std::logic_error("OpenAPI part may add only components.schemas: " +
                                   std::string(m->openapi_part));
          }
          MergeMembers(schemas, members.as_object(), "schema", m->openapi_part);
        }
      } else {
        throw std::logic_error("OpenAPI part may hold only paths, tags and components: " +
                               std::string(m->openapi_part));
      }
    }
  }
  return json::serialize(doc);
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string doc = Merge();
  return doc;
}

}  // namespace duxing::api
