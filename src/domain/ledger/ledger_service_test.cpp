// LedgerService on every engine of TestDatabaseUrls(): scope and rights
// (a branch secretary sees and writes only their branch's items, a leader
// reads, a responsible person outside the branch sees their own items), the
// workflow through the service (every allowed and refused move, the
// verifier rule), stale versions with nothing written, edits of closed
// items, progress with files, extensions decided by the supervising leader,
// 回访 feedback, the timeline, notifications and audit in the write's
// transaction, and the list's filters, sorts and the board.
#include "domain/ledger/ledger_service.hpp"

#include <gtest/gtest.h>

#include <map>

#include "domain/attachments/attachment.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
#include "testing/query_plan.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::ledger {
namespace {

using test::Describe;
using test::ExpectError;

class LedgerServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    DeclareItemAttachments(rights_);
    attachments_ = std::make_unique<attachments::AttachmentService>(db(), store_, rights_);
    ledger_ = std::make_unique<LedgerService>(db(), *attachments_);
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(root_, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                                          orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(
        first_, orgs.Create(As(system_), {root_.id, "机关第一支部", orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(
        second_, orgs.Create(As(system_), {root_.id, "机关第二支部", orgs::Kind::kBranch, 1}));
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    member_person_ = AddPerson(**tx, "甲党员", first_);
    secretary_person_ = AddPerson(**tx, "乙书记", first_);
    leader_person_ = AddPerson(**tx, "丙领导", root_);
    outsider_person_ = AddPerson(**tx, "丁党员", second_);
    struct Who {
      auth::Principal* p;
      const char* name;
      auth::Role role;
      const orgs::Org& org;
      std::optional<int64_t> person;
    };
    for (const Who& w :
         {Who{&admin_, "admin", auth::Role::kOrgAdmin, root_, std::nullopt},
          Who{&secretary_, "secretary", auth::Role::kBranchSecretary, first_, secretary_person_},
          Who{&secretary2_, "secretary2", auth::Role::kBranchSecretary, second_, std::nullopt},
          Who{&leader_, "leader", auth::Role::kLeader, root_, leader_person_},
          Who{&member_, "member", auth::Role::kMember, first_, member_person_},
          Who{&outsider_, "outsider", auth::Role::kMember, second_, outsider_person_}}) {
      ASSERT_OK_AND_ASSIGN(
          w.p->account_id,
          auth::AuthService::CreateAccount(
              **tx, {w.name, w.name, "Correct-horse-7", w.person, {{w.role, w.org.id}}}, now_));
      w.p->username = w.name;
      w.p->display_name = w.name;
      w.p->person_id = w.person;
      w.p->grants = {{w.role, w.org.id, w.org.path, w.org.name}};
    }
    ASSERT_OK((*tx)->Commit());
  }

  int64_t AddPerson(storage::Tx& tx, const std::string& name, const orgs::Org& org) {
    auto row = tx.QueryOne(
        "INSERT INTO people (name, category, org_id, org_path, created_at, updated_at) "
        "VALUES ($1, 'member', $2, $3, $4, $4) RETURNING id",
        {name, org.id, org.path, FormatTime(now_)});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : 0;
  }

  Context As(const auth::Principal& p, std::optional<TimePoint> at = std::nullopt) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = at.value_or(now_);
    return ctx;
  }

  // A rectification item of the first branch: the member responsible, the
  // bureau's leader supervising, due 2026-03-31.
  Item Basic(const std::string& title = "理论学习不够深入") {
    Item i;
    i.kind = Kind::kRectification;
    i.title = title;
    i.measures = "每月集中学习一次";
    i.org_id = first_.id;
    i.responsible_person_id = member_person_;
    i.leader_person_id = leader_person_;
    i.deadline = "2026-03-31";
    i.item_class = ItemClass::kDeadline;
    return i;
  }

  ItemView Make(Item i, const auth::Principal* by = nullptr) {
    auto r = ledger_->Create(As(by ? *by : secretary_), std::move(i));
    EXPECT_TRUE(r.ok()) << Describe(r.error());
    return r.ok() ? *r : ItemView{};
  }

  // Moves item `v` through `actions` as `who`, returning the last view.
  ItemView Walk(ItemView v,
                std::initializer_list<std::pair<Action, const auth::Principal*>> steps) {
    for (const auto& [action, who] : steps) {
      auto r = ledger_->Act(As(*who), v.item.id, v.item.version, action, "说明");
      EXPECT_TRUE(r.ok()) << kActions.Name(action) << ": " << Describe(r.error());
      if (!r.ok()) return v;
      v = *r;
    }
    return v;
  }

  int64_t Count(const std::string& sql, storage::Params params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }
  int64_t Entries(int64_t item) {
    return Count("SELECT COUNT(*) FROM ledger_entries WHERE item_id = $1", {item});
  }
  int64_t Audits(int64_t item) {
    return Count(
        "SELECT COUNT(*) FROM audit_log WHERE record_type = 'ledger_item' AND "
        "record_id = $1",
        {item});
  }
  int64_t Notes(const auth::Principal& p, const std::string& kind) {
    return Count("SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND kind = $2",
                 {p.account_id, kind});
  }

  std::vector<std::string> Titles(const auth::Principal& p, ItemFilter f = {}) {
    auto page = ledger_->List(As(p), f);
    EXPECT_TRUE(page.ok()) << Describe(page.error());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& v : page->items) out.push_back(v.item.title);
    }
    return out;
  }

  TimePoint now_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 2).time_since_epoch() +
                 std::chrono::hours(1)};
  attachments::DatabaseBlobStore store_;
  attachments::RecordRights rights_;
  std::unique_ptr<attachments::AttachmentService> attachments_;
  std::unique_ptr<LedgerService> ledger_;
  orgs::Org root_, first_, second_;
  int64_t member_person_ = 0, secretary_person_ = 0, leader_person_ = 0, outsider_person_ = 0;
  auth::Principal admin_, secretary_, secretary2_, leader_, member_, outsider_;
};

