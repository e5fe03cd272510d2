#include "domain/auth/auth_service.hpp"

namespace duxing::domain::auth {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "auth",
      .vocabularies = {{"role", &kRoles.terms()}},
      .record_types = {{"session", "会话", {{"sessions_ended", "结束会话数"}}},
                       {"api_token",
                        "API 令牌",
                        {{"name", "令牌名称"},
                         {"account_id", "账号"},
                         {"tokens_revoked", "撤销令牌数"}},
                        {},
                        {"api_tokens", "name"}}},
      .audit_actions = {{"login", "登录"},
                        {"login_failed", "登录失败"},
                        {"logout", "退出登录"},
                        {"password_change", "修改密码"},
                        {"password_change_failed", "修改密码失败"},
                        {"token_create", "创建令牌"},
                        {"token_revoke", "撤销令牌"},
                        {"session_end", "结束会话"}}};
  return info;
}

const ModuleInfo& AccountsInfo() {
  static const ModuleInfo info{
      .name = "accounts",
      .record_types = {{"account",
                        "账号",
                        {{"username", "用户名"},
                         {"display_name", "姓名"},
                         {"person_id", "关联人员"},
                         {"disabled", "已停用"},
                         {"grants", "角色"},
                         {"tokens_revoked", "撤销令牌数"},
                         {"sessions_ended", "结束会话数"}},
                        {{"disabled", &kYesNo}},
                        {"accounts", "display_name"}}},
      .audit_actions = {{"password_reset", "重置密码"}}};
  return info;
}

}  // namespace duxing::domain::auth
