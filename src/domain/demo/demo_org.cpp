#include "domain/demo/demo_org.hpp"

#include <random>
#include <set>

#include "domain/auth/auth_service.hpp"
#include "domain/communities/community.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"

namespace duxing::domain::demo {
namespace {

using auth::Role;

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                           "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                           "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
                           "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕"};
const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                        "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
                        "刚", "桂英", "建华", "文", "华", "红", "志强", "晓东", "海燕", "丹",
                        "鑫", "斌", "宇", "浩", "凯", "欣怡", "思远", "子涵", "雨桐", "俊杰"};

class NameMaker {
 public:
  explicit NameMaker(uint32_t seed) : rng_(seed) {}
  std::string Next() {
    std::uniform_int_distribution<size_t> s(0, std::size(kSurnames) - 1);
    std::uniform_int_distribution<size_t> g(0, std::size(kGiven) - 1);
    std::string name = kSurnames[s(rng_)];
    std::string given = kGiven[g(rng_)];
    name += given;
    if (given.size() == 3 && rng_() % 3 == 0) name += kGiven[g(rng_) % 20];
    return name;
  }
  std::string Date(int from_year, int to_year) {
    std::uniform_int_distribution<int> y(from_year, to_year), m(1, 12), d(1, 28);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y(rng_), m(rng_), d(rng_));
    return buf;
  }
  std::string Phone() { return "139" + std::to_string(10000000 + rng_() % 89999999); }
  int Pick(int n) { return static_cast<int>(rng_() % n); }

 private:
  std::mt19937 rng_;
};

auth::Principal Initializer() {
  auth::Principal p;
  p.display_name = "系统初始化";
  p.grants.push_back({Role::kSystemAdmin, 0, "/", ""});
  return p;
}

}  // namespace

Result<bool> HasData(storage::Database& db) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Row r, tx->QueryOne("SELECT COUNT(*) FROM orgs", {}));
  return r.Int(0) > 0;
}

Status BuildMinimal(storage::Database& db, TimePoint now, const std::string& password) {
  auth::Principal init = Initializer();
  Context ctx{&init, "init", "", now};
  orgs::OrgService orgs(db);
  DX_ASSIGN_OR_RETURN(auto root, orgs.Create(ctx, {std::nullopt, "本单位党组织",
                                                    orgs::Kind::kPartyCommittee, 0}));
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(auth::AuthService::CreateAccount(
      *tx, {"admin", "系统管理员", password, std::nullopt, {{Role::kSystemAdmin, root.id}}},
      now));
  return tx->Commit();
}