TEST_P(LedgerServiceTest, CreateStartsPendingWithTimelineAuditAndNotification) {
  Item in = Basic();
  in.status = ItemStatus::kClosed;  // ignored: a new item is pending
  ItemView v = Make(in);
  EXPECT_EQ(v.item.status, ItemStatus::kPending);
  EXPECT_EQ(v.item.original_deadline, std::optional<std::string>("2026-03-31"));
  EXPECT_EQ(v.item.org_name, "机关第一支部");
  EXPECT_EQ(v.item.responsible_name, "甲党员");
  EXPECT_EQ(v.item.leader_name, "丙领导");
  EXPECT_EQ(v.item.version, 1);
  EXPECT_TRUE(v.may.accept);
  EXPECT_FALSE(v.may.submit);
  ASSERT_OK_AND_ASSIGN(auto timeline, ledger_->Timeline(As(member_), v.item.id));
  ASSERT_EQ(timeline.size(), 1u);
  EXPECT_EQ(timeline[0].kind, EntryKind::kCreated);
  EXPECT_EQ(timeline[0].person_name, "secretary");
  EXPECT_EQ(timeline[0].to_status, ItemStatus::kPending);
  EXPECT_EQ(Audits(v.item.id), 1);
  EXPECT_EQ(Notes(member_, "ledger_assigned"), 1);
}

TEST_P(LedgerServiceTest, CreateChecksTheOrgAndTheReferences) {
  Item i = Basic();
  // Another branch is not readable to a branch secretary; a leader reads
  // but does not write; a member writes nothing.
  ExpectError(ledger_->Create(As(secretary2_), i), Code::kNotFound, "org_id");
  ExpectError(ledger_->Create(As(leader_), i), Code::kPermissionDenied, "org_id");
  ExpectError(ledger_->Create(As(member_), i), Code::kNotFound, "org_id");
  i.responsible_person_id = outsider_person_;  // not readable to the secretary
  ExpectError(ledger_->Create(As(secretary_), i), Code::kInvalidArgument, "responsible_person_id");
  i = Basic();
  i.responsible_person_id = 999999;
  ExpectError(ledger_->Create(As(secretary_), i), Code::kInvalidArgument, "responsible_person_id");
  i = Basic();
  i.leader_person_id = outsider_person_;  // neither readable nor supervising
  ExpectError(ledger_->Create(As(secretary_), i), Code::kInvalidArgument, "leader_person_id");
  i = Basic();
  i.campaign_id = 999999;
  ExpectError(ledger_->Create(As(secretary_), i), Code::kNotFound, "campaign_id");
  i = Basic();
  i.source_type = SourceType::kEvent;
  i.source_id = 999999;
  ExpectError(ledger_->Create(As(secretary_), i), Code::kInvalidArgument, "source_id");
  i = Basic();
  i.title = "";
  ExpectError(ledger_->Create(As(secretary_), i), Code::kInvalidArgument, "title");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_items"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_entries"), 0);
  // The bureau's leader, outside the branch, may be named by its secretary
  // (they supervise it by role); the admin of the bureau names anyone.
  Make(Basic());
  i = Basic();
  i.responsible_person_id = outsider_person_;
  Make(i, &admin_);
}

