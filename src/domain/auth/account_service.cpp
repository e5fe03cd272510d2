#include "domain/auth/account_service.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/orgs/org.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::auth {
namespace {

constexpr std::string_view kColumns =
    "SELECT a.id, a.username, a.display_name, a.person_id, a.disabled, a.version, "
    "a.created_at FROM accounts a";
constexpr std::string_view kGrants =
    "SELECT g.role, g.org_id, o.name, o.path FROM role_grants g "
    "JOIN orgs o ON o.id = g.org_id WHERE g.account_id = $1 ORDER BY g.id";
constexpr std::string_view kUpdate =
    "UPDATE accounts SET display_name = $1, person_id = $2, disabled = $3, "
    "version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6";
constexpr std::string_view kDeleteGrants = "DELETE FROM role_grants WHERE account_id = $1";
constexpr std::string_view kInsertGrant =
    "INSERT INTO role_grants (account_id, role, org_id, created_at) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kPersonPath =
    "SELECT o.path FROM people p JOIN orgs o ON o.id = p.org_id "
    "WHERE p.id = $1 AND p.archived = 0";
// Another account linked to person $1 than account $2.
constexpr std::string_view kPersonAccount =
    "SELECT id FROM accounts WHERE person_id = $1 AND id <> $2 ORDER BY id LIMIT 1";
constexpr std::string_view kEndSessions = "DELETE FROM sessions WHERE account_id = $1";
// A password an administrator chose: the owner must replace it at sign-in.
constexpr std::string_view kSetPassword =
    "UPDATE accounts SET password_hash = $1, must_change_password = 1, updated_at = $2, "
    "version = version + 1 WHERE id = $3";

// The account list (domain/list_query.hpp): by username (unique, indexed),
// scope and filters in the WHERE; totals keep until an account or org write.
const ListSpec& AccountList() {
  static const ListSpec kList{"a.id", "FROM accounts a", "FROM accounts a",
                              {ListSort{"username", "a.username", "a.username", "a.id"}},
                              "a.id"};
  return kList;
}

struct Loaded {
  Account account;
  std::vector<std::string> grant_paths;
};

Result<Loaded> Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE a.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "账号不存在");
  const auto& r = rows[0];
  Loaded l;
  l.account = Account{r.Int(0), r.Text(1), r.Text(2), r.OptInt(3), r.Bool(4), {}, r.Int(5),
                      r.Text(6)};
  DX_ASSIGN_OR_RETURN(storage::Rows grants, tx.Query(kGrants, {id}));
  for (const auto& g : grants) {
    auto role = ParseRole(g.Text(0));
    if (!role) continue;
    l.account.grants.push_back({*role, g.Int(1), g.Text(2)});
    l.grant_paths.push_back(g.Text(3));
  }
  return l;
}

// May the caller manage an account holding grants at these paths?
bool MayManage(const Principal& p, const Loaded& l) {
  if (p.IsSystemAdmin()) return true;
  if (l.grant_paths.empty()) return false;
  for (size_t i = 0; i < l.grant_paths.size(); ++i) {
    if (l.account.grants[i].role == Role::kSystemAdmin) return false;
    if (!p.CanAdministerOrgs(l.grant_paths[i])) return false;
  }
  return true;
}

// Refuses a caller who may not manage `l` as if it did not exist (an
// account out of scope is not told apart from a missing one).
Status RequireManaged(const Context& ctx, const Loaded& l) {
  if (!MayManage(*ctx.principal, l)) return MakeError(Code::kNotFound, "账号不存在");
  return Ok();
}

// Account `id` when the caller may manage it; kNotFound otherwise.
Result<Loaded> LoadManaged(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(Loaded loaded, Load(tx, id));
  DX_RETURN_IF_ERROR(RequireManaged(ctx, loaded));
  return loaded;
}