Result<std::vector<DemoAccount>> BuildDemo(storage::Database& db, TimePoint now,
                                           const std::string& password) {
  DX_ASSIGN_OR_RETURN(bool has, HasData(db));
  if (has) return MakeError(Code::kFailedPrecondition, "数据库中已有数据");
  auth::Principal init = Initializer();
  Context ctx{&init, "init", "", now};
  orgs::OrgService orgs(db);
  using K = orgs::Kind;
  auto make = [&](std::optional<int64_t> parent, const char* name, K kind,
                  int order) { return orgs.Create(ctx, {parent, name, kind, order}); };
  DX_ASSIGN_OR_RETURN(auto bureau, make(std::nullopt, "市统计局党组", K::kPartyGroup, 0));
  DX_ASSIGN_OR_RETURN(auto committee, make(bureau.id, "市统计局机关党委", K::kPartyCommittee, 1));
  const char* branch_names[] = {"机关第一支部", "机关第二支部", "机关第三支部"};
  std::vector<orgs::Org> branches;
  for (int i = 0; i < 3; ++i) {
    DX_ASSIGN_OR_RETURN(auto b, make(committee.id, branch_names[i], K::kBranch, i + 1));
    branches.push_back(b);
  }
  DX_ASSIGN_OR_RETURN(auto retired, make(committee.id, "离退休干部支部", K::kBranch, 4));
  DX_RETURN_IF_ERROR(make(branches[0].id, "第一党小组", K::kGroup, 1));
  DX_RETURN_IF_ERROR(make(branches[0].id, "第二党小组", K::kGroup, 2));
  const char* depts[] = {"办公室", "综合统计科", "国民经济核算科", "工业交通统计科",
                         "人口和社会科技统计科", "统计执法监督科", "人事科"};
  std::vector<std::string> dept_names(std::begin(depts), std::end(depts));
  for (size_t i = 0; i < dept_names.size(); ++i) {
    DX_RETURN_IF_ERROR(make(committee.id, depts[i], K::kDepartment, 10 + int(i)));
  }

  communities::CommunityService cs(db);
  using CK = communities::Kind;
  struct C { const char* name; CK kind; const char* street; };
  const C cms[] = {{"X路社区", CK::kLinked, "桃花仑街道"},
                   {"临兴街社区", CK::kCheckIn, "大码头街道"},
                   {"善溪村", CK::kLinked, "X镇"},
                   {"四季红村", CK::kRural, "四季红镇"}};
  for (const C& c : cms) {
    DX_RETURN_IF_ERROR(cs.Create(ctx, {0, c.name, c.kind, c.street, false, 1}));
  }

  // People, through the importer: the same checks as a real import.
  NameMaker names(20210701);
  tabular::Table table;
  table.rows.push_back(people::ImportColumns());
  std::set<std::string> used;
  auto unique_name = [&] {
    for (;;) {
      std::string n = names.Next();
      if (used.insert(n).second) return n;
    }
  };
  const char* posts[] = {"科员", "副科长", "科长", "四级主任科员", "一级科员", "统计员"};
  auto add = [&](const std::string& name, const char* category, const std::string& branch,
                 const std::string& dept, const std::string& post, int from, int to,
                 bool party, const char* community) {
    std::string birth = names.Date(from, to);
    std::string joined = party ? names.Date(std::stoi(birth.substr(0, 4)) + 20,
                                            std::min(std::stoi(birth.substr(0, 4)) + 35, 2021))
                               : "";
    table.rows.push_back({name, names.Pick(2) ? "男" : "女", birth, joined, category, branch,
                          dept, post, names.Phone(), community, "正常"});
  };
  // The first person of the first branch is the secretary, the second a member.
  add("赵书记", "在职党员", branch_names[0], "办公室", "支部书记", 1970, 1975, true, "临兴街社区");
  add("钱党员", "在职党员", branch_names[0], "综合统计科", "科员", 1988, 1992, true, "X路社区");
  for (int i = 0; i < 118; ++i) {
    int r = names.Pick(20);
    const char* category = r < 15 ? "在职党员" : r < 17 ? "预备党员" : r < 18 ? "入党积极分子" : "干部职工";
    bool party = r < 17;
    add(unique_name(), category, branch_names[i % 3], dept_names[i % dept_names.size()],
        posts[names.Pick(6)], 1963, 1998, party, i % 4 == 0 ? "X路社区" : "临兴街社区");
  }
  for (int i = 0; i < 40; ++i) {
    add(unique_name(), "退休党员", "离退休干部支部", "", "退休干部", 1940, 1961, true, "");
  }
  for (int i = 0; i < 12; ++i) {
    add(unique_name(), "职工子弟", "市统计局机关党委", "", "", 2008, 2016, false, "");
  }
  people::PeopleService ps(db);
  DX_RETURN_IF_ERROR(ps.Import(ctx, table, false));

  auto person_id = [&](storage::Tx& tx, const char* name) -> Result<int64_t> {
    DX_ASSIGN_OR_RETURN(storage::Row r,
                        tx.QueryOne("SELECT id FROM people WHERE name = $1", {std::string(name)}));
    return r.Int(0);
  };
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t secretary, person_id(*tx, "赵书记"));
  DX_ASSIGN_OR_RETURN(int64_t member, person_id(*tx, "钱党员"));
  std::vector<std::pair<auth::NewAccount, std::string>> accounts = {
      {{"admin", "系统管理员", password, std::nullopt, {{Role::kSystemAdmin, bureau.id}}},
       "系统管理员"},
      {{"dangwei", "机关党委（孙干事）", password, std::nullopt,
        {{Role::kOrgAdmin, committee.id}}},
       "机关党委管理员（市统计局机关党委）"},
      {{"zhibu1", "赵书记", password, secretary, {{Role::kBranchSecretary, branches[0].id}}},
       "支部书记（机关第一支部）"},
      {{"dangyuan1", "钱党员", password, member, {{Role::kMember, branches[0].id}}},
       "党员（机关第一支部）"},
      // Without a person here: the ledger's demo step links it to the 2021
      // plan's supervising leader (demo_ledger.cpp), who decides extensions.
      {{"lingdao", "局领导（李局长）", password, std::nullopt, {{Role::kLeader, bureau.id}}},
       "局领导（只读，市统计局党组；实施方案的责任领导，审批延期申请）"},
  };
  std::vector<DemoAccount> out;
  for (const auto& [a, label] : accounts) {
    DX_RETURN_IF_ERROR(auth::AuthService::CreateAccount(*tx, a, now));
    out.push_back({a.username, label});
  }
  DX_RETURN_IF_ERROR(tx->Commit());
  (void)retired;
  return out;
}

}  // namespace duxing::domain::demo
