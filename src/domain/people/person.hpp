// People: party members, staff, retirees, families and residents, each kept
// with what a 党务 officer records. People with history are archived, never
// deleted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"
#include "domain/vocabulary.hpp"
#include "tabular/table.hpp"

namespace duxing::domain::people {

// What the people module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// The coded values of a person (strings in the database and the API).
inline const Vocabulary kCategories = {
    {"member", "在职党员"},        {"probationary", "预备党员"},
    {"retired_member", "退休党员"}, {"activist", "入党积极分子"},
    {"staff", "干部职工"},          {"family", "职工子弟/家属", {"职工子弟", "职工家属"}},
    {"resident", "群众"}};
inline const Vocabulary kStatuses = {
    {"active", "正常"}, {"transferred_out", "已转出"}, {"deceased", "已故"}};
inline const Vocabulary kGenders = {{"male", "男"}, {"female", "女"}};

// The audit record type of a person, and the change counter of their data.
inline constexpr char kRecordType[] = "person";

// The fields a person is created and edited with.
struct PersonFields {
  std::string name;
  std::optional<std::string> gender;           // male, female
  std::optional<std::string> birth_date;       // YYYY-MM-DD
  std::optional<std::string> party_join_date;  // YYYY-MM-DD
  std::string category;                        // see kCategories
  int64_t org_id = 0;                          // the branch (党支部) or other org
  std::optional<int64_t> department_id;        // a 科室
  std::string post;
  std::string phone;
  std::optional<int64_t> community_id;  // residential community
  std::string status = "active";        // see kStatuses
};

struct Person {
  int64_t id = 0;
  PersonFields f;
  std::string org_name;
  std::string org_path;
  std::optional<std::string> department_name;
  std::optional<std::string> community_name;
  bool archived = false;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

// A partial edit: absent fields stay; for nullable fields an inner nullopt clears.
struct PersonPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> gender;
  std::optional<std::optional<std::string>> birth_date;
  std::optional<std::optional<std::string>> party_join_date;
  std::optional<std::string> category;
  std::optional<int64_t> org_id;
  std::optional<std::optional<int64_t>> department_id;
  std::optional<std::string> post;
  std::optional<std::string> phone;
  std::optional<std::optional<int64_t>> community_id;
  std::optional<std::string> status;
};

struct ListFilter {
  std::optional<int64_t> org_id;  // that org's whole subtree
  std::optional<std::string> category;
  std::optional<std::string> status;
  // A name search (name_search.hpp): characters the name contains, or
  // letters its pinyin or pinyin initials begin with.
  std::optional<std::string> q;
  bool include_archived = false;
  // name, -name, birth_date, -birth_date, party_join_date, -party_join_date,
  // created_at, -created_at. Ties break by id. Dates: people without one last.
  std::string sort = "name";
  PageRequest page;
};

// The rule of one person field, defined once for every way a person comes
// in: the API reads the field with `max_chars`, Validate checks it, and an
// import checks the cell of `column` with TextProblem and reports there.
struct FieldRule {
  std::string_view field;   // API and audit name: "name", "org_id", ...
  std::string_view column;  // import/export column: "姓名", "所在支部", ...
  std::string_view label;   // the field in messages
  size_t max_chars;         // longest text: a name, a code or label, a date
};

// Every field's rule, in import column order (see ImportColumns).
const std::vector<FieldRule>& FieldRules();
// The rule of `field` (an API name). `field` must be one of FieldRules().
const FieldRule& RuleOf(std::string_view field);

// Why `text` is not acceptable as a value of `rule`'s field, or "" when it
// is: text must be well-formed UTF-8, hold no control characters (C0, DEL,
// C1) and have at most rule.max_chars characters. Linear in text's size.
std::string TextProblem(const FieldRule& rule, std::string_view text);

// Checks one set of fields (not references): every problem, keyed by field,
// at most one per field. Text fields follow TextProblem; dates are
// YYYY-MM-DD; gender, category and status are codes of their vocabularies.
std::vector<ErrorDetail> Validate(const PersonFields& f);

// Data rows (the header excluded) one import file may hold by default.
inline constexpr int kDefaultImportMaxRows = 100000;

// How large an import may be (serve --import-max-rows).
struct ImportOptions {
  int max_rows = kDefaultImportMaxRows;  // data rows of one file, at least 1
};

// The largest import body for files of at most `max_rows` data rows: 512
// bytes a row, at least 10 MiB (48.8 MiB for the default 100,000 rows).
size_t ImportBodyLimit(int max_rows);

// The file types an import reads.
enum class ImportFormat { kCsv, kXlsx };

class PeopleService {
 public:
  explicit PeopleService(storage::Database& db,
                         size_t list_cache_bytes = storage::kDefaultCacheBytes,
                         ImportOptions import = {});