Status MayManageAny(const Principal& p) {
  if (p.AdministeredPaths().empty()) return MakeError(Code::kPermissionDenied, "无权管理账号");
  return Ok();
}

audit::Snapshot Snap(const Account& a) {
  std::string grants;
  for (const auto& g : a.grants) {
    if (!grants.empty()) grants += ", ";
    grants += std::string(RoleName(g.role)) + "@" + std::to_string(g.org_id);
  }
  return {{"username", a.username},
          {"display_name", a.display_name},
          {"person_id", a.person_id ? std::optional(std::to_string(*a.person_id)) : std::nullopt},
          {"disabled", a.disabled ? "true" : "false"},
          {"grants", grants}};
}

// How an account is read and audited by its versioned writes (its grants
// are part of it).
const VersionedRecord<Loaded>& AccountRecord() {
  static const VersionedRecord<Loaded> kRecord{
      "account", Load, [](const Loaded& l) { return l.account.version; },
      [](const Loaded& l) { return Snap(l.account); }};
  return kRecord;
}

// Checks and writes the grants of account `id`, replacing what it had.
Status WriteGrants(storage::Tx& tx, const Context& ctx, int64_t id,
                   const std::vector<std::pair<Role, int64_t>>& grants) {
  if (grants.empty()) {
    return MakeError(Code::kInvalidArgument, "至少需要一个角色", "roles");
  }
  if (grants.size() > 20) return MakeError(Code::kInvalidArgument, "角色过多", "roles");
  DX_RETURN_IF_ERROR(tx.Exec(kDeleteGrants, {id}));
  std::string now = FormatTime(ctx.now);
  for (const auto& [role, org_id] : grants) {
    auto org = orgs::OrgService::Load(tx, org_id);
    if (!org.ok() || !ctx.principal->CanRead(org->path)) {
      return MakeError(Code::kInvalidArgument, "角色所在组织不存在", "roles");
    }
    if (org->archived) return MakeError(Code::kInvalidArgument, "角色所在组织已归档", "roles");
    if (!ctx.principal->IsSystemAdmin() &&
        (role == Role::kSystemAdmin || !ctx.principal->CanAdministerOrgs(org->path))) {
      return MakeError(Code::kPermissionDenied, "无权授予该角色", "roles");
    }
    auto st = tx.Exec(kInsertGrant, {id, RoleName(role), org_id, now});
    if (!st.ok()) {
      if (st.error().code == Code::kAlreadyExists) {
        return MakeError(Code::kInvalidArgument, "角色重复", "roles");
      }
      return std::move(st).error();
    }
  }
  return Ok();
}

// The refusal of a person who has an account already: named by its
// username when the caller may manage that account (else they learn only
// that one exists).
Error PersonTaken(std::optional<std::string> username) {
  return MakeError(Code::kAlreadyExists,
                   username ? "该人员已有登录账号：" + *username : "该人员已有登录账号",
                   "person_id");
}

// Checks the person an account `account_id` (nullopt: one being created) is
// linked to: visible to the caller, not archived, and linked to no other
// account (one person, one account: rights that follow the person, such as
// a ledger item's supervising leader, must not be taken by a second account;
// the unique index accounts_one_per_person holds it under races).
Status CheckPerson(storage::Tx& tx, const Context& ctx, std::optional<int64_t> person_id,
                   std::optional<int64_t> account_id) {
  if (!person_id) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kPersonPath, {*person_id}));
  if (rows.empty() || !ctx.principal->CanRead(rows[0].Text(0))) {
    return MakeError(Code::kInvalidArgument, "关联人员不存在", "person_id");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows linked,
                      tx.Query(kPersonAccount, {*person_id, account_id.value_or(0)}));
  if (linked.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(Loaded other, Load(tx, linked[0].Int(0)));
  if (MayManage(*ctx.principal, other)) return PersonTaken(other.account.username);
  return PersonTaken(std::nullopt);
}

