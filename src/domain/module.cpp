#include "domain/module.hpp"

#include <cctype>
#include <set>
#include <stdexcept>

namespace duxing::domain {
namespace {

constexpr std::string_view kDone = "SELECT 1 FROM module_demo_steps WHERE module = $1";
constexpr std::string_view kMark =
    "INSERT INTO module_demo_steps (module, ran_at) VALUES ($1, $2)";

void AddOnce(std::set<std::string>& seen, const std::string& key, const char* what) {
  if (!seen.insert(key).second) {
    throw std::logic_error(std::string(what) + " declared twice: " + key);
  }
}

bool IsPlainIdentifier(const char* s) {
  if (s == nullptr || *s == '\0' || std::isdigit(static_cast<unsigned char>(*s))) return false;
  for (; *s; ++s) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// The record type's code and name source are written into the audit log's
// SQL (audit_log.cpp): only plain identifiers may be declared.
void CheckRecordType(const RecordType& r) {
  bool named = r.name_source.table || r.name_source.column;
  if (!IsPlainIdentifier(r.code) ||
      (named && !(IsPlainIdentifier(r.name_source.table) &&
                  IsPlainIdentifier(r.name_source.column) &&
                  (!r.name_source.org_column || IsPlainIdentifier(r.name_source.org_column))))) {
    throw std::logic_error(std::string("record type with an invalid code or name source: ") +
                           (r.code ? r.code : "(null)"));
  }
}

}  // namespace

Catalog::Catalog(std::vector<const ModuleInfo*> modules) : modules_(std::move(modules)) {
  std::set<std::string> vocabularies, actions, types, modules_seen, fields;
  for (const ModuleInfo* m : modules_) {
    AddOnce(modules_seen, m->name, "module");
    for (const auto& v : m->vocabularies) {
      AddOnce(vocabularies, v.name, "vocabulary");
      vocabularies_.push_back(v);
    }
    for (const auto& t : m->audit_actions) {
      AddOnce(actions, t.code, "audit action");
      actions_.push_back(t);
    }
    for (const auto& r : m->record_types) {
      CheckRecordType(r);
      AddOnce(types, r.code, "record type");
      record_type_terms_.push_back({r.code, r.label});
      for (const auto& f : r.fields) {
        if (fields.insert(f.code).second) all_fields_.push_back(f);
      }
    }
  }
  for (const char* name : {"audit_action", "record_type", "audit_field"}) {
    AddOnce(vocabularies, name, "vocabulary");
  }
  vocabularies_.push_back({"audit_action", &actions_});
  vocabularies_.push_back({"record_type", &record_type_terms_});
  vocabularies_.push_back({"audit_field", &all_fields_});
}

const RecordType* Catalog::FindRecordType(std::string_view code) const {
  for (const ModuleInfo* m : modules_) {
    for (const auto& r : m->record_types) {
      if (code == r.code) return &r;
    }
  }
  return nullptr;
}

std::string Catalog::FieldLabel(std::string_view record_type, std::string_view field) const {
  const RecordType* r = FindRecordType(record_type);
  return r ? LabelOrCode(r->fields, field) : std::string(field);
}

std::string Catalog::ValueLabel(std::string_view record_type, std::string_view field,
                                std::string_view value) const {
  if (const RecordType* r = FindRecordType(record_type)) {
    for (const auto& [name, vocabulary] : r->coded_fields) {
      if (field == name) return LabelOrCode(*vocabulary, value);
    }
  }
  return std::string(value);
}

Status MarkDemoStep(storage::Database& db, std::string_view module, TimePoint now) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kDone, {std::string(module)}));
  if (rows.empty()) {
    DX_RETURN_IF_ERROR(tx->Exec(kMark, {std::string(module), FormatTime(now)}));
  }
  return tx->Commit();
}

Result<std::vector<std::string>> RunDemoSteps(const Catalog& catalog, DemoContext& ctx) {
  std::vector<std::string> ran;
  for (const ModuleInfo* m : catalog.modules()) {
    if (!m->demo) continue;
    {
      DX_ASSIGN_OR_RETURN(auto tx, ctx.db.Begin(storage::TxMode::kRead));
      DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kDone, {std::string(m->name)}));
      if (!rows.empty()) continue;
    }
    DX_RETURN_IF_ERROR(m->demo(ctx));
    DX_RETURN_IF_ERROR(MarkDemoStep(ctx.db, m->name, ctx.now));
    ran.push_back(m->name);
  }
  return ran;
}

}  // namespace duxing::domain
