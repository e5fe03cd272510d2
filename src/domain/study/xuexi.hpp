// 学习强国 points: a monthly .xlsx export imported in steps (upload → map
// columns → resolve rows → confirm), and rankings per month and period.
//
// The app's export columns vary by version, so the upload answers the header
// row and sample rows with the mapping the uploader last used for that org;
// the mapping names the header titles holding the name, the organization
// (optional), the points and the month (or one month for the whole file).
// People are matched by name among the non-archived people of the upload's
// org subtree, narrowed by the organization column; rows with no match or
// several are listed with their candidates, and the user chooses a person
// or skips each explicitly. Nothing is written before the confirmation,
// which writes every row or none.
//
// Rights: uploading and importing for an org needs Principal::CanWrite on it
// (org admins, its branch secretary), checked before the file is read;
// an upload is seen only by its uploader. Rankings read the people the
// caller may read; a member (no staff role) reads their own branch's (the
// branch of their person, the parent of a 党小组), so that they see their
// rank among their branch mates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"
#include "tabular/table.hpp"

namespace duxing::domain::study {

// Bounds of one upload: the file's bytes, its data rows, and what the
// reader may decode from it (tabular::ReadLimits).
inline constexpr size_t kMaxXuexiFileBytes = 5 << 20;
inline constexpr int kMaxXuexiRows = 5000;
inline constexpr int kXuexiSampleRows = 5;
inline constexpr int64_t kMaxPoints = 1'000'000;
tabular::ReadLimits XuexiReadLimits();

struct ColumnMapping {
  std::string name;          // header title of 姓名 (required)
  std::string org;           // of 所在组织/单位; "" when the file has none
  std::string points;        // of 积分 (required)
  std::string period;        // of 月份; "" when period_value is given
  std::string period_value;  // YYYY-MM for every row, when period is ""
};

struct XuexiUpload {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string file_name;
  bool imported = false;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> samples;  // the first data rows
  int64_t rows = 0;                               // data rows
  std::optional<ColumnMapping> remembered;        // the uploader's last for the org
};

// How a row of an upload stands after matching.
enum class RowState { kMatched, kUnmatched, kAmbiguous };
inline const CodedEnum<RowState> kRowStates = {{RowState::kMatched, {"matched", "已匹配"}},
                                               {RowState::kUnmatched, {"unmatched", "未匹配"}},
                                               {RowState::kAmbiguous, {"ambiguous", "同名待选"}}};
inline const char* RowStateName(RowState s) { return kRowStates.Name(s); }

struct Candidate {
  int64_t person_id = 0;
  std::string name;
  std::string org_name;
};

struct RowCheck {
  int row = 0;  // spreadsheet row number
  std::string name;
  std::string org;  // the organization cell
  int64_t points = 0;
  std::string period;  // YYYY-MM
  RowState state = RowState::kUnmatched;
  std::optional<int64_t> person_id;   // matched
  std::string person_org;             // matched person's org
  std::vector<Candidate> candidates;  // ambiguous (and unmatched namesakes elsewhere)
  std::string reason;                 // why not matched, in Chinese
};

struct CheckResult {
  std::vector<RowCheck> rows;
  int64_t matched = 0, unmatched = 0, ambiguous = 0;
};

// The user's decision on one row: a person of the upload's org subtree, or
// nullopt to skip the row.
struct Resolution {
  int row = 0;
  std::optional<int64_t> person_id;
};

struct ImportSummary {
  int64_t imported = 0;
  int64_t skipped = 0;
  std::vector<std::string> periods;
};

enum class RankBy { kPerson, kOrg };

struct RankingFilter {
  RankBy by = RankBy::kPerson;
  std::string from;  // YYYY-MM, inclusive
  std::string to;
  std::optional<int64_t> org_id;  // subtree; none: the caller's scope
};

struct RankingRow {
  int64_t rank = 0;  // 1, 2, 2, 4 ... (equal points share a rank)
  int64_t id = 0;    // person or org
  std::string name;
  std::string org_name;  // the person's org
  int64_t points = 0;
  int64_t people = 0;  // people with points (per org)
};

inline constexpr int64_t kMaxRankingRows = 1000;

// "2021-06", "2021/6", "2021.06", "2021年6月", "202106", "2021-06-15" →
// "2021-06"; nullopt for anything else or a year outside 2000..2100.
std::optional<std::string> ParsePeriod(std::string_view text);

class XuexiService {
 public:
  explicit XuexiService(storage::Database& db) : db_(db) {}

  // Whether the caller may import points for org `org_id` (CanWrite on it);
  // an org they cannot read, or none: kNotFound on "org_id". Read before
  // any byte of the upload.
  Status MayImport(const Context& ctx, int64_t org_id);
  // Reads `bytes` (an .xlsx within XuexiReadLimits and kMaxXuexiRows data
  // rows, a header row with at least one title) and keeps it for the next
  // steps. Errors of tabular::ReadXlsx (kInvalidArgument unreadable, macros;
  // kTooLarge past a bound); cell problems as one kInvalidArgument with
  // details; nothing kept on error.
  Result<XuexiUpload> Upload(const Context& ctx, int64_t org_id, std::string file_name,
                             std::string_view bytes);
  // One's own upload (another's, or unknown: kNotFound).
  Result<XuexiUpload> GetUpload(const Context& ctx, int64_t id);
  // Matches every data row under `mapping` and remembers the mapping for
  // the caller and the org. A required column not mapped, or a title not in
  // the header: kInvalidArgument on "mapping.<key>"; bad values (empty name,
  // points not a whole number 0..kMaxPoints, a month ParsePeriod refuses):
  // kInvalidArgument with every problem in details (row, column, reason).
  Result<CheckResult> Check(const Context& ctx, int64_t upload_id, const ColumnMapping& mapping);
  // Check, then applies `resolutions` (each row at most once; a row number
  // not in the file or a person outside the upload's org subtree:
  // kInvalidArgument on "resolutions") and writes every kept row's points,
  // replacing that person's points of that month, in one transaction with
  // one audit entry. An unmatched or ambiguous row without a resolution, or
  // one person twice in a month: kFailedPrecondition, nothing written. An
  // upload imported already: kFailedPrecondition.
  Result<ImportSummary> Commit(const Context& ctx, int64_t upload_id, const ColumnMapping& mapping,
                               const std::vector<Resolution>& resolutions);
  // Points per person or org over the months [from, to] (valid, from <= to:
  // kInvalidArgument otherwise), largest first, at most kMaxRankingRows.
  Result<std::vector<RankingRow>> Ranking(const Context& ctx, const RankingFilter& filter);

  // Removes the uploads never imported that are older than a day, and the
  // file bytes of imported ones older than a day (their row stays: points
  // and the audit log name it). Returns how many uploads it removed or
  // emptied. Idempotent (the nightly job "study.xuexi_sweep").
  Result<int64_t> SweepUploads(TimePoint now);

  // Writes `points` of `person_id` for `period` inside `tx` as part of
  // upload `upload_id` (the demo step and Commit).
  static Status PutPoints(storage::Tx& tx, const Context& ctx, int64_t upload_id, int64_t person_id,
                          const std::string& period, int64_t points);
  // Keeps `bytes` as an upload of `org_id` by the caller, inside `tx`.
  static Result<int64_t> InsertUpload(storage::Tx& tx, const Context& ctx, int64_t org_id,
                                      const std::string& file_name, std::string_view bytes);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::study