// A write's failure, with a second account of one person (a concurrent link
// that the unique index refused) told as PersonTaken.
template <typename T>
Result<T> OnePerPerson(Result<T> written, std::optional<int64_t> person_id) {
  if (!written.ok() && person_id && written.error().code == Code::kAlreadyExists) {
    return PersonTaken(std::nullopt);
  }
  return written;
}

Status CheckDisplayName(const std::string& name) {
  if (name.empty() || Utf8Length(name) > 50) {
    return MakeError(Code::kInvalidArgument, "姓名须为 1 到 50 个字", "display_name");
  }
  if (HasControlCharacters(name)) {
    return MakeError(Code::kInvalidArgument, "姓名不能包含换行、制表符等控制字符",
                     "display_name");
  }
  return Ok();
}

}  // namespace

storage::Condition ManagedAccounts(std::string_view account_id_column,
                                   const std::vector<std::string>& administered) {
  storage::Condition scope = storage::InSubtrees("o.path", administered);
  std::string id(account_id_column);
  storage::Condition out;
  out.sql = "(EXISTS (SELECT 1 FROM role_grants g JOIN orgs o ON o.id = g.org_id "
            "WHERE g.account_id = " + id + " AND (" + scope.sql + ")) AND "
            "NOT EXISTS (SELECT 1 FROM role_grants g JOIN orgs o ON o.id = g.org_id "
            "WHERE g.account_id = " + id + " AND (g.role = 'system_admin' OR NOT (" +
            scope.sql + "))))";
  out.values = scope.values;
  out.values.insert(out.values.end(), scope.values.begin(), scope.values.end());
  return out;
}

Result<Page<Account>> AccountService::List(const Context& ctx, const AccountFilter& filter,
                                           PageRequest page) {
  const Principal& p = *ctx.principal;
  storage::Where w;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  if (!p.IsSystemAdmin()) {
    auto paths = p.AdministeredPaths();
    if (paths.empty()) return MakeError(Code::kPermissionDenied, "无权管理账号");
    w.And(ManagedAccounts("a.id", paths));
  }
  if (filter.q && !filter.q->empty()) {
    w.And("(a.username LIKE ? ESCAPE '\\' OR a.display_name LIKE ? ESCAPE '\\')",
          {storage::ContainsPattern(*filter.q), storage::ContainsPattern(*filter.q)});
  }
  if (filter.role || filter.org_id) {
    std::string grant = "EXISTS (SELECT 1 FROM role_grants g JOIN orgs o ON o.id = g.org_id "
                        "WHERE g.account_id = a.id";
    storage::Params params;
    if (filter.role) {
      grant += " AND g.role = ?";
      params.push_back(std::string(RoleName(*filter.role)));
    }
    if (filter.org_id) {
      auto org = orgs::OrgService::Load(*tx, *filter.org_id);
      if (!org.ok() || !p.CanRead(org->path)) {
        return MakeError(Code::kNotFound, "组织不存在", "org_id");
      }
      grant += " AND o.path LIKE ?";
      params.push_back(org->path + "%");
    }
    w.And(grant + ")", std::move(params));
  }
  if (filter.disabled) w.And("a.disabled = ?", {int64_t{*filter.disabled}});
  DX_ASSIGN_OR_RETURN(ListRows rows, list_.Page(*tx, AccountList(), w, "", page));
  Page<Account> out;
  out.total = rows.total;
  out.next_cursor = std::move(rows.next_cursor);
  for (const auto& r : rows.rows) {
    DX_ASSIGN_OR_RETURN(Loaded l, Load(*tx, r.Int(0)));
    out.items.push_back(std::move(l.account));
  }
  return out;
}

Result<Account> AccountService::Get(const Context& ctx, int64_t id) {
  DX_RETURN_IF_ERROR(MayManageAny(*ctx.principal));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Loaded loaded, LoadManaged(*tx, ctx, id));
  return std::move(loaded.account);
}

