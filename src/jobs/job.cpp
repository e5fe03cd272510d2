#include "jobs/job.hpp"

#include "common/text.hpp"

namespace duxing::jobs {
namespace {

using storage::Backend;
using storage::Params;
using storage::Row;
using storage::TxMode;

#define DX_JOB_COLUMNS                                                                   \
  "id, kind, job_key, payload, state, run_at, attempts, max_attempts, lease_owner, " \
  "lease_until, last_error, created_at, finished_at"

constexpr const char* kInsert =
    "INSERT INTO jobs (kind, job_key, payload, state, run_at, attempts, max_attempts, "
    "created_at) VALUES ($1, $2, $3, 'queued', $4, 0, $5, $6) "
    "ON CONFLICT (job_key) DO NOTHING RETURNING " DX_JOB_COLUMNS;
constexpr const char* kSelectById = "SELECT " DX_JOB_COLUMNS " FROM jobs WHERE id = $1";
constexpr const char* kSelectByKey = "SELECT " DX_JOB_COLUMNS " FROM jobs WHERE job_key = $1";
constexpr const char* kListAll =
    "SELECT " DX_JOB_COLUMNS " FROM jobs ORDER BY id DESC LIMIT $1 OFFSET $2";
constexpr const char* kCountAll = "SELECT COUNT(*) FROM jobs";
constexpr const char* kListInState =
    "SELECT " DX_JOB_COLUMNS " FROM jobs WHERE state = $3 ORDER BY id DESC LIMIT $1 OFFSET $2";
constexpr const char* kCountInState = "SELECT COUNT(*) FROM jobs WHERE state = $1";
constexpr const char* kRetry =
    "UPDATE jobs SET state = 'queued', run_at = $2, attempts = 0, lease_owner = NULL, "
    "lease_until = NULL, finished_at = NULL WHERE id = $1 AND state IN ('failed', 'dead') "
    "RETURNING " DX_JOB_COLUMNS;

// Due: queued or failed with run_at come ($3), or running with its lease past.
#define DX_JOB_CLAIM_HEAD                                                                \
  "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1, "      \
  "lease_until = $2 WHERE id = (SELECT id FROM jobs WHERE (state IN ('queued', "        \
  "'failed') AND run_at <= $3) OR (state = 'running' AND lease_until <= $3) ORDER BY " \
  "run_at, id LIMIT 1"
constexpr const char* kClaimSqlite = DX_JOB_CLAIM_HEAD ") RETURNING " DX_JOB_COLUMNS;
constexpr const char* kClaimPostgres =
    DX_JOB_CLAIM_HEAD " FOR UPDATE SKIP LOCKED) RETURNING " DX_JOB_COLUMNS;

// The run that holds the job: still running, leased to it, same attempt.
#define DX_JOB_HELD_BY_RUN " WHERE id = $1 AND state = 'running' AND lease_owner = $2 AND attempts = $3"
constexpr const char* kRenewLease = "UPDATE jobs SET lease_until = $4" DX_JOB_HELD_BY_RUN;
constexpr const char* kMarkDone =
    "UPDATE jobs SET state = 'done', finished_at = $4, lease_owner = NULL, "
    "lease_until = NULL, last_error = NULL" DX_JOB_HELD_BY_RUN;
constexpr const char* kMarkFailed =
    "UPDATE jobs SET state = 'failed', run_at = $4, last_error = $5, lease_owner = NULL, "
    "lease_until = NULL" DX_JOB_HELD_BY_RUN;
constexpr const char* kMarkDead =
    "UPDATE jobs SET state = 'dead', finished_at = $4, last_error = $5, lease_owner = NULL, "
    "lease_until = NULL" DX_JOB_HELD_BY_RUN;

std::optional<TimePoint> OptTime(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return ParseTime(r.Text(i));
}

Job ReadJob(const Row& r) {
  Job j;
  j.id = r.Int(0);
  j.kind = r.Text(1);
  j.key = r.Text(2);
  j.payload = r.Text(3);
  j.state = ParseState(r.Text(4)).value_or(State::kFailed);
  j.run_at = ParseTime(r.Text(5)).value_or(TimePoint{});
  j.attempts = static_cast<int>(r.Int(6));
  j.max_attempts = static_cast<int>(r.Int(7));
  j.lease_owner = r.OptText(8);
  j.lease_until = OptTime(r, 9);
  j.last_error = r.OptText(10);
  j.created_at = ParseTime(r.Text(11)).value_or(TimePoint{});
  j.finished_at = OptTime(r, 12);
  return j;
}

Status CheckText(std::string_view value, size_t min_bytes, size_t max_bytes,
                 const char* field, const char* label) {
  if (value.size() < min_bytes || value.size() > max_bytes || !IsValidUtf8(value)) {
    return MakeError(Code::kInvalidArgument,
                     std::string(label) + "应为不超过 " + std::to_string(max_bytes) +
                         " 字节的有效文本" + (min_bytes > 0 ? "，且不能为空" : ""),
                     field);
  }
  return Ok();
}

// The longest prefix of `s` of at most kMaxErrorBytes that ends on a
// character boundary, as valid UTF-8.
std::string ErrorText(std::string_view s) {
  if (s.size() > kMaxErrorBytes) {
    size_t end = kMaxErrorBytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s = s.substr(0, end);
  }
  return ToValidUtf8(s);
}

// Runs `sql` (an UPDATE of the run's own job) in a write transaction of its own.
Result<int64_t> UpdateHeldJob(storage::Database& db, const char* sql, const Job& claimed,
                              Params extra) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
  Params params = {claimed.id, claimed.lease_owner.value_or(""),
                   int64_t{claimed.attempts}};
  for (auto& p : extra) params.push_back(std::move(p));
  DX_ASSIGN_OR_RETURN(int64_t changed, tx->Exec(sql, params));
  DX_RETURN_IF_ERROR(tx->Commit());
  return changed;
}

}  // namespace