TEST_P(LedgerServiceTest, ScopeBranchSecretaryLeaderResponsibleOutsider) {
  ItemView mine = Make(Basic("第一支部事项"));
  Item other = Basic("第二支部事项");
  other.org_id = second_.id;
  other.responsible_person_id = outsider_person_;
  ItemView second = Make(other, &secretary2_);
  // The first branch's item with a responsible person of the second branch.
  Item across = Basic("跨支部责任人事项");
  across.responsible_person_id = outsider_person_;
  across.leader_person_id.reset();
  ItemView cross = Make(across, &admin_);

  EXPECT_EQ(Titles(secretary_), (std::vector<std::string>{"第一支部事项", "跨支部责任人事项"}));
  EXPECT_EQ(Titles(secretary2_), (std::vector<std::string>{"第二支部事项"}));
  EXPECT_EQ(Titles(admin_).size(), 3u);
  EXPECT_EQ(Titles(leader_).size(), 3u);
  EXPECT_EQ(Titles(member_), (std::vector<std::string>{"第一支部事项"}));
  EXPECT_EQ(Titles(outsider_), (std::vector<std::string>{"第二支部事项", "跨支部责任人事项"}));

  ExpectError(ledger_->Get(As(secretary2_), mine.item.id), Code::kNotFound);
  ExpectError(ledger_->Timeline(As(secretary2_), mine.item.id), Code::kNotFound);
  ExpectError(ledger_->Get(As(member_), second.item.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(ItemView seen, ledger_->Get(As(outsider_), cross.item.id));
  EXPECT_FALSE(seen.may.edit);
  EXPECT_FALSE(seen.may.accept);
  // A secretary edits only their branch's; a leader reads and cannot write.
  ItemPatch p;
  p.version = mine.item.version;
  p.title = "改名";
  ExpectError(ledger_->Update(As(secretary2_), mine.item.id, p), Code::kNotFound);
  ExpectError(ledger_->Update(As(leader_), mine.item.id, p), Code::kPermissionDenied);
  ExpectError(ledger_->Update(As(member_), mine.item.id, p), Code::kPermissionDenied);
  ExpectError(ledger_->Archive(As(leader_), mine.item.id, p.version), Code::kPermissionDenied);
  ExpectError(ledger_->Accept(As(leader_), mine.item.id, p.version, ""), Code::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_items WHERE title = '改名'"), 0);
  ASSERT_OK_AND_ASSIGN(ItemView renamed, ledger_->Update(As(secretary_), mine.item.id, p));
  EXPECT_EQ(renamed.item.title, "改名");
  EXPECT_EQ(renamed.item.version, 2);
}

TEST_P(LedgerServiceTest, RequesterIsShownOnlyToWhoMayWriteTheOrg) {
  Item c = Basic("小区路灯不亮");
  c.kind = Kind::kConcern;
  c.requester_name = "王大爷";
  c.requester_contact = "13800000000";
  ItemView v = Make(c);
  EXPECT_EQ(v.item.requester_name, "王大爷");
  ASSERT_OK_AND_ASSIGN(ItemView by_leader, ledger_->Get(As(leader_), v.item.id));
  EXPECT_EQ(by_leader.item.requester_name, "");
  EXPECT_EQ(by_leader.item.requester_contact, "");
  ASSERT_OK_AND_ASSIGN(auto page, ledger_->List(As(member_), {}));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].item.requester_contact, "");
  ASSERT_OK_AND_ASSIGN(ItemView by_admin, ledger_->Get(As(admin_), v.item.id));
  EXPECT_EQ(by_admin.item.requester_contact, "13800000000");
}

TEST_P(LedgerServiceTest, WorkflowWithTimelineAuditAndNotifications) {
  ItemView v = Make(Basic());
  // accept: writers only.
  ExpectError(ledger_->Accept(As(member_), v.item.id, v.item.version, ""), Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(v, ledger_->Accept(As(secretary_), v.item.id, v.item.version, "已受理"));
  EXPECT_EQ(v.item.status, ItemStatus::kInProgress);
  EXPECT_EQ(Notes(member_, "ledger_accepted"), 1);
  // submit: the responsible person, with the result required.
  ExpectError(ledger_->Submit(As(member_), v.item.id, v.item.version, "  "), Code::kInvalidArgument,
              "text");
  ExpectError(ledger_->Submit(As(outsider_), v.item.id, v.item.version, "完成"), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(v, ledger_->Submit(As(member_), v.item.id, v.item.version, "已完成学习"));
  EXPECT_EQ(v.item.status, ItemStatus::kToVerify);
  EXPECT_EQ(v.item.result, "已完成学习");
  EXPECT_EQ(Notes(leader_, "ledger_submitted"), 1);
  EXPECT_EQ(Notes(secretary_, "ledger_submitted"), 1);  // the creator
  // return: the leader may, with a reason.
  ExpectError(ledger_->Return(As(leader_), v.item.id, v.item.version, ""), Code::kInvalidArgument,
              "text");
  ASSERT_OK_AND_ASSIGN(v, ledger_->Return(As(leader_), v.item.id, v.item.version, "材料不全"));
  EXPECT_EQ(v.item.status, ItemStatus::kInProgress);
  EXPECT_EQ(Notes(member_, "ledger_returned"), 1);
  ASSERT_OK_AND_ASSIGN(v, ledger_->Submit(As(member_), v.item.id, v.item.version, "已补齐"));
  // close: the responsible person is neither writer nor leader: 403; a
  // writer closes with a note.
  ExpectError(ledger_->Close(As(member_), v.item.id, v.item.version, "好"),
              Code::kPermissionDenied);
  ExpectError(ledger_->Close(As(secretary_), v.item.id, v.item.version, ""), Code::kInvalidArgument,
              "text");
  ASSERT_OK_AND_ASSIGN(v, ledger_->Close(As(secretary_), v.item.id, v.item.version, "验收合格"));
  EXPECT_EQ(v.item.status, ItemStatus::kClosed);
  EXPECT_EQ(v.item.closed_at, std::optional<std::string>(FormatTime(now_)));
  EXPECT_EQ(v.item.closed_by_name, "乙书记");
  EXPECT_EQ(v.item.verification_note, "验收合格");
  EXPECT_FALSE(v.may.edit);
  EXPECT_TRUE(v.may.reopen);
  // reopen: writers, with a reason; the leader may not.
  ExpectError(ledger_->Reopen(As(leader_), v.item.id, v.item.version, "复查"),
              Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(v,
                       ledger_->Reopen(As(secretary_), v.item.id, v.item.version, "复查发现反弹"));
  EXPECT_EQ(v.item.status, ItemStatus::kInProgress);
  EXPECT_FALSE(v.item.closed_at);
  EXPECT_EQ(v.item.closed_by_name, "");

  ASSERT_OK_AND_ASSIGN(auto timeline, ledger_->Timeline(As(member_), v.item.id));
  std::vector<std::string> kinds;
  for (const auto& e : timeline) kinds.push_back(kEntryKinds.Name(e.kind));
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "accepted", "submitted", "returned",
                                             "submitted", "closed", "reopened"}));
  EXPECT_EQ(timeline[3].text, "材料不全");
  EXPECT_EQ(timeline[3].person_name, "leader");
  EXPECT_EQ(timeline[3].from_status, ItemStatus::kToVerify);
  EXPECT_EQ(timeline[3].to_status, ItemStatus::kInProgress);
  EXPECT_EQ(timeline[5].text, "验收合格");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'ledger_item' AND "
                  "action IN ('ledger_accept', 'ledger_submit', 'ledger_return', "
                  "'ledger_close', 'ledger_reopen')"),
            6);
}

