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

// Fills the enum of every schema marked "x-vocabulary": NAME with the codes
// of the catalog's vocabulary NAME, so coded values are defined once (in the
// module's CodedEnum or Vocabulary) and the document, the generated web types
// and the labels cannot drift apart. A part lists only what is not a code: a
// null or "" it also accepts. The schema's description gets the codes with
// their labels appended ("取值：male 男, female 女"); a part's own description
// says only what the codes do not (e.g. the order of a workflow), and one that
// spells a code with its label by hand is refused like a hand-listed enum.
void FillVocabularyEnums(json::value& node, const domain::Catalog& catalog) {
  if (json::object* o = node.if_object()) {
    if (const json::value* name = o->if_contains("x-vocabulary")) {
      const domain::Vocabulary* terms = nullptr;
      for (const auto& v : catalog.vocabularies()) {
        if (name->is_string() && name->get_string() == v.name) terms = v.terms;
      }
      if (!terms) {
        throw std::logic_error("x-vocabulary names no vocabulary: " + json::serialize(*name));
      }
      json::array codes;
      if (const json::value* listed = o->if_contains("enum")) {
        for (const auto& c : listed->as_array()) {
          if (c.is_null() || (c.is_string() && c.get_string().empty())) {
            codes.push_back(c);
          } else {
            throw std::logic_error("x-vocabulary " + json::serialize(*name) +
                                   " lists a code by hand: " + json::serialize(c));
          }
        }
      }
      std::string listing;
      const json::value* own = o->if_contains("description");
      for (const auto& t : *terms) {
        codes.push_back(json::string(t.code));
        const std::string spelled = std::string(t.code) + " " + t.label;
        if (own && own->is_string() &&
            std::string_view(own->get_string()).find(spelled) != std::string_view::npos) {
          throw std::logic_error("x-vocabulary " + json::serialize(*name) +
                                 " describes a code by hand: " + spelled);
        }
        listing += (listing.empty() ? "" : ", ") + spelled;
      }
      (*o)["enum"] = std::move(codes);
      std::string description =
          own && own->is_string() ? std::string(own->get_string()) + "。" : std::string();
      (*o)["description"] = description + "取值：" + listing;
    }
    for (auto& [key, value] : *o) FillVocabularyEnums(value, catalog);
  } else if (json::array* a = node.if_array()) {
    for (auto& value : *a) FillVocabularyEnums(value, catalog);
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
  json::value merged = std::move(doc);
  FillVocabularyEnums(merged, domain::Catalog(AllModuleInfos()));
  return json::serialize(merged);
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string doc = Merge();
  return doc;
}

}  // namespace duxing::api
