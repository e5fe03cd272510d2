// What a module declares about itself in its domain folder
// (src/domain/<module>/module.cpp): the coded values it defines, the record
// types it writes to the audit log with the labels of their fields, the audit
// actions it adds, and the step that adds its demo data. The API side
// (src/api/module.hpp) pairs it with the module's services, routes and
// OpenAPI part; src/api/modules.inc lists the modules.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/vocabulary.hpp"
#include "storage/database.hpp"

namespace duxing::domain {

// A kind of record the module writes to the audit log. Field labels belong to
// the record type: the `status` of a ledger item is not the `status` of a
// person.
struct RecordType {
  const char* code;   // audit entry record_type: "community"
  const char* label;  // "社区/村"
  Vocabulary fields;  // snapshot field name → label
  // Coded fields whose values the audit log shows by label: field name →
  // vocabulary (e.g. "kind" → the community kinds).
  std::vector<std::pair<const char*, const Vocabulary*>> coded_fields = {};
  // Where the audit log finds a record's current name (Entry::record_name):
  // column `column` of the row of `table` whose `id` is the entry's
  // record_id, e.g. {"people", "name"}. Plain lower-case SQL identifiers
  // (the Catalog refuses others at start). Both null: the type has no name.
  // org_column, when set, is the column of `table` holding the id of the
  // org the record lies in ("id" for orgs themselves): the name is then shown
  // only to readers who may read that org now.
  struct NameSource {
    const char* table = nullptr;
    const char* column = nullptr;
    const char* org_column = nullptr;
  };
  NameSource name_source = {};
};

struct DemoAccount {
  std::string username;
  std::string role_label;  // Chinese description for the printout
};

// What a demo step gets. Steps run in module-list order, each once per
// database (recorded in module_demo_steps), so a later module's step finds
// the organizations and accounts of the earlier ones.
struct DemoContext {
  storage::Database& db;
  TimePoint now;
  const std::string& password;         // of the demo accounts a step creates
  std::vector<DemoAccount>& accounts;  // steps append the accounts they create
};

struct ModuleInfo {
  const char* name;  // "communities"
  std::vector<NamedVocabulary> vocabularies = {};
  std::vector<RecordType> record_types = {};
  Vocabulary audit_actions = {};  // the actions it writes, with labels
  // Adds the module's demo data; null when it has none. Runs in its own
  // transaction(s); a failure stops `init --demo` and is not recorded.
  std::function<Status(DemoContext&)> demo = nullptr;
};

// Everything the modules declare, merged: one lookup for labels. Throws
// std::logic_error (a bug, at start-up) when two modules declare the same
// vocabulary, record type or action, or a record type's code or name source
// is not a plain lower-case identifier ([a-z_][a-z0-9_]*).
class Catalog {
 public:
  explicit Catalog(std::vector<const ModuleInfo*> modules);

  const std::vector<const ModuleInfo*>& modules() const { return modules_; }
  // Every vocabulary of every module plus the catalog's own: audit_action,
  // record_type, and audit_field (every field label, for the web's generic
  // use), in module order.
  const std::vector<NamedVocabulary>& vocabularies() const { return vocabularies_; }
  const Vocabulary& actions() const { return actions_; }
  const Vocabulary& record_types() const { return record_type_terms_; }
  // nullptr for a record type no module declares.
  const RecordType* FindRecordType(std::string_view code) const;
  // The label of `field` in records of `record_type`; the field name itself
  // when unknown (values written by older versions stay readable).
  std::string FieldLabel(std::string_view record_type, std::string_view field) const;
  // The label of a coded field's value ("kind" "linked" → 联点社区), or the
  // value itself when the field is not coded or the code unknown.
  std::string ValueLabel(std::string_view record_type, std::string_view field,
                         std::string_view value) const;

 private:
  std::vector<const ModuleInfo*> modules_;
  std::vector<NamedVocabulary> vocabularies_;
  Vocabulary actions_;
  Vocabulary record_type_terms_;
  Vocabulary all_fields_;
};

// Runs the demo step of every module in `catalog` that has one and has not run
// on this database, in order, recording each; returns the names of the
// modules whose step ran now.
Result<std::vector<std::string>> RunDemoSteps(const Catalog& catalog, DemoContext& ctx);
// Records `module`'s demo step as done without running it (init without
// --demo records the organization step it stands in for).
Status MarkDemoStep(storage::Database& db, std::string_view module, TimePoint now);

}  // namespace duxing::domain
