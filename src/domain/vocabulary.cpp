#include "domain/vocabulary.hpp"

namespace duxing::domain {

const Vocabulary kOrgKinds = {
    {"party_group", "党组"},     {"party_committee", "党委"}, {"general_branch", "党总支"},
    {"branch", "党支部"},        {"group", "党小组"},         {"department", "科室"}};

const Vocabulary kPersonCategories = {
    {"member", "在职党员"},        {"probationary", "预备党员"},
    {"retired_member", "退休党员"}, {"activist", "入党积极分子"},
    {"staff", "干部职工"},          {"family", "职工子弟/家属", {"职工子弟", "职工家属"}},
    {"resident", "群众"}};

const Vocabulary kPersonStatuses = {
    {"active", "正常"}, {"transferred_out", "已转出"}, {"deceased", "已故"}};

const Vocabulary kGenders = {{"male", "男"}, {"female", "女"}};

const Vocabulary kCommunityKinds = {
    {"linked", "联点社区"}, {"check_in", "报到社区"}, {"rural", "乡村振兴联系村"}};

const Vocabulary kRoles = {{"system_admin", "系统管理员"},
                           {"org_admin", "组织管理员"},
                           {"branch_secretary", "支部书记"},
                           {"leader", "领导(只读)"},
                           {"member", "党员"}};

const Vocabulary kAuditActions = {
    {"create", "新增"},          {"update", "修改"},           {"archive", "归档"},
    {"move", "移动"},            {"import", "导入"},           {"login", "登录"},
    {"login_failed", "登录失败"}, {"logout", "退出登录"},      {"password_change", "修改密码"},
    {"password_change_failed", "修改密码失败"},
    {"password_reset", "重置密码"}, {"token_create", "创建令牌"}, {"token_revoke", "撤销令牌"},
    {"session_end", "结束会话"}, {"duplicate_hit", "查重命中范围外人员"},
    {"duplicate_refused", "查重命中次数超限被拒"}};

const Vocabulary kRecordTypes = {{"person", "人员"},       {"org", "组织"},
                                 {"community", "社区/村"}, {"account", "账号"},
                                 {"session", "会话"},      {"api_token", "API 令牌"}};

const Vocabulary kAuditFields = {
    {"name", "名称/姓名"},     {"gender", "性别"},           {"birth_date", "出生日期"},
    {"party_join_date", "入党日期"}, {"category", "人员类别"}, {"org_id", "所在组织"},
    {"department_id", "科室"}, {"post", "职务"},             {"phone", "联系电话"},
    {"community_id", "居住社区"}, {"status", "状态"},         {"archived", "已归档"},
    {"kind", "类型"},          {"parent_id", "上级组织"},     {"sort_order", "排序"},
    {"path", "路径"},          {"street", "街道/乡镇"},       {"username", "用户名"},
    {"display_name", "姓名"},  {"person_id", "关联人员"},     {"disabled", "已停用"},
    {"grants", "角色"},        {"tokens_revoked", "撤销令牌数"}, {"account_id", "账号"},
    {"sessions_ended", "结束会话数"}, {"via", "途径"}, {"existing_person_id", "已有人员编号"}};

const std::vector<NamedVocabulary>& AllVocabularies() {
  static const std::vector<NamedVocabulary> all = {
      {"org_kind", &kOrgKinds},           {"person_category", &kPersonCategories},
      {"person_status", &kPersonStatuses}, {"gender", &kGenders},
      {"community_kind", &kCommunityKinds}, {"role", &kRoles},
      {"audit_action", &kAuditActions},   {"record_type", &kRecordTypes},
      {"audit_field", &kAuditFields}};
  return all;
}

std::string LabelOf(const Vocabulary& v, std::string_view code) {
  for (const auto& t : v) {
    if (code == t.code) return t.label;
  }
  return "";
}

std::string LabelOrCode(const Vocabulary& v, std::string_view code) {
  std::string label = LabelOf(v, code);
  return label.empty() ? std::string(code) : label;
}

std::optional<std::string> CodeOf(const Vocabulary& v, std::string_view s) {
  for (const auto& t : v) {
    if (s == t.code || s == t.label) return std::string(t.code);
    for (auto alias : t.aliases) {
      if (s == alias) return std::string(t.code);
    }
  }
  return std::nullopt;
}

}  // namespace duxing::domain