TEST_P(LedgerServiceTest, TheResponsiblePersonDoesNotVerifyTheirOwnItem) {
  // The secretary is responsible: they may write the org but not close.
  Item own = Basic();
  own.responsible_person_id = secretary_person_;
  ItemView v = Walk(Make(own), {{Action::kAccept, &secretary_}, {Action::kSubmit, &secretary_}});
  EXPECT_FALSE(v.may.close);
  int64_t entries = Entries(v.item.id);
  ExpectError(ledger_->Close(As(secretary_), v.item.id, v.item.version, "自己验收"),
              Code::kFailedPrecondition, "verifier");
  EXPECT_EQ(Entries(v.item.id), entries);
  auto st = ledger_->Close(As(secretary_), v.item.id, v.item.version, "自己验收");
  EXPECT_EQ(st.error().message, "责任人不能验收自己的事项");
  // The supervising leader verifies it, without write rights on the org.
  ASSERT_OK_AND_ASSIGN(v, ledger_->Close(As(leader_), v.item.id, v.item.version, "同意销号"));
  EXPECT_EQ(v.item.status, ItemStatus::kClosed);
  EXPECT_EQ(v.item.closed_by_name, "丙领导");
}

TEST_P(LedgerServiceTest, EveryRefusedMoveIsAConflictThatWritesNothing) {
  // One item in each state.
  std::map<ItemStatus, ItemView> at;
  at[ItemStatus::kPending] = Make(Basic("待受理"));
  at[ItemStatus::kInProgress] = Walk(Make(Basic("办理中")), {{Action::kAccept, &secretary_}});
  at[ItemStatus::kToVerify] =
      Walk(Make(Basic("待验收")), {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_}});
  at[ItemStatus::kClosed] = Walk(
      Make(Basic("已销号")),
      {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_}, {Action::kClose, &secretary_}});
  for (const auto& [status, v] : at) {
    ASSERT_EQ(v.item.status, status);
    for (Action a : kActions.values()) {
      if (ActionMove(a).from == status) continue;
      int64_t entries = Entries(v.item.id), audits = Audits(v.item.id);
      auto r = ledger_->Act(As(admin_), v.item.id, v.item.version, a, "说明");
      ExpectError(r, Code::kConflict, "status");
      EXPECT_NE(r.error().message.find(kStatuses.Label(status)), std::string::npos);
      EXPECT_EQ(Entries(v.item.id), entries);
      EXPECT_EQ(Audits(v.item.id), audits);
      ASSERT_OK_AND_ASSIGN(ItemView again, ledger_->Get(As(admin_), v.item.id));
      EXPECT_EQ(again.item.version, v.item.version);
      EXPECT_EQ(again.item.status, status);
    }
  }
}

TEST_P(LedgerServiceTest, StaleVersionsAndClosedItemsChangeNothing) {
  ItemView v = Make(Basic());
  ItemPatch p;
  p.version = v.item.version;
  p.deadline = std::optional<std::string>("2026-04-30");
  ASSERT_OK_AND_ASSIGN(ItemView edited, ledger_->Update(As(secretary_), v.item.id, p));
  EXPECT_EQ(edited.item.deadline, std::optional<std::string>("2026-04-30"));
  EXPECT_EQ(edited.item.original_deadline, std::optional<std::string>("2026-03-31"));
  ASSERT_OK_AND_ASSIGN(auto timeline, ledger_->Timeline(As(secretary_), v.item.id));
  EXPECT_EQ(timeline.back().kind, EntryKind::kEdited);
  EXPECT_EQ(timeline.back().text, "修改了时限");
  // The version read before the edit is stale now.
  int64_t entries = Entries(v.item.id), audits = Audits(v.item.id);
  p.title = "旧版本上的修改";
  ExpectError(ledger_->Update(As(secretary_), v.item.id, p), Code::kConflict, "version");
  ExpectError(ledger_->Accept(As(secretary_), v.item.id, v.item.version, ""), Code::kConflict,
              "version");
  EXPECT_EQ(Entries(v.item.id), entries);
  EXPECT_EQ(Audits(v.item.id), audits);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_items WHERE title = '旧版本上的修改'"), 0);
  // A closed item is not edited.
  ItemView closed = Walk(
      edited,
      {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_}, {Action::kClose, &leader_}});
  p.version = closed.item.version;
  auto r = ledger_->Update(As(secretary_), v.item.id, p);
  ExpectError(r, Code::kConflict, "status");
  EXPECT_EQ(r.error().message, "已销号的事项不能修改");
  // Archived: no more writes.
  ASSERT_OK_AND_ASSIGN(ItemView archived,
                       ledger_->Archive(As(secretary_), v.item.id, closed.item.version));
  EXPECT_TRUE(archived.item.archived);
  ExpectError(ledger_->Reopen(As(secretary_), v.item.id, archived.item.version, "x"),
              Code::kFailedPrecondition);
  EXPECT_TRUE(Titles(secretary_).empty());
}