Result<Account> AccountService::Create(const Context& ctx, const AccountInput& in) {
  if (in.username.size() < 3 || in.username.size() > 32 ||
      !std::all_of(in.username.begin(), in.username.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '.' || c == '-';
      })) {
    return MakeError(Code::kInvalidArgument, "用户名须为 3 到 32 位字母、数字、_ . -",
                     "username");
  }
  DX_RETURN_IF_ERROR(CheckDisplayName(in.display_name));
  DX_RETURN_IF_ERROR(
      CheckNewPassword(in.password, {in.username, in.display_name}, "password"));
  if (!ctx.principal->IsSystemAdmin() &&
      std::none_of(ctx.principal->grants.begin(), ctx.principal->grants.end(),
                   [](const Grant& g) { return g.role == Role::kOrgAdmin; })) {
    return MakeError(Code::kPermissionDenied, "无权管理账号");
  }
  std::string hash = HashPassword(in.password);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(CheckPerson(*tx, ctx, in.person_id, std::nullopt));
  DX_ASSIGN_OR_RETURN(storage::Rows taken,
                      tx->Query("SELECT 1 FROM accounts WHERE username = $1", {in.username}));
  if (!taken.empty()) return MakeError(Code::kAlreadyExists, "用户名已被使用", "username");
  std::string now = FormatTime(ctx.now);
  DX_ASSIGN_OR_RETURN(
      storage::Row r,
      OnePerPerson(
          tx->QueryOne("INSERT INTO accounts (username, display_name, password_hash, person_id, "
                       "must_change_password, created_at, updated_at) "
                       "VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
                       {in.username, in.display_name, hash, storage::Opt(in.person_id), now}),
          in.person_id));
  int64_t id = r.Int(0);
  DX_RETURN_IF_ERROR(WriteGrants(*tx, ctx, id, in.grants));
  DX_ASSIGN_OR_RETURN(Loaded created, FinishCreate(*tx, ctx, AccountRecord(), id));
  return std::move(created.account);
}

Result<Account> AccountService::Update(const Context& ctx, int64_t id,
                                       const AccountPatch& patch) {
  std::optional<int64_t> revoked;
  bool ends_sessions = false;
  VersionedWrite<Loaded> w;
  w.action = "update";
  w.id = id;
  w.version = patch.version;
  w.authorize = [&](storage::Tx&, const Loaded& before) { return RequireManaged(ctx, before); };
  w.change = [&](storage::Tx& tx, const Loaded& before, Loaded& after_loaded) -> Status {
    if (id == ctx.principal->account_id && (patch.disabled.value_or(false) || patch.grants)) {
      return MakeError(Code::kFailedPrecondition, "不能停用自己的账号或修改自己的角色");
    }
    Account& after = after_loaded.account;
    if (patch.display_name) after.display_name = *patch.display_name;
    if (patch.person_id) after.person_id = *patch.person_id;
    if (patch.disabled) after.disabled = *patch.disabled;
    DX_RETURN_IF_ERROR(CheckDisplayName(after.display_name));
    if (patch.person_id) DX_RETURN_IF_ERROR(CheckPerson(tx, ctx, after.person_id, id));
    ends_sessions = patch.grants || after.disabled;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const Loaded& before_loaded,
                const Loaded& after_loaded) -> Result<int64_t> {
    const Account& after = after_loaded.account;
    DX_ASSIGN_OR_RETURN(
        int64_t n, OnePerPerson(tx.Exec(kUpdate, {after.display_name, storage::Opt(after.person_id),
                                                  int64_t{after.disabled}, FormatTime(ctx.now), id,
                                                  patch.version}),
                                after.person_id));
    if (n == 0) return n;
    if (patch.grants) DX_RETURN_IF_ERROR(WriteGrants(tx, ctx, id, *patch.grants));
    if (ends_sessions) DX_RETURN_IF_ERROR(tx.Exec(kEndSessions, {id}));
    // Disabling revokes the API tokens for good: re-enabling must not bring
    // them back to life (the holder makes new ones). Any write to a disabled
    // account does it too (tokens left by older versions); the audit entry
    // says how many when it disables or finds some.
    if (after.disabled) {
      DX_ASSIGN_OR_RETURN(int64_t gone, RevokeTokens(tx, id, std::nullopt, ctx.now));
      if (!before_loaded.account.disabled || gone > 0) revoked = gone;
    }
    return n;
  };
  w.amend_audit = [&](audit::Change& entry) {
    if (revoked) entry.after->emplace_back("tokens_revoked", std::to_string(*revoked));
    entry.changed = {entry.record_type};
    if (ends_sessions) entry.changed->push_back("session");
    if (revoked) entry.changed->push_back("api_token");
  };
  DX_ASSIGN_OR_RETURN(Loaded updated, WriteVersioned(db_, ctx, AccountRecord(), w));
  return std::move(updated.account);
}

