#include "domain/ledger/item.hpp"

#include "common/clock.hpp"
#include "domain/ledger/concerns.hpp"
#include "domain/text_field.hpp"

namespace duxing::domain::ledger {
namespace {

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

Status CheckDate(const std::optional<std::string>& date, const char* field, const char* label) {
  if (date && !IsValidDate(*date)) {
    return Invalid(std::string(label) + "无效（格式 YYYY-MM-DD）", field);
  }
  return Ok();
}

}  // namespace

Status Validate(const Item& item) {
  if (item.title.empty()) return Invalid("事项名称不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(item.title, "title", "事项名称", kMaxTitle));
  DX_RETURN_IF_ERROR(
      CheckMultilineText(item.description, "description", "事项描述", kMaxDescription));
  DX_RETURN_IF_ERROR(CheckMultilineText(item.measures, "measures", "措施", kMaxMeasures));
  DX_RETURN_IF_ERROR(CheckLineText(item.source_text, "source_text", "来源", kMaxSourceText));
  if (item.source_id && item.source_type != SourceType::kEvent) {
    return Invalid("只有来源为活动时才能填写来源编号", "source_id");
  }
  if (item.source_type == SourceType::kEvent && !item.source_id) {
    return Invalid("来源为活动时须选择活动", "source_id");
  }
  DX_RETURN_IF_ERROR(CheckDate(item.deadline, "deadline", "完成时限"));
  DX_RETURN_IF_ERROR(CheckDate(item.original_deadline, "original_deadline", "原定时限"));
  DX_RETURN_IF_ERROR(CheckMultilineText(item.result, "result", "完成情况", kMaxResult));
  DX_RETURN_IF_ERROR(CheckMultilineText(item.verification_note, "verification_note", "验收意见",
                                        kMaxVerificationNote));
  DX_RETURN_IF_ERROR(
      CheckLineText(item.requester_name, "requester_name", "反映人姓名", kMaxRequesterName));
  DX_RETURN_IF_ERROR(CheckLineText(item.requester_contact, "requester_contact", "反映人联系方式",
                                   kMaxRequesterContact));
  bool has_requester = !item.requester_name.empty() || !item.requester_contact.empty();
  if (item.kind != Kind::kConcern && (has_requester || item.anonymous)) {
    return Invalid("只有群众诉求才能填写反映人", has_requester ? "requester_name" : "anonymous");
  }
  if (item.anonymous && has_requester) {
    return Invalid("匿名反映的诉求不能填写反映人姓名和联系方式", "requester_name");
  }
  DX_RETURN_IF_ERROR(CheckMultilineText(item.satisfaction_note, "satisfaction_note", "回访意见",
                                        kMaxSatisfactionNote));
  DX_RETURN_IF_ERROR(CheckMultilineText(item.target, "target", "目标", kMaxTarget));
  return ValidateKindFields(item);  // kinds 1 and 2 (concerns.hpp)
}

bool IsOverdue(const Item& item, std::string_view today) {
  return item.status != ItemStatus::kClosed && item.deadline && *item.deadline < today;
}

bool MayMove(ItemStatus from, ItemStatus to) {
  for (Action a : kActions.values()) {
    Move m = ActionMove(a);
    if (m.from == from && m.to == to) return true;
  }
  return false;
}

Move ActionMove(Action a) {
  switch (a) {
    case Action::kAccept:
      return {ItemStatus::kPending, ItemStatus::kInProgress, EntryKind::kAccepted};
    case Action::kSubmit:
      return {ItemStatus::kInProgress, ItemStatus::kToVerify, EntryKind::kSubmitted};
    case Action::kReturn:
      return {ItemStatus::kToVerify, ItemStatus::kInProgress, EntryKind::kReturned};
    case Action::kClose:
      return {ItemStatus::kToVerify, ItemStatus::kClosed, EntryKind::kClosed};
    case Action::kReopen:
      return {ItemStatus::kClosed, ItemStatus::kInProgress, EntryKind::kReopened};
  }
  return {ItemStatus::kPending, ItemStatus::kPending, EntryKind::kEdited};
}

Status CheckMove(ItemStatus current, Action a) {
  Move m = ActionMove(a);
  if (m.from == current) return Ok();
  return MakeError(Code::kConflict,
                   "事项当前为“" + kStatuses.Label(current) + "”，不能" + kActions.Label(a) +
                       "（须为“" + kStatuses.Label(m.from) + "”）",
                   "status");
}

}  // namespace duxing::domain::ledger