TEST_P(LedgerServiceTest, ProgressWithFilesByTheResponsiblePerson) {
  ItemView v = Make(Basic());
  ExpectError(ledger_->AddProgress(As(member_), v.item.id, "开始整改", {}), Code::kConflict,
              "status");
  v = Walk(v, {{Action::kAccept, &secretary_}});
  // The responsible member uploads a file to the item and reports.
  std::vector<std::unique_ptr<attachments::SpooledFile>> files;
  auto f = attachments::SpooledFile::Create("学习记录.txt", {});
  ASSERT_TRUE(f.ok());
  ASSERT_OK((*f)->Append("第一次集中学习"));
  ASSERT_OK((*f)->Finish());
  files.push_back(std::move(f).value());
  ASSERT_OK_AND_ASSIGN(auto saved,
                       attachments_->Save(As(member_), kItemRecordType, v.item.id, files));
  ASSERT_EQ(saved.size(), 1u);
  // Outsiders see nothing; a leader reads but does not report.
  ExpectError(ledger_->AddProgress(As(outsider_), v.item.id, "x", {}), Code::kNotFound);
  ExpectError(ledger_->AddProgress(As(leader_), v.item.id, "x", {}), Code::kPermissionDenied);
  ExpectError(ledger_->AddProgress(As(member_), v.item.id, " ", {}), Code::kInvalidArgument,
              "text");
  ExpectError(ledger_->AddProgress(As(member_), v.item.id, "x", {saved[0].id + 1000}),
              Code::kInvalidArgument, "attachment_ids");
  ASSERT_OK_AND_ASSIGN(
      Entry e, ledger_->AddProgress(As(member_), v.item.id, "已集中学习一次", {saved[0].id}));
  EXPECT_EQ(e.kind, EntryKind::kProgress);
  ASSERT_EQ(e.attachments.size(), 1u);
  EXPECT_EQ(e.attachments[0].file_name, "学习记录.txt");
  // One file belongs to one entry.
  ExpectError(ledger_->AddProgress(As(member_), v.item.id, "再报", {saved[0].id}),
              Code::kInvalidArgument, "attachment_ids");
  ASSERT_OK_AND_ASSIGN(ItemView after, ledger_->Get(As(member_), v.item.id));
  EXPECT_EQ(after.item.version, v.item.version + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'ledger_progress'"), 1);
  // A file of another item is not this item's.
  ItemView other = Walk(Make(Basic("另一事项")), {{Action::kAccept, &secretary_}});
  ExpectError(ledger_->AddProgress(As(member_), other.item.id, "x", {saved[0].id}),
              Code::kInvalidArgument, "attachment_ids");
}

TEST_P(LedgerServiceTest, ExtensionsAreDecidedByTheSupervisingLeader) {
  ItemView v = Walk(Make(Basic()), {{Action::kAccept, &secretary_}});
  ExpectError(ledger_->RequestExtension(As(member_), v.item.id, "需要更多时间", "2026-03-15"),
              Code::kInvalidArgument, "new_deadline");
  ExpectError(ledger_->RequestExtension(As(member_), v.item.id, "需要更多时间", "2026-02-28"),
              Code::kInvalidArgument, "new_deadline");
  ExpectError(ledger_->RequestExtension(As(member_), v.item.id, "", "2026-04-30"),
              Code::kInvalidArgument, "text");
  ExpectError(ledger_->RequestExtension(As(leader_), v.item.id, "x", "2026-04-30"),
              Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(
      Extension x, ledger_->RequestExtension(As(member_), v.item.id, "需要更多时间", "2026-04-30"));
  EXPECT_EQ(x.state, ExtensionState::kPending);
  EXPECT_EQ(x.old_deadline, std::optional<std::string>("2026-03-31"));
  EXPECT_EQ(Notes(leader_, "ledger_extension_requested"), 1);
  ExpectError(ledger_->RequestExtension(As(member_), v.item.id, "再申请", "2026-05-30"),
              Code::kConflict);
  ASSERT_OK_AND_ASSIGN(ItemView pending, ledger_->Get(As(leader_), v.item.id));
  EXPECT_TRUE(pending.may.decide_extension);
  ASSERT_TRUE(pending.pending_extension);
  // Only the supervising leader decides: writers of the org do not.
  ExpectError(ledger_->DecideExtension(As(secretary_), x.id, true, ""), Code::kPermissionDenied);
  ExpectError(ledger_->DecideExtension(As(admin_), x.id, true, ""), Code::kPermissionDenied);
  ExpectError(ledger_->DecideExtension(As(secretary2_), x.id, true, ""), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(Extension decided,
                       ledger_->DecideExtension(As(leader_), x.id, true, "同意"));
  EXPECT_EQ(decided.state, ExtensionState::kApproved);
  ExpectError(ledger_->DecideExtension(As(leader_), x.id, false, ""), Code::kConflict);
  ASSERT_OK_AND_ASSIGN(ItemView moved, ledger_->Get(As(member_), v.item.id));
  EXPECT_EQ(moved.item.deadline, std::optional<std::string>("2026-04-30"));
  EXPECT_EQ(moved.item.original_deadline, std::optional<std::string>("2026-03-31"));
  EXPECT_EQ(Notes(member_, "ledger_extension_decided"), 1);
  // A rejection keeps the deadline.
  ASSERT_OK_AND_ASSIGN(Extension again,
                       ledger_->RequestExtension(As(member_), v.item.id, "还要延期", "2026-06-30"));
  ASSERT_OK(ledger_->DecideExtension(As(leader_), again.id, false, "不同意"));
  ASSERT_OK_AND_ASSIGN(ItemView kept, ledger_->Get(As(member_), v.item.id));
  EXPECT_EQ(kept.item.deadline, std::optional<std::string>("2026-04-30"));
  ASSERT_OK_AND_ASSIGN(auto list, ledger_->Extensions(As(member_), v.item.id));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].state, ExtensionState::kRejected);
  ASSERT_OK_AND_ASSIGN(auto timeline, ledger_->Timeline(As(member_), v.item.id));
  int requested = 0, decided_entries = 0;
  for (const auto& e : timeline) {
    requested += e.kind == EntryKind::kExtensionRequested;
    decided_entries += e.kind == EntryKind::kExtensionDecided;
  }
  EXPECT_EQ(requested, 2);
  EXPECT_EQ(decided_entries, 2);
}

TEST_P(LedgerServiceTest, ClosingOrArchivingEndsThePendingExtensionRequest) {
  // 销号 while a request awaits the leader: the request ends (void), named in
  // the timeline and audited; the leader no longer sees it pending, and
  // deciding it later is a conflict that says why.
  ItemView v = Walk(Make(Basic()), {{Action::kAccept, &secretary_}});
  ASSERT_OK_AND_ASSIGN(
      Extension x, ledger_->RequestExtension(As(member_), v.item.id, "需要更多时间", "2026-04-30"));
  ASSERT_OK_AND_ASSIGN(v, ledger_->Get(As(member_), v.item.id));
  ASSERT_OK_AND_ASSIGN(v, ledger_->Submit(As(member_), v.item.id, v.item.version, "已完成"));
  ASSERT_OK_AND_ASSIGN(v, ledger_->Close(As(secretary_), v.item.id, v.item.version, "验收合格"));
  EXPECT_FALSE(v.pending_extension);
  ASSERT_OK_AND_ASSIGN(ItemView seen, ledger_->Get(As(leader_), v.item.id));
  EXPECT_FALSE(seen.pending_extension);
  EXPECT_FALSE(seen.may.decide_extension);
  ASSERT_OK_AND_ASSIGN(auto list, ledger_->Extensions(As(leader_), v.item.id));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].state, ExtensionState::kVoid);
  EXPECT_EQ(list[0].decision_note, "事项已销号，延期申请不再审批");
  EXPECT_TRUE(list[0].decided_at);
  EXPECT_FALSE(list[0].decided_by_account_id);
  auto late = ledger_->DecideExtension(As(leader_), x.id, true, "同意");
  ExpectError(late, Code::kConflict, "approve");
  EXPECT_EQ(late.error().message, "该延期申请已失效：事项已销号，延期申请不再审批");
  ASSERT_OK_AND_ASSIGN(auto timeline, ledger_->Timeline(As(member_), v.item.id));
  ASSERT_EQ(timeline.back().kind, EntryKind::kExtensionDecided);
  EXPECT_EQ(timeline.back().text, "延期至 2026-04-30 的申请已失效：事项已销号，延期申请不再审批");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'ledger_extension' AND "
                  "action = 'ledger_close'"),
            1);
  // The deadline is as it was; reopened, the item takes a new request.
  EXPECT_EQ(v.item.deadline, std::optional<std::string>("2026-03-31"));
  ASSERT_OK_AND_ASSIGN(v, ledger_->Reopen(As(secretary_), v.item.id, v.item.version, "复查"));
  ASSERT_OK(ledger_->RequestExtension(As(member_), v.item.id, "复查整改", "2026-05-30"));

  // Archiving ends it too.
  ItemView other = Walk(Make(Basic()), {{Action::kAccept, &secretary_}});
  ASSERT_OK_AND_ASSIGN(
      Extension y, ledger_->RequestExtension(As(member_), other.item.id, "需要时间", "2026-04-30"));
  ASSERT_OK_AND_ASSIGN(other, ledger_->Get(As(secretary_), other.item.id));
  ASSERT_OK(ledger_->Archive(As(secretary_), other.item.id, other.item.version));
  ASSERT_OK_AND_ASSIGN(auto archived, ledger_->Extensions(As(leader_), other.item.id));
  ASSERT_EQ(archived.size(), 1u);
  EXPECT_EQ(archived[0].state, ExtensionState::kVoid);
  EXPECT_EQ(archived[0].decision_note, "事项已归档，延期申请不再审批");
  ExpectError(ledger_->DecideExtension(As(leader_), y.id, false, ""), Code::kConflict, "approve");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_extensions WHERE state = 'pending'"), 1);
}