  // People the caller may read that match; members are denied.
  // The page may be shared with other callers (see SharedPage).
  Result<std::shared_ptr<const SharedPage<Person>>> List(const Context& ctx,
                                                         const ListFilter& filter);
  // The SQL of List's first page for `filter` as `ctx` would run it, and its
  // values ("" when refused), for plan tests.
  std::pair<std::string, storage::Params> ListSql(const Context& ctx, const ListFilter& filter);
  // Every matching person (no paging), for export. Same scope as List.
  Result<std::vector<Person>> ListAll(const Context& ctx, ListFilter filter);
  // Not found when outside the caller's scope, unless it is the caller's own record.
  Result<Person> Get(const Context& ctx, int64_t id);
  Result<Person> Create(const Context& ctx, const PersonFields& fields);
  Result<Person> Update(const Context& ctx, int64_t id, const PersonPatch& patch);
  Result<Person> Archive(const Context& ctx, int64_t id, int64_t version);

  // Imports the file `bytes` (.csv or .xlsx), whose first row is the header
  // (Chinese column names, see ImportColumns), read as a stream: rows are
  // checked as they are read (person_import.hpp), in one write transaction,
  // and written in batches once every row has passed. All or nothing: any
  // bad row fails the whole import with kInvalidArgument and one ErrorDetail
  // per problem (row number as in the file, header row = 1), the reader's
  // cell problems included, at most one per cell (WithCellProblems in
  // domain/import_problems.hpp), the first kMaxReportedProblems of them; more
  // than import_options().max_rows data rows is kTooLarge. With dry_run
  // nothing is written even when valid. Returns how many people were (or
  // would be) imported. Memory: the bytes, what the reader holds (see
  // StreamCsv, StreamXlsx) and the checked fields of each good row.
  Result<int64_t> Import(const Context& ctx, ImportFormat format, std::string_view bytes,
                         bool dry_run);
  // The same for a table already read (its rows handed over in order).
  Result<int64_t> Import(const Context& ctx, const tabular::Table& table, bool dry_run);
  const ImportOptions& import_options() const { return import_; }

  // Gives every person the name sort key of the current collation
  // (common/collation.hpp) when the stored keys come from another version or
  // from before keys existed, and rebuilds the name search grams with them
  // or when they were made by another version or not yet (the backfill after
  // migration 0015). Run at start, before serving. Returns how many keys were
  // written.
  static Result<int64_t> RefreshNameKeys(storage::Database& db);

 private:
  storage::Database& db_;
  ImportOptions import_;
  // Pages computed at a data generation, bounded by bytes (CachedPageBytes);
  // see storage/generation.hpp.
  storage::GenerationCache<std::shared_ptr<const SharedPage<Person>>> list_cache_;
  // Org id → path for the list's org filter, while no org changes.
  static constexpr size_t kOrgPathCacheBytes = size_t{1} << 20;
  storage::GenerationCache<std::string> org_paths_;
  // Paging and totals (domain/list_query.hpp).
  ListQuery list_;

 public:
  // Whether the caller may import at all (the role check Import makes first),
  // so that the API refuses an upload before reading it: kPermissionDenied
  // otherwise. Reads nothing.
  Status MayImport(const Context& ctx) const;
};

// What a cached list page costs in memory: its people (each Person and the
// text it holds) and the serialized answer kept beside it (SharedPage::
// Rendered), estimated as the same text plus the JSON keys of one person.
size_t CachedPageBytes(const std::shared_ptr<const SharedPage<Person>>& page);

// The import/export columns, in order; required ones are marked with '*'
// in the template but matched without it.
const std::vector<std::string>& ImportColumns();

// One person as an export row, in ImportColumns() order.
std::vector<std::string> ExportRow(const Person& p);

}  // namespace duxing::domain::people