Status AccountService::ResetPassword(const Context& ctx, int64_t id,
                                     const std::string& password) {
  DX_RETURN_IF_ERROR(MayManageAny(*ctx.principal));
  if (id == ctx.principal->account_id) {
    return MakeError(Code::kFailedPrecondition,
                     "不能在此重设自己的密码，请在“修改密码”中输入原密码后修改");
  }
  {
    // Checked against the account's names before the (slow) hash, outside
    // the write transaction.
    DX_ASSIGN_OR_RETURN(auto rtx, db_.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(Loaded target, LoadManaged(*rtx, ctx, id));
    DX_RETURN_IF_ERROR(CheckNewPassword(
        password, {target.account.username, target.account.display_name}, "password"));
  }
  std::string hash = HashPassword(password);
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Loaded loaded, LoadManaged(*tx, ctx, id));
  DX_RETURN_IF_ERROR(tx->Exec(kSetPassword, {hash, FormatTime(ctx.now), id}));
  DX_RETURN_IF_ERROR(tx->Exec(kEndSessions, {id}));
  DX_ASSIGN_OR_RETURN(int64_t revoked, RevokeTokens(*tx, id, std::nullopt, ctx.now));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"password_reset", "account", id, std::nullopt, std::nullopt,
       audit::Snapshot{{"tokens_revoked", std::to_string(revoked)}}, "",
       std::vector<std::string>{"account", "session", "api_token"}}));
  DX_RETURN_IF_ERROR(notifications::Notify(
      *tx, ctx.now,
      {id, "password_reset", "您的密码已被管理员重设",
       "管理员 " + ctx.principal->display_name +
           " 重设了您的登录密码，原有的登录会话和 API 令牌已失效。如非本人申请，请联系管理员。",
       {"account", id, "/account"}}));
  return tx->Commit();
}

Result<std::vector<ApiToken>> AccountService::ListTokens(const Context& ctx, int64_t id) {
  DX_RETURN_IF_ERROR(MayManageAny(*ctx.principal));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Loaded loaded, LoadManaged(*tx, ctx, id));
  return LiveTokens(*tx, id);
}

Status AccountService::RevokeToken(const Context& ctx, int64_t id, int64_t token_id) {
  DX_RETURN_IF_ERROR(MayManageAny(*ctx.principal));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Loaded loaded, LoadManaged(*tx, ctx, id));
  DX_ASSIGN_OR_RETURN(int64_t n, RevokeTokens(*tx, id, token_id, ctx.now));
  if (n == 0) return MakeError(Code::kNotFound, "令牌不存在");
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"token_revoke", "api_token", token_id, std::nullopt, std::nullopt,
       audit::Snapshot{{"account_id", std::to_string(id)},
                       {"username", loaded.account.username}},
       ""}));
  return tx->Commit();
}

}  // namespace duxing::domain::auth