TEST_P(LedgerServiceTest, TheSchemaHoldsOnePendingRequestPerItem) {
  // What the service checks first, the indexes hold for concurrent writes.
  ItemView v = Walk(Make(Basic()), {{Action::kAccept, &secretary_}});
  ASSERT_OK(ledger_->RequestExtension(As(member_), v.item.id, "需要时间", "2026-04-30"));
  auto tx = db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ExpectError((*tx)->Exec("INSERT INTO ledger_extensions (item_id, reason, new_deadline, state, "
                          "requested_at) VALUES ($1, '并发', '2026-05-30', 'pending', $2)",
                          {v.item.id, FormatTime(now_)}),
              Code::kAlreadyExists);
}

TEST_P(LedgerServiceTest, ApprovedExtensionClearsTheOverdueMark) {
  ItemView v = Walk(Make(Basic()), {{Action::kAccept, &secretary_}});
  TimePoint later = now_ + std::chrono::days(40);  // 2026-04-11: past the deadline
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(
        (*tx)->Exec("UPDATE ledger_items SET overdue_since = '2026-04-01', "
                    "escalated_at = '2026-04-04T00:00:00Z' WHERE id = $1",
                    {v.item.id}));
    ASSERT_OK((*tx)->Commit());
  }
  ASSERT_OK_AND_ASSIGN(ItemView overdue, ledger_->Get(As(member_, later), v.item.id));
  EXPECT_TRUE(overdue.overdue);
  ASSERT_OK_AND_ASSIGN(Extension x, ledger_->RequestExtension(As(member_, later), v.item.id,
                                                              "疫情影响", "2026-05-31"));
  ASSERT_OK(ledger_->DecideExtension(As(leader_, later), x.id, true, ""));
  ASSERT_OK_AND_ASSIGN(ItemView cleared, ledger_->Get(As(member_, later), v.item.id));
  EXPECT_FALSE(cleared.overdue);
  EXPECT_FALSE(cleared.item.overdue_since);
  EXPECT_FALSE(cleared.item.escalated_at);
}

