// Enterprise service visits (千人进企业服务提质效, ledger kind 4, issue 9): a
// visit is an event of type `enterprise_visit`; this service keeps the
// visit's enterprise (name, unified social credit code), visitor and date
// beside it, and turns the problems raised there into ledger items of kind
// `enterprise_issue` (source_type `event`, source_id the event) routed to the
// org (department) that handles them.
//
// Scope: whoever may read the event reads the visit, whoever may write it
// writes it; an issue is routed to an org the caller may write (the
// ledger's create rule: an org admin routes to the departments of their
// subtree). An event that
// is not an enterprise visit, or that the caller may not read, is kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/ledger/life_items.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

inline constexpr std::string_view kEnterpriseVisitType = "enterprise_visit";

inline constexpr size_t kMaxEnterpriseName = 100;
inline constexpr size_t kMaxVisitNote = 2000;
inline constexpr size_t kCreditCodeLength = 18;

// Whether `code` is a unified social credit code (统一社会信用代码) by GB
// 32100-2015: 18 characters of 0-9 and the capital letters other than I, O,
// Z, S, V; the 3rd to 8th (administrative division) digits; the 18th the
// check character of the first 17 (weights 3^i mod 31, check = 31 - sum mod
// 31, 31 read as 0). Linear; nothing else is looked up.
bool IsValidCreditCode(std::string_view code);
// kInvalidArgument on `field` with a message saying what is wrong (length,
// a character outside the code's alphabet, the check character).
Status CheckCreditCode(std::string_view code, std::string_view field);

struct EnterpriseVisit {
  int64_t event_id = 0;
  std::string title;  // the event's
  std::optional<int64_t> campaign_id;
  int64_t org_id = 0;  // the event's organizer
  std::string org_name;
  std::string org_path;
  std::string enterprise_name;
  std::string credit_code;
  int64_t visitor_person_id = 0;
  std::string visitor_name;
  std::string visit_date;  // YYYY-MM-DD
  std::string note;
  int64_t version = 1;
  std::vector<ItemBrief> issues;  // its enterprise_issue items, by id
  bool may_write = false;         // the caller writes it (its organizer's writers)
};

struct VisitFields {
  std::string enterprise_name;
  std::string credit_code;
  int64_t visitor_person_id = 0;
  std::string visit_date;
  std::string note;
};

struct VisitPatch {
  int64_t version = 0;
  std::optional<std::string> enterprise_name;
  std::optional<std::string> credit_code;
  std::optional<int64_t> visitor_person_id;
  std::optional<std::string> visit_date;
  std::optional<std::string> note;
};

// A problem raised at a visit, routed to org_id (the handling department).
struct NewEnterpriseIssue {
  std::string title;
  std::string description;
  int64_t org_id = 0;
  ItemAssignment assign;
};

struct VisitFilter {
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> org_id;  // organizer in this org's subtree
  std::optional<std::string> credit_code;
  std::string sort;  // "visit_date" (default), "-visit_date"
  PageRequest page;
};

class EnterpriseVisitService {
 public:
  explicit EnterpriseVisitService(storage::Database& db);

  // A page of the visits whose event the caller reads as staff of a host.
  Result<Page<EnterpriseVisit>> List(const Context& ctx, const VisitFilter& filter);
  Result<EnterpriseVisit> Get(const Context& ctx, int64_t event_id);
  // Records the visit of event `event_id` (writers of the event;
  // kAlreadyExists when recorded already): name 1..kMaxEnterpriseName, a
  // valid credit code, the visitor a person the caller reads (else
  // kInvalidArgument "走访人不存在"), the date valid. Audited.
  Result<EnterpriseVisit> Create(const Context& ctx, int64_t event_id, const VisitFields& v);
  // Versioned edit with the same rules (a visitor already named stays
  // without the check); audited.
  Result<EnterpriseVisit> Update(const Context& ctx, int64_t event_id, const VisitPatch& p);
  // Writers of the visit: an enterprise_issue item routed to i.org_id, made
  // with the ledger's create rules (kNotFound on "org_id" for an org the
  // caller cannot read, kPermissionDenied for one they may not write); the
  // visit with its issues.
  Result<EnterpriseVisit> AddIssue(const Context& ctx, int64_t event_id,
                                   const NewEnterpriseIssue& i);

 private:
  storage::Database& db_;
  ListQuery list_;
};

}  // namespace duxing::domain::ledger
