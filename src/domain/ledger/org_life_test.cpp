// 专题组织生活会 on every engine: the meeting's records on its event (scope:
// the branch's writers write, its members read and write only their own
// speech and commitment, another branch sees nothing), the page's checks
// (every member spoke, every problem has an item), problems becoming
// rectification items, and the superior organization's review.
#include "domain/ledger/org_life.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/attachments/blob_store.hpp"

#include "domain/ledger/life_test_support.hpp"

namespace duxing::domain::ledger {
namespace {

using test::ExpectError;

TEST(OrgLifeReview, TheInspectorWritesTheParentOrg) {
  auth::Principal root_admin, branch_secretary;
  root_admin.grants = {{auth::Role::kOrgAdmin, 1, "/1/", "机关党委"}};
  branch_secretary.grants = {{auth::Role::kBranchSecretary, 4, "/1/4/", "第一支部"}};
  EXPECT_TRUE(OrgLifeService::MayReview(root_admin, "/1/4/"));
  EXPECT_FALSE(OrgLifeService::MayReview(branch_secretary, "/1/4/"));
  // The root's own meeting has no superior organization in the system.
  EXPECT_FALSE(OrgLifeService::MayReview(root_admin, "/1/"));
}

class OrgLifeTest : public LifeTest {
 protected:
  void SetUp() override {
    LifeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    files_ = std::make_unique<attachments::AttachmentService>(db(), store_, rights_);
    DeclareLifeMeetingAttachments(rights_);
    meetings_ = std::make_unique<OrgLifeService>(db(), *files_);
    event_ = MakeEvent("life_meeting", first_, "第一支部专题组织生活会");
  }

  int64_t Jia() const { return first_people_[0]; }
  int64_t Yi() const { return first_people_[1]; }
  int64_t Bing() const { return first_people_[2]; }

