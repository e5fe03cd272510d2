// Ledger items without a database: the content rules (Validate), overdue,
// and the workflow (every allowed and every refused move of every action).
#include "domain/ledger/item.hpp"

#include <gtest/gtest.h>

#include "testing/result_matchers.hpp"

namespace duxing::domain::ledger {
namespace {

using test::ExpectError;

Item Valid() {
  Item i;
  i.kind = Kind::kRectification;
  i.title = "理论学习不够深入";
  i.measures = "每月集中学习一次";
  i.org_id = 1;
  i.deadline = "2021-12-31";
  i.item_class = ItemClass::kDeadline;
  return i;
}

template <typename F>
Status With(F change) {
  Item i = Valid();
  change(i);
  return Validate(i);
}

TEST(LedgerValidate, AcceptsAnItemAndBoundsEveryText) {
  ASSERT_OK(Validate(Valid()));
  ExpectError(With([](Item& i) { i.title = ""; }), Code::kInvalidArgument, "title");
  ExpectError(With([](Item& i) { i.title = "整改\n事项"; }), Code::kInvalidArgument, "title");
  ExpectError(With([](Item& i) { i.title = std::string(kMaxTitle + 1, 'x'); }),
              Code::kInvalidArgument, "title");
  ASSERT_OK(With([](Item& i) { i.title = std::string(kMaxTitle, 'x'); }));
  ASSERT_OK(With([](Item& i) { i.measures = "一、学习\n二、整改"; }));
  ExpectError(With([](Item& i) { i.measures = std::string(kMaxMeasures + 1, 'x'); }),
              Code::kInvalidArgument, "measures");
  ExpectError(With([](Item& i) { i.description = "a\x01"; }), Code::kInvalidArgument,
              "description");
  ExpectError(With([](Item& i) { i.result = std::string(kMaxResult + 1, 'x'); }),
              Code::kInvalidArgument, "result");
  ExpectError(With([](Item& i) { i.verification_note = "\xff"; }), Code::kInvalidArgument,
              "verification_note");
  ExpectError(With([](Item& i) { i.source_text = "a\tb"; }), Code::kInvalidArgument, "source_text");
  ExpectError(With([](Item& i) { i.target = std::string(kMaxTarget + 1, 'x'); }),
              Code::kInvalidArgument, "target");
}

TEST(LedgerValidate, DatesSourcesAndRequesters) {
  ExpectError(With([](Item& i) { i.deadline = "2021-02-30"; }), Code::kInvalidArgument, "deadline");
  ExpectError(With([](Item& i) { i.original_deadline = "2021/12/31"; }), Code::kInvalidArgument,
              "original_deadline");
  ASSERT_OK(With([](Item& i) { i.deadline.reset(); }));
  ExpectError(With([](Item& i) { i.source_type = SourceType::kEvent; }), Code::kInvalidArgument,
              "source_id");
  ExpectError(With([](Item& i) { i.source_id = 7; }), Code::kInvalidArgument, "source_id");
  ASSERT_OK(With([](Item& i) {
    i.source_type = SourceType::kEvent;
    i.source_id = 7;
  }));
  // Requesters belong to concerns only, and an anonymous one has none.
  ExpectError(With([](Item& i) { i.requester_name = "张三"; }), Code::kInvalidArgument,
              "requester_name");
  ExpectError(With([](Item& i) { i.anonymous = true; }), Code::kInvalidArgument, "anonymous");
  ASSERT_OK(With([](Item& i) {
    i.kind = Kind::kConcern;
    i.requester_name = "张三";
    i.requester_contact = "13800000000";
  }));
  ExpectError(With([](Item& i) {
                i.kind = Kind::kConcern;
                i.anonymous = true;
                i.requester_contact = "13800000000";
              }),
              Code::kInvalidArgument, "requester_name");
  ExpectError(With([](Item& i) {
                i.kind = Kind::kConcern;
                i.requester_name = std::string(kMaxRequesterName + 1, 'x');
              }),
              Code::kInvalidArgument, "requester_name");
}

TEST(LedgerItem, OverdueIsAnOpenItemPastItsDeadline) {
  Item i = Valid();
  EXPECT_FALSE(IsOverdue(i, "2021-12-31"));
  EXPECT_TRUE(IsOverdue(i, "2022-01-01"));
  i.status = ItemStatus::kToVerify;
  EXPECT_TRUE(IsOverdue(i, "2022-01-01"));
  i.status = ItemStatus::kClosed;
  EXPECT_FALSE(IsOverdue(i, "2022-01-01"));
  i.status = ItemStatus::kInProgress;
  i.deadline.reset();
  EXPECT_FALSE(IsOverdue(i, "2099-01-01"));
}

TEST(LedgerWorkflow, EveryActionMovesFromExactlyOneState) {
  using S = ItemStatus;
  struct Want {
    Action action;
    S from, to;
    EntryKind entry;
  };
  const Want wants[] = {{Action::kAccept, S::kPending, S::kInProgress, EntryKind::kAccepted},
                        {Action::kSubmit, S::kInProgress, S::kToVerify, EntryKind::kSubmitted},
                        {Action::kReturn, S::kToVerify, S::kInProgress, EntryKind::kReturned},
                        {Action::kClose, S::kToVerify, S::kClosed, EntryKind::kClosed},
                        {Action::kReopen, S::kClosed, S::kInProgress, EntryKind::kReopened}};
  for (const Want& w : wants) {
    Move m = ActionMove(w.action);
    EXPECT_EQ(m.from, w.from) << kActions.Name(w.action);
    EXPECT_EQ(m.to, w.to) << kActions.Name(w.action);
    EXPECT_EQ(m.entry, w.entry) << kActions.Name(w.action);
    for (S s : kStatuses.values()) {
      Status st = CheckMove(s, w.action);
      if (s == w.from) {
        EXPECT_TRUE(st.ok()) << kActions.Name(w.action) << " from " << kStatuses.Name(s);
      } else {
        ExpectError(st, Code::kConflict, "status");
        // The refusal names the current state and the one the action needs.
        EXPECT_NE(st.error().message.find("“" + kStatuses.Label(s) + "”"), std::string::npos)
            << st.error().message;
        EXPECT_NE(st.error().message.find("“" + kStatuses.Label(w.from) + "”"), std::string::npos)
            << st.error().message;
      }
    }
  }
  EXPECT_EQ(CheckMove(S::kPending, Action::kClose).error().message,
            "事项当前为“待受理”，不能验收销号（须为“待验收”）");
}

TEST(LedgerWorkflow, MayMoveHoldsExactlyTheFiveSteps) {
  using S = ItemStatus;
  int steps = 0;
  for (S from : kStatuses.values()) {
    for (S to : kStatuses.values()) {
      bool want = (from == S::kPending && to == S::kInProgress) ||
                  (from == S::kInProgress && to == S::kToVerify) ||
                  (from == S::kToVerify && to == S::kInProgress) ||
                  (from == S::kToVerify && to == S::kClosed) ||
                  (from == S::kClosed && to == S::kInProgress);
      EXPECT_EQ(MayMove(from, to), want) << kStatuses.Name(from) << "→" << kStatuses.Name(to);
      steps += want;
    }
  }
  EXPECT_EQ(steps, 5);
}

TEST(LedgerVocabularies, CodesAndLabelsOfTheSpec) {
  EXPECT_EQ(kKinds.values().size(), 6u);
  EXPECT_EQ(kKinds.Label(Kind::kConcern), "群众诉求");
  EXPECT_EQ(kStatuses.Label(ItemStatus::kClosed), "已销号");
  EXPECT_EQ(kClasses.Name(ItemClass::kLongTerm), std::string("long_term"));
  EXPECT_EQ(kSatisfactions.Label(Satisfaction::kBasically), "基本满意");
  EXPECT_EQ(kEntryKinds.values().size(), 13u);
  EXPECT_EQ(kEntryKinds.Label(EntryKind::kEscalated), "督办");
  EXPECT_EQ(kExtensionStates.Label(ExtensionState::kRejected), "未同意");
}

}  // namespace
}  // namespace duxing::domain::ledger