TEST_P(LedgerServiceTest, FeedbackOnClosedConcernsApartFromStatus) {
  ItemView task = Walk(
      Make(Basic("整改")),
      {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_}, {Action::kClose, &secretary_}});
  ExpectError(ledger_->Feedback(As(secretary_), task.item.id, task.item.version,
                                Satisfaction::kSatisfied, "", false),
              Code::kFailedPrecondition, "kind");
  Item c = Basic("楼道堆物");
  c.kind = Kind::kConcern;
  c.anonymous = true;
  ItemView concern = Make(c);
  ExpectError(ledger_->Feedback(As(secretary_), concern.item.id, concern.item.version,
                                Satisfaction::kSatisfied, "", false),
              Code::kConflict, "status");
  concern = Walk(
      concern,
      {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_}, {Action::kClose, &secretary_}});
  ExpectError(ledger_->Feedback(As(leader_), concern.item.id, concern.item.version,
                                Satisfaction::kSatisfied, "", false),
              Code::kPermissionDenied);
  ExpectError(ledger_->Feedback(As(secretary_), concern.item.id, concern.item.version,
                                Satisfaction::kBasically, "", true),
              Code::kInvalidArgument, "reopen");
  ASSERT_OK_AND_ASSIGN(ItemView fed,
                       ledger_->Feedback(As(secretary_), concern.item.id, concern.item.version,
                                         Satisfaction::kBasically, "还行", false));
  EXPECT_EQ(fed.item.status, ItemStatus::kClosed);
  EXPECT_EQ(fed.item.satisfaction, Satisfaction::kBasically);
  // Unsatisfied may reopen it: the feedback stays with it.
  ASSERT_OK_AND_ASSIGN(ItemView reopened,
                       ledger_->Feedback(As(secretary_), concern.item.id, fed.item.version,
                                         Satisfaction::kUnsatisfied, "又堆上了", true));
  EXPECT_EQ(reopened.item.status, ItemStatus::kInProgress);
  EXPECT_EQ(reopened.item.satisfaction, Satisfaction::kUnsatisfied);
  EXPECT_EQ(reopened.item.satisfaction_note, "又堆上了");
  EXPECT_FALSE(reopened.item.closed_at);
  EXPECT_EQ(Notes(member_, "ledger_reopened"), 1);
  ASSERT_OK_AND_ASSIGN(auto timeline, ledger_->Timeline(As(secretary_), concern.item.id));
  ASSERT_GE(timeline.size(), 2u);
  EXPECT_EQ(timeline[timeline.size() - 2].kind, EntryKind::kFeedback);
  EXPECT_EQ(timeline.back().kind, EntryKind::kReopened);
}

TEST_P(LedgerServiceTest, ListFiltersSortsAndTheBoard) {
  Item a = Basic("食堂整改");
  a.deadline = "2026-03-01";  // past: overdue
  ItemView overdue = Make(a);
  Item b = Basic("理论学习整改");
  b.deadline = "2026-03-05";  // within a week
  b.kind = Kind::kSelfCheck;
  b.item_class = ItemClass::kImmediate;
  Make(b);
  Item c = Basic("无时限事项");
  c.deadline.reset();
  c.leader_person_id.reset();
  c.responsible_person_id = secretary_person_;
  Make(c);
  Item d = Basic("已办结整改");
  d.deadline = "2026-02-01";
  Walk(Make(d),
       {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_}, {Action::kClose, &leader_}});

  // By default open items first (the overdue, then the nearest deadline,
  // then none), the closed last; by deadline on asking.
  EXPECT_EQ(Titles(admin_),
            (std::vector<std::string>{"食堂整改", "理论学习整改", "无时限事项", "已办结整改"}));
  ItemFilter f;
  f.sort = "deadline";
  EXPECT_EQ(Titles(admin_, f),
            (std::vector<std::string>{"已办结整改", "食堂整改", "理论学习整改", "无时限事项"}));
  f.sort = "-deadline";
  EXPECT_EQ(Titles(admin_, f),
            (std::vector<std::string>{"理论学习整改", "食堂整改", "已办结整改", "无时限事项"}));
  f = {};
  f.overdue = true;
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"食堂整改"});
  f = {};
  f.satisfaction = std::string(kNoFollowUp);  // no 回访 on any yet
  EXPECT_EQ(Titles(admin_, f).size(), 4u);
  f.satisfaction = "satisfied";
  EXPECT_TRUE(Titles(admin_, f).empty());
  f.satisfaction = "great";
  auto bad = ledger_->List(As(admin_), f);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "satisfaction");
  f = {};
  f.due_within_days = 7;
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"理论学习整改"});
  f = {};
  f.kind = Kind::kSelfCheck;
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"理论学习整改"});
  f = {};
  f.item_class = ItemClass::kImmediate;
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"理论学习整改"});
  f = {};
  f.status = ItemStatus::kClosed;
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"已办结整改"});
  f = {};
  f.q = "整改";  // two Chinese characters
  EXPECT_EQ(Titles(admin_, f).size(), 3u);
  f.q = "食堂";
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"食堂整改"});
  f = {};
  f.mine = true;
  EXPECT_EQ(Titles(secretary_, f), std::vector<std::string>{"无时限事项"});
  EXPECT_EQ(Titles(leader_, f).size(), 3u);
  f = {};
  f.leader_person_id = leader_person_;
  EXPECT_EQ(Titles(admin_, f).size(), 3u);
  f = {};
  f.responsible_person_id = secretary_person_;
  EXPECT_EQ(Titles(admin_, f), std::vector<std::string>{"无时限事项"});
  f = {};
  f.org_id = second_.id;
  EXPECT_TRUE(Titles(admin_, f).empty());
  f.org_id = 999999;
  ExpectError(ledger_->List(As(admin_), f), Code::kInvalidArgument, "org_id");
  f = {};
  f.q = std::string(kMaxSearch + 1, 'x');
  ExpectError(ledger_->List(As(admin_), f), Code::kInvalidArgument, "q");
  f = {};
  f.due_within_days = -1;
  ExpectError(ledger_->List(As(admin_), f), Code::kInvalidArgument, "due_within_days");
  f = {};
  f.sort = "title";
  ExpectError(ledger_->List(As(admin_), f), Code::kInvalidArgument, "sort");
  // Paging by cursor keeps the order and the total.
  f = {};
  f.page.limit = 3;
  ASSERT_OK_AND_ASSIGN(auto first_page, ledger_->List(As(admin_), f));
  EXPECT_EQ(first_page.total, 4);
  ASSERT_EQ(first_page.items.size(), 3u);
  f.page.cursor = first_page.next_cursor;
  ASSERT_OK_AND_ASSIGN(auto second_page, ledger_->List(As(admin_), f));
  ASSERT_EQ(second_page.items.size(), 1u);
  EXPECT_EQ(second_page.items[0].item.title, "已办结整改");  // closed: last
  // The overdue flag on the list's rows.
  ASSERT_OK_AND_ASSIGN(auto all, ledger_->List(As(admin_), {}));
  for (const auto& v : all.items) EXPECT_EQ(v.overdue, v.item.id == overdue.item.id);

  ASSERT_OK_AND_ASSIGN(Board board, ledger_->CountByStatus(As(admin_), {}));
  EXPECT_EQ(board.pending, 3);
  EXPECT_EQ(board.closed, 1);
  EXPECT_EQ(board.in_progress, 0);
  EXPECT_EQ(board.overdue, 1);
  EXPECT_EQ(board.total, 4);
  ASSERT_OK_AND_ASSIGN(Board none, ledger_->CountByStatus(As(secretary2_), {}));
  EXPECT_EQ(none.total, 0);
  BoardFilter by_kind;
  by_kind.kind = Kind::kSelfCheck;
  ASSERT_OK_AND_ASSIGN(Board self_check, ledger_->CountByStatus(As(admin_), by_kind));
  EXPECT_EQ(self_check.total, 1);
}

