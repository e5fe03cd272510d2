// The demo data of the ledger's kinds 3-5 (init --demo): each branch's 2021
// 专题组织生活会 (August, as the seed speech says) with preparation, every
// member's speech outline and commitment, leading cadres attending as
// ordinary members, criticism and self-criticism, four members' problems each
// with a rectification item (the four in the four states of the workflow),
// two meetings reviewed by 机关党委; three enterprise service visits with an
// issue each routed to a department; one self-check with two unmet points
// and their items.
#pragma once

#include "domain/module.hpp"

namespace duxing::domain::ledger {

// The step, in one transaction; adds nothing on a database without the demo
// bureau or with meetings already.
Status AddDemoOrgLife(DemoContext& demo);

}  // namespace duxing::domain::ledger
