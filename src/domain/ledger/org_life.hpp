// 专题组织生活会 (ledger kind 3, issue 9): a branch's organization-life
// meeting is an event of type `life_meeting`; this service keeps what the
// meeting records beside it: the preparation (谈心谈话 pairs done, opinions
// collected), each member's speech outline and written commitment (整改承诺),
// leading cadres attending as ordinary members, criticism and
// self-criticism, the problems found per person (查摆问题) and the
// rectification items (ledger items of kind `rectification`, source_type
// `event`) each problem becomes, and the superior organization's review.
//
// Scope: whoever may read the event reads the meeting (its organizer's
// readers and its invitees: a branch's members read their own branch's
// meeting); whoever may write the event writes it. A member who is an
// invitee writes their own speech outline and commitment. The inspector is
// a writer of the organizer's parent org. An event that is not a
// life_meeting, or that the caller may not read, is kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/attachments/attachment.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/ledger/life_items.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

// The event type code of an organization-life meeting (migration 0017).
inline constexpr std::string_view kLifeMeetingType = "life_meeting";

// 查摆问题's categories: the four aspects of the 2021 meeting's notice, and
// others.
enum class ProblemCategory { kIdeals, kHistory, kTradition, kPartySpirit, kOther };
inline const CodedEnum<ProblemCategory> kProblemCategoryCodes = {
    {ProblemCategory::kIdeals, {"ideals", "坚定理想信念"}},
    {ProblemCategory::kHistory, {"history", "增强历史自觉"}},
    {ProblemCategory::kTradition, {"tradition", "弘扬光荣传统"}},
    {ProblemCategory::kPartySpirit, {"party_spirit", "加强党性锻炼"}},
    {ProblemCategory::kOther, {"other", "其他"}}};

inline constexpr size_t kMaxPreparationNote = 2000;
inline constexpr size_t kMaxSpeechOutline = 5000;
inline constexpr size_t kMaxCommitment = 2000;
inline constexpr size_t kMaxCriticism = 2000;
inline constexpr size_t kMaxProblemText = 1000;
inline constexpr size_t kMaxReviewNote = 500;
inline constexpr int64_t kMaxTalkCount = 10000;

// One invitee of the meeting with their part.
struct LifeMeetingMember {
  int64_t person_id = 0;
  std::string name;
  std::string org_name;
  bool as_ordinary_member = false;  // 以普通党员身份参加
  std::string speech_outline;
  std::optional<int64_t> speech_attachment_id;
  std::string speech_file_name;  // the file's name ("" without one)
  std::string commitment;
  bool spoke = false;  // an outline as text or as a file
  int64_t version = 1;  // of the member's row (1 until first written)
};

struct Criticism {
  int64_t id = 0;
  int64_t from_person_id = 0;
  std::string from_name;
  int64_t to_person_id = 0;  // == from_person_id: self-criticism
  std::string to_name;
  std::string text;
  std::string created_at;
};

struct LifeProblem {
  int64_t id = 0;
  int64_t event_id = 0;
  int64_t person_id = 0;
  std::string person_name;
  ProblemCategory category = ProblemCategory::kOther;
  std::string text;
  std::vector<ItemBrief> items;  // its rectification items, by id
};

struct LifeMeeting {
  int64_t event_id = 0;
  std::string title;
  std::string starts_at;
  std::optional<int64_t> campaign_id;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  int64_t talks_done = 0;
  int64_t opinions_collected = 0;
  std::string preparation_note;
  std::optional<std::string> reviewed_at;
  std::optional<int64_t> reviewed_by;  // the reviewer's account
  std::string reviewed_by_name;
  std::string review_note;
  int64_t version = 1;
  std::vector<LifeMeetingMember> members;  // by name
  std::vector<Criticism> criticisms;       // in order recorded
  std::vector<LifeProblem> problems;       // in order recorded
  // The page's checks: every member spoke, every problem has an item.
  int64_t members_not_spoken = 0;
  int64_t problems_without_items = 0;
  // What the caller may do.
  bool may_write = false;
  bool may_review = false;
};

struct PreparationPatch {
  int64_t version = 0;
  std::optional<int64_t> talks_done;
  std::optional<int64_t> opinions_collected;
  std::optional<std::string> preparation_note;
};

struct MemberPatch {
  int64_t version = 0;
  std::optional<std::string> speech_outline;
  std::optional<std::optional<int64_t>> speech_attachment_id;
  std::optional<std::string> commitment;
  std::optional<bool> as_ordinary_member;  // writers only
};