Result<Job> Enqueue(storage::Tx& tx, const NewJob& job, TimePoint now) {
  DX_RETURN_IF_ERROR(CheckText(job.kind, 1, kMaxKindBytes, "kind", "任务类型"));
  DX_RETURN_IF_ERROR(CheckText(job.key, 1, kMaxKeyBytes, "key", "任务幂等键"));
  DX_RETURN_IF_ERROR(CheckText(job.payload, 0, kMaxPayloadBytes, "payload", "任务内容"));
  if (job.max_attempts < 1 || job.max_attempts > 100) {
    return MakeError(Code::kInvalidArgument, "最大尝试次数应在 1 到 100 之间", "max_attempts");
  }
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(kInsert, {job.kind, job.key, job.payload, FormatTime(job.run_at.value_or(now)),
                         int64_t{job.max_attempts}, FormatTime(now)}));
  if (!rows.empty()) return ReadJob(rows.front());
  return GetByKey(tx, job.key);
}

Result<Job> Get(storage::Tx& tx, int64_t id) {
  auto row = tx.QueryOne(kSelectById, {id});
  if (!row.ok() && row.error().code == Code::kNotFound) {
    return MakeError(Code::kNotFound, "任务不存在");
  }
  DX_ASSIGN_OR_RETURN(Row r, std::move(row));
  return ReadJob(r);
}

Result<Job> GetByKey(storage::Tx& tx, std::string_view key) {
  auto row = tx.QueryOne(kSelectByKey, {std::string(key)});
  if (!row.ok() && row.error().code == Code::kNotFound) {
    return MakeError(Code::kNotFound, "任务不存在");
  }
  DX_ASSIGN_OR_RETURN(Row r, std::move(row));
  return ReadJob(r);
}

Result<Page<Job>> List(storage::Tx& tx, std::optional<State> state, const PageRequest& page) {
  Page<Job> out;
  Params params = {page.limit, page.offset};
  if (state) params.push_back(std::string(StateName(*state)));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(state ? kListInState : kListAll, params));
  for (const auto& r : rows) out.items.push_back(ReadJob(r));
  Params count_params;
  if (state) count_params.push_back(std::string(StateName(*state)));
  DX_ASSIGN_OR_RETURN(Row count, tx.QueryOne(state ? kCountInState : kCountAll, count_params));
  out.total = count.Int(0);
  return out;
}

Result<Job> Retry(storage::Tx& tx, int64_t id, TimePoint now) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kRetry, {id, FormatTime(now)}));
  if (!rows.empty()) return ReadJob(rows.front());
  DX_ASSIGN_OR_RETURN(Job job, Get(tx, id));
  return MakeError(Code::kFailedPrecondition,
                   "只能重试失败或已终止的任务，该任务当前" + kStates.Label(job.state), "state");
}

Result<std::optional<Job>> ClaimNext(storage::Database& db, std::string_view owner,
                                     TimePoint now, std::chrono::seconds lease) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
  const char* sql = db.backend() == Backend::kPostgres ? kClaimPostgres : kClaimSqlite;
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(sql, {std::string(owner), FormatTime(now + lease),
                                      FormatTime(now)}));
  DX_RETURN_IF_ERROR(tx->Commit());
  if (rows.empty()) return std::optional<Job>();
  return std::optional<Job>(ReadJob(rows.front()));
}

Result<bool> RenewLease(storage::Database& db, const Job& claimed, TimePoint until) {
  DX_ASSIGN_OR_RETURN(int64_t changed,
                      UpdateHeldJob(db, kRenewLease, claimed, {FormatTime(until)}));
  return changed == 1;
}

Result<bool> MarkDone(storage::Database& db, const Job& claimed, TimePoint now) {
  DX_ASSIGN_OR_RETURN(int64_t changed,
                      UpdateHeldJob(db, kMarkDone, claimed, {FormatTime(now)}));
  return changed == 1;
}

Result<std::optional<State>> MarkFailed(storage::Database& db, const Job& claimed,
                                        std::string_view error, TimePoint now,
                                        std::chrono::seconds backoff) {
  bool dead = claimed.attempts >= claimed.max_attempts;
  DX_ASSIGN_OR_RETURN(
      int64_t changed,
      UpdateHeldJob(db, dead ? kMarkDead : kMarkFailed, claimed,
                    {FormatTime(dead ? now : now + backoff), ErrorText(error)}));
  if (changed != 1) return std::optional<State>();
  return std::optional<State>(dead ? State::kDead : State::kFailed);
}

}  // namespace duxing::jobs
