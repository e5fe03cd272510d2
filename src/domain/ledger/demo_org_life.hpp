// The demo data of the ledger's kinds 3-5 (init --demo): each branch's 2021
// 专题组织生活会 (August, as the seed speech says) with preparation, every
// member's speech outline and commitment, leading cadres attending as
// ordinary members, criticism and self-criticism, four members' problems each
// with a rectification item (the four in the four states of the workflow),
// two meetings reviewed by 机关党委; three enterprise service visits with an
// issue each routed to a department (one closed, one in progress, one
// pending); one self-check with two unmet points and their items (one
// closed, one deliberately overdue).
//
// Every record is written at the time of its 2021 story (registered at the
// meeting, visit or check; each workflow step after it); closed items were
// closed within their 2021 deadlines; open items are due in the coming weeks
// and months after the install's date (DemoContext::now), but for the one
// self-check item due kDemoSelfCheckOverdueDays before it.
#pragma once

#include "domain/module.hpp"

namespace duxing::domain::ledger {

// How many days before the install's date the overdue self-check item was due.
inline constexpr int kDemoSelfCheckOverdueDays = 7;

// The step, in one transaction; adds nothing on a database without the demo
// bureau or with meetings already.
Status AddDemoOrgLife(DemoContext& demo);

}  // namespace duxing::domain::ledger