struct NewCriticism {
  int64_t from_person_id = 0;
  int64_t to_person_id = 0;
  std::string text;
};

struct NewProblem {
  int64_t person_id = 0;
  ProblemCategory category = ProblemCategory::kOther;
  std::string text;
};

// A rectification item for a problem: 整改措施, deadline, responsible person.
struct NewRectification {
  std::string title;  // "" : the problem's text
  std::string measures;
  std::string deadline;  // YYYY-MM-DD
  int64_t responsible_person_id = 0;
  std::optional<int64_t> leader_person_id;
  std::optional<std::string> item_class;  // ledger_class code
};

// A meeting's state as the meetings' list shows it: reviewed or not, the
// attendees who spoke of all attendees, the problems found and how many of
// them have a rectification item.
struct LifeMeetingSummary {
  int64_t event_id = 0;
  bool reviewed = false;
  int64_t members = 0;
  int64_t members_spoken = 0;
  int64_t problems = 0;
  int64_t problems_with_items = 0;
};

// The most meetings one summaries request names (a list page's).
inline constexpr size_t kMaxSummaryIds = 100;

class OrgLifeService {
 public:
  // `files` keeps the speech outlines' files (record type `life_meeting`).
  OrgLifeService(storage::Database& db, attachments::AttachmentService& files)
      : db_(db), files_(files) {}

  // The meeting of event `event_id` with every record and the checks.
  Result<LifeMeeting> Get(const Context& ctx, int64_t event_id);
  // The summaries of the meetings `event_ids` (distinct, at most
  // kMaxSummaryIds) in the order asked, those the caller reads as Get
  // would: an id that is not such a meeting is left out. Counted in three
  // queries over all of them.
  Result<std::vector<LifeMeetingSummary>> Summaries(const Context& ctx,
                                                    const std::vector<int64_t>& event_ids);
  // The preparation: counts 0..kMaxTalkCount, note within its bound.
  // Writers; versioned (a meeting never written is at version 1); audited.
  Result<LifeMeeting> UpdatePreparation(const Context& ctx, int64_t event_id,
                                        const PreparationPatch& p);
  // A member's part: `person_id` must be an invitee (kNotFound on
  // "person_id"). Writers write any invitee's; an invitee their own speech
  // outline, file and commitment (as_ordinary_member: kPermissionDenied);
  // anyone else kPermissionDenied. The file is an attachment of record type
  // `life_meeting` of this meeting; an invitee who is not a writer names
  // only a file they uploaded (kInvalidArgument on "speech_attachment_id"). Versioned per member; audited.
  Result<LifeMeeting> UpdateMember(const Context& ctx, int64_t event_id, int64_t person_id,
                                   const MemberPatch& p);
  // Writers; both people invitees (kInvalidArgument on the field); text
  // 1..kMaxCriticism. Audited.
  Result<Criticism> AddCriticism(const Context& ctx, int64_t event_id, const NewCriticism& c);
  // Writers; the person an invitee; text 1..kMaxProblemText. Audited.
  Result<LifeProblem> AddProblem(const Context& ctx, int64_t event_id, const NewProblem& p);
  // Writers of the problem's meeting: a rectification item of the
  // organizer org for problem `problem_id` (kNotFound when the caller may
  // not read it), made with the ledger's create rules; the problem with its
  // items.
  Result<LifeProblem> AddRectification(const Context& ctx, int64_t problem_id,
                                       const NewRectification& r);
  // The inspector marks the meeting reviewed with a note (up to
  // kMaxReviewNote). kPermissionDenied for anyone else (readers of the
  // meeting), kFailedPrecondition when it is reviewed already. Versioned;
  // audited ("review"). A later change of the record (preparation, a
  // member's part, a criticism, a problem) withdraws the review (audited
  // "life_review_withdrawn"): the meeting is 待审核 again, to be reviewed as
  // it now stands.
  Result<LifeMeeting> Review(const Context& ctx, int64_t event_id, int64_t version,
                             const std::string& note);

  // Whether `p` may mark a meeting of the org at `org_path` reviewed: a
  // writer of its parent org.
  static bool MayReview(const auth::Principal& p, std::string_view org_path);

 private:
  storage::Database& db_;
  attachments::AttachmentService& files_;
};

// The attachments of record type `life_meeting` (speech outlines' files):
// read by the meeting's readers, attached by its writers and its invitees.
void DeclareLifeMeetingAttachments(attachments::RecordRights& rights);

}  // namespace duxing::domain::ledger