  attachments::DatabaseBlobStore store_;
  attachments::RecordRights rights_;
  std::unique_ptr<attachments::AttachmentService> files_;
  std::unique_ptr<OrgLifeService> meetings_;
  int64_t event_ = 0;
};

TEST_P(OrgLifeTest, BranchWritersKeepTheMeetingMembersReadTheirOwnBranchOnly) {
  ASSERT_OK_AND_ASSIGN(LifeMeeting m, meetings_->Get(As(member_), event_));
  EXPECT_EQ(m.members.size(), 3u);
  EXPECT_EQ(m.members_not_spoken, 3);
  EXPECT_FALSE(m.may_write);
  ExpectError(meetings_->Get(As(other_member_), event_), Code::kNotFound);
  ExpectError(meetings_->Get(As(second_secretary_), event_), Code::kNotFound);

  PreparationPatch p{1, 6, 12, "谈心谈话全覆盖"};
  ExpectError(meetings_->UpdatePreparation(As(member_), event_, p), Code::kPermissionDenied);
  ExpectError(meetings_->UpdatePreparation(As(leader_), event_, p), Code::kPermissionDenied);
  PreparationPatch bad{1, -1, std::nullopt, std::nullopt};
  ExpectError(meetings_->UpdatePreparation(As(secretary_), event_, bad), Code::kInvalidArgument,
              "talks_done");
  ASSERT_OK_AND_ASSIGN(m, meetings_->UpdatePreparation(As(secretary_), event_, p));
  EXPECT_EQ(m.talks_done, 6);
  EXPECT_EQ(m.opinions_collected, 12);
  EXPECT_EQ(m.version, 2);
  ExpectError(meetings_->UpdatePreparation(As(secretary_), event_, p), Code::kConflict, "version");

  // A life_meeting's records are not kept on another type's event.
  int64_t visit = MakeEvent("enterprise_visit", first_, "走访企业");
  ExpectError(meetings_->Get(As(secretary_), visit), Code::kNotFound);
}

TEST_P(OrgLifeTest, MembersWriteTheirOwnSpeechAndCommitmentOnly) {
  MemberPatch own{1, "对照检视发言提纲", std::nullopt, "一项一项改进提高", std::nullopt};
  ASSERT_OK_AND_ASSIGN(LifeMeeting m, meetings_->UpdateMember(As(member_), event_, Jia(), own));
  EXPECT_EQ(m.members_not_spoken, 2);
  ExpectError(meetings_->UpdateMember(As(member_), event_, Yi(), own), Code::kPermissionDenied);
  MemberPatch flag{2, std::nullopt, std::nullopt, std::nullopt, true};
  ExpectError(meetings_->UpdateMember(As(member_), event_, Jia(), flag), Code::kPermissionDenied,
              "as_ordinary_member");
  ASSERT_OK_AND_ASSIGN(m, meetings_->UpdateMember(As(secretary_), event_, Jia(), flag));
  auto jia = std::find_if(m.members.begin(), m.members.end(),
                          [&](const LifeMeetingMember& x) { return x.person_id == Jia(); });
  ASSERT_NE(jia, m.members.end());
  EXPECT_TRUE(jia->as_ordinary_member);
  EXPECT_TRUE(jia->spoke);
  EXPECT_EQ(jia->commitment, "一项一项改进提高");
  EXPECT_EQ(jia->version, 3);
  // Stale, and not an invitee.
  ExpectError(meetings_->UpdateMember(As(secretary_), event_, Jia(), flag), Code::kConflict,
              "version");
  ExpectError(meetings_->UpdateMember(As(secretary_), event_, second_person_, own),
              Code::kNotFound, "person_id");
  for (int64_t person : {Yi(), Bing()}) {
    ASSERT_OK(meetings_->UpdateMember(As(secretary_), event_, person,
                                      {1, "发言提纲", std::nullopt, std::nullopt, std::nullopt}));
  }
  ASSERT_OK_AND_ASSIGN(m, meetings_->Get(As(member_), event_));
  EXPECT_EQ(m.members_not_spoken, 0);
}

TEST_P(OrgLifeTest, CriticismsProblemsAndTheirRectificationItems) {
  ASSERT_OK_AND_ASSIGN(Criticism self,
                       meetings_->AddCriticism(As(secretary_), event_, {Jia(), Jia(), "理论学习不够深入"}));
  EXPECT_EQ(self.from_name, "甲党员");
  ASSERT_OK(meetings_->AddCriticism(As(secretary_), event_, {Yi(), Jia(), "联系群众不够"}));
  ExpectError(meetings_->AddCriticism(As(secretary_), event_, {Yi(), second_person_, "x"}),
              Code::kInvalidArgument, "to_person_id");
  ExpectError(meetings_->AddCriticism(As(secretary_), event_, {Yi(), Jia(), ""}),
              Code::kInvalidArgument, "text");
  ExpectError(meetings_->AddCriticism(As(member_), event_, {Yi(), Jia(), "x"}),
              Code::kPermissionDenied);
  ExpectError(meetings_->AddCriticism(As(second_secretary_), event_, {Yi(), Jia(), "x"}),
              Code::kNotFound);

  ASSERT_OK_AND_ASSIGN(
      LifeProblem problem,
      meetings_->AddProblem(As(secretary_), event_,
                            {Jia(), ProblemCategory::kIdeals, "学习党史不够系统"}));
  ASSERT_OK_AND_ASSIGN(LifeMeeting m, meetings_->Get(As(secretary_), event_));
  EXPECT_EQ(m.problems_without_items, 1);
  EXPECT_EQ(m.criticisms.size(), 2u);

  NewRectification r{"", "制定个人学习计划，每周学习党史一章", "2021-10-31", Jia(), std::nullopt,
                     std::nullopt};
  ExpectError(meetings_->AddRectification(As(member_), problem.id, r), Code::kPermissionDenied);
  ExpectError(meetings_->AddRectification(As(second_secretary_), problem.id, r), Code::kNotFound);
  NewRectification bad = r;
  bad.deadline = "2021-10-32";
  ExpectError(meetings_->AddRectification(As(secretary_), problem.id, bad),
              Code::kInvalidArgument, "deadline");
  ASSERT_OK_AND_ASSIGN(problem, meetings_->AddRectification(As(secretary_), problem.id, r));
  ASSERT_EQ(problem.items.size(), 1u);
  EXPECT_EQ(problem.items[0].kind, "rectification");
  EXPECT_EQ(problem.items[0].title, "学习党史不够系统");
  EXPECT_EQ(problem.items[0].responsible_name, "甲党员");
  r.title = "参加读书班";
  ASSERT_OK_AND_ASSIGN(problem, meetings_->AddRectification(As(secretary_), problem.id, r));
  EXPECT_EQ(problem.items.size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_items WHERE kind = 'rectification' AND "
                  "source_type = 'event' AND source_id = $1 AND org_id = $2",
                  {event_, first_.id}),
            2);
  ASSERT_OK_AND_ASSIGN(m, meetings_->Get(As(member_), event_));
  EXPECT_EQ(m.problems_without_items, 0);
}

TEST_P(OrgLifeTest, TheSuperiorOrganizationReviewsOnce) {
  ExpectError(meetings_->Review(As(secretary_), event_, 1, "同意"), Code::kPermissionDenied);
  ExpectError(meetings_->Review(As(leader_), event_, 1, "同意"), Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(LifeMeeting m, meetings_->Review(As(admin_), event_, 1, "会议规范"));
  ASSERT_TRUE(m.reviewed_at.has_value());
  EXPECT_EQ(m.reviewed_by_name, "admin");
  EXPECT_EQ(m.review_note, "会议规范");
  ExpectError(meetings_->Review(As(admin_), event_, m.version, "再审"),
              Code::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'life_meeting' AND "
                  "action = 'life_review'"),
            1);
}

TEST_P(OrgLifeTest, AChangeOfAReviewedRecordWithdrawsTheReview) {
  auto withdrawn = [&] {
    return Count(
        "SELECT COUNT(*) FROM audit_log WHERE record_type = 'life_meeting' AND "
        "action = 'life_review_withdrawn'");
  };
  auto review = [&]() -> LifeMeeting {
    auto m = meetings_->Get(As(admin_), event_);
    EXPECT_TRUE(m.ok());
    auto reviewed = meetings_->Review(As(admin_), event_, m->version, "会议规范");
    EXPECT_TRUE(reviewed.ok());
    EXPECT_TRUE(reviewed->reviewed_at.has_value());
    return *reviewed;
  };
  // A write to a meeting not reviewed withdraws nothing.
  ASSERT_OK(meetings_->UpdateMember(As(member_), event_, Jia(),
                                    {1, "发言提纲", std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(withdrawn(), 0);

  // A member's own part, after the review: 待审核 again, reviewable again.
  review();
  ASSERT_OK(meetings_->UpdateMember(As(member_), event_, Jia(),
                                    {2, "", std::nullopt, std::nullopt, std::nullopt}));
  ASSERT_OK_AND_ASSIGN(LifeMeeting m, meetings_->Get(As(secretary_), event_));
  EXPECT_FALSE(m.reviewed_at.has_value());
  EXPECT_EQ(m.review_note, "");
  EXPECT_EQ(withdrawn(), 1);

  // A criticism, a problem, the preparation: each withdraws the review.
  review();
  ASSERT_OK(meetings_->AddCriticism(As(secretary_), event_, {Yi(), Jia(), "联系群众不够"}));
  EXPECT_FALSE(meetings_->Get(As(secretary_), event_)->reviewed_at.has_value());
  review();
  ASSERT_OK_AND_ASSIGN(LifeProblem problem,
                       meetings_->AddProblem(As(secretary_), event_,
                                             {Jia(), ProblemCategory::kIdeals, "学习不够系统"}));
  EXPECT_FALSE(meetings_->Get(As(secretary_), event_)->reviewed_at.has_value());
  m = review();
  ASSERT_OK(meetings_->UpdatePreparation(As(secretary_), event_,
                                         {m.version, 6, std::nullopt, std::nullopt}));
  EXPECT_FALSE(meetings_->Get(As(secretary_), event_)->reviewed_at.has_value());
  EXPECT_EQ(withdrawn(), 3);  // the preparation's own write carries its change

  // A rectification item for a problem changes no record: the review stays.
  review();
  ASSERT_OK(meetings_->AddRectification(
      As(secretary_), problem.id,
      {"", "制定个人学习计划", "2021-10-31", Jia(), std::nullopt, std::nullopt}));
  EXPECT_TRUE(meetings_->Get(As(secretary_), event_)->reviewed_at.has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgLifeTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