TEST_P(LedgerServiceTest, TheDefaultOrderPagesOpenThenClosedByCursor) {
  // Three open (one overdue), three closed, interleaved by deadline.
  const char* deadlines[] = {"2026-02-10", "2026-02-20", "2026-03-10",
                             "2026-03-20", "2026-04-10", "2026-04-20"};
  for (int n = 0; n < 6; ++n) {
    Item i = Basic("事项" + std::to_string(n));
    i.deadline = deadlines[n];
    ItemView v = Make(i);
    if (n % 2 == 1) {
      Walk(v, {{Action::kAccept, &secretary_}, {Action::kSubmit, &member_},
               {Action::kClose, &leader_}});
    }
  }
  std::vector<std::string> seen;
  ItemFilter f;
  f.page.limit = 2;
  for (int page = 0; page < 3; ++page) {
    ASSERT_OK_AND_ASSIGN(auto p, ledger_->List(As(admin_), f));
    EXPECT_EQ(p.total, 6);
    ASSERT_EQ(p.items.size(), 2u);
    for (const auto& v : p.items) seen.push_back(v.item.title);
    EXPECT_EQ(p.next_cursor.empty(), page == 2);
    f.page.cursor = p.next_cursor;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"事项0", "事项2", "事项4", "事项1", "事项3",
                                            "事项5"}));
}

TEST_P(LedgerServiceTest, MovingTheOrgMovesItsItemsScope) {
  ItemView v = Make(Basic());
  orgs::OrgService orgs(db());
  // The first branch moves under the second: the second's secretary now
  // reads its items (the trigger keeps org_path).
  ASSERT_OK_AND_ASSIGN(orgs::Org moved, orgs.Get(As(system_), first_.id));
  orgs::OrgPatch move;
  move.version = moved.version;
  move.parent_id = second_.id;
  ASSERT_OK(orgs.Update(As(system_), first_.id, move));
  ASSERT_OK_AND_ASSIGN(ItemView seen, ledger_->Get(As(secretary2_), v.item.id));
  EXPECT_EQ(seen.item.org_path.rfind(second_.path, 0), 0u);
}

TEST_P(LedgerServiceTest, TheListReadsItsIndexInOrder) {
  for (int i = 0; i < 5; ++i) Make(Basic("事项" + std::to_string(i)));
  const bool sqlite = GetParam().rfind("sqlite", 0) == 0;
  for (const auth::Principal* who : {&admin_, &secretary_, &leader_}) {
    for (const char* sort :
         {"", "open", "-open", "deadline", "-deadline", "created_at", "-created_at", "id", "-id"}) {
      for (bool filtered : {false, true}) {
        ItemFilter f;
        f.sort = sort;
        if (filtered) f.q = "事项";  // no index of its own: filters along the sort's
        auto [sql, params] = ledger_->ListSql(As(*who), f);
        ASSERT_FALSE(sql.empty());
        auto tx = db().Begin(storage::TxMode::kRead);
        ASSERT_TRUE(tx.ok());
        ASSERT_OK_AND_ASSIGN(std::string plan, test::QueryPlan(**tx, sqlite, sql, params));
        if (sqlite) {
          EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sort << "\n" << plan;
          // The id order is the table's own (its rowid), read in order.
          if (std::string_view(sort).find("id") == std::string_view::npos) {
            EXPECT_EQ(plan.find("SCAN i\n"), std::string::npos) << sort << "\n" << plan;
          }
        } else {
          EXPECT_EQ(plan.find("Sort"), std::string::npos) << sort << "\n" << plan;
          EXPECT_EQ(plan.find("Seq Scan on ledger_items"), std::string::npos) << sort << "\n"
                                                                              << plan;
        }
      }
    }
  }
  // Overdue items of a subtree, first page: by the open items' path index.
  ItemFilter overdue;
  overdue.overdue = true;
  overdue.org_id = first_.id;
  auto [sql, params] = ledger_->ListSql(As(admin_), overdue);
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(std::string plan, test::QueryPlan(**tx, sqlite, sql, params));
  if (sqlite) {
    EXPECT_EQ(plan.find("SCAN i\n"), std::string::npos) << plan;
  } else {
    EXPECT_EQ(plan.find("Seq Scan on ledger_items"), std::string::npos) << plan;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, LedgerServiceTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
